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

from crawler.clean.series import DEFAULT_SERIES_NAME as SERIES
from crawler.store import ArticleStore, StoreError, article_key

ROOT = Path(__file__).resolve().parents[1]


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
    assert store.url_for_member(SERIES, "宁夏") == "https://b.example/1"
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
    assert store.url_for_member(None, "西藏") is None


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
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == 2
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


# -- schema 2: members, several series --------------------------------------------------------
OTHER = "另一个系列"


def member_item(member: str, series: str = SERIES, text: str = "正文。", **extra: Any):
    url = f"https://www.workercn.cn/c/2025-04-18/{member}-{series[:2]}.shtml"
    return {**item(None, text, url=url, series=series), "member": member, **extra}


def test_member_keys():
    assert article_key({**item("宁夏"), "member": "宁夏工会"}) == f"series:{SERIES}:宁夏"
    assert article_key(member_item("中国 海员\u3000建设工会")) == f"series:{SERIES}:中国海员建设工会"
    assert article_key(member_item("x") | {"series": None}).startswith("url:")
    assert article_key(member_item(" ") | {"canonical_url": "https://c/"}) == "url:https://c/"


def test_members_series_and_lookups(store: ArticleStore, tmp_path: Path):
    store.upsert({**item("宁夏"), "member": "宁夏工会", "page_sha256": "p1"})
    store.upsert(member_item("中国海员建设工会"))
    store.upsert(member_item("宁夏工会", series=OTHER))
    assert store.members(SERIES) == sorted(["宁夏", "中国海员建设工会"])
    assert store.members(OTHER) == ["宁夏"]  # a province-level member, printed without province
    assert store.series_names() == sorted([SERIES, OTHER])
    ningxia = item("宁夏")["url"]
    assert store.url_for_member(SERIES, "宁夏") == ningxia
    assert store.url_for_member(None, "宁夏") == ningxia
    assert store.url_for_member(OTHER, "宁夏") == member_item("宁夏工会", series=OTHER)["url"]
    assert store.url_for_member(OTHER, "青海") is None
    assert store.url_for_member(None, "中国海员建设工会") is not None
    assert store.item_for_url(ningxia)["member"] == "宁夏工会"
    assert store.item_for_url("https://nowhere.example/") is None
    assert store.conn.execute("SELECT member FROM articles WHERE province='宁夏'").fetchone() == \
        ("宁夏工会",)
    out = tmp_path / "other.jsonl"
    assert store.export_jsonl(out, series=OTHER) == 1
    assert [json.loads(x)["series"] for x in out.read_text("utf-8").splitlines()] == [OTHER]
    assert store.export_jsonl(out) == 3


V1_SCHEMA = """
CREATE TABLE articles (
    key TEXT PRIMARY KEY, series TEXT, province TEXT, url TEXT NOT NULL, canonical_url TEXT,
    title TEXT, published_at TEXT, content_hash TEXT NOT NULL, item_json TEXT NOT NULL,
    first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, last_changed TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX articles_province ON articles (province);
CREATE INDEX articles_url ON articles (url);
CREATE TABLE history (
    key TEXT NOT NULL, version INTEGER NOT NULL, content_hash TEXT NOT NULL,
    item_json TEXT NOT NULL, replaced_at TEXT NOT NULL, PRIMARY KEY (key, version)
);
PRAGMA user_version=1;
"""


def test_version_1_store_is_migrated_in_place_with_its_history(tmp_path: Path):
    path = tmp_path / "articles.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    old, new = item("宁夏", "旧正文。"), item("宁夏", "新正文。")
    key = f"series:{SERIES}:宁夏"
    row = (key, SERIES, "宁夏", new["url"], None, new["title"], new["published_at"])
    conn.execute("INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,'t0','t1','t1',2)",
                 (*row, new["content_hash"], json.dumps(new, ensure_ascii=False)))
    conn.execute("INSERT INTO history VALUES (?,1,?,?,'t1')",
                 (key, old["content_hash"], json.dumps(old, ensure_ascii=False)))
    other = item(None, series=None, url="https://example.org/a")
    conn.execute("INSERT INTO articles VALUES ('url:https://example.org/a',NULL,NULL,?,NULL,"
                 "'标题',NULL,?,?,'t0','t0','t0',1)",
                 (other["url"], other["content_hash"], json.dumps(other)))
    conn.commit()
    conn.close()
    with ArticleStore(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert store.members(SERIES) == ["宁夏"]
        stored = {i["url"]: i for i in store.articles()}
        assert stored[new["url"]]["member"] == "宁夏工会"
        assert stored[new["url"]]["text"] == "新正文。"
        assert stored[other["url"]]["member"] is None
        assert store.conn.execute("SELECT member FROM articles WHERE key=?", (key,)).fetchone() \
            == ("宁夏工会",)
        history = store.history_for(key)
        assert [h["item"]["text"] for h in history] == ["旧正文。"]
        assert history[0]["item"]["member"] == "宁夏工会"
        # The v2 key of the same article is the v1 key: a re-crawl updates, not duplicates.
        assert store.upsert({**new, "member": "宁夏工会"}) == "unchanged"
        assert store.upsert({**new, "member": "宁夏工会", "text": "三", "content_hash": "h3"}) \
            == "changed"
        assert store.count() == 2
        assert [h["version"] for h in store.history_for(key)] == [1, 2]


# -- damaged rows ------------------------------------------------------------------------------
def _damage(path: Path, province: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE articles SET item_json = '{\"url\": \"trunc' WHERE province = ?",
                 (province,))
    conn.commit()
    conn.close()


def test_damaged_row_is_named_and_keeps_the_previous_export(tmp_path: Path):
    path, out = tmp_path / "articles.sqlite3", tmp_path / "articles.jsonl"
    with ArticleStore(path) as store:
        store.upsert(item("宁夏"))
        store.upsert(item("青海"))
        store.export_jsonl(out)
    before = out.read_bytes()
    _damage(path, "青海")
    with ArticleStore(path) as store:
        assert store.damaged() == [(f"series:{SERIES}:青海", item("青海")["url"])]
        assert store.page_sha256_for(item("青海")["url"]) is None
        assert store.item_for_url(item("青海")["url"]) is None
        with pytest.raises(StoreError) as err:
            store.export_jsonl(out)
        assert "damaged" in str(err.value) and item("青海")["url"] in str(err.value)
        assert "previous export" in str(err.value)
    assert out.read_bytes() == before


def test_upsert_repairs_a_damaged_row_with_the_same_content_hash(tmp_path: Path):
    path = tmp_path / "articles.sqlite3"
    with ArticleStore(path) as store:
        store.upsert(item("青海"))
    _damage(path, "青海")
    with ArticleStore(path) as store:
        assert store.upsert(item("青海")) == "changed"
        assert store.damaged() == []
        assert store.articles()[0]["text"] == "正文。"
        store.export_jsonl(tmp_path / "out.jsonl")


# -- disk full, symlinks, stale temporary files --------------------------------------------------
def test_full_database_is_reported_as_a_full_disk(store: ArticleStore):
    store.upsert(item("宁夏"))
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(StoreError) as err:
        for n in range(50):
            store.upsert(item(f"省{n}", "长正文。" * 2000))
    message = str(err.value)
    assert "full" in message and str(store.path) in message, message
    assert "rollback" not in message and "delete" not in message, message
    assert not store.conn.in_transaction
    assert store.count() >= 1


@pytest.fixture
def small_disk(tmp_path: Path):
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode()[:200]}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_is_reported_as_a_full_disk(small_disk: Path):
    with pytest.raises(StoreError) as err, ArticleStore(small_disk / "articles.sqlite3") as store:
        for n in range(200):
            store.upsert(item(f"省{n}", f"第{n}篇。" + os.urandom(3000).hex()))
    message = str(err.value)
    assert "disk" in message and "full" in message, message
    assert "rollback" not in message and "delete" not in message, message


def test_lock_follows_symlinks(tmp_path: Path):
    real = tmp_path / "real" / "articles.sqlite3"
    real.parent.mkdir()
    (tmp_path / "link").symlink_to(real.parent)
    with ArticleStore(real), pytest.raises(StoreError, match="Another crawl is using"):
        ArticleStore(tmp_path / "link" / "articles.sqlite3")
    (tmp_path / "alias.sqlite3").symlink_to(real)
    with ArticleStore(tmp_path / "alias.sqlite3"), pytest.raises(StoreError, match="Another"):
        ArticleStore(real)


def test_export_removes_stale_temporary_files(store: ArticleStore, tmp_path: Path):
    store.upsert(item("宁夏"))
    out = tmp_path / "articles.jsonl"
    stale = tmp_path / ".articles.jsonl.k1ll3d.tmp"
    stale.write_text('{"half": ', encoding="utf-8")
    unrelated = tmp_path / ".other.jsonl.abc.tmp"
    unrelated.write_text("x", encoding="utf-8")
    store.export_jsonl(out)
    assert not stale.exists() and unrelated.exists() and out.exists()
