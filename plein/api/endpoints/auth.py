"""Exchanging an e-mail address and password for a personal access token."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from plein.api.main import NotAuthenticated, hit_rate_limit
from plein.api.schemas import ErrorOut, TokenIn, TokenOut
from plein.core.errors import RateLimited
from plein.people.actions import do_create_api_token

router = Router(tags=["auth"])


@router.post(
    "/token",
    auth=None,
    response={201: TokenOut, 401: ErrorOut, 429: ErrorOut},
    summary="Create a personal access token from an e-mail address and password",
)
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    email = payload.email.strip().lower()
    ip = request.META.get("REMOTE_ADDR", "")
    retry_after = hit_rate_limit(
        "login", f"{email}:{ip}", settings.LOGIN_RATE_LIMIT_PER_MINUTE
    )
    if retry_after is not None:
        raise RateLimited(data={"retry_after": retry_after})
    # The model backend refuses deactivated accounts as it refuses a wrong
    # password; one message for both tells a stranger nothing.
    user = authenticate(request, username=email, password=payload.password)
    if user is None:
        raise NotAuthenticated(
            _("Wrong e-mail address or password, or the account is deactivated."),
            field="password",
        )
    with transaction.atomic(durable=True):
        token, raw = do_create_api_token(user, name=payload.name)
    return Status(201, {"token": raw, "id": token.pk, "name": token.name})
