"""``scrapy crawl article -a url=URL`` on one page of each layout: one item, equal to gold."""

from __future__ import annotations

import pytest

from tests.support.gold import GOLD_DIR, field_diffs, load_gold
from tests.support.harness import run_crawl, snapshot_settings

PAGES = [
    ("ngwz", "/news/6Qn72MNkKZ.html", "ngwz", "site"),
    ("workercn", "/c/2025-04-10/8451234.shtml", "workercn", "site"),
    ("workercn", "/papers/grrb/2025/04/16/03/news-2.html", "grrb-epaper", "site"),
    ("people", "/n1/2025/0418/c67502-40463036.html", "people", "site"),
    ("gxgh", "/html/2025/0408/1021.html", "generic", "generic"),
]


@pytest.mark.parametrize(("site", "path", "layout", "extractor"), PAGES)
def test_article_spider_one_item_per_layout(snapshot, tmp_path, site, path, layout, extractor):
    gold_file = GOLD_DIR / site / (path.lstrip("/") + ".json")
    assert gold_file.exists(), gold_file
    result = run_crawl(
        "article", tmp_path, args={"url": snapshot.url(site, path)},
        settings=snapshot_settings(snapshot),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(result.items) == 1
    item = result.items[0]
    assert (item["layout"], item["extractor"]) == (layout, extractor)
    assert not field_diffs(load_gold(gold_file, snapshot), item)
    assert item["crawled_at"].endswith("+00:00")


def test_article_spider_page_without_body_fails_plainly(snapshot, tmp_path):
    result = run_crawl(
        "article", tmp_path, args={"url": snapshot.url("ngwz", "/robots.txt")},
        settings=snapshot_settings(snapshot),
    )
    assert result.returncode == 1
    assert "Error: No article could be extracted" in result.stderr
    assert result.items == []


def test_max_blocks_setting_bounds_what_a_page_yields(snapshot, tmp_path):
    # MAX_BLOCKS=8 keeps the first 8 lines of the 中工网 page's body (and the stats say the page
    # was cut short); the default keeps every line.
    url = snapshot.url("workercn", "/c/2025-04-10/8451234.shtml")
    full = run_crawl("article", tmp_path / "full", args={"url": url},
                     settings=snapshot_settings(snapshot))
    cut = run_crawl("article", tmp_path / "cut", args={"url": url},
                    settings=snapshot_settings(snapshot, MAX_BLOCKS=8))
    assert full.returncode == 0 and cut.returncode == 0, cut.stderr[-3000:]
    assert "'extract/truncated': 1" in cut.stderr
    assert "'extract/truncated'" not in full.stderr

    def paragraphs(result) -> list[str]:
        return [p for s in result.items[0]["sections"] for p in s["paragraphs"]]

    assert 0 < len(paragraphs(cut)) < len(paragraphs(full))
    assert paragraphs(cut) == paragraphs(full)[: len(paragraphs(cut))]
