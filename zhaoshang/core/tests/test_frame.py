"""base.html's frame: its static files and links are rendered once per process and
script prefix ({% cache %}, settings.CACHES["template_fragments"]); the user's name,
CSRF token and menu are rendered for every request."""

import re

from django.urls import reverse, set_script_prefix

LIST = reverse("projects:project_list")


def user_name(page: str) -> str:
    return re.search(r'bi-person-circle"></i> ([^<]+)</a>', page).group(1).strip()


def csrf_token(page: str) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)


def test_each_user_sees_their_own_name_token_and_menu_in_the_kept_frame(client_for, bureau_user, reporter):
    bureau_page = client_for(bureau_user).get(LIST).content.decode()
    reporter_page = client_for(reporter).get(LIST).content.decode()
    assert user_name(bureau_page) == bureau_user.get_full_name()
    assert user_name(reporter_page) == reporter.get_full_name()
    assert csrf_token(bureau_page) != csrf_token(reporter_page)
    pending = f'href="{reverse("projects:fund_pending")}"'  # 待核实: the bureau's only
    assert pending in bureau_page and pending not in reporter_page
    for page in (bureau_page, reporter_page):
        assert f'href="{reverse("accounts:profile")}"' in page
        assert f'action="{reverse("logout")}"' in page


def test_an_anonymous_page_has_the_frame_without_the_user_menu(client_for):
    page = client_for(None).get("/no-such-page/").content.decode()
    assert f'class="navbar-brand" href="{reverse("home")}"' in page
    assert "bi-person-circle" not in page and "nav-counts" not in page


def test_the_frame_links_follow_the_script_prefix(client_for, reporter):
    client = client_for(reporter)
    profile = reverse("accounts:profile")
    try:
        # What the WSGI handler does for a site served under /zs/.
        set_script_prefix("/zs/")
        prefixed = client.get(LIST).content.decode()
    finally:
        set_script_prefix("/")
    plain = client.get(LIST).content.decode()
    assert f'href="/zs{profile}"' in prefixed and f'href="{profile}"' not in prefixed
    assert f'href="{profile}"' in plain and f'href="/zs{profile}"' not in plain
