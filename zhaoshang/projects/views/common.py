"""Small helpers shared by the fund, obstacle and import views."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.urls import reverse


def project_section(project_pk: int, section: str) -> HttpResponseRedirect:
    """Back to the project page, scrolled to the section the action belongs to
    (#funds, #obstacles, #follow-ups): the project page is the one place where a
    project's funds, obstacles and follow-ups are worked on."""
    return HttpResponseRedirect(reverse("projects:project_detail", args=[project_pk]) + f"#{section}")
