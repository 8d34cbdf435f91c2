"""The second factor (TOTP, django-otp) through the real screens: admins and bureau
staff enrol and then verify at every login before they reach any page; everyone
else may enrol; ten single-use recovery codes; an admin can reset a lost phone."""

import time
from base64 import b32encode
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from zhaoshang.accounts.models import ApiToken, LoginEvent, LoginOutcome

from .conftest import PASSWORD

ENROL = reverse("accounts:otp_enrol")
VERIFY = reverse("accounts:otp_verify")
START = timezone.now().replace(microsecond=0)


@pytest.fixture(autouse=True)
def _required(settings):
    settings.OTP_REQUIRED = True


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def password_login(username: str, next_url: str = "") -> tuple[Client, object]:
    client = Client()
    data = {"username": username, "password": PASSWORD}
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    return client, client.post(url, data)


def enrolled(user) -> TOTPDevice:
    """A confirmed authenticator for `user`, enrolled through the screens."""
    client, _response = password_login(user.username)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)
    client.post(ENROL, {"code": code_for(device)})
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_an_admin_without_an_authenticator_is_sent_to_enrol_from_every_page(admin_user):
    client, response = password_login("admin")
    assert response.status_code == 302

    for url in (reverse("home"), reverse("accounts:user_list"), reverse("accounts:profile")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(ENROL)


def test_an_unverified_session_gets_403_from_the_api(bureau_user):
    client, _response = password_login("bureau")
    response = client.get(reverse("api:me"))
    assert response.status_code == 403
    assert response.json() == {"detail": "请先在网页上完成动态口令验证"}


def test_a_token_answers_for_a_session_that_owes_its_second_factor(bureau_user):
    _token, key = ApiToken.objects.create_for(bureau_user, "脚本")
    client, _response = password_login("bureau")
    # The token has its turn first; the session is not even read.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("api:me"), headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"]]
    assert client.get(reverse("api:me")).status_code == 403
    assert client.get(reverse("home")).status_code == 302


def test_the_enrolment_page_shows_a_qr_code_inline_and_the_manual_key(bureau_user):
    client, _response = password_login("bureau")
    content = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=bureau_user, confirmed=False)
    # Drawn here, never fetched from a QR service.
    assert 'src="data:image/svg+xml' in content
    assert b32encode(device.bin_key).decode() in content
    # Reloading keeps the same key, so a scanned code stays valid.
    client.get(ENROL)
    assert TOTPDevice.objects.get(user=bureau_user).pk == device.pk


def test_a_wrong_code_does_not_enrol(bureau_user):
    client, _response = password_login("bureau")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=bureau_user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post(ENROL, {"code": wrong})

    assert response.status_code == 400
    assert "动态口令不正确" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("home"))["Location"].startswith(ENROL)


def test_enrolling_shows_ten_recovery_codes_once_and_opens_the_site(bureau_user):
    client, _response = password_login("bureau")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=bureau_user)

    response = client.post(ENROL, {"code": code_for(device)})

    codes = response.context["codes"]
    assert len(codes) == 10 == len(set(codes))
    assert all(code in response.content.decode() for code in codes)
    assert sorted(StaticToken.objects.filter(device__user=bureau_user).values_list("token", flat=True)) == sorted(codes)
    assert client.get(reverse("home")).status_code == 200
    assert codes[0] not in client.get(reverse("accounts:profile")).content.decode()
    assert LoginEvent.objects.filter(user=bureau_user, outcome=LoginOutcome.OTP_ENROLLED).exists()


def test_after_enrolment_every_login_asks_for_the_code_before_any_page(bureau_user):
    with freeze_time(START) as clock:
        device = enrolled(bureau_user)
        clock.tick(timedelta(seconds=60))
        client, response = password_login("bureau", next_url=reverse("accounts:profile"))
        blocked = client.get(reverse("accounts:profile"))
        assert blocked["Location"].startswith(VERIFY)
        # The enrolment page is closed too: a password alone must not replace the phone.
        assert client.get(ENROL)["Location"].startswith(VERIFY)

        response = client.post(VERIFY, {"code": code_for(device), "next": reverse("accounts:profile")})

        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:profile")
        assert client.get(reverse("accounts:profile")).status_code == 200
    outcomes = list(LoginEvent.objects.filter(username="bureau").order_by("pk").values_list("outcome", flat=True))
    assert outcomes[-2:] == [LoginOutcome.PASSWORD_OK, LoginOutcome.OTP_OK]


def test_a_code_cannot_be_used_twice(bureau_user):
    with freeze_time(START) as clock:
        device = enrolled(bureau_user)
        clock.tick(timedelta(seconds=60))
        code = code_for(device)
        first, _response = password_login("bureau")
        assert first.post(VERIFY, {"code": code}).status_code == 302
        clock.tick(timedelta(seconds=2))

        second, _response = password_login("bureau")
        response = second.post(VERIFY, {"code": code})

    assert response.status_code == 200
    assert "动态口令不正确" in response.content.decode()
    assert second.get(reverse("home"))["Location"].startswith(VERIFY)


def test_wrong_codes_are_logged_and_slow_down_further_tries(bureau_user):
    with freeze_time(START) as clock:
        device = enrolled(bureau_user)
        clock.tick(timedelta(seconds=60))
        client, _response = password_login("bureau")
        wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
        client.post(VERIFY, {"code": wrong})
        # Right away, even the right code waits out the throttle.
        assert client.post(VERIFY, {"code": code_for(device)}).status_code == 200
        clock.tick(timedelta(seconds=5))
        assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    assert LoginEvent.objects.filter(username="bureau", outcome=LoginOutcome.BAD_OTP).count() == 2


def test_a_recovery_code_logs_in_once(bureau_user):
    with freeze_time(START) as clock:
        enrolled(bureau_user)
        code = StaticToken.objects.filter(device__user=bureau_user).first().token
        clock.tick(timedelta(seconds=60))
        client, _response = password_login("bureau")
        response = client.post(VERIFY, {"code": code.upper()}, follow=True)
        assert "还剩 9 个" in response.content.decode()
        assert client.get(reverse("home")).status_code == 200

        clock.tick(timedelta(seconds=60))
        again, _response = password_login("bureau")
        assert again.post(VERIFY, {"code": code}).status_code == 200
    assert LoginEvent.objects.filter(username="bureau", outcome=LoginOutcome.RECOVERY_OK).count() == 1


def test_a_reporter_needs_no_second_factor(reporter):
    client, _response = password_login("reporter")
    assert client.get(reverse("home")).status_code == 200


def test_a_reporter_who_enrols_is_asked_for_the_code_at_login(reporter):
    with freeze_time(START) as clock:
        device = enrolled(reporter)
        clock.tick(timedelta(seconds=60))
        client, _response = password_login("reporter")
        assert client.get(reverse("home"))["Location"].startswith(VERIFY)
        client.post(VERIFY, {"code": code_for(device)})
        assert client.get(reverse("home")).status_code == 200


def test_a_reporter_may_remove_the_authenticator_but_bureau_staff_may_not(reporter, bureau_user, client_for):
    for user in (reporter, bureau_user):
        TOTPDevice.objects.create(user=user, name="验证器", confirmed=True)

    client_for(reporter).post(reverse("accounts:otp_remove"))
    response = client_for(bureau_user).post(reverse("accounts:otp_remove"), follow=True)

    assert not TOTPDevice.objects.filter(user=reporter).exists()
    assert TOTPDevice.objects.filter(user=bureau_user).exists()
    assert "不能解除绑定" in response.content.decode()


def test_regenerating_recovery_codes_replaces_the_old_ones(reporter, client_for):
    with freeze_time(START):
        enrolled(reporter)
    old = set(StaticToken.objects.filter(device__user=reporter).values_list("token", flat=True))

    response = client_for(reporter).post(reverse("accounts:otp_recovery_codes"))

    new = set(response.context["codes"])
    assert len(new) == 10
    assert set(StaticToken.objects.filter(device__user=reporter).values_list("token", flat=True)) == new
    assert not old & new


def test_the_admin_resets_a_lost_phone_and_the_user_enrols_again(bureau_user, client_for, admin_user):
    with freeze_time(START):
        enrolled(bureau_user)

    response = client_for(admin_user).post(reverse("accounts:user_reset_otp", args=[bureau_user.pk]), follow=True)

    assert "其下次登录时须重新绑定" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=bureau_user).exists()
    assert not StaticToken.objects.filter(device__user=bureau_user).exists()
    assert LoginEvent.objects.filter(user=bureau_user, outcome=LoginOutcome.OTP_RESET, note="操作人：admin").exists()
    client, _response = password_login("bureau")
    assert client.get(reverse("home"))["Location"].startswith(ENROL)


def test_with_otp_required_off_bureau_staff_pass_without_an_authenticator(settings, bureau_user):
    settings.OTP_REQUIRED = False
    client, _response = password_login("bureau")
    assert client.get(reverse("home")).status_code == 200


def test_the_test_personas_pass_with_the_requirement_on(client_for, admin_user, bureau_user):
    assert client_for(admin_user).get(reverse("accounts:user_list")).status_code == 200
    assert client_for(bureau_user).get(reverse("home")).status_code == 200


def test_api_tokens_are_not_asked_for_a_second_factor(bureau_user):
    _token, key = ApiToken.objects.create_for(bureau_user, "脚本")
    response = Client().get(reverse("api:me"), headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200


def test_the_demo_says_how_admin_and_bureau_log_in_and_its_admin_enrols(db):
    from io import StringIO

    from django.core.management import call_command

    from zhaoshang import demo

    out = StringIO()
    call_command("demo", stdout=out)
    assert "admin 与 zsj" in out.getvalue()
    assert "OTP_REQUIRED=0 make run" in out.getvalue()

    client = Client()
    client.post(reverse("login"), {"username": "admin", "password": demo.DEMO_PASSWORD})
    assert client.get(reverse("home"))["Location"].startswith(ENROL)
