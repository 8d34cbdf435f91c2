from django.http import HttpRequest
from django.urls import get_script_prefix

from zhaoshang.menu import menu_html


def navigation(request: HttpRequest) -> dict:
    # The 待办 and 通知 badges are fetched by the page after it loads (todo:nav_counts),
    # so no page pays their queries.
    user = request.user
    # base.html keeps its links per script prefix, which reverse() puts in front of them.
    return {"nav_menu": menu_html(user) if user.is_authenticated else "", "script_prefix": get_script_prefix()}
