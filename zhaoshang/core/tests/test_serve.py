"""bin/serve keeps the background-task worker alive: a worker that dies is started
again, and the worker goes when gunicorn goes. The worker here is the `immediate`
backend's placeholder process (tasks run inside requests), so that the test needs
no database of its own: the supervision is the same for every backend."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

STARTED = re.compile(r"后台任务进程已启动（pid (\d+)）")
SERVER = re.compile(r"网站进程已启动（pid (\d+)）")


class Serve:
    """bin/serve on a free port, its output read line by line as it comes."""

    def __init__(self, var_dir: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/login/"
        env = {**os.environ, "TASKS_BACKEND": "immediate", "ZHAOSHANG_VAR_DIR": str(var_dir)}
        self.process = subprocess.Popen(
            ["bin/serve", f"127.0.0.1:{port}", "1"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.passed: list[str] = []  # lines read while waiting for another pattern
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, pattern: re.Pattern, timeout: float = 30) -> int:
        """The pid in the next line matching `pattern`. The lines passed over are kept
        for the next call: the script and its worker loop (a background subshell)
        print their first lines in either order."""
        for i, line in enumerate(self.passed):
            if match := pattern.search(line):
                del self.passed[i]
                return int(match.group(1))
        while True:
            line = self.lines.get(timeout=timeout)
            if match := pattern.search(line):
                return int(match.group(1))
            self.passed.append(line)

    def wait_until_serving(self, timeout: float = 60) -> None:
        """Until gunicorn's worker has loaded the application and answers. A TERM
        while it is still booting (slow on a busy machine) waits out gunicorn's
        30-second graceful timeout, which is not what these tests are about."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(self.url, timeout=5).close()
                return
            except urllib.error.HTTPError:
                return  # an answer, whatever its status
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that has exited but not been reaped yet is a zombie, not alive.
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


@pytest.fixture
def serve(tmp_path):
    running = Serve(tmp_path)
    yield running
    running.stop()


def test_a_worker_that_dies_is_started_again(serve):
    first = serve.wait_for(STARTED)
    os.kill(first, signal.SIGKILL)
    second = serve.wait_for(STARTED)
    assert second != first and alive(second) and not alive(first)
    os.kill(second, signal.SIGKILL)
    third = serve.wait_for(STARTED)
    assert third not in (first, second) and alive(third)


def test_the_worker_stops_when_gunicorn_exits(serve):
    gunicorn = serve.wait_for(SERVER)
    worker = serve.wait_for(STARTED)
    serve.wait_until_serving()
    os.kill(gunicorn, signal.SIGTERM)
    assert serve.process.wait(timeout=30) == 0
    assert not alive(worker)


def test_a_term_to_serve_stops_gunicorn_and_the_worker(serve):
    gunicorn = serve.wait_for(SERVER)
    worker = serve.wait_for(STARTED)
    serve.wait_until_serving()
    serve.process.send_signal(signal.SIGTERM)
    assert serve.process.wait(timeout=30) == 0
    assert not alive(gunicorn) and not alive(worker)


def test_a_line_passed_over_waits_for_its_own_call():
    """The worker loop may print before the script does (a CI run once saw the
    worker's line first, and the test waited for it in vain)."""
    serve = Serve.__new__(Serve)  # the reading alone, without a process
    serve.lines, serve.passed = queue.Queue(), []
    for line in ("后台任务进程已启动（pid 7）\n", "网站进程已启动（pid 5）\n"):
        serve.lines.put(line)
    assert serve.wait_for(SERVER, timeout=1) == 5
    assert serve.wait_for(STARTED, timeout=1) == 7
