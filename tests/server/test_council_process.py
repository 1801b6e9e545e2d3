"""`kiosk council serve` as a real process on loopback, started the way an officer would."""

from __future__ import annotations

import re
import selectors
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from sync import protocol

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0


def read_line(proc: subprocess.Popen, timeout: float) -> str:
    """One line of the child's stdout, waiting at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if selector.select(timeout=max(0.0, deadline - time.monotonic())):
                return proc.stdout.readline()
            if proc.poll() is not None:
                break
    return ""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("served") / "council"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "council", "serve", "--demo", "--data-dir", str(data_dir), "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = read_line(proc, START_TIMEOUT)
        match = re.fullmatch(r"Council service listening on (http://127\.0\.0\.1:(\d+))\n", line)
        assert match, (line, proc.poll())
        assert int(match.group(2)) > 0
        yield match.group(1), data_dir
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()


def test_served_process_answers_health_and_openapi(served):
    url, data_dir = served
    with httpx.Client(base_url=url, timeout=10) as http:
        health = http.get("/health")
        assert health.status_code == 200
        assert health.json()["status"] == "ok"
        assert health.json()["version"]
        spec = http.get("/openapi.json").json()
        for path in (protocol.PATH_PUSH, protocol.PATH_PULL, protocol.PATH_ENROL, protocol.PATH_HEARTBEAT):
            assert path in spec["paths"], path
        push_body = spec["paths"][protocol.PATH_PUSH]["post"]["requestBody"]["content"]["application/json"]["schema"]
        assert push_body["$ref"].endswith("/PushRequest")
        assert "cursor" in spec["components"]["schemas"]["PullResponse"]["properties"]
        assert http.get("/docs").status_code == 200
    assert (data_dir / "council.sqlite3").exists()


def test_officer_enrols_a_device_against_the_running_service(served):
    url, data_dir = served
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "--data-dir", str(data_dir), "council", "enrol",
         "--hub", "demo-hub-northfield", "--mode", "assisted"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    code = re.search(r"\): (\S+)", out.stdout).group(1)
    with httpx.Client(base_url=url, timeout=10) as http:
        enrolled = http.post(protocol.PATH_ENROL, json={"code": code, "device_id": "5b0c3f51-8f8e-4a55-9a57-4f7d4dfe2b11"})
        assert enrolled.status_code == 201
        token = enrolled.json()["device_token"]
        pulled = http.get(protocol.PATH_PULL, headers={"Authorization": f"Bearer {token}"})
        assert pulled.status_code == 200
        assert {c["key"] for c in pulled.json()["changes"] if c["entity"] == "hub"} >= {"demo-hub-northfield"}


def test_a_busy_port_is_reported_not_a_traceback(tmp_path, capsys):
    import socket

    from kiosk.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code = main(["council", "serve", "--data-dir", str(tmp_path), "--port", str(port)])
    assert code == 1
    assert f"Cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err
