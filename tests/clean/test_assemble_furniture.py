"""Body furniture a reprint carries, read through the locator and the clean phase: the original
headline line (（原标题：…）) and a line of staff credits are not article text. Synthetic page."""

from __future__ import annotations

from tests.support.gold import article_of

PARA = "市总工会近日召开全市工会工作会议，总结去年工作，部署今年任务，提出明确要求。"


def test_original_headline_and_staff_credits_are_not_body_text():
    paras = "".join(f"<p>{PARA}{i}</p>" for i in range(4))
    page = ("<html><head><title>全市工会工作会议召开_某网</title></head><body>"
            "<div class='main'><h1>全市工会工作会议召开</h1><div class='info'>2019-12-10 07:57</div>"
            "<div class='content'><p>（原标题：市总工会部署今年工作）</p>"
            f"{paras}<p>（原标题：这一行在正文中间也不算）</p><p>编辑 刘晓阳 校对 李铭</p></div></div>"
            "</body></html>")
    art = article_of(page)
    assert art.text.split("\n") == [f"{PARA}{i}" for i in range(4)]


def _related_box_page(after_links: str) -> str:
    links = "".join(f'<p><strong><a href="/zt/{i}.html">专题报道标题第{i}篇</a></strong></p>'
                    for i in range(2))
    return ("<html><head><title>全市工会工作会议召开_某网</title></head><body>"
            "<div class='main'><h1>全市工会工作会议召开</h1><div class='info'>2019-12-10 07:57</div>"
            f"<div class='content'><p>{PARA}</p><p><strong>相关新闻：</strong></p>{links}"
            f"{after_links}</div></div></body></html>")


def test_a_related_box_inside_the_text_does_not_end_it():
    # 相关新闻： and two links near the top of the text, then the article goes on for several
    # paragraphs (more than stood before the box): the box is furniture, the text resumes.
    paras = [f"{PARA}{i}" for i in range(1, 5)]
    art = article_of(_related_box_page("".join(f"<p>{p}</p>" for p in paras)))
    assert art.text.split("\n") == [PARA, *paras]


def test_a_related_list_of_teasers_still_ends_the_text():
    # Links each followed by one teaser: a list after the text, not the text resuming.
    teasers = "".join(f'<p><a href="/n/{i}.html">推荐标题{i}</a></p><p>{PARA}推荐{i}</p>'
                      for i in range(4))
    art = article_of(_related_box_page(teasers))
    assert art.text.split("\n") == [PARA]


def _reprint(first_line: str) -> str:
    paras = "".join(f"<p>{PARA}{i}</p>" for i in range(3))
    return ("<html><head><title>市总工会部署今年工作？重点在基层_某网</title></head><body>"
            "<div class='main'><h1>市总工会部署今年工作？重点在基层</h1>"
            "<div class='info'>2019-12-10 07:57 来源：某报</div>"
            "<div class='content'><p>（原标题：市总工会部署今年工作？重点在基层）</p>"
            f"<p>{first_line}</p>{paras}</div></div></body></html>")


def test_the_source_papers_headline_over_the_text_is_not_body_text():
    # A reprint prints its source's headline over the text, a few words changed from ours.
    art = article_of(_reprint("市总工会部署今年工作？娘家人重点在基层"))
    assert art.text.split("\n") == [f"{PARA}{i}" for i in range(3)]


def test_a_first_sentence_using_the_headlines_words_stays():
    first = "市总工会部署今年工作，重点在基层。"
    art = article_of(_reprint(first))
    assert art.text.split("\n") == [first, *(f"{PARA}{i}" for i in range(3))]


def _further_reading_page(after: str) -> str:
    paras = "".join(f"<p>{PARA}{i}</p>" for i in range(4))
    return ("<html><head><title>全市工会工作会议召开_某网</title></head><body>"
            "<div class='main'><h1>全市工会工作会议召开</h1><div class='info'>2019-12-10 07:57</div>"
            f"<div class='content'>{paras}<div class='related'><div class='title'>延伸阅读</div>"
            f"{after}</div></div></div></body></html>")


def test_further_reading_over_a_list_of_links_ends_the_text():
    links = "".join(f'<ul><li><a href="/n/{i}.html">另一篇报道的标题第{i}篇</a></li></ul>' for i in range(3))
    art = article_of(_further_reading_page(links))
    assert art.text.split("\n") == [f"{PARA}{i}" for i in range(4)]


def test_further_reading_over_prose_stays_text():
    # 延伸阅读 heading a background section of the article's own: the text goes on.
    background = "<p>职工书屋是全国总工会于二〇〇八年启动的一项工程，旨在丰富职工精神文化生活。</p>"
    art = article_of(_further_reading_page(background))
    assert art.text.split("\n")[-1] == "职工书屋是全国总工会于二〇〇八年启动的一项工程，旨在丰富职工精神文化生活。"
