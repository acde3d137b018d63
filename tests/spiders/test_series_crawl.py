"""The series crawl end to end: real Scrapy, real HTTP, the bundled snapshot on loopback."""

from __future__ import annotations

from collections import Counter

import pytest

from crawler.clean.series import DEFAULT_SERIES
from tests.support.harness import LIST_PATH, START_PATH, run_crawl, snapshot_settings

SERIES = DEFAULT_SERIES.name

# The seed's 新闻链接 list (29 provinces) plus the seed itself.
SEED_PROVINCES = {
    "宁夏", "青海", "甘肃", "陕西", "西藏", "云南", "贵州", "四川", "重庆", "海南", "广西",
    "广东", "湖南", "湖北", "河南", "山东", "江西", "福建", "安徽", "浙江", "江苏", "上海",
    "黑龙江", "吉林", "辽宁", "内蒙古", "山西", "河北", "天津", "北京",
}


@pytest.fixture(scope="module")
def full_crawl(module_snapshot, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("series")
    return run_crawl("series", tmp, settings=snapshot_settings(module_snapshot))


def test_series_crawl_yields_all_30_articles_once(full_crawl):
    assert full_crawl.returncode == 0, full_crawl.stderr[-3000:]
    provinces = Counter(i["province"] for i in full_crawl.items)
    assert set(provinces) == SEED_PROVINCES
    assert all(n == 1 for n in provinces.values()), provinces
    assert len(full_crawl.items) == 30


def test_every_item_has_the_canonical_series_title(full_crawl):
    for item in full_crawl.items:
        assert item["series"] == SERIES
        parsed = DEFAULT_SERIES.parse_title(item["title"])
        assert parsed == (item["member"], item["headline"]), item["title"]
        assert item["member"] == item["province"] + "工会"
        assert item["title"].startswith(SERIES + "丨" + item["province"] + "工会：")
        assert item["text"] and item["published_at"], item["url"]


def test_crawl_spans_every_layout(full_crawl):
    layouts = Counter(i["layout"] for i in full_crawl.items)
    assert {"ngwz", "workercn", "people", "grrb-epaper", "generic"} <= set(layouts), layouts


def test_each_page_fetched_once(module_snapshot, full_crawl):
    article_hits = Counter(
        (h.site, h.path) for h in module_snapshot.requests_for() if h.method == "GET"
        and h.path != "/robots.txt" and h.status == 200
    )
    repeated = {k: v for k, v in article_hits.items() if v > 1}
    assert not repeated


def test_export_is_utf8_characters_not_escapes(full_crawl):
    raw = full_crawl.feed.read_bytes()
    assert "宁夏".encode() in raw
    assert b"\\u5b81" not in raw  # 宁 as an escape


def test_discovery_page_finds_the_newer_article(snapshot, tmp_path):
    result = run_crawl(
        "series", tmp_path,
        settings=snapshot_settings(
            snapshot, SERIES_DISCOVERY_URLS=snapshot.url(*LIST_PATH), SERIES_EXPECTED_SIZE=31
        ),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    provinces = Counter(i["province"] for i in result.items)
    assert provinces["新疆"] == 1
    assert set(provinces) == SEED_PROVINCES | {"新疆"}


@pytest.mark.parametrize("name", ["青海", "青海省", "青海工会"])
def test_single_province(snapshot, tmp_path, name):
    result = run_crawl(
        "series", tmp_path, args={"province": name}, settings=snapshot_settings(snapshot)
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert [i["province"] for i in result.items] == ["青海"]


def test_start_url_argument_on_another_site(module_snapshot, full_crawl, tmp_path):
    # Start from the 天津 article (aggregator): it links only the older 北京 (中工网).
    start = next(i["url"] for i in full_crawl.items if i["province"] == "天津")
    result = run_crawl(
        "series", tmp_path, args={"start_url": start}, settings=snapshot_settings(module_snapshot)
    )
    assert sorted(i["province"] for i in result.items) == sorted(["天津", "北京"])
    # Both are exported, and the health check fails the run: the series is incomplete.
    assert result.returncode == 1
    assert "Error: Only 2 of the 30 expected series articles are stored" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_start_page_fails_in_one_sentence(snapshot, tmp_path):
    result = run_crawl(
        "series", tmp_path,
        args={"start_url": snapshot.url(START_PATH[0], "/news/does-not-exist.html")},
        settings=snapshot_settings(snapshot),
    )
    assert result.returncode == 1
    assert "Error: The start page" in result.stderr
    assert "Traceback" not in result.stderr
