"""What each setting the project reads must hold: one table, checked once before a crawl starts.

Defaults live in ``crawler/settings.py`` (written once there); this module only says what a
valid value is, so ``scrapy crawl`` can refuse ``-s HEALTH_MIN_COVERAGE=abc`` with one sentence
(exit 2) instead of failing with a traceback half-way through the run. Values given with
``-s`` arrive as strings; the checks accept whatever Scrapy's ``Settings.get*`` would accept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from scrapy.settings import BaseSettings

from crawler.clean.series import DEFAULT_SERIES_NAME


@dataclass(frozen=True)
class Check:
    expects: str  # completes "expected …"
    valid: Callable[[Any], bool]


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def number(low: float, high: float | None = None) -> Callable[[Any], bool]:
    def valid(value: Any) -> bool:
        n = _number(value)
        return n is not None and n == n and n >= low and (high is None or n <= high)
    return valid


def whole(low: int) -> Callable[[Any], bool]:
    def valid(value: Any) -> bool:
        n = _whole(value)
        return n is not None and n >= low
    return valid


def optional(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: value is None or value == "" or check(value)


def _as_list(value: Any) -> list[Any] | None:
    if value is None:
        return []
    if isinstance(value, str):
        return [v for v in (x.strip() for x in value.split(",")) if v]
    if isinstance(value, (list, tuple)):
        return list(value)
    return None


def http_urls(value: Any) -> bool:
    items = _as_list(value)
    if items is None:
        return False
    for url in items:
        if len(str(url)) > 2083:  # what browsers and servers accept; longer is not a page
            return False
        try:
            parts = urlsplit(str(url).strip())
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
    return True


def hosts(value: Any) -> bool:
    items = _as_list(value)
    if items is None:
        return False
    for entry in items:
        text = str(entry).strip()
        if not text or "/" in text or "@" in text or " " in text:
            return False
        try:
            urlsplit(f"http://{text}/").port  # noqa: B018
        except ValueError:
            return False
    return True


def member_floors(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return False
    if not isinstance(value, dict):
        return False
    return all(isinstance(k, str) and whole(0)(v) for k, v in value.items())


def text(value: Any) -> bool:
    return value is None or isinstance(value, (str, bytes)) or hasattr(value, "__fspath__")


SECONDS = "a number of seconds (0 or more)"
# name -> what it must hold. Project settings first, then the Scrapy ones settings.py sets.
CHECKS: dict[str, Check] = {
    "SERIES_START_URLS": Check("http(s) URLs of at most 2,083 characters, comma-separated",
                               http_urls),
    "SERIES_DISCOVERY_URLS": Check(
        "http(s) URLs of at most 2,083 characters, comma-separated (or empty)", http_urls
    ),
    "SERIES_MIRRORS": Check("host names or host:port entries, comma-separated", hosts),
    "SERIES_NAME": Check("a series name (empty: learned from the start page)", text),
    "SERIES_MIN_MEMBERS": Check(
        'a JSON object of series name to a whole number, e.g. {"<series>": 31}', member_floors
    ),
    "SERIES_EXPECTED_SIZE": Check("a whole number (0 or more)", optional(whole(0))),
    "HEALTH_MIN_COVERAGE": Check("a number between 0 and 1", number(0, 1)),
    "STORE_PATH": Check("a file path (empty: no store)", text),
    "EXPORT_PATH": Check("a file path (empty: no export)", text),
    "EXPORT_SERIES": Check("a series name (empty: every series)", text),
    "RETRY_BACKOFF_BASE": Check(SECONDS, number(0)),
    "RETRY_BACKOFF_MAX": Check(SECONDS, number(0)),
    "MAX_DEPTH": Check("a whole number (1 or more)", whole(1)),
    "MAX_BLOCKS": Check("a whole number (1 or more)", whole(1)),
    "MAX_LINKS_PER_PAGE": Check("a whole number (1 or more)", whole(1)),
    "CONCURRENT_REQUESTS": Check("a whole number (1 or more)", whole(1)),
    "CONCURRENT_REQUESTS_PER_DOMAIN": Check("a whole number (1 or more)", whole(1)),
    "DOWNLOAD_DELAY": Check(SECONDS, number(0)),
    "DOWNLOAD_TIMEOUT": Check("a number of seconds (more than 0)", number(0.001)),
    "DOWNLOAD_MAXSIZE": Check("a number of bytes (0: no limit)", whole(0)),
    "RETRY_TIMES": Check("a whole number (0 or more)", whole(0)),
    "AUTOTHROTTLE_START_DELAY": Check(SECONDS, number(0)),
    "AUTOTHROTTLE_MAX_DELAY": Check(SECONDS, number(0)),
    "AUTOTHROTTLE_TARGET_CONCURRENCY": Check("a number (more than 0)", number(0.001)),
    "CLOSESPIDER_ITEMCOUNT": Check("a whole number (0 or more)", whole(0)),
}


def redact(value: str) -> str:
    """``https://user:secret@host/`` -> ``https://user:***@host/``: no password is echoed."""
    return _CREDENTIALS.sub(r"\1:***@", value)


_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/?#@:\s,]*):[^/?#@\s,]*@")


def quote(value: Any, limit: int = 80) -> str:
    """``repr`` of a value a user gave, credentials redacted, at most about ``limit``
    characters."""
    shown = repr(redact(value) if isinstance(value, str) else value)
    return shown if len(shown) <= limit else f"{shown[:limit]}…"


def setting_problems(settings: BaseSettings) -> list[str]:
    """One sentence per setting in :data:`CHECKS` whose value is not valid."""
    found = []
    for name, check in CHECKS.items():
        value = settings.get(name)
        if value is not None and not check.valid(value):  # None: not set, the code's default
            found.append(f"Setting {name}={quote(value)} is not valid: expected {check.expects}.")
    return found


def member_floor_setting(settings: BaseSettings) -> dict[str, int]:
    """SERIES_MIN_MEMBERS, with SERIES_EXPECTED_SIZE (when set) as the default series' floor."""
    floors = {str(k): int(v) for k, v in settings.getdict("SERIES_MIN_MEMBERS").items()}
    alias = settings.get("SERIES_EXPECTED_SIZE")
    if alias not in (None, ""):
        floors[DEFAULT_SERIES_NAME] = int(alias)
    return floors
