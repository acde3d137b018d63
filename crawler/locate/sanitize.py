"""Remove what a reader never sees, once per page, in C where possible.

Scripts, styles, comments, templates, embedded objects and hidden elements
(``display:none``, ``visibility:hidden``, ``hidden``, ``aria-hidden``) are cut out of the
parsed tree before any locator reads it, so no text field can ever contain them and no link
inside them is followed; an article-sized container that a script reveals
(``visibility:hidden`` until laid out) is what a reader sees, and stays. Tail text of a removed
element is kept (it is visible). Event-handler attributes (``on*``) are removed;
``javascript:`` hrefs are kept (the link policy refuses them).

``crawler.middlewares.SanitizeMiddleware`` hands on every HTML response as a
``PreparedResponse`` as it leaves the downloader, so every reader (locators, link following on
discovery and unchanged pages) sees the sanitized tree; a second call is a no-op.
"""

from __future__ import annotations

import re
from functools import cached_property

from lxml import etree
from parsel.selector import create_root_node
from scrapy.http import HtmlResponse, TextResponse
from scrapy.selector import Selector
from scrapy.utils.response import get_base_url

STRIP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "video", "audio", "select", "textarea", "button",
)
# ``visibility:hidden`` on an article-sized container (three paragraphs, 200 characters) is
# the page hiding its article until a script has laid it out (WeChat's ``#js_content``); a
# reader sees it. Hidden decoys, share popups and QR codes are small or ``display:none``.
_ARTICLE_SIZED = etree.XPath(
    "count(.//p) >= 3 and string-length(normalize-space(.)) >= 200"
)
# The attributes that can hide an element, read as values (an XPath predicate evaluated on
# every element costs several times more on a 3,000-element page). ``//*/@x`` is the same set
# as ``//@x``, and libxml2 finds it faster (it walks elements only, not every node).
_HIDING_ATTRS = etree.XPath("//*/@style | //*/@hidden | //*/@aria-hidden")


def _hides(attr: str, value: str, el: etree._Element) -> bool:
    if attr == "hidden":
        return True
    if attr == "aria-hidden":
        return value.strip().lower() == "true"
    style = value.lower().replace(" ", "")
    if "display:none" in style:
        return True
    return "visibility:hidden" in style and not _ARTICLE_SIZED(el)


def _hidden(root: etree._Element) -> list[etree._Element]:
    found: dict[etree._Element, None] = {}  # in page order, each element once
    for value in _HIDING_ATTRS(root):
        el = value.getparent()
        if el not in found and el.tag not in ("html", "body") and _hides(value.attrname, value, el):
            found[el] = None
    return list(found)


_HANDLERS = etree.XPath("//@*[starts-with(name(), 'on')]")
SANITIZED = "data-sanitized"  # set on the root of a sanitized tree: a second call is a no-op


def _drop_keep_tail(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def sanitize(root: etree._Element) -> etree._Element:
    """Strip invisible markup from ``root`` in place and return it."""
    if root.get(SANITIZED):
        return root
    etree.strip_elements(root, *STRIP_TAGS, etree.Comment, etree.ProcessingInstruction,
                         with_tail=False)
    for el in _hidden(root):
        _drop_keep_tail(el)
    for attr in _HANDLERS(root):  # found in C; pages carry few
        attr.getparent().attrib.pop(attr.attrname, None)
    root.set(SANITIZED, "1")
    return root


# libxml2 stops reading at ``</html>`` (a browser reads on). A CMS header include that ends in
# ``</html>`` leaves one before the article (government portals especially), and the article
# would be lost; a ``</body>`` in the middle does no harm.
_HTML_END = re.compile(rb"</html\s*>", re.I)
_TRAILER = re.compile(rb"(?:\s|<!--.*?-->|</(?:html|body)\s*>)*", re.S | re.I)


def repair_markup(body: bytes) -> bytes | None:
    """``body`` without its ``</html>`` tags when one stands before more markup, else None.
    (``<`` never occurs inside a GBK or UTF-8 multi-byte character, so bytes are safe.)"""
    m = _HTML_END.search(body)
    if m is None or _TRAILER.fullmatch(body, m.start()):
        return None
    return _HTML_END.sub(b"", body)


class PreparedResponse(HtmlResponse):
    """An HTML response as every reader should see it: its markup repaired where a parser
    would cut it short (``repaired``), its tree sanitized once, when first read.

    The tree is parsed with ``lxml.etree.HTMLParser``, not the ``lxml.html`` parser that a
    plain response's selector uses: that one calls back into Python (a class lookup) for
    every element the locators touch, which costs about a tenth of a small page's extraction.
    Nothing here needs ``lxml.html``'s element methods.
    """

    repaired: bool = False

    @cached_property
    def selector(self) -> Selector:
        base_url = get_base_url(self)
        root = create_root_node(self.text, etree.HTMLParser, base_url=base_url)
        return Selector(root=sanitize(root), type="html", base_url=base_url)


def prepare(response: TextResponse) -> PreparedResponse:
    """The response as every reader should see it (see ``PreparedResponse``): a new response
    with the same URL, request, headers and encoding; the body as sent stays with the HTTP
    cache. A response already prepared is returned as it is."""
    if isinstance(response, PreparedResponse):
        return response
    repaired = repair_markup(response.body)
    prepared = response.replace(cls=PreparedResponse, body=repaired or response.body,
                                encoding=response.encoding)
    prepared.repaired = repaired is not None
    return prepared
