"""Machine evidence of the publication time: script variables and JSON keys, the <meta>
times that are not the publication time, and machine midnights that stand for a date.

Markup is SYNTHETIC, in the shapes real pages carry.
"""

from __future__ import annotations

import pytest
from lxml import etree

from crawler.clean.decide import decide_published
from crawler.items import Candidate
from crawler.locate.metadata import embedded_candidates
from tests.support.gold import article_of

URL = "http://127.0.0.1:9/news/a123.html"
PARA = "<p>{}</p>".format("近年来，某地工会持续推进服务阵地建设，每年服务职工超过八百万人次。" * 3)


def _published(head: str, body: str = "") -> list[str]:
    html = f"<html><head>{head}</head><body>{body}<p>正文</p></body></html>"
    root = etree.HTML(html)
    return [c.value for c in embedded_candidates(root, html, URL) if c.field == "published_at"]


@pytest.mark.parametrize("data", [
    '{"article_id": "20190907A0", "pubtime": "2019-09-07 19:02:26", "tags": "x"}',
    '{"pubDate": "2019-09-07 19:02:26"}',
    "{\"ptime\" : '2019-09-07 19:02:26'}",
    '{"publishDate": "2019-09-07 19:02:26"}',
    '{"pub_time": "2019-09-07 19:02:26"}',
])
def test_script_json_keys_of_the_publication_time(data):
    assert _published(f"<script>window.DATA = {data};</script>") == ["2019-09-07 19:02:26"]


def test_a_key_inside_a_longer_name_is_not_that_key():
    assert _published('<script>var s = {"uptime": "2019-09-07 19:02:26", '
                      '"lastpubtime": "2019-09-08 10:00:00"};</script>') == []


def test_the_first_occurrence_with_a_value_counts():
    assert _published('<script>var a = {"pubtime": null}; var b = {"pubtime": "2019-09-07 19:02:26"};'
                      '</script>') == ["2019-09-07 19:02:26"]


def test_a_key_listed_with_several_values_is_a_list_of_items_not_the_page():
    script = ('<script>var feed = [{"publishDate": "2019-09-07T00:31:40.109Z"},'
              '{"publishDate": "2019-09-07T05:51:23.000Z"}];</script>')
    assert _published(script) == []
    same = '<script>var a = {"pubtime": "2019-09-07 19:02:26"}; share({pubtime: "2019-09-07 19:02:26"});</script>'
    assert _published(same) == ["2019-09-07 19:02:26"]


@pytest.mark.parametrize("meta", [
    '<meta name="apub:time" content="2019-9-7 21:30:50">',  # when the publishing system built the page
    '<meta itemprop="dateUpdate" content="2019-09-08 10:00:00">',
    '<meta itemprop="dateModified" content="2019-09-08 10:00:00">',
    '<meta property="article:modified_time" content="2019-09-08T10:00:00+08:00">',
])
def test_build_and_update_times_are_not_publication_times(meta):
    assert _published(meta) == []


def test_a_machine_midnight_is_a_date():
    """CMSs keep a date-only publication as 00:00:00: it must not complete a printed date
    with an invented midnight, nor stand as a time alone."""
    labelled = Candidate("published_at", "2012-06-24", "header", "labelled")
    script = Candidate("published_at", "2012-06-24 00:00:00", "script", "script pubtime")
    assert decide_published([labelled, script]).value == "2012-06-24"
    assert decide_published([script]).value == "2012-06-24"
    printed = Candidate("published_at", "2012-06-24T00:00:00+08:00", "header", "labelled")
    assert decide_published([printed]).value == "2012-06-24T00:00:00+08:00"  # printed: kept


def _page(head: str, script: str = "", meta: str = "") -> str:
    return (f"<html><head><title>儿歌被改编_某网</title>{meta}{script}</head><body>"
            f"<div class='main'><h1>儿歌被改编</h1><div class='content'>{head}"
            f"<div class='article'>{PARA * 4}</div></div></div></body></html>")


COLUMN = ('<div class="left"><div class="year"><span>2019</span></div><div class="md">09/07</div>'
          '<div class="time">19:02</div></div>')
DATA = '<script>window.DATA = {"title": "儿歌被改编", "pubtime": "2019-09-07 19:02:26"};</script>'
APUB = '<meta name="apub:time" content="2019-9-7 21:30:50">'


def test_a_visible_column_beats_a_script_key():
    """A date printed between title and body (what the reader sees) ranks above a script key
    (a name guessed in any script: it may be a feed's, or the update time)."""
    art = article_of(_page(COLUMN, DATA, APUB), URL)
    assert art.published_at == "2019-09-07T19:02:00+08:00"
    later = DATA.replace("19:02:26", "19:06:21")  # a script "pubDate" that is the update time
    assert article_of(_page(COLUMN, later, APUB), URL).published_at == "2019-09-07T19:02:00+08:00"


def test_visible_column_alone_and_script_alone():
    assert article_of(_page(COLUMN, meta=APUB), URL).published_at == "2019-09-07T19:02:00+08:00"
    assert article_of(_page("", DATA, APUB), URL).published_at == "2019-09-07T19:02:26+08:00"
    assert article_of(_page("", meta=APUB), URL).published_at is None
