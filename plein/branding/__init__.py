"""Employer branding: the best of inside shown outside (docs/wall.md)."""
