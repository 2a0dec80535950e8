from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from ninja import Router, Schema
from pydantic import Field

from plein.api.http import ApiRequest
from plein.api.schemas import MeOut
from plein.api.serializers import build_me
from plein.people.security import check_change_password

router = Router(tags=["me"])


class PasswordChangeIn(Schema):
    current_password: str = Field(max_length=4096)
    new_password: str = Field(max_length=4096)


class PasswordChangeOut(Schema):
    sessions_ended: int = Field(description="Browser sessions logged out.")
    tokens_revoked: int = Field(
        description="API tokens revoked: all but the one that made this call."
    )


@router.get("", response=MeOut, summary="The caller's own profile")
def me_detail(request: ApiRequest) -> dict:
    return build_me(request.auth)


@router.post(
    "/password",
    response=PasswordChangeOut,
    summary="Change my password: every other session and API token ends",
)
def password_change(request: ApiRequest, payload: PasswordChangeIn) -> dict:
    user = request.auth
    # The token that made the call keeps working; called from the web UI
    # (no token), its session does.
    token_id = user.api_token_id
    session_key = None if token_id else request.session.session_key
    with transaction.atomic(durable=True):
        ended = check_change_password(
            request,
            user,
            current_password=payload.current_password,
            new_password=payload.new_password,
            keep_session_key=session_key,
            keep_token_id=token_id,
        )
    if session_key:
        update_session_auth_hash(request, user)
    return {"sessions_ended": ended["sessions"], "tokens_revoked": ended["tokens"]}
