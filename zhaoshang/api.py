"""The JSON API under /api/v1/. Each app contributes a router; authentication is
the session (with CSRF) or a personal API token (Authorization: Bearer …)."""

from ninja import NinjaAPI

from zhaoshang.accounts.api import SessionAuth, TokenAuth
from zhaoshang.accounts.api import router as accounts_router
from zhaoshang.metrics.api import router as metrics_router
from zhaoshang.organisation.api import router as organisation_router
from zhaoshang.projects.api import router as projects_router

api = NinjaAPI(
    title="招商引资管理平台 API",
    version="1",
    description="与网页界面相同的权限规则：每个账号只能读写其角色覆盖的单位的记录。",
    # Token first: SessionAuth refuses a request without a CSRF cookie outright
    # (403) instead of passing, so a Bearer client behind it could never write.
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)
api.add_router("/", organisation_router)
api.add_router("/", accounts_router)
api.add_router("/", metrics_router)
api.add_router("/", projects_router)
