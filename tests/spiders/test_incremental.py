"""Scheduled re-runs: conditional requests, versions on change, one-province re-crawls (of
every province, over a full store)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from crawler.clean.series import DEFAULT_SERIES_NAME as SERIES
from crawler.snapshot.server import SITES_DIR, SnapshotServer
from crawler.store import ArticleStore
from tests.support.harness import LIST_PATH, START_PATH, run_crawl, snapshot_settings

CHANGED = ("workercn", "/c/2025-04-10/8451234.shtml")  # 重庆


@pytest.fixture(scope="module")
def runs(module_snapshot, tmp_path_factory):
    """Three runs on one store: first, unchanged re-run, re-run after one page changed."""
    tmp = tmp_path_factory.mktemp("incremental")
    settings = snapshot_settings(
        module_snapshot, STORE_PATH=tmp / "store.sqlite3", EXPORT_PATH=tmp / "export.jsonl",
        HTTPCACHE_DIR=tmp / "cache",
    )
    results, hits = [], []
    for n in range(3):
        if n == 2:
            body = (SITES_DIR / CHANGED[0] / CHANGED[1].lstrip("/")).read_bytes()
            # Edit the last body paragraph before 新闻链接 (not <head>, kicker or summary).
            at = body.rindex("职工".encode(), 0, body.index("新闻链接".encode()))
            changed = body[:at] + "劳动者".encode() + body[at + len("职工".encode()):]
            module_snapshot.set_page(*CHANGED, changed, {"Content-Type": "text/html"})
        before = len(module_snapshot.requests_for())
        results.append(run_crawl("series", tmp / f"run{n}", settings=settings))
        hits.append([h for h in module_snapshot.requests_for()[before:] if h.path != "/robots.txt"])
    module_snapshot.clear_pages()
    return tmp, settings, results, hits


def test_first_run_downloads_everything(runs):
    _, _, results, hits = runs
    assert results[0].returncode == 0, results[0].stderr[-2000:]
    assert len(results[0].items) == 30
    assert all(h.status == 200 for h in hits[0])


def test_unchanged_rerun_gets_304s_and_reprocesses_nothing(runs):
    _, _, results, hits = runs
    assert results[1].returncode == 0, results[1].stderr[-2000:]
    assert len(hits[1]) == 30
    assert all(h.status == 304 and h.bytes_sent == 0 for h in hits[1]), hits[1]
    assert results[1].items == []  # nothing re-extracted
    assert "30 pages unchanged since the last run" in results[1].stderr


def test_changed_page_makes_a_new_version_and_others_none(runs):
    tmp, _, results, hits = runs
    assert results[2].returncode == 0, results[2].stderr[-2000:]
    assert [i["province"] for i in results[2].items] == ["重庆"]
    assert sum(h.status == 200 for h in hits[2]) == 1
    with ArticleStore(tmp / "store.sqlite3") as store:
        assert store.count() == 30
        history = store.history_for(f"series:{SERIES}:重庆")
        assert len(history) == 1
        others = [store.history_for(f"series:{i['series']}:{i['province']}")
                  for i in results[0].items if i["province"] != "重庆"]
        assert all(h == [] for h in others)
    exported = [json.loads(line) for line in (tmp / "export.jsonl").read_text().splitlines()]
    assert len(exported) == 30
    assert "劳动者" in next(i["text"] for i in exported if i["province"] == "重庆")


def test_province_recrawl_uses_the_stored_url_and_keeps_the_rest(runs, module_snapshot):
    tmp, settings, _, _ = runs
    export = tmp / "export.jsonl"
    before_export = [json.loads(x)["province"] for x in export.read_text().splitlines()]
    start = len(module_snapshot.requests_for())
    result = run_crawl("series", tmp / "province", args={"province": "宁夏回族自治区"},
                       settings={**settings, "HTTPCACHE_ENABLED": False})
    assert result.returncode == 0, result.stderr[-2000:]
    assert [i["province"] for i in result.items] == ["宁夏"]
    pages = [h.path for h in module_snapshot.requests_for()[start:] if h.path != "/robots.txt"]
    assert pages == [START_PATH[1]]  # the stored URL of 宁夏 is the start page itself
    after_export = [json.loads(x)["province"] for x in export.read_text().splitlines()]
    assert after_export == before_export  # all 30, same publication order


def test_province_not_in_store_found_through_the_start_page(module_snapshot, tmp_path):
    result = run_crawl("series", tmp_path, args={"province": "甘肃工会"},
                       settings=snapshot_settings(module_snapshot))
    assert result.returncode == 0, result.stderr[-2000:]
    assert [i["province"] for i in result.items] == ["甘肃"]
    assert "Using the stored URL" not in result.stderr


def stored_rows(path) -> dict[str, tuple]:
    with ArticleStore(path) as store:
        rows = store.conn.execute(
            "SELECT key, url, version, content_hash, item_json FROM articles").fetchall()
    return {key: rest for key, *rest in rows}


def test_every_province_recrawls_alone_over_a_full_store(tmp_path):
    """A full store (31 provinces, every layout), then ``-a province=`` for each in turn: one
    page each (its stored URL), exit 0, the right item, the other provinces untouched."""
    with SnapshotServer() as server:
        settings = snapshot_settings(
            server, SERIES_DISCOVERY_URLS=server.url(*LIST_PATH), SERIES_EXPECTED_SIZE=31,
            STORE_PATH=tmp_path / "store.sqlite3", EXPORT_PATH=tmp_path / "export.jsonl",
        )
        full = run_crawl("series", tmp_path / "full", settings=settings)
        assert full.returncode == 0, full.stderr[-2000:]
        by_province = full.by_province()
        assert len(by_province) == 31
        layouts = set()
        for province, item in sorted(by_province.items()):
            before = stored_rows(tmp_path / "store.sqlite3")
            start = len(server.requests_for())
            result = run_crawl("series", tmp_path / f"p-{province}", args={"province": province},
                               settings={**settings, "HTTPCACHE_ENABLED": False})
            assert result.returncode == 0, (province, result.stderr[-2000:])
            assert [i["province"] for i in result.items] == [province], result.stderr[-2000:]
            assert result.items[0]["content_hash"] == item["content_hash"]
            layouts.add(result.items[0]["layout"])
            pages = [h.path for h in server.requests_for()[start:] if h.path != "/robots.txt"]
            assert pages == [urlsplit(item["url"]).path], (province, pages)
            after = stored_rows(tmp_path / "store.sqlite3")
            assert after == before, province  # same rows, versions, hashes and items
    assert layouts == {"ngwz", "workercn", "grrb-epaper", "people", "generic"}
