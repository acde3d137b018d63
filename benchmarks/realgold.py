"""Hand-labelled body gold for the real pages (see benchmarks/README.md for where to get them).

The pages are third-party news articles, so their text is never stored in this repository:
``realpages_gold.json`` holds only XPath expressions, chosen by reading each page's markup
(no extraction library was used to choose or check them). This module turns a label into
the gold title, body text and publication time at evaluation time, from a local copy of the
pages (``--pages DIR``). The title / published_at / authors / source labels used by the
benchmark are literal values in ``realpages_labels.json``.

A label has:

- ``body_xpath``: the body's paragraph elements (or text containers, or text nodes), in order;
- ``exclude_xpath``: elements inside the body to drop (captions, editor lines...), or null;
- ``title_xpath`` / ``time_xpath``: the headline and the visible publication time (an XPath
  that selects an element, a text node or evaluates to a string), ``time_xpath`` may be null;
- ``split``: ``"dev"`` (may be looked at while tuning) or ``"test"`` (report only).

Body text: each selected element is rendered to text (``<br>`` and block-level children start
a new line, script/style and excluded elements are skipped, but the tail text after an excluded
element is kept), split into lines, each line white-space-normalised, empty lines dropped, and
the lines of all selected elements joined with ``"\\n"``.

Run ``python benchmarks/realgold.py --pages DIR`` for per-page paragraph and character counts
(no text).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

LABELS_PATH = Path(__file__).with_name("realpages_gold.json")

_LINEBREAKS = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "select", "option"})
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)


def load_labels() -> dict[str, dict[str, Any]]:
    """File name -> label, for every labelled page (the ``_about`` note left out)."""
    data = json.loads(LABELS_PATH.read_text(encoding="utf-8"))
    return {name: label for name, label in data.items() if not name.startswith("_")}


def _norm(text: str) -> str:
    return " ".join(text.split())


def _flat(text: str) -> str:
    """Source text with its line breaks turned into plain spaces."""
    return _LINEBREAKS.sub(" ", text)


def _render(el: Any, excluded: set[Any], out: list[str]) -> None:
    """Append el's visible text to out, a "\n" for each line break or block boundary.

    White space inside the text itself (source line breaks included) is only white space.
    """
    tag = el.tag if isinstance(el.tag, str) else ""
    if el in excluded or tag.lower() in _SKIP or not tag:
        return  # comments and processing instructions have a non-string tag
    name = tag.lower()
    if name == "br":
        out.append("\n")
        return
    block = name in _BLOCK
    if block:
        out.append("\n")
    if el.text:
        out.append(_flat(el.text))
    for child in el:
        _render(child, excluded, out)
        if child.tail:  # the tail belongs to el, so it stays even when child is excluded
            out.append(_flat(child.tail))
    if block:
        out.append("\n")


def _lines(item: Any, excluded: set[Any]) -> list[str]:
    if isinstance(item, etree._Element):
        out: list[str] = []
        _render(item, excluded, out)
        raw = "".join(out)
    else:  # a text node or a string result: one paragraph
        raw = _flat(str(item))
    return [line for line in (_norm(part) for part in raw.split("\n")) if line]


def _as_list(result: Any) -> list[Any]:
    if isinstance(result, list):
        return result
    if isinstance(result, (bool, float)):
        return [] if result is False else [str(result)]
    return [result]


def _first_text(doc: Any, xpath: str | None) -> str | None:
    if not xpath:
        return None
    for item in _as_list(doc.xpath(xpath)):
        text = " ".join(_lines(item, set()))
        if text:
            return text
    return None


def gold_for(html: str, label: dict[str, Any]) -> dict[str, str | None]:
    """The gold title, body text ("\\n"-joined paragraphs) and time string of one page.

    ``html`` is the page decoded as the crawler decodes it (``pagesets.decoded``)."""
    doc = lxml.html.fromstring(html)
    excluded: set[Any] = set()
    if label.get("exclude_xpath"):
        excluded = {
            e for e in _as_list(doc.xpath(label["exclude_xpath"])) if isinstance(e, etree._Element)
        }
    paragraphs: list[str] = []
    for item in _as_list(doc.xpath(label["body_xpath"])):
        if isinstance(item, etree._Element) and item in excluded:
            continue
        paragraphs.extend(_lines(item, excluded))
    return {
        "title": _first_text(doc, label["title_xpath"]) or "",
        "text": "\n".join(paragraphs),
        "time": _first_text(doc, label.get("time_xpath")),
    }


def main() -> None:
    """Per-page counts only: the pages' text is not to be copied anywhere."""
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=Path, required=True,
                    help="folder holding the real pages (163_1.html ...)")
    args = ap.parse_args()
    from pagesets import decoded

    labels = load_labels()
    print(f"{'page':<18}{'split':<6}{'paras':>6}{'chars':>7}  title/time found")
    for name, label in sorted(labels.items()):
        path = args.pages / name
        if not path.is_file():
            print(f"{name:<18}missing in {args.pages}")
            continue
        gold = gold_for(decoded(f"http://127.0.0.1/realpages/{name}", path.read_bytes())[1], label)
        text = gold["text"] or ""
        paras = text.split("\n") if text else []
        chars = sum(len(p) for p in paras)
        print(
            f"{name:<18}{label['split']:<6}{len(paras):>6}{chars:>7}  "
            f"{bool(gold['title'])}/{gold['time'] is not None}"
        )


if __name__ == "__main__":
    main()
