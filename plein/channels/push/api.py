"""The push endpoints of the API (registered in plein/api/main.py)."""

from ninja import Router

router = Router(tags=["push"])
