"""API for trail (filled in by the knowledge work of issue 5)."""

from ninja import Router

router = Router(tags=["trail"])
