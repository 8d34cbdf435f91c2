from django.contrib.auth import views as auth_views
from django.urls import include, path

from zhaoshang.accounts.views import LoginView
from zhaoshang.api import api
from zhaoshang.dashboard import views as dashboard_views
from zhaoshang.todo import views as todo_views

urlpatterns = [
    path("", todo_views.todo, name="home"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("todo/", include("zhaoshang.todo.urls")),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("org/", include("zhaoshang.organisation.urls")),
    path("accounts/", include("zhaoshang.accounts.urls")),
    path("projects/", include("zhaoshang.projects.urls")),
    path("targets/", include("zhaoshang.targets.urls")),
    path("activities/", include("zhaoshang.activities.urls")),
    path("alerts/", include("zhaoshang.alerts.urls")),
    path("reports/", include("zhaoshang.reports.urls")),
    path("campaigns/", include("zhaoshang.campaigns.urls")),
    path("assessment/", include("zhaoshang.assessment.urls")),
    path("disclosures/", include("zhaoshang.portal.manage_urls")),
    path("public/", include("zhaoshang.portal.urls")),
    path("portal/", include("zhaoshang.portal.admin_urls")),
    path("metrics/", include("zhaoshang.metrics.urls")),
    path("timelimits/", include("zhaoshang.timelimits.urls")),
    path("lists/", include("zhaoshang.catalogues.urls")),
    path("cases/", include("zhaoshang.cases.urls")),
    path("elements/", include("zhaoshang.elements.urls")),
    path("rewards/", include("zhaoshang.rewards.urls")),
    path("chains/", include("zhaoshang.chains.urls")),
    path("service/", include("zhaoshang.service.urls")),
    path("api/v1/", api.urls),
]
