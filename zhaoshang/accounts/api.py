"""API authentication and the caller's own account: /api/v1/me."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from zhaoshang.core.api_errors import REFUSALS, RequestBody
from zhaoshang.core.ranges import Id

from . import access, actions, second_factor
from .models import ApiToken, hash_token


# "最近使用" is shown to the minute: a script asking many times a minute would
# otherwise write (and commit) a row on every read.
LAST_USED_STEP = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = ApiToken.objects.valid().select_related("user").filter(key_hash=hash_token(token)).first()
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used is None or now - found.last_used >= LAST_USED_STEP:
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        request.user = found.user
        return found.user


class SessionAuth(NinjaSessionAuth):
    """The browser session, with CSRF enforced on writes. Ninja checks CSRF before
    looking at the session at all, so a cookie-less script whose token was wrong
    would get 403 (CSRF) instead of 401. Without a logged-in session there is
    nothing for a forged request to ride on, so step aside: no session, no check.
    """

    def _get_key(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key):
        user = super().authenticate(request, key)
        if user is not None and second_factor.step_owed(request) is not None:
            raise PermissionDenied("请先在网页上完成动态口令验证")
        return user


router = Router(tags=["我的账号"])


class RoleOut(Schema):
    role: str
    role_display: str
    unit_id: int
    unit_name: str


class MeOut(Schema):
    id: int
    username: str
    name: str
    is_admin: bool
    roles: list[RoleOut]


class TokenIn(RequestBody):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created: datetime
    expires: datetime
    last_used: datetime | None


class NewTokenOut(TokenOut):
    key: str


@router.get("/me", response={200: MeOut, **REFUSALS}, url_name="me")
def me(request: HttpRequest):
    user = request.user
    assignments = user.roles.select_related("unit").order_by("unit__path", "role")
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.get_full_name(),
        "is_admin": access.is_admin(user),
        "roles": [{"role": a.role, "role_display": a.get_role_display(), "unit_id": a.unit_id, "unit_name": a.unit.name} for a in assignments],
    }


@router.get("/me/tokens", response={200: list[TokenOut], **REFUSALS}, url_name="me_tokens")
def list_tokens(request: HttpRequest):
    return request.user.api_tokens.all()


@router.post("/me/tokens", response={201: NewTokenOut, **REFUSALS}, url_name="me_tokens")
def create_token(request: HttpRequest, payload: TokenIn):
    # A refusal (ValidationError) is answered by the API-wide handlers: 422.
    token, key = actions.do_create_token(request.user, payload.name)
    token.key = key
    return Status(201, token)


@router.delete("/me/tokens/{pk}", response={204: None, **REFUSALS}, url_name="me_token")
def revoke_token(request: HttpRequest, pk: Id):
    actions.do_revoke_token(access.get_token_for_user(request.user, pk, write=True), request.user)
    return Status(204, None)
