"""The JSON API under /api/v1/. Each app contributes a router; authentication is
the session (with CSRF) or a personal API token (Authorization: Bearer …).

Refusals are answered here, once, for every router (the format is described in
zhaoshang/core/api_errors.py): endpoints raise the domain's exceptions and never
build error responses themselves."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DomainValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

from zhaoshang.accounts.api import SessionAuth, TokenAuth
from zhaoshang.accounts.api import router as accounts_router
from zhaoshang.assessment.api import router as assessment_router
from zhaoshang.cases.api import router as cases_router
from zhaoshang.chains.api import router as chains_router
from zhaoshang.core import api_cache
from zhaoshang.core.api_errors import (
    BAD_BODY,
    FORBIDDEN,
    NOT_FOUND,
    UNAUTHORIZED,
    WHOLE,
    field_errors,
    request_errors,
)
from zhaoshang.core.versions import ConflictError
from zhaoshang.elements.api import router as elements_router
from zhaoshang.metrics.api import router as metrics_router
from zhaoshang.organisation.api import router as organisation_router
from zhaoshang.portal.api import router as portal_router
from zhaoshang.projects.api import router as projects_router
from zhaoshang.rewards.api import router as rewards_router
from zhaoshang.service.api import router as service_router
from zhaoshang.projects.api.obstacles import router as obstacles_router
from zhaoshang.targets.api import router as targets_router
from zhaoshang.timelimits.api import router as timelimits_router

api = NinjaAPI(
    title="招商引资管理平台 API",
    version="1",
    description=(
        "与网页界面相同的权限规则：每个账号只能读写其角色覆盖的单位的记录。\n\n"
        '出错时的答复在所有接口上相同：401 未登录；403 `{"detail": "中文说明"}` 无权执行；'
        '404 `{"detail": "记录不存在或无权查看"}`；409 `{"detail", "changed_fields"}` 他人已修改；'
        '422 `{"detail": [{"field", "message"}]}` 输入有误（字段名与请求中的一致）。'
    ),
    # Token first: SessionAuth refuses a request without a CSRF cookie outright
    # (403) instead of passing, so a Bearer client behind it could never write.
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)
api.add_router("/", organisation_router)
api.add_router("/", accounts_router)
api.add_router("/", metrics_router)
api.add_router("/", projects_router)
api.add_router("/", obstacles_router)
api.add_router("/", targets_router)
api.add_router("/", timelimits_router)
api.add_router("/", portal_router)
api.add_router("/", cases_router)
api.add_router("/", elements_router)
api.add_router("/", chains_router)
api.add_router("/", service_router)
api.add_router("/", rewards_router)
api.add_router("/", assessment_router)


# A list page kept whole (core/api_cache.py) leaves its endpoint this way.
api.exception_handler(api_cache.Kept)(api_cache.answer)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(error) or FORBIDDEN}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    # One message whether the record is missing or out of scope.
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)


@api.exception_handler(ConflictError)
def conflict(request: HttpRequest, error: ConflictError) -> HttpResponse:
    return api.create_response(request, {"detail": error.message, "changed_fields": error.changed_fields}, status=409)


@api.exception_handler(DomainValidationError)
def refused(request: HttpRequest, error: DomainValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": field_errors(error)}, status=422)


@api.exception_handler(RequestValidationError)
def invalid_request(request: HttpRequest, error: RequestValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": request_errors(error.errors)}, status=422)


@api.exception_handler(AuthenticationError)
def unauthorized(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": UNAUTHORIZED}, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """ninja's own refusals: a body that is not JSON (ninja says 400; answered as any
    other bad input, 422), a failed CSRF check (403)."""
    message = str(error)
    if message.startswith("Cannot parse request body"):
        return api.create_response(request, {"detail": [{"field": WHOLE, "message": BAD_BODY}]}, status=422)
    if message == "CSRF check Failed":
        message = "CSRF 校验失败：请刷新页面后重试，脚本请使用个人令牌"
    return api.create_response(request, {"detail": message}, status=error.status_code)
