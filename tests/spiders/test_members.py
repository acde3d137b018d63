"""Any series, not one: series learned from the start page, members that are not provinces,
member re-crawls, several series in one store, and members the links name but nobody stores.

Real ``scrapy crawl`` subprocesses against the bundled snapshot (its SYNTHETIC second series
产业工会巡礼) or against generated pages served on 127.0.0.1.
"""

from __future__ import annotations

import json
from collections import Counter
from html import escape

import pytest

from crawler.clean.series import DEFAULT_SERIES_NAME
from crawler.snapshot.server import Reply, SnapshotServer
from crawler.store import ArticleStore
from tests.support.gold import GOLD_DIR, field_diffs, load_gold
from tests.support.harness import run_crawl, snapshot_settings

SECOND = "产业工会巡礼"
# (site, path) of every article of the second series, oldest first.
SECOND_PAGES = {
    "中国铁路工会": ("workercn", "/c/2025-05-06/8921034.shtml"),
    "中国金融工会": ("ngwz", "/news/Fq8Lw2NcXd.html"),
    "中国教科文卫体工会": ("workercn", "/c/2025-05-08/8925517.shtml"),
    "中国农林水利气象工会": ("ngwz", "/news/Tg3Vb7KmPz.html"),
    "中国国防邮电工会": ("workercn", "/c/2025-05-10/8929940.shtml"),
    "中国能源化学地质工会": ("ngwz", "/news/Hw6Rn1YsJe.html"),
    "中国机械冶金建材工会": ("workercn", "/c/2025-05-12/8934472.shtml"),
    "中国海员建设工会": ("ngwz", "/news/Ms9Dk4QxLu.html"),
}
SECOND_LIST = ("workercn", "/chanye/")
GOLD_FIELDS = ("series", "member", "province", "title", "headline", "kicker", "subtitle",
               "authors", "byline", "published_at", "source", "summary", "sections", "text",
               "related", "url", "canonical_url", "article_id")


def second_settings(server: SnapshotServer, start: str, **extra: object) -> dict[str, object]:
    return snapshot_settings(
        server, SERIES_START_URLS=server.url(*SECOND_PAGES[start]),
        SERIES_DISCOVERY_URLS=server.url(*SECOND_LIST), **extra,
    )


def gold_of(server: SnapshotServer, member: str) -> dict:
    site, path = SECOND_PAGES[member]
    return load_gold(GOLD_DIR / site / (path.lstrip("/") + ".json"), server)


def page_hits(server: SnapshotServer, start: int) -> list[str]:
    return [h.path for h in server.requests_for()[start:] if h.path != "/robots.txt"]


# -- the second series from any of its articles ----------------------------------------------
@pytest.fixture(scope="module")
def second_runs(module_snapshot, tmp_path_factory):
    """Crawls of the second series started from its newest article, a middle one and the
    oldest (which shows no links: the series is pinned with -a series=)."""
    runs = {}
    for start, args in (("中国海员建设工会", {}), ("中国国防邮电工会", {}),
                        ("中国铁路工会", {"series": SECOND})):
        tmp = tmp_path_factory.mktemp("second")
        runs[start] = (tmp, run_crawl("series", tmp, args=args,
                                      settings=second_settings(module_snapshot, start)))
    return runs


@pytest.mark.parametrize("start", ["中国海员建设工会", "中国国防邮电工会", "中国铁路工会"])
def test_second_series_from_any_article_stores_every_member_once(module_snapshot, second_runs,
                                                                 start):
    tmp, result = second_runs[start]
    assert result.returncode == 0, result.stderr[-3000:]
    members = Counter(i["member"] for i in result.items)
    assert members == Counter(set(SECOND_PAGES)), members
    for item in result.items:
        expected = gold_of(module_snapshot, item["member"])
        diffs = field_diffs({k: expected[k] for k in GOLD_FIELDS}, item)
        assert not diffs, (item["url"], diffs)
        assert item["series"] == SECOND and item["province"] is None
    with ArticleStore(tmp / "articles.sqlite3") as store:
        assert store.series_names() == [SECOND]
        assert store.members(SECOND) == sorted(m for m in SECOND_PAGES)


def test_second_series_is_learned_not_pinned(second_runs):
    _, result = second_runs["中国海员建设工会"]
    assert f"Series (learned): {SECOND}" in result.stderr
    _, pinned = second_runs["中国铁路工会"]
    assert f"Series (pinned): {SECOND}" in pinned.stderr


def test_member_recrawl_uses_the_stored_url_and_keeps_the_rest(module_snapshot, second_runs):
    tmp, _ = second_runs["中国海员建设工会"]
    before = (tmp / "articles.jsonl").read_text("utf-8")
    for member in ("中国海员建设工会", "中国铁路工会", "中国金融工会"):
        start = len(module_snapshot.requests_for())
        result = run_crawl(
            "series", tmp / f"member-{member}", args={"member": member},
            settings={**second_settings(module_snapshot, "中国海员建设工会"),
                      "STORE_PATH": tmp / "articles.sqlite3",
                      "EXPORT_PATH": tmp / "articles.jsonl", "HTTPCACHE_ENABLED": False},
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert [i["member"] for i in result.items] == [member]
        assert page_hits(module_snapshot, start) == [SECOND_PAGES[member][1]]
        assert "Using the stored URL" in result.stderr
    after = (tmp / "articles.jsonl").read_text("utf-8")
    assert [json.loads(x)["member"] for x in after.splitlines()] == \
        [json.loads(x)["member"] for x in before.splitlines()]


def test_member_not_in_store_found_through_the_start_page(module_snapshot, tmp_path):
    result = run_crawl("series", tmp_path, args={"member": "中国金融工会"},
                       settings=second_settings(module_snapshot, "中国海员建设工会"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert [i["member"] for i in result.items] == ["中国金融工会"]
    assert "Using the stored URL" not in result.stderr


def test_unknown_member_fails_naming_it(module_snapshot, tmp_path):
    result = run_crawl("series", tmp_path, args={"member": "中国航空工会"},
                       settings=second_settings(module_snapshot, "中国海员建设工会"))
    assert result.returncode == 1
    assert "Error: No article for 中国航空工会 was found" in result.stderr
    assert result.items == []


# -- two series in one store and one export ----------------------------------------------------
def test_two_series_share_one_store_and_export(module_snapshot, tmp_path):
    shared = {"STORE_PATH": tmp_path / "store.sqlite3", "EXPORT_PATH": tmp_path / "all.jsonl"}
    first = run_crawl("series", tmp_path / "one",
                      settings={**snapshot_settings(module_snapshot), **shared})
    assert first.returncode == 0, first.stderr[-3000:]
    second = run_crawl("series", tmp_path / "two", args={"start_url": module_snapshot.url(
        *SECOND_PAGES["中国海员建设工会"])}, settings={**snapshot_settings(module_snapshot), **shared})
    assert second.returncode == 0, second.stderr[-3000:]
    assert {i["series"] for i in second.items} == {SECOND}
    exported = [json.loads(x) for x in (tmp_path / "all.jsonl").read_text("utf-8").splitlines()]
    assert Counter(i["series"] for i in exported) == {DEFAULT_SERIES_NAME: 30, SECOND: 8}
    # A province re-crawl afterwards keeps both series.
    again = run_crawl("series", tmp_path / "three", args={"province": "宁夏"},
                      settings={**snapshot_settings(module_snapshot), **shared})
    assert again.returncode == 0, again.stderr[-3000:]
    exported = [json.loads(x) for x in (tmp_path / "all.jsonl").read_text("utf-8").splitlines()]
    assert Counter(i["series"] for i in exported) == {DEFAULT_SERIES_NAME: 30, SECOND: 8}


# -- generated series on a loopback server -----------------------------------------------------
OTHER = "建功新时代·城市工会风采"
CITY_MEMBERS = ["深圳市总工会", "苏州市总工会", "青岛市总工会", "厦门市总工会", "宁波市总工会",
                "大连市总工会", "成都市总工会", "武汉市总工会"]


def city_page(member: str, links: list[tuple[str, str]]) -> bytes:
    title = f"{OTHER}丨{member}：{member}团结引领职工建功立业"
    paras = [f"{member}组织开展劳动和技能竞赛，一年来参赛职工超过五万人次。",
             f"{member}还建成职工服务阵地三百余个，让职工感受到工会的温暖。"]
    body = "\n".join(f"<p>\u3000\u3000{escape(p)}</p>" for p in ["本报记者 王强", *paras])
    related = "".join(f'<p><a href="{escape(h)}">{escape(t)}</a></p>' for h, t in links)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)} - 中工网'
        f'</title></head><body><div class="article"><h1 class="ctitle">{escape(title)}</h1>'
        '<div class="cinfo"><span class="ctime">2025-06-01 08:00:00</span> <span class="csource">'
        f'来源：工人日报</span></div><div class="ccontent">{body}'
        f'{"<p>新闻链接</p>" + related if links else ""}</div></div></body></html>'
    ).encode()


def city_title(member: str) -> str:
    return f"{OTHER}丨{member}：{member}团结引领职工建功立业"


@pytest.fixture
def city_server():
    """A series of another name: the start page links the other seven members."""
    paths = {m: f"/c/2025-06-01/{9000 + i}.shtml" for i, m in enumerate(CITY_MEMBERS)}
    start, others = CITY_MEMBERS[0], CITY_MEMBERS[1:]
    links = [(paths[m], city_title(m)) for m in others]
    html = {"Content-Type": "text/html; charset=utf-8"}
    pages = {m: city_page(m, links if m == start else []) for m in CITY_MEMBERS}
    with SnapshotServer(root=None, sites=["city"]) as server:
        for m in CITY_MEMBERS:
            server.route("city", paths[m], lambda r, page=pages[m]: Reply(200, page, html))
        yield server, paths


def city_settings(server: SnapshotServer, start: str) -> dict[str, object]:
    return {"SERIES_START_URLS": server.url("city", start), "SERIES_MIRRORS": "",
            "SERIES_DISCOVERY_URLS": "", "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
            "RETRY_TIMES": 0, "LOG_LEVEL": "INFO"}


def test_series_of_another_name_with_seven_links_stores_eight(city_server, tmp_path):
    server, paths = city_server
    result = run_crawl("series", tmp_path,
                       settings=city_settings(server, paths[CITY_MEMBERS[0]]))
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(i["member"] for i in result.items) == sorted(CITY_MEMBERS)
    assert {i["series"] for i in result.items} == {OTHER}
    assert all(i["province"] is None for i in result.items)
    with ArticleStore(tmp_path / "articles.sqlite3") as store:
        assert len(store.members(OTHER)) == 8


def test_named_member_that_cannot_be_fetched_fails_the_run_naming_it(city_server, tmp_path):
    server, paths = city_server
    gone = CITY_MEMBERS[3]
    server.route("city", paths[gone], lambda r: Reply(404, b"<html><body>404</body></html>",
                                              {"Content-Type": "text/html"}))
    result = run_crawl("series", tmp_path,
                       settings=city_settings(server, paths[CITY_MEMBERS[0]]))
    assert result.returncode == 1
    assert len(result.items) == 7
    error = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert error and gone in error[0], result.stderr[-3000:]
    assert "Traceback" not in result.stderr
