from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhaoshang.organisation.access import get_unit_for_user

from ..forms import DecompositionForm
from ..models import TargetKind, decompose


@login_required
def target_decomposition(request: HttpRequest, pk: int) -> HttpResponse:
    """层层分解: a unit's target, its children's, their sum and the difference."""
    unit = get_unit_for_user(request.user, pk)
    form = DecompositionForm(request.GET or None, user=request.user)
    result = None
    if form.is_valid():
        result = decompose(form.cleaned_data["period"], form.cleaned_data["kind"], unit)
    elif not request.GET and (period := form.fields["period"].queryset.first()):
        result = decompose(period, TargetKind.FUNDS_ARRIVED, unit)
    return render(request, "targets/decomposition.html", {"unit": unit, "form": form, "result": result})
