"""Is this text mojibake: Chinese in one encoding decoded as another?

The mis-decodings a Chinese news crawler meets, and how each is recognised:

* UTF-8 bytes read as GBK/GB18030 (``永远跟党走`` → ``姘歌繙璺熷厷璧``): every pair of UTF-8
  bytes becomes one valid but rare CJK character. Encoding the text back to GB18030 gives the
  original bytes, which decode as UTF-8 into ordinary Chinese.
* UTF-8 bytes read as Latin-1 / Windows-1252 (``å·¥ä¼``): the same round trip through cp1252.
* GBK bytes read as UTF-8 with replacement: the text is mostly ``U+FFFD``.

Genuine Chinese text round-trips into invalid UTF-8 (almost every character fails), so the
decision is a count of characters recovered against characters that fail, not a guess from
character frequencies.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_LOST = re.compile(r"[\ufffd\ue000-\uf8ff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Fewer recovered characters than this is no evidence (a stray pair of rare characters).
MIN_RECOVERED = 2


def _recovered(text: str, encoding: str) -> tuple[int, int]:
    """(CJK characters recovered, characters failing) when ``text``'s bytes in ``encoding``
    are read as UTF-8."""
    good = bad = 0
    # U+FFFD and private-use characters stand where the mis-decoding lost bytes: the bytes between two of them are read on their own, and a
    # character cut at either end of such a piece is not counted against it.
    for piece in _LOST.split(text):
        if piece.isascii():
            continue
        if encoding == "gb18030":  # w3lib's GB18030 decoder reads a lone 0x80 as €
            data = b"\x80".join(p.encode(encoding, "ignore") for p in piece.split("\u20ac"))
        else:
            data = piece.encode(encoding, "ignore")
        decoded = data.decode("utf-8", "replace").strip("\ufffd")
        good += len(_CJK.findall(decoded))
        bad += decoded.count("\ufffd")
    return good, bad


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def looks_like_mojibake(text: str) -> bool:
    """True when ``text`` reads as Chinese decoded with the wrong encoding."""
    if not text or text.isascii():
        return False
    non_ascii = len(_NON_ASCII.findall(text))
    replaced = text.count("\ufffd")
    if replaced >= 3 and replaced * 5 >= non_ascii:  # undecodable: mostly U+FFFD
        return True
    # UTF-8 bytes read as GB18030 leave private-use code points beside U+FFFD; real text
    # has neither in its title or body (icon-font glyphs sit in navigation, not there).
    private = len(_PRIVATE_USE.findall(text))
    if private and (replaced or private * 5 >= non_ascii):
        return True
    for encoding in ("gb18030", "cp1252"):
        good, bad = _recovered(text, encoding)
        if good >= MIN_RECOVERED and good > 2 * bad:
            return True
    return False
