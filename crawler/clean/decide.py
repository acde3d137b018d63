"""Decide each header field from its evidence, by a stated order of trust.

Evidence (:class:`crawler.items.Candidate`) comes from everything the page offers: what a
layout's selectors marked, the header zone and the body's first and last lines (read by
``crawler.clean.header``), embedded metadata (JSON-LD, microdata, ``<meta>``, ``<time>``,
script variables), the link that led to the page, and the URL. The first source in
:data:`TRUST` that gives a usable value wins; :class:`Decision` keeps which one did and every
candidate, for the stats and for ``-a explain=1``.

Why this order: a value the page prints under a label (``发布时间：``, ``来源：``, ``记者``) is
what readers see and what the contract asks for; embedded metadata is exact but sometimes
describes the site or the update instead; bare lines and the URL are weakest. Script
variables and JSON keys (``publish_time``, ``pubtime``, ``pubDate``…) rank below a bare date
printed between title and body: their names are guessed in any script, which may hold a
feed's times or the update time; they still outrank dates further from the header, yearless
and relative times (which they complete or replace). A machine 00:00:00 is a date. A date
printed under a publication label away from every zone read (``page:labelled``: an article
footer, a far table row) is the last resort before the URL: it may stand anywhere.

A machine winner still yields its time of day to a time printed in the header zone on the
same calendar day (labelled, bare or yearless): the printed minute is the one readers see,
and a machine time minutes later is often the CMS's save or index time. The machine value
fills in what the print lacks (a time of day, a year) and stands when the printed date is
another day (an update or another event).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from crawler.clean.byline import authors_from_byline, is_fuller_byline, names_from_list
from crawler.clean.dates import (
    CST,
    Relative,
    Stamp,
    find_relative,
    find_yearless,
    parse_machine,
)
from crawler.items import Candidate

# (source, detail) pairs or bare sources, most trusted first, per field.
TRUST: dict[str, tuple[str, ...]] = {
    "published_at": (
        "header:labelled", "jsonld", "microdata", "opengraph", "meta", "time", "header:bare",
        "script", "above-title:labelled", "above-title:bare", "body-start:labelled",
        "body-end:labelled", "body-start:bare", "body-end:bare", "header:yearless",
        "above-title:yearless", "header:relative", "above-title:relative", "body-start:relative",
        "page:labelled", "url",
    ),
    "byline": ("layout", "header", "body-start", "body-end"),
    "authors": ("byline", "jsonld", "microdata", "meta", "opengraph"),
    "source": ("header", "body-start", "body-end", "jsonld", "microdata", "meta"),
}
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[-/]?(\d{2})[-/]?(\d{2})/")


@dataclass
class Decision:
    field: str
    value: object
    source: str | None
    candidates: list[Candidate] = field(default_factory=list)


def _rank(field_name: str, cand: Candidate) -> int:
    order = TRUST[field_name]
    for i, key in enumerate(order):
        if key == cand.source or key == f"{cand.source}:{cand.detail}":
            return i
    return len(order)


def ordered(field_name: str, candidates: list[Candidate]) -> list[Candidate]:
    mine = [c for c in candidates if c.field == field_name]
    return sorted(mine, key=lambda c: _rank(field_name, c))  # stable: page order within a rank


def url_date(url: str) -> Candidate | None:
    m = _URL_DATE.search(url)
    if not m:
        return None
    return Candidate("published_at", f"{m[1]}-{m[2]}-{m[3]}", "url", "path")


def _page_offset(stamps: list[Stamp | None]) -> timezone:
    """The page's own offset: the first non-UTC offset its times state, else China time."""
    for stamp in stamps:
        if stamp is not None and stamp.has_time and stamp.when.utcoffset() != timedelta(0):
            tz = stamp.when.tzinfo
            return tz if isinstance(tz, timezone) else CST
    return CST


def _render_anchor(candidates: list[Candidate]) -> tuple[Candidate, Stamp] | None:
    """When the page says it was rendered (a server time in its scripts): what its relative
    times count back from."""
    for cand in candidates:
        if cand.field == "rendered_at" and (stamp := parse_machine(cand.value)) is not None:
            return cand, stamp
    return None


# Evidence a machine wrote (the rest is printed on the page).
_MACHINE = frozenset({"jsonld", "microdata", "opengraph", "meta", "time", "script"})


def _machine_stamp(cand: Candidate) -> Stamp | None:
    """A machine time; one at 00:00:00 sharp is a date (CMSs keep a date-only publication
    as midnight): it must not complete a printed date with an invented time."""
    stamp = parse_machine(cand.value)
    if (stamp is not None and stamp.has_time and cand.source in _MACHINE
            and stamp.when.hour == stamp.when.minute == stamp.when.second == 0
            and not stamp.when.microsecond):
        return Stamp(stamp.when, False)
    return stamp


# Times printed between title and body: what the reader sees as the publication time.
_PRINTED_HEADER = frozenset({"labelled", "bare", "yearless"})


def _minute(when: datetime) -> datetime:
    return when.replace(second=0, microsecond=0, tzinfo=None)


def _printed_minute(machine: Stamp, stamps: list[tuple[Candidate, Stamp]],
                    tz: timezone) -> tuple[Candidate, Stamp] | None:
    """The time printed in the header zone that replaces a machine winner's time of day.

    On the same calendar day, the printed minute is the publication a reader sees; a machine
    time minutes later is the CMS's save or index time. A machine time agreeing to the minute
    with any printed time of that day is kept (its seconds are the same statement); on
    another day the printed date is an update or another event, and the machine time stands.
    Clocks are compared as the reader sees them: the machine time in the page's offset
    ``tz``, the printed one as printed (its +08:00 was only assumed).
    """
    if not machine.has_time:
        return None
    at = _minute(machine.when.astimezone(tz))
    same_day = [(c, s) for c, s in stamps
                if c.source == "header" and c.detail in _PRINTED_HEADER and s.has_time
                and s.when.date() == at.date()]
    if not same_day or any(_minute(s.when) == at for _, s in same_day):
        return None
    cand, stamp = same_day[0]
    return cand, Stamp(stamp.when.replace(tzinfo=tz), True)


def decide_published(candidates: list[Candidate]) -> Decision:
    """The most trusted publication time, made precise by a less trusted source that states
    the time of day on the same day (the e-paper prints a date, its JSON-LD the minute).

    A relative time (``昨天 18:47``) counts only against the page's own render time; with
    none, its clock time may still complete a date-only winner, and alone it decides nothing
    (``relative:unanchored``: counted and explained, never resolved against the crawl clock).
    A time told in UTC is given in the page's own offset: the same instant, never shifted."""
    ranked = ordered("published_at", candidates)
    parsed = {id(c): _machine_stamp(c) for c in ranked
              if c.detail not in ("yearless", "relative")}
    years = [s.when.year for s in parsed.values() if s is not None]
    tz = _page_offset(list(parsed.values()))
    anchor = _render_anchor(candidates)
    relatives: list[tuple[Candidate, Relative]] = []
    stamps: list[tuple[Candidate, Stamp]] = []
    for cand in ranked:
        if cand.detail == "yearless":  # the year from the page's own most trusted full date
            stamp = find_yearless(cand.value, years[0]) if years else None
        elif cand.detail == "relative":
            if (rel := find_relative(cand.value)) is None:
                continue
            relatives.append((cand, rel))
            stamp = rel.resolve(anchor[1], tz) if anchor else None
        else:
            stamp = parsed[id(cand)]
        if stamp is not None and 1990 <= stamp.when.year <= 2100:
            stamps.append((cand, stamp))
    shown = ranked + ([anchor[0]] if anchor else [])
    if not stamps:
        return Decision("published_at", None, "relative:unanchored" if relatives else None, shown)
    best_cand, best = stamps[0]
    source = f"{best_cand.source}:{best_cand.detail}" if best_cand.detail else best_cand.source
    if not best.has_time:
        for cand, stamp in stamps[1:]:
            if stamp.has_time and stamp.agrees_with(best):
                best, source = stamp, f"{source}+{cand.source}"
                break
        else:
            clocks = [rel.clock for _, rel in relatives if rel.clock is not None]
            if not anchor and clocks and (timed := best.at_clock(*clocks[0])) is not None:
                best, source = timed, f"{source}+relative"  # the day stated, the clock printed
    if best.has_time and best.when.utcoffset() == timedelta(0):
        best = best.in_offset(tz)
    if best_cand.source in _MACHINE and (printed := _printed_minute(best, stamps, tz)):
        best_cand, best = printed
        source = f"{best_cand.source}:{best_cand.detail}"
    return Decision("published_at", best.iso(), source, shown)


def decide_first(field_name: str, candidates: list[Candidate]) -> Decision:
    ranked = ordered(field_name, candidates)
    for cand in ranked:
        if cand.value:
            return Decision(field_name, cand.value, cand.source, ranked)
    return Decision(field_name, None, None, ranked)


def decide_byline(candidates: list[Candidate]) -> Decision:
    """The most trusted byline that names a person, unless a less trusted one names the same
    people and says their role where the winner is only a bare 作者 field or a list of names.

    A byline naming nobody (a layout's 作者 field holding a party branch) does not block one
    that does (the 通讯员 in the body's dateline); it is kept only when no byline names anyone.
    """
    ranked = ordered("byline", candidates)
    named = [c for c in ranked if c.value and authors_from_byline(c.value)]
    decision = decide_first("byline", named or ranked)
    decision.candidates = ranked
    for cand in decision.candidates:
        if cand.value and decision.value and is_fuller_byline(cand.value, str(decision.value)):
            return Decision("byline", cand.value, f"{cand.source}:fuller", decision.candidates)
    return decision


def decide_authors(byline: Decision, candidates: list[Candidate]) -> Decision:
    """Names from the printed byline first; machine author lists only when none is printed.

    A machine author the page prints under an editor's credit (``editor`` candidates:
    【责任编辑：张三】) is the editor: CMSs fill ``<meta name=author>`` with whoever posted."""
    mine = ordered("authors", candidates)
    if byline.value and (names := authors_from_byline(str(byline.value))):
        return Decision("authors", names, f"byline:{byline.source}", mine)
    editors = {c.value for c in candidates if c.field == "editor"}
    for source in TRUST["authors"][1:]:
        values = [c.value for c in mine if c.source == source]
        if names := [n for n in names_from_list(values) if n not in editors]:
            return Decision("authors", names, source, mine)
    return Decision("authors", [], None, mine)
