"""The article store on real SQLite files: change detection, history, export, failures."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from crawler.store import ArticleStore, StoreError, article_key

ROOT = Path(__file__).resolve().parents[1]
SERIES = "永远跟党走 奋进新征程 庆祝全总成立100周年·巡礼"


def item(province: str | None = "宁夏", text: str = "正文。", *, url: str | None = None,
         published_at: str | None = "2025-04-18T07:11:00+08:00",
         series: str | None = SERIES) -> dict[str, Any]:
    url = url or f"https://www.workercn.cn/c/2025-04-18/{province or 'x'}.shtml"
    return {
        "url": url, "canonical_url": None, "site": "www.workercn.cn", "article_id": None,
        "series": series, "province": province,
        "title": f"{series}丨{province}工会：标题" if series else "标题", "headline": "标题",
        "text": text, "published_at": published_at,
        "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "crawled_at": "2025-05-01T00:00:00+00:00",
    }


@pytest.fixture
def store(tmp_path: Path):
    with ArticleStore(tmp_path / "articles.sqlite3") as s:
        yield s


def child(script: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, text=True)


def test_keys():
    assert article_key(item("宁夏")) == f"series:{SERIES}:宁夏"
    other = item(None, series=None, url="https://example.org/a")
    assert article_key(other) == "url:https://example.org/a"
    assert article_key({**other, "canonical_url": "https://example.org/c"}) == \
        "url:https://example.org/c"


def test_new_changed_unchanged_and_history(store: ArticleStore):
    assert store.upsert(item("宁夏", "一")) == "new"
    assert store.upsert(item("宁夏", "一")) == "unchanged"
    assert store.upsert(item("宁夏", "二")) == "changed"
    assert store.count() == 1
    key = f"series:{SERIES}:宁夏"
    history = store.history_for(key)
    assert [h["version"] for h in history] == [1]
    assert history[0]["item"]["text"] == "一"
    assert history[0]["content_hash"] == item("宁夏", "一")["content_hash"]
    assert store.articles()[0]["text"] == "二"
    version = store.conn.execute("SELECT version FROM articles WHERE key=?", (key,)).fetchone()
    assert version == (2,)


def test_unchanged_updates_last_seen_and_moved_url(store: ArticleStore):
    store.upsert(item("宁夏", "一", url="https://a.example/1"))
    before = store.conn.execute("SELECT last_changed, version FROM articles").fetchone()
    assert store.upsert(item("宁夏", "一", url="https://b.example/1")) == "unchanged"
    assert store.url_for_province("宁夏") == "https://b.example/1"
    assert store.articles()[0]["url"] == "https://b.example/1"
    assert store.conn.execute("SELECT last_changed, version FROM articles").fetchone() == before
    assert store.history_for(f"series:{SERIES}:宁夏") == []


def test_province_reupsert_leaves_others_intact(store: ArticleStore):
    for province in ("宁夏", "青海", "甘肃"):
        store.upsert(item(province, f"{province}正文"))
    before = {i["province"]: i for i in store.articles()}
    assert store.upsert(item("青海", "青海新正文")) == "changed"
    after = {i["province"]: i for i in store.articles()}
    assert after["宁夏"] == before["宁夏"] and after["甘肃"] == before["甘肃"]
    assert after["青海"]["text"] == "青海新正文"
    assert store.provinces() == sorted(["宁夏", "青海", "甘肃"])
    assert store.url_for_province("西藏") is None


def test_page_sha256_is_read_back_by_url(store: ArticleStore):
    store.upsert({**item("宁夏", url="https://a.example/1"), "page_sha256": "abc"})
    assert store.page_sha256_for("https://a.example/1") == "abc"
    assert store.page_sha256_for("https://a.example/2") is None


def test_store_survives_reopen_with_schema_version(tmp_path: Path):
    path = tmp_path / "articles.sqlite3"
    with ArticleStore(path) as s:
        s.upsert(item("宁夏"))
    with ArticleStore(path) as s:
        assert s.count() == 1
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_export_is_publication_ordered_utf8(store: ArticleStore, tmp_path: Path):
    store.upsert(item(None, series=None, url="https://example.org/other", published_at=None))
    store.upsert(item("青海", published_at="2025-04-20T08:00:00+08:00"))
    store.upsert(item("宁夏", published_at="2025-04-18T07:11:00+08:00"))
    store.upsert(item("甘肃", published_at=None))
    store.upsert(item("西藏", published_at="2025-04-19T23:30:00+00:00"))  # 04-20 07:30 +08
    out = tmp_path / "export" / "articles.jsonl"
    out.parent.mkdir()
    out.write_text("old\n", encoding="utf-8")
    assert store.export_jsonl(out) == 5
    raw = out.read_bytes()
    assert "宁夏".encode() in raw and b"\\u" not in raw
    rows = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    assert [r["province"] for r in rows] == ["宁夏", "西藏", "青海", "甘肃", None]
    assert os.listdir(out.parent) == ["articles.jsonl"]  # no temp file left behind


def test_failed_export_keeps_the_old_file(store: ArticleStore, tmp_path: Path, monkeypatch):
    store.upsert(item("宁夏"))
    out = tmp_path / "articles.jsonl"
    out.write_text("old\n", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(StoreError, match="Cannot write the export .*articles.jsonl"):
        store.export_jsonl(out)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir() if "jsonl" in p.name) == ["articles.jsonl"]


def test_export_into_a_path_that_is_not_a_directory(store: ArticleStore, tmp_path: Path):
    (tmp_path / "blocker").write_text("a file", encoding="utf-8")
    with pytest.raises(StoreError, match="blocker"):
        store.export_jsonl(tmp_path / "blocker" / "articles.jsonl")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_export_into_unwritable_directory_keeps_the_old_file(store: ArticleStore,
                                                            tmp_path: Path):
    store.upsert(item("宁夏"))
    locked = tmp_path / "ro"
    locked.mkdir()
    (locked / "articles.jsonl").write_text("old\n", encoding="utf-8")
    locked.chmod(0o555)
    try:
        with pytest.raises(StoreError, match="Cannot write the export"):
            store.export_jsonl(locked / "articles.jsonl")
        assert (locked / "articles.jsonl").read_text(encoding="utf-8") == "old\n"
    finally:
        locked.chmod(0o755)


def test_store_in_unusable_directory(tmp_path: Path):
    (tmp_path / "blocker").write_text("a file", encoding="utf-8")
    with pytest.raises(StoreError) as err:
        ArticleStore(tmp_path / "blocker" / "articles.sqlite3")
    assert "blocker" in str(err.value) and "STORE_PATH" in str(err.value)


def test_corrupt_file_is_a_plain_store_error(tmp_path: Path):
    path = tmp_path / "articles.sqlite3"
    path.write_bytes(b"this is not a database at all\n" * 200)
    with pytest.raises(StoreError) as err:
        ArticleStore(path)
    message = str(err.value)
    assert str(path) in message and "not a readable article store" in message
    assert "delete it" in message and "\n" not in message
    assert err.value.__cause__ is None and err.value.__suppress_context__
    ArticleStore(tmp_path / "other.sqlite3").close()  # the lock was released; nothing leaks


def test_lock_held_by_another_process(tmp_path: Path):
    path = tmp_path / "articles.sqlite3"
    holder = child(f"""
        import time
        from crawler.store import ArticleStore
        store = ArticleStore({str(path)!r})
        print("ready", flush=True)
        time.sleep(60)
    """)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError) as err:
            ArticleStore(path)
        assert str(err.value) == (
            f"Another crawl is using {path} (lock held by pid {holder.pid}); "
            "wait for it to finish."
        )
    finally:
        holder.kill()
        holder.wait()
    ArticleStore(path).close()  # the lock dies with its holder


def test_database_locked_by_another_program(tmp_path: Path):
    path = tmp_path / "articles.sqlite3"
    ArticleStore(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # e.g. a sqlite3 shell writing to it
    try:
        with pytest.raises(StoreError, match="is locked by another program"):
            ArticleStore(path, timeout=0.1)
    finally:
        other.execute("ROLLBACK")
        other.close()


KILL_SCRIPT = """
    import hashlib, sys
    from crawler.store import ArticleStore
    store = ArticleStore(sys.argv[1])
    for i in range(10_000_000):
        text = f"第{i}次正文。" * (1 + i % 50)
        province = f"省{i % 37}"
        store.upsert({
            "url": f"https://example.org/{i % 37}", "canonical_url": None,
            "series": "S", "province": province, "title": "t", "published_at": None,
            "text": text, "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        })
        if i == 300:
            print("busy", flush=True)
"""


def test_sigkill_mid_write_leaves_a_consistent_store(tmp_path: Path):
    path = tmp_path / "articles.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(KILL_SCRIPT), str(path)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "busy"
        time.sleep(0.3)
        assert proc.poll() is None, "the writer finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with ArticleStore(path) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = store.conn.execute("SELECT content_hash, item_json FROM articles").fetchall()
        rows += store.conn.execute("SELECT content_hash, item_json FROM history").fetchall()
        assert store.count() == 37 and len(rows) > 300
        for content_hash, item_json in rows:
            stored = json.loads(item_json)
            assert stored["content_hash"] == content_hash
            assert hashlib.sha256(stored["text"].encode("utf-8")).hexdigest() == content_hash
        assert store.upsert(item("宁夏")) == "new"  # and it is writable again
