"""Publication times as printed on Chinese news pages -> ISO 8601 with +08:00."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

CST = timezone(timedelta(hours=8), "CST")

# 2025-04-18 07:11:00 | 2025年04月18日09:28 | 2025/4/18 7:11 | 2025.04.18 | 2025年4月18日
DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?:T\s*)?(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?)?"
)


def find_datetime(text: str) -> datetime | None:
    """The first date (and time, if printed) in ``text``, as an aware datetime in CST."""
    for m in DATE_RE.finditer(text):
        try:
            return datetime(
                int(m["y"]), int(m["m"]), int(m["d"]),
                int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0), tzinfo=CST,
            )
        except ValueError:
            continue
    return None


def parse_meta_datetime(value: str) -> datetime | None:
    """A machine-readable time from a <meta> tag (ISO 8601 or free form)."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None:
        found = find_datetime(value)
        if found is not None:
            return found
        import dateparser  # slow to import; only for the odd free-form meta value

        parsed = dateparser.parse(value, settings={"TIMEZONE": "Asia/Shanghai"})
        if parsed is None:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=CST)


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None
