"""looks_like_mojibake: Chinese read with the wrong encoding is flagged, real Chinese is not.

Tuned and checked on real text: the bundled snapshot and zoo pages and, when the environment
variable REAL_PAGES_DIR names a folder of real pages (the benchmark's --pages, see
benchmarks/README.md: third-party pages, not in this repository), those too.
"""

from __future__ import annotations

import os
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from w3lib.encoding import to_unicode

from crawler.clean.mojibake import looks_like_mojibake
from crawler.middlewares import declared_encodings, encoding_by_evidence

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = sorted((ROOT / "crawler/snapshot/sites").rglob("*.*html"))
ZOO = sorted((ROOT / "tests/zoo/sites").rglob("*.*htm*"))
_REAL_DIR = os.environ.get("REAL_PAGES_DIR")
REAL = sorted(Path(_REAL_DIR).glob("*.html")) if _REAL_DIR else []


def page_texts(path: Path) -> tuple[str, str, list[str]]:
    """(encoding, visible text, paragraphs) of a page, decoded as Scrapy does."""
    body = path.read_bytes()
    encoding = encoding_by_evidence(body, declared_encodings(body))
    text = to_unicode(body, encoding)
    root = lxml.html.fromstring(text)
    for el in root.xpath("//script|//style"):
        el.drop_tree()
    paras = [p.text_content().strip() for p in root.iter("p")]
    return encoding, root.text_content(), [p for p in paras if p]


def misdecode(text: str, encoding: str) -> str:
    """``text`` as a crawler would show it after reading its bytes with the wrong encoding,
    with Scrapy's decoder (w3lib: errors replaced, 0x80 as € for GB18030)."""
    if encoding == "utf-8":
        return to_unicode(text.encode("utf-8"), "gb18030")
    return to_unicode(text.encode(encoding, "replace"), "utf-8")


@pytest.mark.parametrize(("text", "expected"), [
    ("銆愭案杩滆窡鍏氳蛋", True),  # 【永远跟 … UTF-8 read as GBK
    ("姘歌繙璺熷厷璧 濂嬭繘鏂板緛绋", True),
    ("鏂伴椈閾炬帴", True),  # 新闻链接
    ("å·¥ä¼šæ–°é—»", True),  # 工会新闻, UTF-8 read as Windows-1252
    ("\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd", True),  # GBK read as UTF-8
    ("宁夏\ufffd\ufffd\ufffd\ufffd", True),
    ("永远跟党走 奋进新征程 庆祝全总成立100周年·巡礼丨宁夏工会：奋力谱写新篇章", False),
    ("本报记者 张三 通讯员 李四", False),
    ("新闻链接", False),
    ("工会", False),
    ("Copyright © 2025 中工网 版权所有", False),
    ("café, naïve, Zürich — €5", False),
    ("第一段正文\ufffd第二段", False),  # one replaced byte in real text is not mojibake
    ("", False),
    ("plain ASCII text", False),
])
def test_table(text, expected):
    assert looks_like_mojibake(text) is expected


def _corpus() -> tuple[str, list[str]]:
    chars, sentences = set(), []
    for path in SNAPSHOT:
        _, text, paras = page_texts(path)
        chars.update(c for c in text if "\u4e00" <= c <= "\u9fff")
        sentences += [s for p in paras for s in p.split("。") if len(s) >= 6]
    return "".join(sorted(chars)), sorted(set(sentences))


CORPUS, SENTENCES = _corpus()
CHINESE = st.text(alphabet=st.sampled_from(CORPUS + "，。：“”、 0123456789"),
                  min_size=1, max_size=80)


@settings(max_examples=300, deadline=None)
@given(CHINESE)
def test_real_characters_are_never_flagged(text):
    assert not looks_like_mojibake(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(CORPUS), min_size=6, max_size=80))
def test_utf8_read_as_gb18030_is_flagged(text):
    assert looks_like_mojibake(misdecode(text, "utf-8"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map("。".join))
def test_gbk_read_as_utf8_is_flagged(text):
    # Real sentences, not random characters: a few GBK pairs happen to be valid UTF-8 too
    # (一一一 reads as Cyrillic һһһ), which no real sentence sustains.
    assert looks_like_mojibake(misdecode(text, "gb18030"))


@pytest.mark.parametrize("path", SNAPSHOT + ZOO + REAL, ids=lambda p: p.name)
def test_real_pages_are_not_flagged_and_their_misdecodings_are(path):
    encoding, text, paras = page_texts(path)
    assert not looks_like_mojibake(text)
    assert not [p for p in paras if looks_like_mojibake(p)]
    assert looks_like_mojibake(misdecode(text, encoding))
    # Every paragraph long enough to carry evidence is flagged once mis-decoded.
    long = [p for p in paras if sum("\u4e00" <= c <= "\u9fff" for c in p) >= 8]
    missed = [p for p in long if not looks_like_mojibake(misdecode(p, encoding))]
    assert not missed, missed[:3]
