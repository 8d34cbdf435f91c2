from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhaoshang.metrics.scopes import sees_jurisdiction
from zhaoshang.portal import funnel
from zhaoshang.portal.models import Inquiry
from zhaoshang.service import figures as service_figures

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
    # 营商环境 card: every registered figure, outside the cached board (one query each).
    end = min(chosen.span.end, chosen.as_of)
    service = service_figures.figures_for([chosen.scope], chosen.span.start, end)[chosen.scope.key]
    context = {"form": form, "board": data, "funnel_rows": rows, "funnel_total": total, "service": service}
    return render(request, "dashboard/dashboard.html", context)
