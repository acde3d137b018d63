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


# --- a printed header time against a machine time on the same day ------------------------

def _og(value: str) -> Candidate:
    return Candidate("published_at", value, "opengraph", "meta[article:published_time]")


def test_printed_header_time_gives_the_minute_over_a_machine_time_that_day():
    """The CMS's save/index time is minutes after the time the page prints under its title."""
    value, source = _published(_og("2018-12-28T19:56:29+08:00"), *_line("2018年12月28日 19:55 新京报"))
    assert value == "2018-12-28T19:55:00+08:00"
    assert source == "header:bare"


def test_printed_time_wins_whatever_the_machine_source():
    for machine in (Candidate("published_at", "2019-10-23 09:10:42", "meta", "meta[pubdate]"),
                    Candidate("published_at", "2019-10-23T09:10:42+08:00", "jsonld", "datePublished"),
                    Candidate("published_at", "2019-10-23T01:10:42Z", "time", "<time datetime>")):
        assert _published(machine, *_line("2019年10月23日 09:05"))[0] == "2019-10-23T09:05:00+08:00"


def test_machine_time_that_agrees_to_the_minute_keeps_its_seconds():
    value, source = _published(_og("2019-11-25T18:57:38+08:00"), *_line("2019-11-25 18:57"))
    assert (value, source) == ("2019-11-25T18:57:38+08:00", "opengraph:meta[article:published_time]")


def test_machine_time_agreeing_with_any_printed_time_of_the_day_is_kept():
    value, _ = _published(_og("2019-11-25T18:57:38+08:00"),
                          *_line("2019-11-25 08:00"), *_line("2019-11-25 18:57"))
    assert value == "2019-11-25T18:57:38+08:00"


def test_printed_time_on_another_day_does_not_override_the_machine_time():
    value, source = _published(_og("2018-12-28T19:56:29+08:00"), *_line("2018-12-30 10:00"))
    assert (value, source) == ("2018-12-28T19:56:29+08:00", "opengraph:meta[article:published_time]")


def test_printed_date_without_a_time_takes_the_machine_time_of_day():
    assert _published(_og("2018-12-28T19:56:29+08:00"), *_line("2018年12月28日"))[0] == (
        "2018-12-28T19:56:29+08:00")


def test_yearless_printed_time_takes_the_year_from_the_machine_time():
    value, source = _published(_og("2018-12-28T19:56:29+08:00"), *_line("12-28 19:55"))
    assert (value, source) == ("2018-12-28T19:55:00+08:00", "header:yearless")


def test_printed_time_is_read_in_the_offset_the_machine_time_states():
    value, _ = _published(_og("2025-04-16T10:05:30+09:00"), *_line("2025-04-16 10:03"))
    assert value == "2025-04-16T10:03:00+09:00"


def test_printed_time_outside_the_header_zone_does_not_override():
    body = [c for c in read_line("2018-12-28 19:55", "body-start").candidates
            if c.field == "published_at"]
    assert _published(_og("2018-12-28T19:56:29+08:00"), *body)[0] == "2018-12-28T19:56:29+08:00"
