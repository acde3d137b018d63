"""The generic body and its blocks: short articles beside busy sidebars, captions, navigation
lines and portal links, and article containers a script reveals."""

from __future__ import annotations

import lxml.html
import pytest

from crawler.locate.blocks import flatten
from crawler.locate.generic import find_body, find_title
from crawler.locate.sanitize import sanitize

PROSE = ("工会组织广泛开展职工技能培训和劳动竞赛，帮助一线职工提升技能水平，"
         "推动企业高质量发展，受到职工普遍欢迎和好评。")
LONG = PROSE * 2


def _tree(body: str) -> lxml.html.HtmlElement:
    return sanitize(lxml.html.fromstring(f"<html><head><title>标题</title></head><body>{body}</body></html>"))


def _body_text(body: str, title: str = "关于表彰先进集体的决定") -> str:
    root = _tree(body)
    html_body = root.find("body")
    found = find_body(html_body, find_title(html_body, title, None))
    return "" if found is None else found.text_content()


def _blurbs(n: int, linked: bool) -> str:
    head = '<h4><a href="/n{i}.htm">要闻标题{i}</a></h4>' if linked else ""
    return "".join((head + "<p>{p}</p>").format(i=i, p=f"第{i}条。{PROSE}") for i in range(n))


def test_one_paragraph_article_beats_a_sidebar_of_plain_blurbs():
    page = (f'<div class="side">{_blurbs(8, linked=False)}</div>'
            '<table><tr><td><b>关于表彰先进集体的决定</b></td></tr>'
            f'<tr><td class="p1">{LONG}</td></tr></table>')
    assert _body_text(page).strip() == LONG


def test_blurbs_under_linked_headlines_are_teasers_not_the_body():
    page = ('<div class="article"><h1>关于表彰先进集体的决定</h1>'
            f'<div class="content"><p>{LONG}</p></div></div>'
            f'<div class="side">{_blurbs(8, linked=True)}</div>')
    assert _body_text(page).strip() == LONG


def test_a_long_comment_further_down_is_not_the_body():
    page = ('<article><header><h1>关于表彰先进集体的决定</h1></header>'
            f'<div class="entry-content"><p>{LONG}</p></div></article>'
            f'<nav><a href="/prev">上一篇</a></nav><div id="comments"><ol><li><div class="c">'
            f'{"".join(f"<p>{PROSE}</p>" for _ in range(5))}</div></li></ol></div>')
    assert _body_text(page).strip() == LONG


def test_a_lead_right_before_the_body_does_not_replace_it():
    lead = "全省工会系统深入开展评选表彰工作，" * 6 + "现将有关情况通报如下。"
    page = (f'<div class="head"><h1>关于表彰先进集体的决定</h1><div class="lead"><p>{lead}</p></div></div>'
            f'<div class="text">{"".join(f"<p>{PROSE}</p>" for _ in range(4))}</div>')
    text = _body_text(page)
    assert text.count(PROSE) == 4 and lead not in text


def test_an_article_hidden_until_a_script_reveals_it_stays():
    paragraphs = "".join(f"<p>{PROSE}</p>" for _ in range(4))
    root = _tree(f'<div id="js_content" style="visibility: hidden;">{paragraphs}'
                 '<div style="display:none"><p>微信扫一扫关注该公众号</p></div>'
                 '<p style="visibility:hidden">隐藏的一行</p></div>'
                 '<div style="visibility:hidden"><p>不可见的短段落。</p></div>')
    text = root.text_content()
    assert text.count(PROSE) == 4
    assert "扫一扫" not in text and "隐藏的一行" not in text and "不可见" not in text


def _blocks(html: str):
    blocks, _ = flatten(lxml.html.fromstring(f"<div>{html}</div>"), "http://127.0.0.1/a.html",
                        drop_nav=True)
    return [(b.kind, b.text) for b in blocks]


def test_a_short_line_after_an_image_in_its_own_element_shape_is_the_caption():
    html = (f'<p>{PROSE}</p><div class="left_ph"><img src="/a.jpg"></div>'
            f'<div class="left_pt">车间内，技工正在调度焊接机器人。</div><p>{PROSE}</p>'
            f'<div class="left_ph"><img src="/b.jpg"></div><div class="left_pt">第二张图片的说明</div>')
    kinds = [k for k, _ in _blocks(html)]
    assert kinds == ["p", "img", "caption", "p", "img", "caption"]


def test_a_line_after_an_image_in_an_old_style_centred_paragraph_is_the_caption():
    # <p align="center"> is the centring of pages older than CSS: the line under the image
    # is its caption, as with text-align:center; the plain paragraphs stay text.
    html = (f'<p>{PROSE}</p><p align="center"><a href="/a.jpg"><img src="/a_s.jpg"></a><br>'
            f'门上写着一副对联。横批：平安是福</p><p>{PROSE}</p>'
            f'<p align="CENTER"><img src="/b.jpg"><br>第二张图片的说明</p>')
    assert _blocks(html) == [("p", PROSE), ("img", ""), ("caption", "门上写着一副对联。横批：平安是福"),
                             ("p", PROSE), ("img", ""), ("caption", "第二张图片的说明")]


def test_a_photo_credit_after_an_image_is_the_caption_even_shaped_like_the_text():
    # Lazy images (data-lazyload, a placeholder in src) each followed by a <p> like every other:
    # the lines that credit the photo (…供图, 图片来源：…, …记者 某某 摄) are captions.
    img = '<p><img data-lazyload="/{}.jpg" src="data:image/png;base64,AAAA"></p>'
    html = (f'<p>{PROSE}</p>{img.format("a")}<p>某某博物院供图</p><p>{PROSE}</p>'
            f'{img.format("b")}<p>图片来源：某某图片社 版权作品 请勿转载</p>'
            f'{img.format("c")}<p>2月18日，某地调试灯光。本报记者 王小明 摄</p>'
            f'{img.format("d")}<p>半小时后，灯光点亮了夜空。</p>'
            f'{img.format("e")}<p>剧组正在这里拍摄</p>')
    assert [k for k, _ in _blocks(html)] == ["p", "img", "caption", "p", "img", "caption",
                                             "img", "caption", "img", "p", "img", "p"]


def test_a_paragraph_after_an_image_shaped_like_the_others_stays_a_paragraph():
    html = f'<p>{PROSE}</p><p><img src="/a.jpg"></p><p>短短一段正文。</p><p>{PROSE}</p>'
    assert [k for k, _ in _blocks(html)] == ["p", "img", "p", "p"]


def test_link_runs_with_separators_are_navigation_but_bylines_stay():
    html = ('<p>链接：<a href="/a">全国人大</a> | <a href="/b">全国政协</a> | <a href="/c">最高人民法院</a></p>'
            '<p>作者：<a href="/u1">张三</a> <a href="/u2">李四</a></p>'
            '<p><a href="/x">职工</a>和<a href="/y">工会</a>的故事。</p>')
    assert _blocks(html) == [("p", "作者：张三 李四"), ("p", "职工和工会的故事。")]


def test_flatten_keeps_navigation_unless_asked():
    root = lxml.html.fromstring('<div><p><a href="/a">首页</a> | <a href="/b">要闻</a></p></div>')
    assert [b.text for b in flatten(root, "http://127.0.0.1/")[0]] == ["首页 | 要闻"]


def test_paragraphs_under_linked_images_are_not_teasers():
    paragraphs = "".join(f'<p><a href="/big{i}.jpg"><img src="/s{i}.jpg"></a></p><p>{PROSE}</p>'
                         for i in range(3))
    page = ('<div class="article"><h1>关于表彰先进集体的决定</h1>'
            f'<div class="content">{paragraphs}</div></div>'
            f'<div class="side"><p>{PROSE}</p><p>{PROSE}</p></div>')
    assert _body_text(page, title="另一个页面的标题文字").count(PROSE) == 3  # no title: the best wins


def test_a_long_punctuated_headline_is_never_its_own_body():
    # A series headline full of punctuation scores like prose, here more than the short post
    # under it (and the sidebar more than both): the body is still the post, not the headline.
    headline = ("永远跟党走 奋进新征程 庆祝全总成立100周年·巡礼丨湖北工会：深入实施“五大工程”，"
                "为湖北支点建设凝聚奋斗伟力，团结动员全省职工建功立业，奋进新征程")
    post = ["全省工会开展劳动竞赛。", "参与职工超过百万人次。"]
    page = (f'<div class="post">\n<div class="date">2025-04-17</div>\n<h2>{headline}</h2>\n'
            f'<div class="post-body">\n<p>{post[0]}</p>\n<p>{post[1]}</p>\n</div>\n</div>\n'
            f'<div class="side"><ul>{"".join(f"<li>{PROSE}</li>" for _ in range(2))}</ul></div>')
    assert _body_text(page, headline).split() == post


def _live_posts(long_post: str, linked: bool) -> str:
    """A sidebar of live commentary: each post an ``<li>`` card (name, time, text), the whole
    card one link or not."""
    texts = ["大盘早盘震荡走高，两市成交温和放大，板块轮动明显。", long_post,
             "网友提问：这只股票可以继续持有吗？老师回答：可以。"]
    a, end = ('<a href="/live/{i}">', "</a>") if linked else ("", "")
    return "<ul>" + "".join(
        f'<li>{a.format(i=i)}<span class="avatar"><img src="/a{i}.png"></span>'
        f'<div class="tw-text"><h3>博主{i}<span class="time">今天 12:0{i}</span></h3>'
        f'<div class="content"> {t} </div></div>{end}</li>' for i, t in enumerate(texts)) + "</ul>"


@pytest.mark.parametrize("linked", [True, False])
def test_a_long_post_in_a_sidebar_list_is_not_the_body(linked: bool):
    # A short news flash (three short paragraphs) and, in the same main container, a right
    # column of live posts: one post is longer, with more sentence marks, than the flash's
    # paragraphs together. Text in a link around a whole card is never prose, and one item
    # of a list of like items is an entry in a list, not an article.
    flash = ["新华社快讯，今日有网友爆料称，有大量用户账号和联系人数据在网络上低价出售。",
             "今晚，有关部门通过官方微博发布辟谣消息称：网传信息不实，网站未发生用户信息泄漏。",
             "有关部门提醒广大用户，请通过官方网站和官方客户端办理业务，避免非正常渠道带来风险。"]
    long_post = ("指数午前高开低走，和直播间一早分析一致。板块红盘居多，表现强势的是边缘计算、"
                 "数字孪生、国产操作系统、超清视频、物联网、通信等，绿盘的是猪肉、港口。个股表现看，"
                 "红盘居多，上涨居多，涨停集中在科技股，技术看，超跌反弹依旧是主力，此外就是趋势股。"
                 "科技相关，中期主线，持续关注，还可以继续挖掘，具体操作上不追高就好。")
    page = ('<div class="main"><h1>关于表彰先进集体的决定</h1>'
            '<div class="content-left"><div class="article">'
            f'{"".join(f"<p>{p}</p>" for p in flash)}</div></div>'
            f'<div class="right"><div class="live"><h2><a href="/live">直播</a></h2>'
            f'{_live_posts(long_post, linked)}</div></div></div>')
    assert _body_text(page) == "".join(flash)


def test_an_article_swallowed_by_an_unclosed_link_is_still_the_body():
    # A logo link the template never closes: the parser keeps the rest of the page inside that
    # <a>. A link around that much text is a parse artifact, not a clickable card.
    paras = ["市总工会近日召开全市工会工作会议，总结去年工作，部署今年任务，提出明确要求。" * 3,
             "会议强调，要坚持服务职工工作主线，推动工会工作高质量发展，维护职工合法权益。" * 3,
             "会议还表彰了一批先进集体和先进个人，号召全市职工向先进学习，建功新时代。" * 3,
             "与会代表表示，将把会议精神带回基层，落实到为职工办实事、解难事的具体行动中。" * 3]
    page = ('<div class="notice"><p>网站将于本周六凌晨进行系统维护，届时暂停访问，敬请谅解。</p></div>'
            '<a href="/"><img src="/logo.png">'
            '<div class="nav"><span>首页</span> <span>要闻</span></div>'
            '<h1>全市工会工作会议召开</h1>'
            f'<div class="article">{"".join(f"<p>{p}</p>" for p in paras)}</div>')
    assert _tree(page).xpath("//a[@href='/']//p")  # the premise: the article is in the link
    assert _body_text(page, "全市工会工作会议召开") == "".join(paras)


def _article_with_section_heads(headline_tag: str) -> tuple[str, list[str]]:
    """A headline above the text in ``headline_tag`` (a plain ``<div>``: no heading tag, no
    title class), an article whose ``<h3>`` section heads repeat words of the headline, and a
    related list of teasers further down."""
    paras = [f"第{i}段。{LONG}" for i in range(6)]
    heads = ["性能领先同行，一块顶十块", "从设计到量产只用一年半"]
    text = (f"<p>{paras[0]}</p><p>{paras[1]}</p><h3><span>{heads[0]}</span></h3>"
            f"<p>{paras[2]}</p><p>{paras[3]}</p><h3><span>{heads[1]}</span></h3>"
            f"<p>{paras[4]}</p><p>{paras[5]}</p>")
    teasers = "".join(f'<li><a href="/n{i}.html" class="t">推荐文章标题第{i}篇</a> '
                      f'<span class="c">{PROSE}</span></li>' for i in range(5))
    page = (f'<div class="cover-text"><{headline_tag}>发布最强芯片：性能领先同行，一块顶十块</{headline_tag}>'
            '<div><span>时间：2019-09-25</span></div></div>'
            f'<div class="detail"><div class="article_text">{text}</div>'
            f'<div class="row-recommend"><ul class="recommend">{teasers}</ul></div></div>')
    return page, [paras[0], paras[1], heads[0], paras[2], paras[3], heads[1], paras[4], paras[5]]


@pytest.mark.parametrize("headline_tag", ["h4", "div"])
def test_a_section_head_repeating_the_headline_is_not_the_title(headline_tag: str):
    # The headline sits in an <h4> (or a plain <div>), the text's own <h3> section heads echo
    # its words: a heading between paragraphs of prose is a section head, never the headline,
    # so the body is the article, not the related list below it.
    page, expected = _article_with_section_heads(headline_tag)
    root = _tree(page).find("body")
    title = find_title(root, "发布最强芯片：性能领先同行，一块顶十块-电子技术网", None)
    assert (title.tag if title is not None else None) == ("h4" if headline_tag == "h4" else None)
    body = find_body(root, title)
    assert [b.text for b in flatten(body, "http://x/")[0]] == expected
