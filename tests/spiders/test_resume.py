"""-s JOBDIR: a crawl stopped part-way resumes where it stopped and finishes the series."""

from __future__ import annotations

from collections import Counter

from tests.support.harness import run_crawl, snapshot_settings


def test_stop_and_resume_with_jobdir(snapshot, tmp_path):
    settings = snapshot_settings(
        snapshot, JOBDIR=tmp_path / "job", CONCURRENT_REQUESTS=1,
        STORE_PATH=tmp_path / "store.sqlite3", EXPORT_PATH=tmp_path / "export.jsonl",
    )
    first = run_crawl(
        "series", tmp_path, feed="first.jsonl",
        settings={**settings, "CLOSESPIDER_ITEMCOUNT": 5},
    )
    # Stopped early on purpose: the run says so and exits non-zero.
    assert first.returncode == 1
    assert "stopped early" in first.stderr
    assert 5 <= len(first.items) < 30
    second = run_crawl("series", tmp_path, feed="second.jsonl", settings=settings)
    assert second.returncode == 0, second.stderr[-3000:]
    both = Counter(i["province"] for i in first.items + second.items)
    assert len(both) == 30
    assert max(both.values()) == 1, both  # nothing crawled twice across the two runs
    assert "Resuming: " in second.stderr
