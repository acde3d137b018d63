"""``scrapy crawl article -a explain=1`` prints the evidence and the choice for each field."""

from __future__ import annotations

from tests.support.harness import run_crawl


def test_explain_prints_candidates_and_choices(snapshot, tmp_path):
    # 人民网 prints its time as "2025年04月17日09:28  来源：工人日报" in the header zone.
    url = snapshot.url("people", "/n1/2025/0417/c67502-40462315.html")
    result = run_crawl("article", tmp_path, args={"url": url, "explain": "1"},
                       settings={"SERIES_MIRRORS": ",".join(snapshot.netlocs())})
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    for field in ("title:", "member:", "published_at:", "authors:", "source:"):
        assert field in out, out
    chosen = next(line for line in out.splitlines() if line.startswith("published_at:"))
    assert "2025-04-17T08:46" in chosen and "header" in chosen, chosen  # the minute is printed
    assert "'青海工会'" in next(line for line in out.splitlines() if line.startswith("member:"))
    assert result.items and result.items[0]["published_at"].startswith("2025-04-17T")


def test_without_explain_nothing_is_printed(snapshot, tmp_path):
    url = snapshot.url("people", "/n1/2025/0417/c67502-40462315.html")
    result = run_crawl("article", tmp_path, args={"url": url},
                       settings={"SERIES_MIRRORS": ",".join(snapshot.netlocs())})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "published_at:" not in result.stdout
