"""Extraction against hand-checked gold items, field by field, for every snapshot page."""

from __future__ import annotations

import hashlib

import pytest

from tests.support.gold import diff_report, extract, field_diffs, gold_files, load_gold, page_of

GOLD = gold_files()


def test_there_is_gold_for_every_layout():
    sites = {page_of(g)[0] for g in GOLD}
    assert {"ngwz", "workercn", "people", "gxgh"} <= sites
    assert any("/papers/grrb/" in page_of(g)[1] for g in GOLD)
    assert len(GOLD) >= 31


@pytest.mark.parametrize("gold", GOLD, ids=lambda g: "/".join(page_of(g)))
def test_extraction_matches_gold(snapshot, gold):
    site, path = page_of(gold)
    expected = load_gold(gold, snapshot)
    got = extract(snapshot.url(site, path))
    diffs = field_diffs(expected, got)
    assert not diffs, diff_report(diffs)
    assert got["content_hash"] == hashlib.sha256(got["text"].encode()).hexdigest()
