"""Canned data for the posts, feed and groups view tests."""

# The smallest bytes that pass the PNG signature check of the upload action.
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
