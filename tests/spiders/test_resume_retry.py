"""-s JOBDIR: a crawl that stops while a retry waits for its backoff gets that retry back when it
resumes. The waiting retry is in neither the scheduler's disk queue nor the store, so without
this the member would be lost for good (its URL is already in the JOBDIR's seen set)."""

from __future__ import annotations

from crawler.snapshot.server import Reply, Request, SnapshotServer
from tests.support.harness import run_crawl, snapshot_settings

FLAKY = ("workercn", "/c/2025-04-15/8462745.shtml")  # 陕西, linked from the start page


def test_a_retry_waiting_at_pause_is_crawled_on_resume(module_snapshot: SnapshotServer, tmp_path):
    def flaky(request: Request) -> Reply:
        if request.count == 1:
            return Reply(503, b"busy", {"Content-Type": "text/plain"})
        body, headers, _ = module_snapshot.resolve(*FLAKY)
        return Reply(200, body, headers)

    module_snapshot.route(*FLAKY, flaky)
    settings = snapshot_settings(
        module_snapshot, JOBDIR=tmp_path / "job", STORE_PATH=tmp_path / "store.sqlite3",
        EXPORT_PATH=tmp_path / "export.jsonl",
    )
    # The retry would wait 60 s; the run is stopped after 8 s, with the retry still waiting.
    first = run_crawl("series", tmp_path, feed="first.jsonl", settings={
        **settings, "RETRY_BACKOFF_BASE": 60, "CLOSESPIDER_TIMEOUT": 8})
    assert first.returncode == 1, first.stderr[-3000:]
    assert "陕西" not in first.by_province()
    assert "kept in JOBDIR for the next run" in first.stderr
    # Resumed: the retry still waits out its backoff, capped at RETRY_BACKOFF_MAX.
    second = run_crawl("series", tmp_path, feed="second.jsonl", settings={
        **settings, "RETRY_BACKOFF_MAX": 1})
    assert "Resuming 1 retries" in second.stderr, second.stderr[-3000:]
    assert "陕西" in second.by_province()
    assert [h.status for h in module_snapshot.requests_for("workercn")
            if h.path == FLAKY[1]] == [503, 200]
    assert second.returncode == 0, second.stderr[-3000:]
