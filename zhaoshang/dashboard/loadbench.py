"""`make bench`'s load test of the project list (issue 13 §2): the list page and
GET /api/v1/projects, as a bureau user and as a reporter of the first county, served
by gunicorn with 2 workers from the current (bench) database, driven by Locust
headless: ~20 s at 10 clients (goal ≥ 300 requests/s with p99 < 100 ms), ~10 s at
50 clients (goal: no error).

The bench data has units but no logins: the two users are created here (again on
every run, under fixed names), with a session for the page and an API token for the
API, as a browser and a script would use them."""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from zhaoshang.accounts.models import ApiToken, Role, RoleAssignment
from zhaoshang.accounts.second_factor import SESSION_KEY, VERIFIED
from zhaoshang.organisation.models import Unit

from .verdicts import Verdict

AREA = "列表与API"
GOAL = "≥ 300 次/秒，p99 < 100 ms（10 并发）"
GOAL_BURST = "50 并发无错误"
TARGETS = {"项目列表页": "/projects/", "API 项目列表": "/api/v1/projects"}

# Each simulated client asks for one URL again and again, without pause.
LOCUSTFILE = """
import os
from locust import FastHttpUser, task

class Lister(FastHttpUser):
    @task
    def get(self):
        self.client.get(os.environ["LOAD_PATH"], headers={"Cookie": os.environ["LOAD_COOKIE"], "Authorization": os.environ["LOAD_AUTH"]})
"""


def _persona(name: str, role: str, unit: Unit) -> dict[str, str]:
    """A login with one role: its session cookie (second factor passed) and a Bearer token."""
    User.objects.filter(username=name).delete()
    user = User.objects.create_user(name)
    RoleAssignment.objects.create(user=user, role=role, unit=unit)
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = VERIFIED
    session.save()
    _, key = ApiToken.objects.create_for(user, "基准测试")
    return {"cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}", "auth": f"Bearer {key}"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def _server() -> Iterator[str]:
    """gunicorn as bin/serve starts it (2 workers), on a free port, until the block ends."""
    # The pages name their static files through the manifest collectstatic writes.
    call_command("collectstatic", interactive=False, verbosity=0)
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": _database_url()}
    bin_dir = Path(sys.executable).parent
    command = [str(bin_dir / "gunicorn"), "zhaoshang.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--no-control-socket"]
    server = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _locust() -> str:
    here = Path(sys.executable).with_name("locust")
    found = str(here) if here.exists() else shutil.which("locust")
    if not found:
        raise RuntimeError("未安装 locust：请运行 make deps")
    return found


def _run(base: str, path: str, who: dict[str, str], clients: int, seconds: int) -> dict[str, float]:
    """One Locust run: requests/s, p99 (ms), requests and failures."""
    # Once first, in each worker: the cached count and totals are computed once per
    # change of the data, not per run (the steady state between two changes is measured).
    for _ in range(2):
        request = urllib.request.Request(base + path, headers={"Cookie": who["cookie"], "Authorization": who["auth"]})
        urllib.request.urlopen(request, timeout=120).read()
    with tempfile.TemporaryDirectory() as folder:
        locustfile = Path(folder) / "locustfile.py"
        locustfile.write_text(LOCUSTFILE)
        env = {**os.environ, "LOAD_PATH": path, "LOAD_COOKIE": who["cookie"], "LOAD_AUTH": who["auth"]}
        command = [_locust(), "-f", str(locustfile), "--headless", "--host", base, "-u", str(clients), "-r", str(clients)]
        command += ["-t", f"{seconds}s", "--csv", f"{folder}/run", "--only-summary", "--loglevel", "WARNING"]
        subprocess.run(command, env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        with open(f"{folder}/run_stats.csv", newline="") as stats:
            row = next(r for r in csv.DictReader(stats) if r["Name"] == "Aggregated")
    return {
        "rps": float(row["Requests/s"]),
        "p99": float(row["99%"] or 0),
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
    }


def measure_lists(seconds: int = 20, burst_seconds: int = 10, log=print) -> list[Verdict]:
    """The list page and the API list, for a bureau user and a reporter, at 10 and 50 clients."""
    county = Unit.objects.filter(depth=1).order_by("path").first()
    township = county.get_children().order_by("path").first()
    personas = {"招商局": _persona("bench_bureau", Role.BUREAU, county), "填报员": _persona("bench_reporter", Role.REPORTER, township)}
    verdicts = []
    with _server() as base:
        for persona, who in personas.items():
            for target, path in TARGETS.items():
                name = f"{target}（{persona}）"
                steady = _run(base, path, who, 10, seconds)
                passed = steady["rps"] >= 300 and steady["p99"] < 100 and not steady["failures"]
                measured = f"{steady['rps']:.0f} 次/秒，p99 {steady['p99']:.0f} ms，错误 {steady['failures']}"
                verdicts.append(Verdict(AREA, name, GOAL, measured, passed))
                burst = _run(base, path, who, 50, burst_seconds)
                measured = f"{burst['requests']} 次请求，错误 {burst['failures']}（{burst['rps']:.0f} 次/秒，p99 {burst['p99']:.0f} ms）"
                verdicts.append(Verdict(AREA, name, GOAL_BURST, measured, burst["failures"] == 0 and burst["requests"] > 0))
                log(f"{name}: {verdicts[-2].measured}；50 并发 {measured}")
    return verdicts
