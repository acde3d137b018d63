"""Publication times as pages print them -> ISO 8601, no more precise than the page.

A :class:`Stamp` keeps whether the page gave a time of day: ``2025-03-22`` stays a date,
never ``T00:00:00``. Times without an offset are China Standard Time (+08:00).

Relative times (``昨天 18:47``, ``3小时前``, ``刚刚``) are read as :class:`Relative` and only
become a stamp against an anchor the page itself gives (:meth:`Relative.resolve`): the time
the page says it was rendered, never the crawl clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

CST = timezone(timedelta(hours=8), "CST")

_TIME = r"(?:\s*(?:T|日)?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?)?"
# The day: two digits may run straight into the time when date and time are two inline
# elements printed without a gap ("2018-03-08" "23:16" -> "2018-03-0823:16").
_DAY = r"(?P<d>\d{2}(?=\d{1,2}\s*[:：]\s*\d{2})|\d{1,2}(?!\d))"
# 2025-04-18 07:11:00 | 2025年04月18日09:28 | 2025/4/18 7:11 | 2025.04.18 | 2025年4月18日
DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*" + _DAY + r"\s*日?"
    + _TIME
)
# A month by name, then the day and the year: what blog themes print (WordPress's "F jS, Y",
# "M j, Y"), in English or with Chinese month names (十一月 6th, 2009 | November 6th, 2009 at
# 12:40 pm | Sept. 23, 2012). Read in header lines only, like every printed date.
_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
           "sep": 9, "oct": 10, "nov": 11, "dec": 12}
_HAN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
               "十": 10, "十一": 11, "十二": 12}
NAMED_MONTH_RE = re.compile(
    r"(?:(?<![一二三四五六七八九十])(?P<hm>十[一二]?|[一二三四五六七八九])月\s*"
    r"|(?<![A-Za-z])(?P<em>(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))[a-z]*\.?\s+)"
    r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(?P<y>(?:19|20)\d{2})(?!\d)"
    r"(?:\s*(?:,|at|@)?\s*(?P<H>\d{1,2})\s*:\s*(?P<M>\d{2})(?::(?P<S>\d{2}))?(?!\d)"
    r"\s*(?P<ap>(?i:[ap]\.?m\.?)|上午|下午|晚上)?)?"
)
# What every such date holds: a first test, one C call, before the full pattern is tried.
_MONTH_WORD = re.compile(r"月\s*\d|[A-Za-z]\.?\s+\d")
_EN_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
                   "september", "sept", "october", "november", "december")
# 04-18 07:11 | 4月18日 07:11: no year; the year must come from the page's own context.
SHORT_RE = re.compile(
    r"(?<![\d\-/.年])(?P<m>\d{1,2})\s*[-/月]\s*(?P<d>\d{1,2})\s*日?\s+"
    r"(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{2})(?!\d)"
)
# 昨天 18:47 | 前天 09:00 | 今天 08:00 | 3小时前 | 25分钟前 | 2天前 | 刚刚
# A token of its own (line start/end, spaces, ·, |, a label's colon): "刚刚结束的比赛" is prose.
_SEP = r"\s·•|｜/：:"
RELATIVE_RE = re.compile(
    rf"(?<![^{_SEP}])(?:"
    r"(?P<day>今天|昨天|前天)\s*(?P<H>\d{1,2})\s*[:：]\s*(?P<M>\d{2})"
    r"|(?P<n>\d{1,3})\s*(?P<unit>秒|分钟|小时|天)前"
    r"|(?P<now>刚刚)"
    rf")(?![^{_SEP}])"
)
_DAYS_BACK = {"今天": 0, "昨天": 1, "前天": 2}
# What a printed date's label says it is. The label is the text just before the date (since
# the previous date on the line), so one line may carry a publication and an update time.
#
# Publication labels (a date after one is ``labelled``): 发布/发表/发稿/刊发/刊登/出版/首发/上线,
# alone or with 时间/日期/于 (发布时间：, 发表于, 发布于, 发表日期：, 发稿时间：), and a bare 时间：
# or 日期：, which on an article's header strip is its publication. 稿件日期 and 录入时间 /
# 添加时间 (when the piece went into the site's system; small CMS sites print nothing else)
# count too, through their 日期 / 时间.
PUBLICATION_LABEL = re.compile(
    r"(?:发布|发表|发稿|刊发|刊登|出版|首发|上线)(?:时间|日期|于)?|时间|日期"
)
# Labels of other events: a date after one of these is never the publication time (updated,
# revised, edited, commented, replied, visited, "as of", page generated, collected).
NOT_PUBLICATION = re.compile(r"更新|修改|修订|编辑于|评论|回复|访问|截至|截止|生成|采集|抓取")
# The same words just after a date ("2025-04-15 08:00 更新") name that date too, unless they
# begin the next date's label (… 更新时间：…). Not 编辑: "07:11 编辑：张三" labels the editor.
NOT_PUBLICATION_AFTER = re.compile(r"\s*(?:更新|修改|修订)(?!\s*(?:时间|日期|于|[：:]))")
# Lines of site furniture: no date on them is a publication date.
FOOTER_LINE = re.compile(r"©|版权|Copyright|备案|ICP", re.I)
# 18-03-08 23:16: a two-digit year, read only right after a publication label (发布时间：18-03-08):
# alone it could be a number, a code or a score.
SHORT_YEAR_RE = re.compile(
    r"(?:" + PUBLICATION_LABEL.pattern + r")\s*[：:]?\s*"
    r"(?<!\d)(?P<y>\d{2})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)" + _DAY + _TIME
)


@dataclass(frozen=True, order=True)
class Stamp:
    """A point in time as precise as the page stated it."""

    when: datetime  # aware
    has_time: bool

    def iso(self) -> str:
        if not self.has_time:
            return self.when.date().isoformat()
        return self.when.isoformat()

    @property
    def day(self) -> date:
        return self.when.date()

    def agrees_with(self, other: Stamp) -> bool:
        """Same calendar day in China time (a date-only stamp agrees with a time that day)."""
        return self.when.astimezone(CST).date() == other.when.astimezone(CST).date()

    def in_offset(self, tz: timezone) -> Stamp:
        """The same instant told in ``tz`` (a UTC machine time told in the page's own offset)."""
        if not self.has_time:
            return self
        return Stamp(self.when.astimezone(tz), True)

    def at_clock(self, hour: int, minute: int) -> Stamp | None:
        """This stamp's day at a printed clock time (for a date-only stamp)."""
        try:
            return Stamp(self.when.replace(hour=hour, minute=minute, second=0, microsecond=0), True)
        except ValueError:
            return None


@dataclass(frozen=True)
class Relative:
    """A time printed relative to when the page was rendered: ``昨天 18:47``, ``3小时前``."""

    days: int | None = None  # 今天 0, 昨天 1, 前天 2, N天前 N
    clock: tuple[int, int] | None = None  # the printed HH:MM, with a day word
    ago: timedelta | None = None  # N秒/分钟/小时前; 刚刚 is 0
    coarse: bool = False  # N小时前 / N天前: the day is known, not the minute

    def resolve(self, anchor: Stamp, tz: timezone = CST) -> Stamp | None:
        """The stamp this names, counted back from ``anchor`` (the page's render time) in the
        page's offset ``tz``, as precise as the page says: ``3小时前`` and ``2天前`` give a
        date, not a minute."""
        local = anchor.when.astimezone(tz) if anchor.has_time else anchor.when
        if self.clock is not None and self.days is not None:
            return Stamp(local - timedelta(days=self.days), False).at_clock(*self.clock)
        if not anchor.has_time:
            return None  # "3小时前" needs the anchor's time of day
        if self.days is not None:
            day = (local - timedelta(days=self.days)).date()
            return Stamp(datetime(day.year, day.month, day.day, tzinfo=local.tzinfo), False)
        if self.ago is None:
            return None
        if self.coarse:  # N小时前: somewhere in the hour before; a date only if that is one day
            latest, earliest = local - self.ago, local - self.ago - timedelta(hours=1)
            if latest.date() != earliest.date():
                return None
            return Stamp(datetime(latest.year, latest.month, latest.day, tzinfo=local.tzinfo),
                         False)
        when = (local - self.ago).replace(second=0, microsecond=0)
        return Stamp(when, True)


def find_relative(text: str) -> Relative | None:
    """The first relative time in ``text`` (``昨天 18:47``, ``3小时前``, ``刚刚``)."""
    m = RELATIVE_RE.search(text)
    if not m:
        return None
    if m["day"]:
        hour, minute = int(m["H"]), int(m["M"])
        if hour > 23 or minute > 59:
            return None
        return Relative(days=_DAYS_BACK[m["day"]], clock=(hour, minute))
    if m["now"]:
        return Relative(ago=timedelta(0))
    n, unit = int(m["n"]), m["unit"]
    if unit == "天":
        return Relative(days=n, coarse=True)
    if unit == "小时":
        return Relative(ago=timedelta(hours=n), coarse=True)
    return Relative(ago=timedelta(minutes=n) if unit == "分钟" else timedelta(seconds=n))


def _build(y: int, m: int, d: int, hh: str | None, mm: str | None, ss: str | None) -> Stamp | None:
    try:
        if hh is None:
            return Stamp(datetime(y, m, d, tzinfo=CST), False)
        return Stamp(datetime(y, m, d, int(hh), int(mm or 0), int(ss or 0), tzinfo=CST), True)
    except ValueError:
        return None


def _full_dates(text: str) -> Iterator[tuple[re.Match[str], Stamp]]:
    """Every date with a four-digit year in ``text``, with its match, in order."""
    for m in DATE_RE.finditer(text):
        stamp = _build(int(m["y"]), int(m["m"]), int(m["d"]), m["H"], m["M"], m["S"])
        if stamp is not None:
            yield m, stamp


def _named_month_dates(text: str) -> list[tuple[re.Match[str], Stamp]]:
    """Every ``十一月 6th, 2009`` / ``November 6th, 2009`` date in ``text``, in order."""
    found = []
    for m in NAMED_MONTH_RE.finditer(text):
        if m["em"] is not None:
            word = text[m.start("em"):m.end()].split(".")[0].split()[0].lower()
            if word not in _EN_MONTH_NAMES and word not in _MONTHS:
                continue  # Mayday, Marching: a word, not a month
            month = _MONTHS[word[:3]]
        else:
            month = _HAN_MONTHS[m["hm"]]
        hour = m["H"]
        if hour is not None and m["ap"] and int(hour) <= 12:
            pm = m["ap"] in ("下午", "晚上") or m["ap"][0] in "pP"
            hour = str(int(hour) % 12 + (12 if pm else 0))
        stamp = _build(int(m["y"]), month, int(m["d"]), hour, m["M"], m["S"])
        if stamp is not None:
            found.append((m, stamp))
    return found


def find_stamps(text: str) -> list[Stamp]:
    """Every full date (with its time, where printed) in ``text``, in order."""
    return [stamp for _, stamp in _full_dates(text)]


def _short_year(yy: str) -> int:
    return int(yy) + (1900 if int(yy) >= 90 else 2000)


def printed_dates(text: str) -> list[tuple[re.Match[str], Stamp, bool]]:
    """Every date printed in ``text`` with its match and whether the match carries its own
    publication label (a two-digit year is read only with one), in order."""
    found = [(m, stamp, False) for m, stamp in _full_dates(text)]
    if not found and _MONTH_WORD.search(text):  # a month by name, only where no number date is
        found = [(m, stamp, False) for m, stamp in _named_month_dates(text)]
    if "-" in text or "/" in text or "." in text:
        for m in SHORT_YEAR_RE.finditer(text):
            stamp = _build(_short_year(m["y"]), int(m["m"]), int(m["d"]), m["H"], m["M"], m["S"])
            if stamp is not None:
                found.append((m, stamp, True))
        found.sort(key=lambda f: f[0].start())
    return found


# A date printed in parts, one element each: a year, its month and day, a clock time (a
# column beside the article: "2019" / "09/07" / "19:02"), or a date and the time in the next
# element. The zone gives each element its own line; these are joined back into one.
_YEAR_PART = re.compile(r"^(?P<y>(?:19|20)\d{2})\s*年?$")
_MONTH_DAY_PART = re.compile(r"^(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?$")
_CLOCK_PART = re.compile(r"^\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?$")
_DATE_AT_END = re.compile(r"\d\s*日?$")


def _month_day(text: str) -> re.Match[str] | None:
    m = _MONTH_DAY_PART.match(text)
    return m if m and 1 <= int(m["m"]) <= 12 and 1 <= int(m["d"]) <= 31 else None


def _ends_with_date(text: str) -> bool:
    """``text`` ends with a date that has no time of day."""
    if not _DATE_AT_END.search(text):
        return False
    dates = printed_dates(text)
    return bool(dates) and dates[-1][0].end() == len(text) and not dates[-1][1].has_time


def join_split_dates(lines: list[str]) -> list[str]:
    """``lines`` with a date printed over consecutive lines joined into one line."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        text = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if (y := _YEAR_PART.match(text)) and (md := _month_day(nxt)):
            text, i = f"{y['y']}-{md['m']}-{md['d']}", i + 1
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if _CLOCK_PART.match(nxt) and _ends_with_date(text):
            text, i = f"{text} {nxt}", i + 1
        out.append(text)
        i += 1
    return out


def find_stamp(text: str) -> Stamp | None:
    stamps = find_stamps(text)
    return stamps[0] if stamps else None


def find_yearless(text: str, year: int) -> Stamp | None:
    """``04-18 07:11`` with the year the page's own context gives."""
    m = SHORT_RE.search(text)
    if not m:
        return None
    return _build(year, int(m["m"]), int(m["d"]), m["H"], m["M"], None)


_CLOCK = re.compile(r"\d{1,2}:\d{2}")
_ISO_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_machine(value: str | None) -> Stamp | None:
    """A machine-readable time (JSON-LD, ``<meta>``, ``<time datetime>``, a Unix time)."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit() and len(value) in (10, 13):  # Unix seconds / milliseconds
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        try:
            return Stamp(datetime.fromtimestamp(seconds, CST), True)
        except (OverflowError, OSError, ValueError):
            return None
    if _ISO_DATE_ONLY.match(value):
        return _build(int(value[:4]), int(value[5:7]), int(value[8:10]), None, None, None)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return find_stamp(value) or _dateparser(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=CST)
    return Stamp(parsed, True)


def _dateparser(value: str) -> Stamp | None:
    import dateparser  # slow to import; only for the odd free-form machine value

    parsed = dateparser.parse(value, settings={"TIMEZONE": "Asia/Shanghai",
                                               "RETURN_AS_TIMEZONE_AWARE": True})
    if parsed is None:
        return None
    has_time = bool(_CLOCK.search(value))
    return Stamp(parsed if has_time else parsed.replace(hour=0, minute=0, second=0), has_time)


def find_datetime(text: str) -> datetime | None:
    """The first date (and time) in ``text`` as a datetime, for callers that need no precision."""
    stamp = find_stamp(text)
    return stamp.when if stamp else None
