"""SecondFactorMiddleware puts the logged-in user itself in place of
AuthenticationMiddleware's lazy proxy once it has read it for a page: the same
user, the same checks, without the proxy's cost on every read."""

from django.contrib.auth.models import User
from django.urls import reverse

LIST = reverse("projects:project_list")


def test_a_page_sees_the_logged_in_user_itself(client_for, reporter):
    response = client_for(reporter).get(LIST)
    assert response.status_code == 200
    assert type(response.wsgi_request.user) is User
    assert response.wsgi_request.user == reporter


def test_an_anonymous_visitor_is_still_sent_to_log_in(client_for):
    response = client_for(None).get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not response.wsgi_request.user.is_authenticated


def test_logging_out_still_leaves_an_anonymous_visitor(client_for, reporter):
    client = client_for(reporter)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(LIST).status_code == 302
