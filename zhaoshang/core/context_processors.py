from django.http import HttpRequest

from zhaoshang.accounts import access


def navigation(request: HttpRequest) -> dict:
    user = request.user
    return {
        "nav_is_admin": access.is_admin(user),
        "nav_is_bureau": access.is_bureau(user) or access.is_admin(user),
    }
