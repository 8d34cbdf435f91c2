"""Password guessing: one username from one address, spraying many usernames from
one address, and guessing one username from many addresses, each with a cool-off;
an attacker elsewhere cannot lock a user out of the address they log in from,
provided the client address is read right behind a reverse proxy."""

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from zhaoshang.accounts.factories import UserFactory
from zhaoshang.accounts.models import LoginEvent, LoginOutcome
from zhaoshang.accounts.throttle import client_address

from .conftest import PASSWORD

LOCKED = 429
OFFICE = "10.0.0.8"
START = timezone.now().replace(microsecond=0)


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    settings.LOGIN_USERNAME_FAILURE_LIMIT = 6
    settings.LOGIN_COOLOFF_MINUTES = 60


def attempt(username: str, password: str, address: str, **headers):
    return Client(REMOTE_ADDR=address).post(reverse("login"), {"username": username, "password": password}, headers=headers)


def guess_from_many_addresses(username: str, count: int) -> None:
    for n in range(count):
        attempt(username, f"guess-{n}", f"203.0.113.{n + 1}")


def test_spraying_many_usernames_from_one_address_locks_that_address(account, reporter):
    for n in range(8):
        attempt(f"user{n}", "Spring2026!", "198.51.100.7")

    assert attempt("zhangsan", PASSWORD, "198.51.100.7").status_code == LOCKED
    assert attempt("zhangsan", PASSWORD, OFFICE).status_code == 302


def test_the_address_lock_cools_off(account):
    with freeze_time(START) as clock:
        for n in range(8):
            attempt(f"user{n}", "Spring2026!", "198.51.100.7")
        clock.tick(timedelta(minutes=61))
        assert attempt("zhangsan", PASSWORD, "198.51.100.7").status_code == 302


def test_guessing_one_username_from_many_addresses_locks_it_for_new_addresses(account):
    guess_from_many_addresses("zhangsan", 6)

    assert attempt("zhangsan", PASSWORD, "198.51.100.99").status_code == LOCKED


def test_a_user_is_not_locked_out_of_the_address_they_logged_in_from_before(account):
    with freeze_time(START) as clock:
        assert attempt("zhangsan", PASSWORD, OFFICE).status_code == 302
        clock.tick(timedelta(days=1))
        guess_from_many_addresses("zhangsan", 20)

        assert attempt("zhangsan", PASSWORD, OFFICE).status_code == 302


def test_an_address_known_too_long_ago_is_not_spared(settings, account):
    settings.LOGIN_KNOWN_ADDRESS_DAYS = 90
    with freeze_time(START) as clock:
        attempt("zhangsan", PASSWORD, OFFICE)
        clock.tick(timedelta(days=91))
        guess_from_many_addresses("zhangsan", 6)
        assert attempt("zhangsan", PASSWORD, OFFICE).status_code == LOCKED


def test_the_username_lock_cools_off(account):
    with freeze_time(START) as clock:
        guess_from_many_addresses("zhangsan", 6)
        clock.tick(timedelta(minutes=61))
        assert attempt("zhangsan", PASSWORD, "198.51.100.99").status_code == 302


def test_case_does_not_dodge_the_username_count(account):
    for n, name in enumerate(["ZhangSan", "ZHANGSAN", "zhangSan", "Zhangsan", "zhangsaN", "ZhAnGsAn"]):
        attempt(name, "guess", f"203.0.113.{n + 1}")
    assert attempt("zhangsan", PASSWORD, "198.51.100.99").status_code == LOCKED


def test_the_admin_unlock_lifts_the_username_lock(account, admin_client):
    guess_from_many_addresses("zhangsan", 6)

    admin_client.post(reverse("accounts:user_unlock", args=[account.pk]))

    assert attempt("zhangsan", PASSWORD, "198.51.100.99").status_code == 302
    assert LoginEvent.objects.filter(username="zhangsan", outcome=LoginOutcome.UNLOCKED, note="操作人：admin").exists()


def test_a_locked_attempt_is_logged_but_not_counted_again(account):
    for n in range(5):
        attempt("zhangsan", f"wrong-{n}", OFFICE)
    attempt("zhangsan", PASSWORD, OFFICE)
    assert LoginEvent.objects.filter(username="zhangsan", outcome=LoginOutcome.LOCKED).count() == 1
    assert LoginEvent.objects.filter(username="zhangsan", outcome=LoginOutcome.BAD_PASSWORD).count() == 5


# --- The client address behind a reverse proxy ------------------------------------------


def request_from(remote: str, forwarded: str = ""):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("192.0.2.1", "198.51.100.5")) == "192.0.2.1"


def test_with_one_trusted_proxy_the_address_it_appended_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; nginx appended the real one.
    assert client_address(request_from("10.0.0.1", "1.2.3.4, 198.51.100.5")) == "198.51.100.5"


def test_with_two_trusted_proxies_the_outer_one_saw_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from("10.0.0.2", "1.2.3.4, 198.51.100.5, 10.0.0.1")) == "198.51.100.5"


def test_a_header_shorter_than_the_proxy_chain_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from("10.0.0.2", "198.51.100.5")) == "10.0.0.2"


def test_garbage_in_x_forwarded_for_is_no_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from("10.0.0.1", "not-an-ip")) is None


def test_behind_a_configured_proxy_an_attacker_cannot_lock_the_real_user_out(settings, account):
    """All requests arrive from the proxy (10.0.0.1); with TRUSTED_PROXY_COUNT=1 the
    attacker's failures count against the attacker's address, not the user's."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for n in range(10):
        Client(REMOTE_ADDR=proxy).post(
            reverse("login"),
            {"username": "zhangsan", "password": f"wrong-{n}"},
            headers={"X-Forwarded-For": f"{OFFICE}, 198.51.100.66"},  # forging the office address
        )

    response = Client(REMOTE_ADDR=proxy).post(reverse("login"), {"username": "zhangsan", "password": PASSWORD}, headers={"X-Forwarded-For": OFFICE})

    assert response.status_code == 302
    assert set(LoginEvent.objects.password_failures().values_list("address", flat=True)) == {"198.51.100.66"}


def test_an_unknown_username_counts_like_a_wrong_password(db):
    UserFactory(username="wangwu")
    for n in range(5):
        attempt("nobody", f"wrong-{n}", OFFICE)
    assert LoginEvent.objects.filter(username="nobody", outcome=LoginOutcome.UNKNOWN_USER).count() == 5
    assert attempt("nobody", "wrong", OFFICE).status_code == LOCKED
