#!/usr/bin/env python3
"""Load test (`make loadtest`; not part of `make test`): the demo county on SQLite,
served by bin/serve (gunicorn and the supervised task worker) on 127.0.0.1, with
20 clients for 2 minutes of mixed reads and writes. It passes when there was no
server error, no "database is locked" in the log, and every write the server
acknowledged is in the database afterwards.

Each client logs in like a browser (pages) and holds an API token (writes):
  reads  项目列表, 项目详情, 首页看板 (HTML), 项目查询 (API);
  writes 保存项目 (PATCH, version-checked), 填报到位资金 (POST).
A client writes only its own share of the projects, so a 409 can only mean a bug.

    .venv/bin/python scripts/loadtest.py [--clients 20] [--seconds 120] [--workers 4]

Everything lives in var/loadtest/ (deleted at the start): the database, the
server log (serve.log) and the figures (result.json).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import math
import os
import random
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
VAR = ROOT / "var" / "loadtest"
USERNAME, PASSWORD = "zsj", "zhaoshang2026"
MIX = [("project_list", 25), ("project_detail", 20), ("dashboard", 10), ("api_projects", 10), ("save_project", 15), ("report_funds", 20)]
TOKENS_SCRIPT = """
import json
from django.contrib.auth.models import User
from zhaoshang.accounts import actions
user = User.objects.get(username=%r)
print(json.dumps([actions.do_create_token(user, f"压力测试{i}")[1] for i in range(%d)]))
"""


def env() -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "MEDIA_ROOT"}}
    return {**clean, "ZHAOSHANG_VAR_DIR": str(VAR), "TASKS_BACKEND": "db", "DJANGO_SETTINGS_MODULE": "zhaoshang.settings"}


def manage(*args: str) -> str:
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env(), capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} 失败：\n{result.stdout}{result.stderr}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Client(threading.Thread):
    def __init__(self, number: int, base: str, token: str, projects: list[int], deadline: float):
        super().__init__(daemon=True)
        self.number, self.base, self.token, self.deadline = number, base, token, deadline
        self.projects = projects
        self.mine = [pk for i, pk in enumerate(projects) if i % CLIENTS == number] or projects[:1]
        self.random = random.Random(number)
        self.browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.api = urllib.request.build_opener()
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter = Counter()
        self.failures: list[str] = []
        self.saved: list[tuple[int, str]] = []  # (project, landing_address) acknowledged
        self.funds: list[tuple[int, int, str]] = []  # (entry id, amount, note) acknowledged
        self.sequence = 0

    def request(self, kind: str, opener, path: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        started = time.monotonic()
        try:
            with opener.open(request, timeout=120) as response:
                status, data = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, data = error.code, error.read()
        except OSError as error:
            status, data = 0, str(error).encode()
        self.timings[kind].append(time.monotonic() - started)
        self.statuses[(kind, status)] += 1
        if status == 0 or status >= 400:
            self.failures.append(f"{kind} {method} {path} → {status} {data[:200]!r}")
        return status, data

    def login(self) -> None:
        _, page = self.request("login", self.browser, "/login/")
        csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urllib.parse.urlencode({"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": csrf}).encode()
        self.request("login", self.browser, "/login/", "POST", body, {"Content-Type": "application/x-www-form-urlencoded", "Referer": self.base + "/login/"})

    def api_call(self, kind: str, path: str, method: str = "GET", payload: dict | None = None):
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        body = json.dumps(payload).encode() if payload is not None else None
        status, data = self.request(kind, self.api, "/api/v1" + path, method, body, headers)
        return status, (json.loads(data) if data and status and status < 500 else None)

    def marker(self) -> str:
        self.sequence += 1
        return f"loadtest-{self.number}-{self.sequence}"

    def run(self) -> None:
        self.login()
        kinds, weights = zip(*MIX)
        while time.monotonic() < self.deadline:
            kind = self.random.choices(kinds, weights)[0]
            if kind == "project_list":
                self.request(kind, self.browser, f"/projects/?page={self.random.randint(1, 6)}")
            elif kind == "project_detail":
                self.request(kind, self.browser, f"/projects/{self.random.choice(self.projects)}/")
            elif kind == "dashboard":
                self.request(kind, self.browser, "/")
            elif kind == "api_projects":
                self.api_call(kind, f"/projects?stage={self.random.choice(['signed', 'started', 'negotiating'])}")
            elif kind == "save_project":
                pk = self.random.choice(self.mine)
                status, project = self.api_call("api_project", f"/projects/{pk}")
                if status == 200:
                    address = self.marker()
                    status, _ = self.api_call(kind, f"/projects/{pk}", "PATCH", {"version": project["version"], "landing_address": address})
                    if status == 200:
                        self.saved.append((pk, address))
            elif kind == "report_funds":
                pk = self.random.choice(self.mine)
                amount, note = self.random.randint(1, 500) * 10_000, self.marker()
                payload = {"date": date.today().isoformat(), "amount": amount, "kind": "investment", "note": note}
                status, entry = self.api_call(kind, f"/projects/{pk}/funds", "POST", payload)
                if status == 201:
                    self.funds.append((entry["id"], amount, note))


def check_writes(clients: list[Client]) -> dict[str, int]:
    """Every acknowledged write, looked up in the database file after shutdown."""
    db = sqlite3.connect(VAR / "zhaoshang.sqlite3")
    entries = {row[0]: (row[1], row[2]) for row in db.execute("SELECT id, amount, note FROM projects_fundentry WHERE note LIKE 'loadtest-%'")}
    history = {row[0] for row in db.execute("SELECT landing_address FROM projects_historicalproject WHERE landing_address LIKE 'loadtest-%'")}
    current = dict(db.execute("SELECT id, landing_address FROM projects_project"))
    missing = []
    last: dict[int, str] = {}
    for client in clients:
        for entry_id, amount, note in client.funds:
            if entries.get(entry_id) != (amount, note):
                missing.append(f"到位资金 {entry_id}（{note}）")
        for pk, address in client.saved:
            last[pk] = address
            if address not in history:
                missing.append(f"项目 {pk} 的保存（{address}）不在历史记录中")
    missing += [f"项目 {pk} 应为 {address}，实为 {current.get(pk)}" for pk, address in last.items() if current.get(pk) != address]
    for line in missing[:20]:
        print("  缺失：", line)
    return {"acknowledged_funds": sum(len(c.funds) for c in clients), "acknowledged_saves": sum(len(c.saved) for c in clients), "missing": len(missing)}


def main() -> int:
    global CLIENTS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn 进程数")
    options = parser.parse_args()
    CLIENTS = options.clients

    if VAR.exists():
        subprocess.run(["rm", "-rf", str(VAR)], check=True)
    VAR.mkdir(parents=True)
    print("准备示范县（SQLite）…", flush=True)
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage("demo")
    tokens = json.loads(manage("shell", "-c", TOKENS_SCRIPT % (USERNAME, CLIENTS)).strip().splitlines()[-1])
    with sqlite3.connect(VAR / "zhaoshang.sqlite3") as db:
        projects = [row[0] for row in db.execute("SELECT id FROM projects_project WHERE duplicate_status != 'merged' ORDER BY id")]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (VAR / "serve.log").open("w")
    serve = subprocess.Popen(["bin/serve", f"127.0.0.1:{port}", str(options.workers)], cwd=ROOT, env=env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/login/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        else:
            sys.exit("服务未能启动，见 var/loadtest/serve.log")
        load_before = os.getloadavg()
        print(f"{CLIENTS} 个客户端，{options.seconds} 秒，gunicorn {options.workers} 个进程（{base}）…", flush=True)
        started = time.monotonic()
        clients = [Client(i, base, tokens[i], projects, started + options.seconds) for i in range(CLIENTS)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started
        load_after = os.getloadavg()
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
        log.close()

    statuses: Counter = Counter()
    timings: dict[str, list[float]] = defaultdict(list)
    for client in clients:
        statuses.update(client.statuses)
        for kind, values in client.timings.items():
            timings[kind].extend(values)
    server_errors = sum(n for (kind, status), n in statuses.items() if status >= 500 or status == 0)
    refusals = sum(n for (kind, status), n in statuses.items() if 400 <= status < 500)
    log_text = (VAR / "serve.log").read_text(errors="replace")
    locked = len(re.findall("database is locked", log_text, re.IGNORECASE))
    writes = check_writes(clients)
    total = sum(statuses.values())
    result = {
        "clients": CLIENTS,
        "seconds": round(elapsed, 1),
        "gunicorn_workers": options.workers,
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "requests": total,
        "requests_per_second": round(total / elapsed, 1),
        "server_errors": server_errors,
        "client_errors": refusals,
        "database_is_locked": locked,
        **writes,
        "by_kind": {
            kind: {
                "count": len(values),
                "median_ms": round(statistics.median(values) * 1000),
                "p95_ms": round(sorted(values)[math.ceil(len(values) * 0.95) - 1] * 1000),
                "max_ms": round(max(values) * 1000),
            }
            for kind, values in sorted(timings.items())
        },
    }
    (VAR / "result.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    print(json.dumps(result, ensure_ascii=False, indent=1))
    for client in clients:
        for failure in client.failures[:3]:
            print("  失败：", failure)
    passed = server_errors == 0 and refusals == 0 and locked == 0 and writes["missing"] == 0
    print("通过" if passed else "未通过：见上方失败与缺失的记录，以及 var/loadtest/serve.log")
    return 0 if passed else 1


CLIENTS = 20

if __name__ == "__main__":
    sys.exit(main())
