"""Publication times: relative times, the page's own offset, and the order of trust."""

from __future__ import annotations

import pytest

from crawler.clean.dates import find_relative, parse_machine
from crawler.clean.decide import decide_published
from crawler.clean.header import read_line
from crawler.items import Candidate

RENDERED = "2025-04-14T10:02:31+08:00"  # the anchor: when the page says it was rendered


def _published(*cands: Candidate) -> tuple[str | None, str | None]:
    decision = decide_published(list(cands))
    return decision.value, decision.source  # type: ignore[return-value]


def _line(text: str) -> list[Candidate]:
    return [c for c in read_line(text, "header").candidates if c.field == "published_at"]


def _anchor(value: str = RENDERED) -> Candidate:
    return Candidate("rendered_at", value, "script", "script serverTime")


@pytest.mark.parametrize(("printed", "expected"), [
    ("昨天 18:47", "2025-04-13T18:47:00+08:00"),
    ("前天 09:00", "2025-04-12T09:00:00+08:00"),
    ("今天 08:05", "2025-04-14T08:05:00+08:00"),
    ("25分钟前", "2025-04-14T09:37:00+08:00"),
    ("刚刚", "2025-04-14T10:02:00+08:00"),
    ("3小时前", "2025-04-14"),  # the hour is not stated to the minute: the day only
    ("2天前", "2025-04-12"),
])
def test_relative_time_counts_back_from_the_pages_render_time(printed, expected):
    assert find_relative(printed) is not None
    value, source = _published(*_line(f"苏州工会 · {printed}"), _anchor())
    assert (value, source) == (expected, "header:relative")


def test_hours_ago_across_midnight_gives_nothing():
    # rendered 01:30: "1小时前" is some time from 23:30 the day before to 00:30: no one day
    assert _published(*_line("1小时前"), _anchor("2025-04-14T01:30:00+08:00"))[0] is None
    assert _published(*_line("1小时前"), _anchor("2025-04-14T02:30:00+08:00"))[0] == "2025-04-14"


def test_render_time_in_ms_epoch_anchors_too():
    value, _ = _published(*_line("前天 09:00"), _anchor("1744596151000"))
    assert value == "2025-04-12T09:00:00+08:00"


def test_unanchored_relative_time_is_not_resolved_against_the_crawl_clock():
    value, source = _published(*_line("3小时前"))
    assert value is None
    assert source == "relative:unanchored"  # counted in the stats, shown by explain


def test_machine_time_beats_a_printed_relative_time():
    value, source = _published(
        *_line("昨天 18:47"),
        Candidate("published_at", "1744541243", "script", "script publish_time"),
        _anchor(),
    )
    assert value == "2025-04-13T18:47:23+08:00"
    assert source == "script:script publish_time"


def test_relative_clock_completes_a_date_only_winner():
    value, source = _published(
        *_line("昨天 18:47"), Candidate("published_at", "2025-04-13", "jsonld", "datePublished"))
    assert value == "2025-04-13T18:47:00+08:00"
    assert source == "jsonld:datePublished+relative"


def test_anchored_relative_on_another_day_does_not_complete_a_date():
    value, _ = _published(*_line("昨天 18:47"), _anchor(),
                          Candidate("published_at", "2025-04-10", "jsonld", "datePublished"))
    assert value == "2025-04-10"


@pytest.mark.parametrize("text", [
    "刚刚结束的职工运动会", "在3天前的会上", "昨天的比赛", "评论 3小时前", "更新于 2天前",
])
def test_relative_words_in_prose_or_on_decoy_lines_are_no_evidence(text):
    assert _line(text) == []


def test_utc_machine_time_is_told_in_the_pages_own_offset():
    value, _ = _published(
        Candidate("published_at", "2025-04-16T01:05:00+00:00", "opengraph", "meta"),
        Candidate("published_at", "2025-04-16T09:05:00+08:00", "time", "<time datetime>"),
    )
    assert value == "2025-04-16T09:05:00+08:00"  # the same instant, never shifted


def test_utc_machine_time_alone_is_told_in_china_time():
    value, _ = _published(Candidate("published_at", "2025-04-15T23:30:00Z", "jsonld", "x"))
    assert value == "2025-04-16T07:30:00+08:00"


def test_a_page_that_states_another_offset_keeps_it():
    value, _ = _published(
        Candidate("published_at", "2025-04-16T01:05:00+00:00", "opengraph", "meta"),
        Candidate("published_at", "2025-04-16T10:05:00+09:00", "time", "<time datetime>"),
    )
    assert value == "2025-04-16T10:05:00+09:00"
    assert parse_machine(value).when == parse_machine("2025-04-16T01:05:00Z").when


def test_date_only_stays_a_date():
    assert _published(*_line("2025-04-17"))[0] == "2025-04-17"
