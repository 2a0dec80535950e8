"""Fetching what an API payload or query names, answering with the field.

An id an endpoint takes goes through ``plein.access`` like any other; when
the object is missing or may not be seen, the 404 names the parameter, so a
client knows which of its values was wrong (and learns nothing more: an
unknown and a secret group answer alike).
"""

from typing import Any

from plein.access.groups import access_group
from plein.core.errors import NotFound


def access_group_param(
    user: Any, group_id: int | None, *, field: str = "group_id"
) -> Any:
    """The group ``group_id`` names (None for None), or NotFound naming ``field``."""
    if group_id is None:
        return None
    try:
        return access_group(user, group_id=group_id)
    except NotFound:
        raise NotFound(field=field) from None
