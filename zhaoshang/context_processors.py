from django.http import HttpRequest

from zhaoshang.menu import menu_html


def navigation(request: HttpRequest) -> dict:
    # The 待办 and 通知 badges are fetched by the page after it loads (todo:nav_counts),
    # so no page pays their queries.
    user = request.user
    return {"nav_menu": menu_html(user) if user.is_authenticated else ""}
