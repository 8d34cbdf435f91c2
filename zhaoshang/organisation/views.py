from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhaoshang.core import history

from .access import get_division_for_user, get_person_for_user, get_unit_for_user
from .models import Division, Person, Unit


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    units = Unit.objects.visible_to(request.user).select_related("division").order_by("path")
    return render(request, "organisation/unit_tree.html", {"units": units})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk)
    children = Unit.objects.get_children(unit).visible_to(request.user)
    persons = unit.persons.all()
    return render(
        request,
        "organisation/unit_detail.html",
        {"unit": unit, "children": children, "persons": persons, "history": history.entries(unit)},
    )


@login_required
def division_list(request: HttpRequest) -> HttpResponse:
    divisions = Division.objects.visible_to(request.user).select_related("jurisdiction")
    return render(request, "organisation/division_list.html", {"divisions": divisions})


@login_required
def division_detail(request: HttpRequest, pk: int) -> HttpResponse:
    division = get_division_for_user(request.user, pk)
    units = division.units.visible_to(request.user).order_by("path")
    return render(
        request,
        "organisation/division_detail.html",
        {"division": division, "units": units, "history": history.entries(division)},
    )


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    persons = Person.objects.visible_to(request.user).select_related("unit")
    return render(request, "organisation/person_list.html", {"persons": persons})


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    return render(request, "organisation/person_detail.html", {"person": person, "history": history.entries(person)})
