"""Encodings decided by the evidence of the whole page, over real HTTP (one series crawl).

Each linked article is a page whose bytes are hard to decode right: a UTF-8 page over 256 KiB
in each of the three byte alignments of its 3-byte characters, a UTF-8 page with one stray
byte, GBK pages with a few bad bytes. Every item's text must be exactly the page's paragraphs.
"""

from __future__ import annotations

import pytest

from crawler.clean.mojibake import looks_like_mojibake
from crawler.snapshot.server import Reply
from tests.support.faults import FaultServer, Page
from tests.support.harness import run_crawl

FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_TIMEOUT": 10,
    "RETRY_BACKOFF_BASE": 0.05,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "SERIES_DISCOVERY_URLS": "",
    "LOG_LEVEL": "INFO",
}
SENTENCES = [
    "各级工会团结动员广大职工建功新时代，推动产业工人队伍建设改革走深走实。",
    "一年来，全区工会组织劳动和技能竞赛，职工参与人数超过十万人次。",
    "总工会表示，将继续当好职工信赖的“娘家人”，维护职工合法权益。",
    "各地开展送温暖活动，为困难职工解决急难愁盼问题。",
]
CJK_DIGITS = "零一二三四五六七八九"


def cjk_number(n: int) -> str:
    return "".join(CJK_DIGITS[int(d)] for d in str(n))


def big_paragraphs() -> list[str]:
    """About 300 KiB of UTF-8 text with no ASCII byte: every character is 3 bytes."""
    return [f"第{cjk_number(i)}段。" + "".join(SENTENCES[(i + k) % 4] for k in range(24))
            for i in range(140)]


def page(province: str, headline: str, paragraphs: list[str] | None = None,
         links=(), extra_body: str = "") -> Page:
    paragraphs = paragraphs or [f"{province}{s}" for s in SENTENCES[:3]]
    return Page(province, headline, paragraphs, list(links), extra_body=extra_body)


def aligned_utf8(pg: Page, shift: int) -> bytes:
    """The page as UTF-8 with ``shift`` ASCII bytes of padding in <head>, moving every
    character relative to the 256 KiB mark."""
    html = pg.html().replace("<head>\n", f"<head>\n<!--{'x' * shift}-->\n", 1)
    return html.encode("utf-8")


def gbk_with_bad_bytes(pg: Page) -> bytes:
    """GBK bytes declaring gb2312, with three bytes no GBK decoder accepts (in a comment)."""
    html = pg.html(charset="gb2312").replace("</h1>", "</h1><!--BAD-->", 1)
    return html.encode("gbk").replace(b"BAD", b"\xff\xff x \xff")


CASES = {
    # key: (province, headline, body bytes maker, content type)
    "utf8-big-0": ("北京", "三百千字节的页面一", lambda p: aligned_utf8(p, 0), "text/html"),
    "utf8-big-1": ("天津", "三百千字节的页面二", lambda p: aligned_utf8(p, 1), "text/html"),
    "utf8-big-2": ("河北", "三百千字节的页面三", lambda p: aligned_utf8(p, 2), "text/html"),
    "utf8-stray": ("山西", "一个多余字节", None, "text/html; charset=utf-8"),
    "gbk-bad": ("辽宁", "几个坏字节的GBK页面", gbk_with_bad_bytes, "text/html"),
    "gbk-bad-header-lies": ("吉林", "头部说UTF8的GBK页面", gbk_with_bad_bytes,
                            "text/html; charset=utf-8"),
}


def stray_byte(pg: Page) -> bytes:
    html = pg.html().encode("utf-8")
    return html.replace(b"</h1>", b"</h1><!-- \xff -->", 1)


@pytest.fixture(scope="module")
def encoding_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("encodings")
    pages = {}
    with FaultServer() as srv:
        links = []
        for n, (key, (prov, head, make, ctype)) in enumerate(CASES.items()):
            paragraphs = big_paragraphs() if key.startswith("utf8-big") else None
            pg = page(prov, head, paragraphs)
            body = (make or stray_byte)(pg)
            path = f"/c/2025-04-10/{7001 + n}.shtml"
            srv.server.route("fault", path, _static(body, ctype))
            links.append((srv.url(path), pg.title))
            pages[key] = (pg, body)
        start = page("宁夏", "编码起始页", links=links)
        srv.route("/c/2025-04-10/7000.shtml", "ok", start)
        result = run_crawl(
            "series", tmp, args={"start_url": srv.url("/c/2025-04-10/7000.shtml")},
            settings={**FAST, "SERIES_MIRRORS": srv.netloc,
                      "SERIES_EXPECTED_SIZE": len(CASES) + 1},
            timeout=120,
        )
        yield result, pages


def _static(body: bytes, ctype: str):
    return lambda request: Reply(200, body, {"Content-Type": ctype})


def test_big_pages_really_cut_a_character_at_256_kib():
    # The test's own premise: two of the three alignments end the first 256 KiB inside a
    # character, and each page is over 256 KiB.
    cut = 0
    for shift in range(3):
        body = aligned_utf8(page("北京", "x", big_paragraphs()), shift)
        assert len(body) > 300 * 1024
        try:
            body[:262144].decode("utf-8")
        except UnicodeDecodeError:
            cut += 1
    assert cut == 2


@pytest.mark.parametrize("key", list(CASES))
def test_page_is_decoded_right(encoding_run, key):
    result, pages = encoding_run
    pg, _ = pages[key]
    item = result.by_province().get(pg.province)
    assert item is not None, f"{key}: no item\n{result.stderr[-3000:]}"
    assert item["title"] == pg.title, (key, item["title"][:80])
    assert not looks_like_mojibake(item["text"]), (key, item["text"][:80])
    assert item["text"] == pg.text, (key, item["text"][:80])


def test_every_page_exported(encoding_run):
    result, _ = encoding_run
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(result.items) == len(CASES) + 1
