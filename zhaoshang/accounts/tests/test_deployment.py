"""Production settings: Django's deployment checks pass, the secret key is made
once and kept, bad environment values stop start-up, and error pages are Chinese.
The settings are read at import, so each case runs manage.py in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from zhaoshang import settings as project_settings

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
LONG_KEY = "k" * 20 + "9fQz_2v-Lp8RwXt4Yb7NcMd1Hs6Ge3Ja0Ku5Vo"


def run(args: list[str], var_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """manage.py with a clean, production-like environment: nothing from the
    developer's shell that would change what is being checked."""
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "SECRET_KEY", "HTTPS"}}
    base.update({"DJANGO_SETTINGS_MODULE": "zhaoshang.settings", "ZHAOSHANG_VAR_DIR": str(var_dir), **env})
    return subprocess.run([sys.executable, *args], env=base, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60)


def test_deployment_checks_pass_in_production(tmp_path):
    result = run(
        [MANAGE, "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        HTTPS="1",
        SECRET_KEY=LONG_KEY,
        ALLOWED_HOSTS="zhaoshang.example.cn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deployment_checks_fail_on_a_weak_secret_key(tmp_path):
    """Proves the check above would notice a problem."""
    result = run([MANAGE, "check", "--deploy", "--fail-level", "WARNING"], tmp_path, HTTPS="1", SECRET_KEY="short")
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


PRINT_KEY = ["-c", "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"]


def test_a_missing_secret_key_is_generated_once_and_reused(tmp_path):
    var_dir = tmp_path / "var"
    first = run(PRINT_KEY, var_dir)
    second = run(PRINT_KEY, var_dir)
    assert first.returncode == 0, first.stderr
    key_file = var_dir / "secret_key"
    key = key_file.read_text().strip()
    assert len(key) >= 50
    assert first.stdout.strip() == second.stdout.strip() == key
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_a_given_secret_key_is_used_and_nothing_is_written(tmp_path):
    result = run(PRINT_KEY, tmp_path, SECRET_KEY=LONG_KEY)
    assert result.stdout.strip() == LONG_KEY
    assert not (tmp_path / "secret_key").exists()


def test_a_bad_boolean_stops_start_up(tmp_path):
    result = run([MANAGE, "check"], tmp_path, DEBUG="maybe")
    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG must be a boolean, got 'maybe'" in result.stderr


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("yes", True), ("off", False), ("", False)])
def test_env_bool_reads_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("ZS_FLAG", value)
    assert project_settings.env_bool("ZS_FLAG", False) is expected


def test_env_int_refuses_words(monkeypatch):
    monkeypatch.setenv("ZS_NUMBER", "五")
    with pytest.raises(ImproperlyConfigured, match="ZS_NUMBER must be an integer"):
        project_settings.env_int("ZS_NUMBER", 1)


def test_a_missing_page_renders_the_chinese_404(client_for, reporter):
    response = client_for(reporter).get("/no-such-page/")
    assert response.status_code == 404
    assert "404 · 页面不存在" in response.content.decode()


def test_a_record_outside_the_scope_renders_the_chinese_404(client_for, other_reporter, county):
    response = client_for(other_reporter).get(reverse("organisation:unit_detail", args=[county.township.pk]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_forbidden_page_renders_the_chinese_403(client_for, bureau_user):
    response = client_for(bureau_user).get(reverse("accounts:user_list"))
    assert response.status_code == 403
    assert "403 · 无权操作" in response.content.decode()


def test_the_500_page_is_chinese_and_needs_no_context(rf: RequestFactory):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "500 · 系统出现错误" in response.content.decode()
