"""A bureau clerk enrols an authenticator in a real browser: the QR code is drawn
inline without breaking the Content Security Policy, the code from the manual key
is accepted, the recovery codes are shown once, and the next login asks for the
second factor (answered here with a recovery code)."""

from __future__ import annotations

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from zhaoshang.accounts.factories import user_with_role
from zhaoshang.accounts.models import Role
from zhaoshang.core.tests.test_browser import Watched, browser  # noqa: F401  (the fixture)
from zhaoshang.organisation.factories import UnitFactory
from zhaoshang.organisation.models import UnitKind

from .conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def clerk(transactional_db, settings):
    settings.OTP_REQUIRED = True
    county = UnitFactory(name="示范县", kind=UnitKind.COUNTY)
    return user_with_role(Role.BUREAU, county, username="clerk", first_name="招商局文员")


def log_in_with_password(page, base_url: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_a_bureau_clerk_enrols_and_then_logs_in_with_a_recovery_code(browser, live_server, clerk):
    watched = Watched(browser.new_context(locale="zh-CN").new_page())
    page = watched.page

    log_in_with_password(page, live_server.url)
    expect(page.get_by_role("heading", name="绑定动态口令")).to_be_visible()
    qr = page.get_by_alt_text("动态口令二维码")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0
    secret = page.locator("#otp-secret").inner_text().strip()
    totp = TOTP(b32decode(secret))
    totp.time = time.time()
    page.get_by_label("动态口令").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="确认绑定").click()

    expect(page.get_by_role("heading", name="恢复码")).to_be_visible()
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="我已保存，继续").click()
    expect(page.get_by_role("heading", name="您好")).to_be_visible()

    page.get_by_role("button", name="招商局文员").click()
    page.get_by_role("button", name="退出登录").click()
    log_in_with_password(page, live_server.url)
    expect(page.get_by_role("heading", name="动态口令验证")).to_be_visible()
    page.get_by_label("动态口令").fill(codes[0])
    page.get_by_role("button", name="验证", exact=True).click()
    expect(page.get_by_text("已使用一个恢复码，还剩 9 个")).to_be_visible()
    assert watched.csp_violations == []
