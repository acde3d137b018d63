"""Property tests for the cleaning functions and the block walk (hypothesis).

Each property is something every input must satisfy, whatever a hostile or broken page sends.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime, timedelta

import lxml.html
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crawler.clean.assemble import build_article
from crawler.clean.byline import authors_from_byline
from crawler.clean.dates import find_datetime
from crawler.clean.provinces import PROVINCES, normalize_province
from crawler.clean.text import clean_text
from crawler.items import BLOCK_KINDS, Block, LocatedPage
from crawler.locate.blocks import flatten
from crawler.locate.sanitize import sanitize

FAST = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
CST = timedelta(hours=8)

# Text that looks like what pages send: CJK, ASCII, every kind of space and invisible
# character, entities (also double-escaped ones), controls, full-width punctuation.
FRAGMENTS = st.sampled_from([
    "工会", "职工", "宁夏", "，", "。", "“", "”", "：", "——", "a", "Z", "1", "<", ">", "&",
    " ", "\t", "\n", "\r", "\u3000", "\u00a0", "\u200b", "\u200c", "\u200d", "\ufeff",
    "\u00ad", "\u2028", "\u2009", "\u202f", "\x00", "\x07", "\x1b", "\x7f", "\x85",
    "&nbsp;", "&amp;", "&lt;p&gt;", "&#12288;", "&#8203;", "&#x3000;", "&amp;nbsp;",
    "&amp;amp;", "&#0;", "&#1;", "&#xD800;", "&ldquo;", "\ud7ff", "\ue000", "\U0001f600",
])
PAGE_TEXT = st.one_of(
    st.lists(FRAGMENTS, max_size=30).map("".join),
    st.text(max_size=60),
)
_BAD = re.compile("[\u3000\u200b\u00a0\ufeff\u200c\u200d\u00ad]")


def _controls(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co")]


# -- clean_text --------------------------------------------------------------------------------

@FAST
@given(PAGE_TEXT)
def test_clean_text_output_is_one_clean_line(raw):
    out = clean_text(raw)
    assert not _controls(out), (raw, out)
    assert not _BAD.search(out), (raw, out)
    assert out == out.strip()
    assert "  " not in out
    assert "\n" not in out and "\t" not in out


@FAST
@given(PAGE_TEXT)
@example("&amp;amp;")  # double-escaped in the page, as some CMSs do
@example("&amp;#8203;")
def test_clean_text_is_idempotent(raw):
    once = clean_text(raw)
    assert clean_text(once) == once, (raw, once, clean_text(once))


@FAST
@given(st.text(alphabet=st.characters(categories=["Lo", "Nd", "Po", "Lu", "Ll"]), max_size=40))
def test_clean_text_keeps_plain_text(raw):
    # Text with nothing to clean comes back as it went in (the page's punctuation is kept).
    assert clean_text(raw) == raw.strip()


# -- find_datetime -----------------------------------------------------------------------------

@FAST
@given(PAGE_TEXT)
@example("2025-02-30 25:61")
@example("2025年13月01日")
@example("２０２５年４月１０日")  # full-width digits
@example("2025-04-10 ٠٧:٠٥")  # Arabic-Indic digits match \d
def test_find_datetime_never_raises_and_is_cst(raw):
    dt = find_datetime(raw)
    assert dt is None or dt.utcoffset() == CST


_DATE_FORMATS = [
    "{y}-{m:02d}-{d:02d} {H:02d}:{M:02d}:{S:02d}",
    "{y}年{m:02d}月{d:02d}日{H:02d}:{M:02d}",
    "{y}年{m}月{d}日 {H}:{M:02d}",
    "{y}/{m}/{d} {H}:{M:02d}",
    "发布时间：{y}-{m:02d}-{d:02d} {H:02d}:{M:02d}:{S:02d} 来源：工人日报",
]


@FAST
@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31)),
       st.sampled_from(_DATE_FORMATS), st.sampled_from(["", "工人日报 ", "阅读 775 次 "]))
def test_find_datetime_reads_printed_times(when, fmt, prefix):
    text = prefix + fmt.format(y=when.year, m=when.month, d=when.day, H=when.hour,
                               M=when.minute, S=when.second)
    found = find_datetime(text)
    assert found is not None, text
    assert found.utcoffset() == CST
    expected = when.replace(microsecond=0, second=when.second if "{S" in fmt else 0)
    assert found.replace(tzinfo=None) == expected, text


# -- authors_from_byline -----------------------------------------------------------------------

ROLE_WORDS = ("记者", "通讯员", "实习生", "撰稿", "作者", "摄影", "编译", "本报", "编辑")
BYLINE_TEXT = st.one_of(
    PAGE_TEXT,
    st.lists(st.sampled_from([
        "本报记者", "记者", "通讯员", "特约记者", "实习生", "编辑", "责任编辑", "文/", "图：",
        "摄影", "工人日报", "中工网", "张三", "李四", "王小明", "欧阳娜娜", "阿依古丽·买买提",
        "John Smith", " ", "、", "，", "（", "）", "/", "：",
    ]), max_size=12).map("".join),
)


@FAST
@given(BYLINE_TEXT)
@example("记者记者记者")
@example("作者摄影")
def test_authors_are_bare_names(byline):
    names = authors_from_byline(byline)
    assert len(names) == len(set(names))
    for name in names:
        assert name and not re.search(r"\s", name), (byline, names)
        assert not any(role in name for role in ROLE_WORDS), (byline, names)
        assert name not in ("工人日报", "中工网", "新华社", "人民网", "人民日报"), (byline, names)


SURNAMES = "王李张刘陈杨黄赵周吴"
GIVEN = "伟芳娜敏静丽强磊军洋"
NAMES = st.builds(lambda s, g: s + g, st.sampled_from(SURNAMES),
                  st.text(alphabet=GIVEN, min_size=1, max_size=2))


@FAST
@given(st.lists(st.tuples(st.sampled_from(["本报记者", "记者", "通讯员", "特约记者", "实习生",
                                           "摄影", "编辑", "责任编辑"]),
                          st.lists(NAMES, min_size=1, max_size=3, unique=True)),
                min_size=1, max_size=3),
       st.sampled_from([" ", "　", "，"]))
def test_byline_names_by_role(parts, sep):
    byline = sep.join(f"{role} {' '.join(names)}" for role, names in parts)
    authors_expected: list[str] = []
    for role, names in parts:
        if "编辑" not in role and role != "摄影":  # editors and photographers are not authors
            authors_expected += [n for n in names if n not in authors_expected]
    assert authors_from_byline(byline) == authors_expected, byline


# -- normalize_province ------------------------------------------------------------------------

@FAST
@given(st.sampled_from(sorted(PROVINCES)), st.sampled_from(["short", "full"]),
       st.sampled_from(["", "工会", "总工会"]), st.sampled_from(["", " ", "\u3000"]))
def test_province_forms_round_trip(short, form, suffix, space):
    name = (short if form == "short" else PROVINCES[short]) + suffix
    spaced = space.join(name) if space else name
    assert normalize_province(name) == short, name
    assert normalize_province(spaced) == short, spaced
    assert normalize_province(normalize_province(name)) == short


@FAST
@given(PAGE_TEXT)
def test_normalize_province_never_raises(raw):
    out = normalize_province(raw)
    assert out is None or out in PROVINCES


# -- flatten -----------------------------------------------------------------------------------

# Visible text uses these characters only; text that must never come out uses the marker.
VISIBLE = st.text(alphabet="工会职工宁夏劳动竞赛。，abc", min_size=1, max_size=6)
MARK = "泄"
# Content models the HTML parser keeps as written (lxml closes <p>/<b> before a block, as
# browsers close <p>; such markup would test the parser, not the walk).
PHRASING = ["span", "b", "strong", "em", "font"]
FLOW = ["div", "section", "blockquote"]
PHRASING_BLOCK = ["p", "h2"]  # blocks that may hold phrasing content only
INVISIBLE = ["script", "style", "noscript", "template", "textarea", "iframe"]
HIDING = ["", "", " hidden", ' style="display:none"', ' style="visibility: hidden"',
          ' aria-hidden="true"']

LEAVES = st.one_of(
    st.tuples(st.just("text"), VISIBLE),
    st.tuples(st.just("invisible"), st.sampled_from(INVISIBLE)),
    st.tuples(st.just("comment")),
    st.tuples(st.just("br")),
    st.tuples(st.just("handler")),
)
LINK = st.tuples(st.just("el"), st.just("a"), st.sampled_from(HIDING),
                 st.lists(LEAVES, max_size=3))
PHRASING_TREE = st.recursive(
    st.one_of(LEAVES, LINK),
    lambda kids: st.tuples(st.just("el"), st.sampled_from(PHRASING), st.sampled_from(HIDING),
                           st.lists(kids, max_size=4)),
    max_leaves=15,
)
TREE = st.recursive(
    st.one_of(
        PHRASING_TREE,
        st.tuples(st.just("el"), st.sampled_from(PHRASING_BLOCK), st.sampled_from(HIDING),
                  st.lists(PHRASING_TREE, max_size=4)),
    ),
    lambda kids: st.tuples(st.just("el"), st.sampled_from(FLOW), st.sampled_from(HIDING),
                           st.lists(kids, max_size=4)),
    max_leaves=40,
)


def render(node, hidden: bool = False) -> tuple[str, list[str]]:
    """Markup of ``node`` and the visible text tokens it holds, in document order."""
    kind = node[0]
    if kind == "text":
        return (MARK if hidden else node[1]), ([] if hidden else [node[1]])
    if kind == "invisible":
        return f"<{node[1]}>{MARK}{MARK}</{node[1]}>", []
    if kind == "comment":
        return f"<!-- {MARK} <p>{MARK}</p> -->", []
    if kind == "br":
        return "<br>", []
    if kind == "handler":
        return f'<span onclick="{MARK}()" onmouseover="alert(\'{MARK}\')"></span>', []
    _, tag, attrs, children = node
    hide = hidden or bool(attrs)
    parts = [render(c, hide) for c in children]
    html = f"<{tag}{attrs}>" + "".join(p[0] for p in parts) + f"</{tag}>"
    return html, [t for p in parts for t in p[1]]


@FAST
@given(st.lists(TREE, min_size=1, max_size=4))
def test_flatten_never_emits_invisible_text(trees):
    rendered = [render(t) for t in trees]
    markup = "".join(r[0] for r in rendered)
    visible = [t for r in rendered for t in r[1]]
    root = sanitize(lxml.html.fromstring(f"<html><body><div id='root'>{markup}</div></body></html>"))
    blocks, truncated = flatten(root.get_element_by_id("root"), "http://127.0.0.1/a.html")
    assert not truncated
    out = "".join(b.text for b in blocks)
    assert MARK not in out, (markup, blocks)
    for b in blocks:
        assert b.text == clean_text(b.text) and b.text, b
    # Every visible token comes out, in document order (spaces are the only addition).
    assert out.replace(" ", "") == "".join(visible).replace(" ", ""), (markup, blocks)


@FAST
@given(st.integers(min_value=150, max_value=1500))
def test_flatten_survives_deep_nesting(depth):
    markup = "<div>" * depth + "<p>深处。</p>" + "</div>" * depth
    root = lxml.html.fromstring(f"<html><body><div id='root'><p>表层。</p>{markup}</div>"
                                "</body></html>")
    blocks, truncated = flatten(root.get_element_by_id("root"), "")
    assert blocks[0].text == "表层。"
    assert truncated == (depth >= 200)


# -- build_article -----------------------------------------------------------------------------

BLOCKS = st.lists(
    st.builds(
        Block,
        kind=st.sampled_from((*BLOCK_KINDS, "caption")),
        text=PAGE_TEXT.map(clean_text),
        href=st.one_of(st.none(), st.just("http://127.0.0.1/x.shtml")),
        src=st.one_of(st.none(), st.just("http://127.0.0.1/p.png")),
    ),
    max_size=25,
)
SERIES_LINES = st.sampled_from([
    "【永远跟党走 奋进新征程丨庆祝全总成立100周年·巡礼】",
    "永远跟党走 奋进新征程 庆祝全总成立100周年·巡礼丨宁夏工会：团结奋进",
    "新闻链接", "阅读提示", "原标题：宁夏工会奋进新征程（主题）", "本报记者 张三 通讯员 李四",
    "2025-04-10 07:05:12 来源：工人日报", "（责任编辑：李丹）", "相关阅读",
])


@FAST
@given(
    st.lists(st.one_of(
        BLOCKS,
        st.lists(st.builds(Block, kind=st.sampled_from(["p", "title", "h", "link"]),
                           text=SERIES_LINES, href=st.just("http://127.0.0.1/y.shtml")),
                 max_size=6),
    ), max_size=3).map(lambda groups: [b for g in groups for b in g]),
    st.one_of(st.none(), PAGE_TEXT),
)
def test_build_article_from_arbitrary_blocks(blocks, hint):
    page = LocatedPage(url="http://127.0.0.1:8000/c/2025-04-10/1.shtml", layout="prop",
                       blocks=blocks, page_title=clean_text(hint), link_hint=hint)
    article = build_article(page)
    assert article.content_hash == hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    lines: list[str] = []
    for section in article.sections:
        if section["heading"]:
            lines.append(section["heading"])
        lines.extend(section["paragraphs"])
    assert article.text == "\n".join(lines)
    for line in lines:
        assert line and line == line.strip() and "\n" not in line, lines
        assert not _controls(line) and not _BAD.search(line), lines
    assert article.province is None or article.province in PROVINCES
    assert article.province is None or article.series
    # A time of day carries the China offset; a page that states only a date gives a date.
    assert article.published_at is None or article.published_at.endswith("+08:00") or (
        len(article.published_at) == 10 and article.published_at[4] == "-"
    )
    for name in ("title", "headline", "kicker", "subtitle", "byline", "summary", "source"):
        value = getattr(article, name)
        assert value is None or isinstance(value, str)
        assert value is None or not _controls(value), (name, value)


@FAST
@given(st.lists(TREE, min_size=1, max_size=4))
def test_build_article_from_flattened_markup_has_no_tags(trees):
    markup = "".join(render(t)[0] for t in trees)
    markup += "<p>&lt;b&gt;不是标签&lt;/b&gt;</p>"  # escaped markup is text, and stays text
    root = sanitize(lxml.html.fromstring(f"<html><body><div id='root'>{markup}</div></body></html>"))
    blocks, _ = flatten(root.get_element_by_id("root"), "http://127.0.0.1/a.html")
    page = LocatedPage(url="http://127.0.0.1/a.html", layout="prop", blocks=blocks)
    article = build_article(page)
    assert MARK not in article.text
    assert not re.search(r"<(?!b>|/b>)[a-zA-Z/!]", article.text), article.text
    assert article.content_hash == hashlib.sha256(article.text.encode("utf-8")).hexdigest()
