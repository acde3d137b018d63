"""The contract document and the item definition name the same fields, in the same order."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from crawler.items import Article

DOC = Path(__file__).resolve().parents[1] / "docs" / "contract.md"


def documented_fields() -> list[str]:
    text = DOC.read_text("utf-8")
    table = text.split("## The article item", 1)[1]
    return re.findall(r"^\| `([a-z0-9_]+)` \|", table, flags=re.M)


def test_every_item_field_is_documented_and_nothing_else():
    assert documented_fields() == [f.name for f in dataclasses.fields(Article)]


def test_every_item_field_has_a_comment_at_its_definition():
    source = Path(__import__("crawler.items").items.__file__).read_text("utf-8")
    body = source.split("class Article", 1)[1]
    for f in dataclasses.fields(Article):
        line = re.search(rf"^(?P<before>(?:\s*#.*\n)+)\s*{f.name}: ", body, flags=re.M)
        assert line, f"Article.{f.name} has no comment above its definition"
