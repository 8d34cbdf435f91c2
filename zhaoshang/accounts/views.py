from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import access


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"tokens": request.user.api_tokens.all()})


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    if not access.is_admin(request.user):
        raise PermissionDenied
    users = User.objects.prefetch_related("roles__unit").order_by("username")
    return render(request, "accounts/user_list.html", {"users": users})
