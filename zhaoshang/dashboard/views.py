from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhaoshang.metrics.scopes import sees_jurisdiction
from zhaoshang.portal import funnel
from zhaoshang.portal.models import Inquiry

from . import board
from .forms import DashboardForm


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """首页: the figures of the user's scope (docs/domain.md §6), each linking to its records."""
    form = DashboardForm(request.GET, user=request.user)
    chosen = form.selection()
    data = board.build(chosen.scope, chosen.span, chosen.as_of, whole=sees_jurisdiction(request.user))
    # The online funnel (docs/domain.md §11) of the inquiries the user may read.
    rows, total = funnel.build(Inquiry.objects.visible_to(request.user), chosen.as_of)
    context = {"form": form, "board": data, "funnel_rows": rows, "funnel_total": total}
    return render(request, "dashboard/dashboard.html", context)
