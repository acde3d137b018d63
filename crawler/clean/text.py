"""Plain-text normalization shared by every field."""

from __future__ import annotations

import html
import re
import unicodedata

# Zero-width and formatting characters that never belong in stored text.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad]")


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch not in "\n\t"


def clean_text(value: str | None) -> str:
    """One line of plain text: entities decoded, invisible characters and indents removed,
    white space collapsed to single spaces. Punctuation is kept as the page printed it."""
    if not value:
        return ""
    text = value
    # Pages double-escape (&amp;nbsp;); unescape until stable.
    for _ in range(8):
        if "&" not in text:
            break
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    # str.split() splits on every Unicode space (NBSP, U+3000 ideographic, U+2000-200A …).
    # Invisible characters are no spaces and none is printable: a line printable once its
    # spaces are collapsed holds none (most lines), the others are cleaned from the start.
    joined = " ".join(text.split())
    if joined.isprintable():
        return joined
    text = " ".join(_INVISIBLE.sub("", text).split())
    # isprintable() runs in C and is False for every control/format character (and for
    # unassigned ones, which the slow path keeps): most lines never take the slow path.
    if not text.isprintable():
        text = " ".join("".join(c for c in text if not _is_control(c)).split())
    return text



_FOLD = str.maketrans("，：；（）！？【】　", ",:;()!?[] ")


def fold_width(text: str) -> str:
    """Full-width punctuation folded to ASCII, for comparisons only (never for output)."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD)


# What sites append to a page's <title>: " - 中工网", "_新闻_网易", "|人民网" (one to a few short
# parts after a separator). The one owner of that pattern, for locators and cleaners alike.
_SITE_SUFFIX = re.compile(
    r"\s*(?:[-_|｜]{1,2}|--|—)\s*[^-_|｜—]{1,24}(?:\s*(?:[-_|｜]{1,2}|--|—)\s*[^-_|｜—]{1,24})*$"
)


def without_site_suffix(title: str) -> str:
    """``title`` without the site and channel names a <title> appends (unchanged when that
    would leave nothing)."""
    return _SITE_SUFFIX.sub("", title) or title


def char_pairs(text: str) -> set[str]:
    """The pairs of neighbouring characters of ``text``, white space removed: how alike two
    headlines are, in Chinese, where words are not spaced."""
    text = "".join(text.split())
    return {text[i : i + 2] for i in range(len(text) - 1)}
