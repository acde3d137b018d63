"""ValidatePipeline in-process: what is dropped, counted and named."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.clean.series import DEFAULT_SERIES_NAME as SERIES
from crawler.items import Article
from crawler.pipelines.validate import ValidatePipeline, problems

TITLE = f"{SERIES}丨宁夏工会：奋力谱写新时代宁夏工运事业新篇章"
TEXT = "宁夏各级工会团结动员广大职工建功新时代。\n一年来，宁夏工会组织劳动和技能竞赛。"


def mojibake(text: str) -> str:
    """UTF-8 bytes read as GBK, as a crawler that trusted a wrong charset shows them."""
    return text.encode("utf-8").decode("gb18030", "replace")


def article(**changes) -> Article:
    values = {
        "url": "https://www.workercn.cn/c/2025-04-18/1.shtml", "canonical_url": None,
        "site": "www.workercn.cn", "article_id": None, "series": SERIES, "member": "宁夏",
        "province": "宁夏", "title": TITLE, "headline": "奋力谱写新时代宁夏工运事业新篇章",
        "kicker": None, "subtitle": None, "authors": ["张三"], "byline": "本报记者 张三",
        "published_at": "2025-04-18T07:11:00+08:00", "source": "工人日报",
        "summary": "摘要。", "sections": [], "text": TEXT, "related": [], "images": [],
        "content_hash": hashlib.sha256(TEXT.encode()).hexdigest(),
        "crawled_at": "2025-05-01T00:00:00+00:00",
    }
    values.update(changes)
    names = {f.name for f in dataclasses.fields(Article)}
    return Article(**{k: v for k, v in values.items() if k in names})


@pytest.fixture
def pipeline():
    crawler = get_crawler(Spider)
    crawler.stats.open_spider()
    return ValidatePipeline.from_crawler(crawler)


def test_a_good_article_passes(pipeline):
    item = article()
    assert pipeline.process_item(item) is item
    assert pipeline.stats.get_value("validate/ok") == 1


@pytest.mark.parametrize("field", ["title", "text"])
def test_mojibake_is_dropped_counted_and_named(pipeline, field):
    item = article(**{field: mojibake(getattr(article(), field))})
    assert f"{field} is mojibake" in problems(item)
    with pytest.raises(DropItem, match=f"{field} is mojibake"):
        pipeline.process_item(item)
    assert pipeline.stats.get_value("validate/dropped") == 1
    assert pipeline.stats.get_value(f"validate/dropped/{field} is mojibake") == 1
    assert pipeline.stats.get_value("validate/ok") is None


def test_the_brief_example_is_dropped(pipeline):
    item = article(title="銆愭案杩滆窡鍏氳蛋濂嬭繘鏂板緛绋嬨€")
    with pytest.raises(DropItem, match="title is mojibake"):
        pipeline.process_item(item)


def test_missing_fields_still_dropped(pipeline):
    with pytest.raises(DropItem, match="no text"):
        pipeline.process_item(article(text=""))
