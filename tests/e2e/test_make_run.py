"""`make run` brings the whole stack up (the four services and the board) and Ctrl-C leaves no
process behind."""

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.support.broker import free_port

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("marketing", "inventory", "support", "content", "board")


def _processes_mentioning(marker: str) -> list[str]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if marker.encode() in environ or marker in cmdline:
            found.append(f"{proc.name}: {cmdline}")
    return found


@pytest.mark.e2e
def test_make_run_serves_all_four_services_and_the_board_and_ctrl_c_stops_everything(tmp_path):
    marker = f"stack-test-{os.getpid()}-{time.time_ns()}"
    ports = {name: free_port() for name in SERVICES}
    env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}
    env.update({"STACK_TEST_MARKER": marker, "LOCAL_BROKER_PORT": str(free_port())})
    for name, port in ports.items():
        env[f"{name.upper()}_PORT"] = str(port)
        env[f"{name.upper()}_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / name}.db"
        if name != "board":  # the board reads and acts through the four services on their test ports
            env[f"BOARD_{name.upper()}_URL"] = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "stack.log"
    with open(log_path, "wb") as log:
        stack = subprocess.Popen(["make", "run"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            while "The stack is up" not in log_path.read_text(errors="replace"):
                assert stack.poll() is None, log_path.read_text(errors="replace")[-3000:]
                assert time.monotonic() < deadline, "the stack did not come up in time"
                time.sleep(0.5)
            for name, port in ports.items():
                ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5)
                assert ready.status_code == 200, (name, ready.text)
                assert ready.json()["broker"] == "up"
            board = httpx.get(f"http://127.0.0.1:{ports['board']}/login", timeout=5)
            assert board.status_code == 200 and "dev-marketing" in board.text, board.text[:500]
            assert "dev-storefront" in log_path.read_text()
            assert f"open http://127.0.0.1:{ports['board']}  (the board)" in log_path.read_text()
        finally:
            os.killpg(stack.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
            stack.wait(timeout=60)
    output = log_path.read_text(errors="replace")
    assert "stopped." in output
    deadline = time.monotonic() + 10
    while _processes_mentioning(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_mentioning(marker) == []
