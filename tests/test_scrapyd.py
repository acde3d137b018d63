"""Deploy to a real Scrapyd on loopback with the project's [deploy] section, run the series spider.

The project is copied to a temporary folder first: scrapyd-deploy writes setup.py and build
folders where it runs, and the copy's scrapy.cfg gets the test Scrapyd's port.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.support.harness import ROOT, snapshot_settings

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(port: int, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict:
    url = f"http://127.0.0.1:{port}/{endpoint}"
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(url, data=body, timeout=10) as resp:
        return json.loads(resp.read())


@pytest.fixture
def scrapyd(tmp_path):
    if not (BIN / "scrapyd").exists():
        pytest.fail("scrapyd is not installed: pip install -e '.[test]'")
    port = _free_port()
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\neggs_dir = eggs\nlogs_dir = logs\nitems_dir = items\n"
        "dbs_dir = dbs\nmax_proc = 1\npoll_interval = 0.5\n"
    )
    proc = subprocess.Popen(
        [str(BIN / "scrapyd"), "--pidfile", ""], cwd=home,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            try:
                if _api(port, "daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("Scrapyd did not start on 127.0.0.1")
        yield port, home
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_deploy_and_schedule_series_on_scrapyd(snapshot, scrapyd, tmp_path):
    port, home = scrapyd
    project = tmp_path / "project"
    shutil.copytree(ROOT / "crawler", project / "crawler",
                    ignore=shutil.ignore_patterns("__pycache__"))
    cfg = (ROOT / "scrapy.cfg").read_text()
    assert "[deploy]" in cfg and "project = crawler" in cfg
    (project / "scrapy.cfg").write_text(cfg.replace("127.0.0.1:6800", f"127.0.0.1:{port}"))
    deploy = subprocess.run(
        [str(BIN / "scrapyd-deploy")], cwd=project, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert deploy.returncode == 0, deploy.stderr[-2000:]
    assert "crawler" in _api(port, "listprojects.json")["projects"]

    export = tmp_path / "articles.jsonl"
    settings = snapshot_settings(
        snapshot,
        STORE_PATH=tmp_path / "articles.sqlite3",
        EXPORT_PATH=export,
        HTTPCACHE_DIR=tmp_path / "httpcache",
    )
    job = _api(port, "schedule.json", [("project", "crawler"), ("spider", "series")]
               + [("setting", f"{k}={v}") for k, v in settings.items()])
    assert job["status"] == "ok", job
    for _ in range(300):
        jobs = _api(port, "listjobs.json?project=crawler")
        if any(j["id"] == job["jobid"] for j in jobs["finished"]):
            break
        time.sleep(0.5)
    else:
        pytest.fail("the Scrapyd job did not finish in 150 s")
    items = [json.loads(line) for line in export.read_text("utf-8").splitlines()]
    assert len({i["province"] for i in items}) == 30
    log = next((home / "logs" / "crawler" / "series").glob("*.log")).read_text("utf-8")
    assert "Run summary (series): 30 items" in log
