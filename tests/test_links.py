"""series_links: links whose anchor parses as a title of the given series, with member keys;
the per-page link cap is reported."""

from __future__ import annotations

from parsel import Selector

from crawler.clean.series import DEFAULT_SERIES, series_named
from crawler.links import page_anchors, series_links

OTHER = series_named("产业工会巡礼")
BASE = "http://127.0.0.1:8000/c/2025-05-13/1.shtml"


def page(*links: tuple[str, str]) -> Selector:
    body = "".join(f'<p><a href="{h}">{t}</a></p>' for h, t in links)
    return Selector(text=f"<html><body>{body}</body></html>")


def test_links_of_a_series_with_members_and_keys():
    sel = page(
        ("/c/1.shtml", "产业工会巡礼丨中国海员建设工会：让海员更有获得感"),
        ("2.shtml", "产业工会巡礼丨中国铁路工会：跑出加速度"),
        ("/c/3.shtml", f"{DEFAULT_SERIES.name}丨宁夏工会：标题"),  # another series
        ("/c/4.shtml", "全总召开2025年劳动和技能竞赛工作推进会"),  # no series title
    )
    links = list(series_links(sel, BASE, OTHER))
    assert [(link.member, link.key, link.province) for link in links] == [
        ("中国海员建设工会", "中国海员建设工会", None), ("中国铁路工会", "中国铁路工会", None)]
    assert links[1].url == "http://127.0.0.1:8000/c/2025-05-13/2.shtml"
    assert links[0].title == "产业工会巡礼丨中国海员建设工会：让海员更有获得感"


def test_default_series_links_name_provinces():
    sel = page(("/c/3.shtml", f"{DEFAULT_SERIES.name}丨宁夏工会：标题"),
               ("/c/5.shtml", "产业工会巡礼丨中国铁路工会：跑出加速度"))
    links = list(series_links(sel, BASE, DEFAULT_SERIES))
    assert [(link.member, link.key, link.province) for link in links] == [("宁夏工会", "宁夏", "宁夏")]


def test_link_cap_is_reported_once_and_enforced():
    titles = [(f"/c/{i}.shtml", f"产业工会巡礼丨中国第{i}工会：标题{i}") for i in range(30)]
    sel = page(*titles)
    capped: list[tuple[int, int]] = []
    links = list(series_links(sel, BASE, OTHER, limit=10,
                              on_cap=lambda total, cap: capped.append((total, cap))))
    assert len(links) == 10
    assert capped == [(30, 10)]
    # Under the cap: nothing reported.
    capped.clear()
    assert len(page_anchors(sel, 30, lambda total, cap: capped.append((total, cap)))) == 30
    assert capped == []
