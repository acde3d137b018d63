"""Render the offline test snapshot from tools/snapshot/articles.json and industry.json.

    python tools/snapshot/build.py          # (re)write every snapshot site
    python tools/snapshot/build.py --check  # also re-read the written pages

(run it with the project's virtualenv Python, from any directory.)

Writes, deterministically (no clock, no randomness):
  crawler/snapshot/sites/<site>/...   the HTML pages, robots.txt, _headers.json, images
  crawler/snapshot/sites/README.md    what is real, what is synthetic, which page is where

Two series: the first (articles.json: one article per province, 宁夏 real) and a SYNTHETIC
second one (industry.json: 产业工会巡礼, eight industry unions), rendered with the same layouts
at new paths. The gold items in tests/gold/ are written by hand from the rendered pages (see
tests/gold/README.md); this script never writes them, and gold is never derived from its data.

Body text of every article except 宁夏 is SYNTHETIC, written for tests. The 宁夏 text is the
real text of the aggregator seed page (seed/000_d28d8d391d77faf4.txt), with the full-width
punctuation restored that the seed file had folded to ASCII. All HTML markup is our own
reconstruction of each layout, not copied from the real sites.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = HERE / "articles.json"
DATA2 = HERE / "industry.json"  # the SYNTHETIC second series
SITES_DIR = ROOT / "crawler" / "snapshot" / "sites"
SITES = ("ngwz", "people", "workercn", "gxgh")

ZWSP = "\u200b"
IND = "\u3000\u3000"  # paragraph indent on workercn / people
WEEKDAYS = "一二三四五六日"

# Fixed chrome lists (unrelated articles; their link targets do not exist in the snapshot).
NGWZ_RELATED = [
    ("/news/a8Kd2LmQ0p.html", "2025年清明节高速公路免费通行时间公布"),
    ("/news/Zq7Rt5VbN1.html", "春季养生小常识：多喝水少熬夜"),
    ("/news/M3xP9sLk4W.html", "全国多地迎来今年首场大范围降雨"),
    ("/news/c6Hn1YwE8r.html", "2025年公务员考试报名人数再创新高"),
    ("/news/T0vG4jUq2s.html", "五一假期出行预订量同比增长三成"),
]
WORKERCN_RELATED = [
    ("/c/2025-04-18/8905876.shtml", "全国总工会召开党组理论学习中心组学习会"),
    ("/c/2025-04-17/8903012.shtml", "2025年全国五一劳动奖和全国工人先锋号拟表彰名单公示"),
    ("/c/2025-04-16/8900391.shtml", "多地工会启动“职工技能提升月”活动"),
    ("/c/2025-04-15/8897735.shtml", "评论：让“娘家人”的温暖直达一线"),
]
PEOPLE_HOT = [
    ("/n1/2025/0418/c67502-40463101.html", "全总部署开展2025年“安康杯”竞赛活动"),
    ("/n1/2025/0417/c67502-40462577.html", "各地工会积极开展春季送岗位活动"),
    ("/n1/2025/0416/c67502-40461820.html", "新就业形态劳动者权益保障取得新进展"),
]


# --------------------------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------------------------
def fold_fix(s: str) -> str:
    """Restore the full-width punctuation the seed file folded to ASCII."""
    return (
        s.replace(",", "，")
        .replace(":", "：")
        .replace("(", "（")
        .replace(")", "）")
        .replace(";", "；")
    )


def parse_seed(path: Path, headings: list[str], series: str) -> tuple[dict, list[str]]:
    """The 宁夏 article's text fields from the seed file, plus the seed's 新闻链接 titles."""
    lines = [ln.strip() for ln in path.read_text("utf-8").split("\n")]
    lines = [ln for ln in lines if ln]
    i = lines.index("阅读提示")
    kicker_line, headline_line, byline = lines[i - 3], lines[i - 2], lines[i - 1]
    assert kicker_line.startswith("原标题:") and kicker_line.endswith("——(引题)"), kicker_line
    assert headline_line.endswith("(主题)"), headline_line
    summary = fold_fix(lines[i + 1])
    j = lines.index("新闻链接")
    body = [fold_fix(x) for x in lines[i + 2 : j]]
    sections: list[dict] = [{"heading": None, "paragraphs": []}]
    for para in body:
        if para in headings:
            sections.append({"heading": para, "paragraphs": []})
        else:
            sections[-1]["paragraphs"].append(para)
    assert [s["heading"] for s in sections[1:]] == headings, "seed headings not found"
    links = [fold_fix(x) for x in lines[j + 1 :] if x.startswith(series + "丨")]
    fields = {
        "kicker": fold_fix(kicker_line[len("原标题:") : -len("——(引题)")]),
        "headline": fold_fix(headline_line[: -len("(主题)")]),
        "subtitle": None,
        "byline": byline,
        "authors": byline.split()[1:],
        "summary": summary,
        "sections": sections,
    }
    return fields, links


def load() -> dict:
    doc = json.loads(DATA.read_text("utf-8"))
    series = doc["series"]
    for a in doc["articles"]:
        if a.get("from_seed"):
            fields, links = parse_seed(HERE / a["from_seed"], a["seed_headings"], series)
            for k, v in fields.items():
                if k in a and a[k] != v:
                    raise SystemExit(
                        f"articles.json {a['province']}.{k} differs from the seed text"
                    )
                a[k] = v
            doc["seed_links"] = links
    by_prov = {a["province"]: a for a in doc["articles"]}
    doc["keyword"] = "全总成立100周年"
    for a in doc["articles"]:
        a["member"] = f"{a['province']}工会"
        a["kw"] = a["province"]
        a["http_charset"] = True  # its aggregator pages: _headers.json sends charset=utf-8
        a["title"] = f"{series}丨{a['member']}：{a['headline']}"
        a["url"] = origin(a["site"]) + a["path"]
    # the seed's 新闻链接 must name exactly the articles we render, in the same order
    earlier = earlier_than(doc, by_prov["宁夏"])
    assert doc["seed_links"] == [e["title"] for e in earlier], "seed 新闻链接 mismatch"
    pages = [dict(a) for a in doc["articles"]]
    for extra in doc.get("extra_pages", []):
        page = dict(by_prov[extra["province"]])
        page.update(extra)
        page["url"] = origin(page["site"]) + page["path"]
        page["is_copy"] = True
        pages.append(page)
    doc["pages"] = pages
    doc["by_prov"] = by_prov
    return doc


def load_second() -> dict:
    """The SYNTHETIC second series: members are industry unions, not provinces."""
    doc = json.loads(DATA2.read_text("utf-8"))
    series = doc["series"]
    for a in doc["articles"]:
        a["kw"] = a["member"]
        a["title"] = f"{series}丨{a['member']}：{a['headline']}"
        a["url"] = origin(a["site"]) + a["path"]
    doc["pages"] = [dict(a) for a in doc["articles"]]
    return doc


def origin(site: str) -> str:
    return "{{origin:" + site + "}}"


def earlier_than(doc: dict, art: dict) -> list[dict]:
    """Every article published on an earlier day, newest first (the 新闻链接 list)."""
    day = art["published"][:10]
    prior = [a for a in doc["articles"] if a["published"][:10] < day]
    return sorted(prior, key=lambda a: a["published"], reverse=True)


def related_for(doc: dict, page: dict) -> list[dict]:
    if page["layout"] == "epaper":
        return []  # the print edition has no 新闻链接 block
    return [
        {"title": a["title"], "url": a["url"], "member": a["member"]}
        for a in earlier_than(doc, page)
    ]


def body_paragraphs(page: dict) -> list[str]:
    return [p for s in page["sections"] for p in s["paragraphs"]]


# --------------------------------------------------------------------------------------------
# rendering helpers
# --------------------------------------------------------------------------------------------
def esc(s: str) -> str:
    return html.escape(s, quote=False)


def attr(s: str) -> str:
    return html.escape(s, quote=True)


def para_html(page: dict, idx: int, text: str) -> str:
    """Escaped paragraph text with this page's quirks (zero-width space, &nbsp;) applied."""
    q = page.get("quirks", {})
    z = q.get("zwsp")
    if z and z["paragraph"] == idx:
        text = text[: z["offset"]] + ZWSP + text[z["offset"] :]
    out = esc(text)
    if idx in q.get("nbsp", []):
        out = ("&nbsp;" + out + "&nbsp;&nbsp;") if idx % 2 == 0 else ("&nbsp;&nbsp;" + out)
    return out


def body_items(page: dict):
    """Yield ("h", text) / ("p", idx, html) / ("img", image) / ("hidden",) in reading order."""
    q = page.get("quirks", {})
    imgs = {im["after_paragraph"]: im for im in page.get("images", [])}
    idx = 0
    for sec in page["sections"]:
        if sec["heading"]:
            yield ("h", esc(sec["heading"]))
        for p in sec["paragraphs"]:
            yield ("p", idx, para_html(page, idx, p))
            if idx in imgs:
                yield ("img", imgs[idx])
            if q.get("hidden_after_paragraph") == idx:
                yield ("hidden",)
            idx += 1


HIDDEN = '<div style="display:none">隐藏内容不应出现</div>'


def pubparts(page: dict) -> dt.datetime:
    return dt.datetime.strptime(page["published"], "%Y-%m-%d %H:%M:%S")


# --------------------------------------------------------------------------------------------
# layouts
# --------------------------------------------------------------------------------------------
def render_ngwz(doc: dict, page: dict) -> str:
    banner = doc["banner"]
    b = []
    b.append(f"<p>{esc(banner)}</p>")
    b.append(f"<p>原标题：{esc(page['kicker'])}——（引题）</p>")
    b.append(f"<p>{esc(page['headline'])}（主题）</p>")
    if page["subtitle"]:
        b.append(f"<p>{esc(page['subtitle'])}（副题）</p>")
    b.append(f"<p>{esc(page['byline'])}</p>")
    b.append("<p>阅读提示</p>")
    b.append(f"<p>{esc(page['summary'])}</p>")
    for it in body_items(page):
        if it[0] == "h":
            b.append(f"<p>{it[1]}</p>")
        elif it[0] == "p":
            b.append(f"<p>{it[2]}</p>")
        elif it[0] == "hidden":
            b.append(HIDDEN)
    rel = related_for(doc, page)
    if rel:
        b.append("<p>新闻链接</p>")
        for r in rel:
            b.append(f'<p><a href="{attr(r["url"])}" target="_blank">{esc(r["title"])}</a></p>')
    b.append("<p>来源：中工网-工人日报</p>")
    body = "\n  ".join(b)
    related = "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for h, t in NGWZ_RELATED)
    title = page["title"]
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=1.0, user-scalable=no">
<title>{esc(title)}_实时讯息</title>
<meta name="keywords" content="{attr(page["member"])},{attr(doc["keyword"])},实时讯息">
<meta name="description" content="{attr(page["summary"][:80])}">
<link rel="stylesheet" href="/static/css/m.css?v=20250301">
<style>
.news-detail{{padding:10px 12px}} .news-title{{font-size:20px;line-height:1.5}}
.news-meta{{color:#999;font-size:12px}} .news-body p{{line-height:1.8;margin:8px 0}}
</style>
<script>var _hmt = _hmt || []; var siteConf = {{"cid": 12, "type": "news"}};</script>
</head>
<body>
<!-- 头部 -->
<header class="top"><nav class="menu"><a href="/">首页</a> <a href="/xiaoshuo/">小说推荐</a> <a href="/news/">实时讯息</a> <a href="/baike/">百科知识</a> <a href="/fanwen/">范文大全</a> <a href="/yulu/">经典语录</a></nav></header>
<div class="position">您的位置: <a href="/">首页</a> &gt; <a href="/news/">实时讯息</a> &gt;</div>
<!-- 内容 -->
<article class="news-detail">
 <h1 class="news-title">{esc(title)}</h1>
 <div class="news-meta"><span class="views">{page["views"]}次浏览</span>&nbsp;&nbsp;&nbsp;&nbsp;<span class="time">发布时间:{page["published"]}</span></div>
 <div class="news-body">
  {body}
 </div>
</article>
<!-- 相关 -->
<section class="related"><h3>相关文章</h3><ul>{related}</ul></section>
<footer class="foot"><p>本站内容来自网络，如有侵权请联系删除</p><p>Copyright &copy; 2025 手机资讯网 版权所有</p></footer>
<script>
(function(){{var v=document.querySelector('.views');if(v){{v.setAttribute('data-id','{page["path"].rsplit("/", 1)[-1][:-5]}');}}}})();
</script>
</body>
</html>
"""


def render_workercn(doc: dict, page: dict) -> str:
    charset = page.get("quirks", {}).get("meta_charset", "utf-8")
    banner = doc["banner"]
    b = [f"<p>{IND}{esc(banner)}</p>"]
    b.append(f"<p>{IND}原标题：{esc(page['kicker'])}——（引题）</p>")
    b.append(f"<p>{IND}{esc(page['headline'])}（主题）</p>")
    if page["subtitle"]:
        b.append(f"<p>{IND}{esc(page['subtitle'])}（副题）</p>")
    b.append(f"<p>{IND}{esc(page['byline'])}</p>")
    b.append(f"<p>{IND}阅读提示</p>")
    b.append(f"<p>{IND}{esc(page['summary'])}</p>")
    for it in body_items(page):
        if it[0] == "h":
            b.append(f"<p>{IND}<strong>{it[1]}</strong></p>")
        elif it[0] == "p":
            b.append(f"<p>{IND}{it[2]}</p>")
        elif it[0] == "img":
            im = it[1]
            b.append(
                f'<p style="text-align:center"><img src="{attr(im["src"])}" alt="" border="0"></p>'
            )
            if im["caption"]:
                b.append(f'<p class="pic-info" style="text-align:center">{esc(im["caption"])}</p>')
        elif it[0] == "hidden":
            b.append(HIDDEN)
    rel = related_for(doc, page)
    if rel:
        b.append(f"<p>{IND}新闻链接</p>")
        for r in rel:
            b.append(f'<p><a href="{attr(r["url"])}" target="_blank">{esc(r["title"])}</a></p>')
    body = "\n  ".join(b)
    related = "".join(
        f'<li><a href="{h}" target="_blank">{esc(t)}</a></li>' for h, t in WORKERCN_RELATED
    )
    title = page["title"]
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{esc(title)} - 全总 - 中工网</title>
<meta name="keywords" content="全总,工会,{attr(page["kw"])}">
<meta name="description" content="{attr(page["summary"])}">
<link rel="canonical" href="{attr(page["url"])}">
<link href="/css/article.css" rel="stylesheet" type="text/css">
<style type="text/css">
.ccontent p{{font-size:16px;line-height:30px;margin:0 0 14px}} .pic-info{{color:#666;font-size:14px}}
</style>
<script type="text/javascript">var contentid = "{page["path"].rsplit("/", 1)[-1].split(".")[0]}"; var catid = "quanzong";</script>
</head>
<body>
<!--头部导航 begin-->
<div class="top-nav"><a href="/">首页</a> | <a href="/yw/">要闻</a> | <a href="/quanzong/">全总</a> | <a href="/ld/">劳动</a> | <a href="/right/">维权</a> | <a href="/pl/pl/">评论</a> | <a href="/character/">人物</a></div>
<!--头部导航 end-->
<div class="breadcrumb">当前位置：<a href="/">中工网</a> &gt; <a href="/quanzong/">全总</a> &gt; 正文</div>
<div class="article">
 <h1 class="ctitle">{esc(title)}</h1>
 <div class="cinfo"><span class="ctime">{page["published"]}</span> <span class="csource">来源：工人日报</span> <span class="cviews">阅读 {page["views"]} 次</span></div>
 <!--正文 begin-->
 <div class="ccontent">
  {body}
 </div>
 <!--正文 end-->
 <div class="ceditor">{esc(page["editor"])}</div>
 <div class="cshare">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="javascript:window.print()">【打印】</a> <a href="javascript:window.close()">【关闭】</a></div>
 <div class="crelated"><h3>相关阅读</h3><ul>{related}</ul></div>
</div>
<div class="footer">版权所有 中工网 Copyright &copy; 2008-2025 未经书面授权禁止转载、摘编、复制、镜像</div>
<script type="text/javascript">
document.write('<img src="/stat/count.gif?id=' + contentid + '" width="1" height="1" style="display:none">');
</script>
</body>
</html>
"""


def render_epaper(doc: dict, page: dict) -> str:
    d = pubparts(page)
    cn = f"{d.year}年{d.month:02d}月{d.day:02d}日"
    b = [f"<p>{esc(doc['banner'])}</p>", "<p>阅读提示</p>", f"<p>{esc(page['summary'])}</p>"]
    for it in body_items(page):
        if it[0] == "h":
            b.append(f"<p><b>{it[1]}</b></p>")
        elif it[0] == "p":
            b.append(f"<p>{it[2]}</p>")
    body = "".join(b)
    sub = esc(page["subtitle"] or "")
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>工人日报 - {esc(page["headline"])}</title>
<meta name="keywords" content="工人日报,电子版,{attr(page["kw"])}">
<meta name="description" content="{attr(page["headline"])}">
<style>
.paper-article{{width:720px;margin:0 auto}} .yinti,.futi{{font-size:16px;font-weight:normal}} .zhuti{{font-size:26px}}
</style>
<script>var paperDate = "{d:%Y-%m-%d}"; var pageNo = "03";</script>
</head>
<body>
<!-- 报头 -->
<div class="paper-top">工人日报 {cn} 星期{WEEKDAYS[d.weekday()]} <a href="#">往期回顾</a></div>
<div class="paper-bc">第03版：工会新闻 <a href="#">上一版</a> <a href="#">下一版</a></div>
<!-- 文章 -->
<div class="paper-article">
 <h3 class="yinti">{esc(page["kicker"])}</h3>
 <h1 class="zhuti">{esc(page["headline"])}</h1>
 <h2 class="futi">{sub}</h2>
 <div class="author">{esc(page["byline"])}</div>
 <div class="paper-content">{body}</div>
 <div class="paper-date">《工人日报》({cn} 03版)</div>
</div>
<script>
if (window.parent !== window) {{ window.parent.postMessage({{"paper": paperDate}}, "*"); }}
</script>
</body>
</html>
"""


def render_people(doc: dict, page: dict) -> str:
    d = pubparts(page)
    when = f"{d.year}年{d.month:02d}月{d.day:02d}日{d:%H:%M}"
    banner = doc["banner"]
    b = [f"<p>{IND}阅读提示</p>", f"<p>{IND}{esc(page['summary'])}</p>"]
    for it in body_items(page):
        if it[0] == "h":
            b.append(f"<p>{IND}<strong>{it[1]}</strong></p>")
        elif it[0] == "p":
            b.append(f"<p>{IND}{it[2]}</p>")
    rel = related_for(doc, page)
    if rel:
        b.append(f"<p>{IND}新闻链接</p>")
        for r in rel:
            b.append(f'<p><a href="{attr(r["url"])}" target="_blank">{esc(r["title"])}</a></p>')
    body = "\n".join(b)
    hot = "".join(
        f'<li><a href="{origin("people")}{h}" target="_blank">{esc(t)}</a></li>'
        for h, t in PEOPLE_HOT
    )
    head = f"{banner}{page['headline']}"
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="content-type" content="text/html;charset=GB2312"/>
<meta http-equiv="Content-Language" content="utf-8" />
<meta content="all" name="robots" />
<title>{esc(head)}--中国工会新闻--人民网</title>
<meta name="keywords" content="工会 {attr(page["kw"])}" />
<meta name="description" content="{attr(page["summary"])}" />
<meta name="author" content="{attr(" ".join(page["authors"]))}" />
<meta name="publishdate" content="{d:%Y-%m-%d}" />
<link rel="canonical" href="{attr(page["url"])}"/>
<link href="/css/2020/page.css" type="text/css" rel="stylesheet" media="all" />
<style type="text/css">.rm_txt_con p{{text-indent:0;line-height:2}} .edit{{text-align:right}}</style>
<script type="text/javascript">var _people_page = {{"channel": "67502", "type": "article"}};</script>
</head>
<body>
<!--ad-->
<div class="w1000 top-links"><a href="{origin("people")}/">中国共产党新闻网</a> | <a href="{origin("people")}/GB/67502/">中国工会新闻</a> | <a href="{origin("people")}/GB/67502/index.html">滚动</a></div>
<div class="path"><a href="{origin("people")}/">中国共产党新闻网</a>&gt;&gt;<a href="{origin("people")}/GB/67502/">中国工会新闻</a></div>
<div class="text_title">
 <h3 class="pre">{esc(page["kicker"])}——</h3>
 <h1>{esc(head)}</h1>
 <h4 class="sub">{esc(page["subtitle"] or "")}</h4>
 <p class="sou">{esc(" ".join(page["authors"]))}</p>
 <div class="box01"><div class="fl">{when}&nbsp;&nbsp;来源：<a href="{origin("workercn")}/" target="_blank">工人日报</a></div><div class="fr">分享到：<a href="#">微博</a> <a href="#">微信</a></div></div>
</div>
<div class="text_con"><div class="rm_txt_con">
<!--enpcontent-->{body}<!--/enpcontent-->
 <div class="edit">{esc(page["editor"])}</div>
</div></div>
<div class="hot_list"><h2>热门推荐</h2><ul>{hot}</ul></div>
<div class="footer">人 民 网 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用</div>
<script type="text/javascript">
var bds = document.getElementsByTagName("p"); for (var i = 0; i < bds.length; i++) {{ bds[i].setAttribute("data-i", i); }}
</script>
</body>
</html>
"""


def render_gxgh(doc: dict, page: dict) -> str:
    q = page.get("quirks", {})
    charset = q.get("meta_charset", "utf-8")
    use_div = q.get("encoding") == "gb18030"
    tag = "div" if use_div else "p"
    d = pubparts(page)
    when = f"{d.year}/{d.month}/{d.day} {d.hour}:{d.minute:02d}"
    sty = ' style="text-indent:2em;"'
    b = [f"<{tag}{sty}>{esc(doc['banner'])}</{tag}>"]
    b.append(f"<{tag}{sty}>原标题：{esc(page['kicker'])}——（引题）</{tag}>")
    b.append(f"<{tag}{sty}>{esc(page['headline'])}（主题）</{tag}>")
    if page["subtitle"]:
        b.append(f"<{tag}{sty}>{esc(page['subtitle'])}（副题）</{tag}>")
    b.append(f"<{tag}{sty}>{esc(page['byline'])}</{tag}>")
    b.append(f"<{tag}{sty}>阅读提示</{tag}>")
    b.append(f"<{tag}{sty}>{esc(page['summary'])}</{tag}>")
    for it in body_items(page):
        if it[0] == "h":
            b.append(f"<p{sty}><strong>{it[1]}</strong></p>")
        elif it[0] == "p":
            b.append(f"<{tag}{sty}>{it[2]}</{tag}>")
        elif it[0] == "hidden":
            b.append(HIDDEN)
    rel = related_for(doc, page)
    if rel:
        b.append(f"<p{sty}>新闻链接</p>")
        for r in rel:
            b.append(f'<p><a href="{attr(r["url"])}" target="_blank">{esc(r["title"])}</a></p>')
    body = "\n".join(b)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="{charset}">
<title>{esc(page["title"])}</title>
<meta name="keywords" content="工会要闻">
<meta name="description" content="{attr(page["headline"])}">
<style type="text/css">
body{{margin:0;font:14px/1.8 SimSun}} #main{{width:960px;margin:0 auto}} .tit{{font-size:22px;font-weight:bold;text-align:center}}
.detail-info{{text-align:center;color:#888;border-bottom:1px dashed #ccc}} #zoom{{font-size:16px}}
</style>
<script type="text/javascript">function doZoom(size){{document.getElementById('zoom').style.fontSize=size+'px';}}</script>
</head>
<body>
<div id="top">
<table width="960" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td class="logo"><a href="/">广西工会网</a></td>
<td class="nav"><a href="/">首页</a> | <a href="/html/ghyw/">工会要闻</a> | <a href="/html/tzgg/">通知公告</a> | <a href="/html/wqfw/">维权服务</a> | <a href="/html/jcgh/">基层工会</a> | <a href="/html/ldmf/">劳动模范</a></td></tr>
</table>
</div>
<div class="dqwz">当前位置：首页 &gt;&gt; 工会要闻</div>
<div id="main"><div class="tit">{esc(page["title"])}</div><div class="detail-info">发布时间：{when} &nbsp; 来源：中工网-工人日报 &nbsp; 浏览次数：{page["views"]} &nbsp; 【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div><div id="zoom">
<!--正文-->
{body}
</div>
<div class="bottom-links">上一篇：<a href="/html/2025/0301/901.html">全区工会开展“三八”国际妇女节系列活动</a> 下一篇：<a href="/html/2025/0415/1050.html">自治区总工会召开劳动竞赛工作推进会</a></div>
<div class="jiathis">分享到 <a href="#">微信</a> <a href="#">微博</a></div>
</div>
<table class="footer" width="960" align="center"><tr><td>主办：广西壮族自治区总工会 版权所有</td></tr><tr><td>地址：南宁市 &nbsp; 建议使用1024×768分辨率浏览</td></tr></table>
<script type="text/javascript">var _visit = {{"page": "{page["path"]}"}};</script>
</body>
</html>
"""


def render_channel(doc: dict) -> str:
    ch = doc["channel_page"]
    by_prov = doc["by_prov"]
    items = []
    for it in ch["items"]:
        if "province" in it:
            a = by_prov[it["province"]]
            title, href = a["title"], (a["path"] if a["site"] == "workercn" else a["url"])
        else:
            title, href = it["title"], it["path"]
        m = re.search(r"/(\d{7})\.shtml$", href)
        li_id = (
            m.group(1)
            if m
            else str(int(hashlib.md5(href.encode()).hexdigest(), 16) % 9000000 + 1000000)
        )
        items.append(
            f'<li id="li_{li_id}"><h3><a href="{attr(href)}" target="_blank">{esc(title)}</a></h3>'
            f'<div class="info2">{it["time"]}</div><span class="fr">{esc(it["outlet"])}</span></li>'
        )
    lis = "\n".join(items)
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>全总 - 中工网</title>
<meta name="keywords" content="全总,中华全国总工会,工会新闻">
<meta name="description" content="中工网全总频道">
<link href="/css/list.css" rel="stylesheet" type="text/css">
<style type="text/css">.list-ul li{{padding:12px 0;border-bottom:1px solid #eee}} .list-ul .fr{{float:right;color:#999}}</style>
<script type="text/javascript">var catid = "quanzong";</script>
</head>
<body>
<!--头部导航 begin-->
<div class="top-nav"><a href="/">首页</a> | <a href="/yw/">要闻</a> | <a href="/quanzong/">全总</a> | <a href="/ld/">劳动</a> | <a href="/right/">维权</a> | <a href="/pl/pl/">评论</a> | <a href="/character/">人物</a></div>
<!--头部导航 end-->
<div class="breadcrumb">当前位置：<a href="/">中工网</a> &gt; 全总</div>
<div class="list-main">
<ul class="list-ul">
{lis}
</ul>
<div class="page"><span>1</span> <a href="/quanzong/index_2.html">2</a> <a href="/quanzong/index_3.html">3</a> <a href="/quanzong/index_2.html">下一页</a></div>
</div>
<div class="footer">版权所有 中工网 Copyright &copy; 2008-2025 未经书面授权禁止转载、摘编、复制、镜像</div>
<script type="text/javascript">
var lis = document.querySelectorAll('.list-ul li'); for (var i = 0; i < lis.length; i++) {{ lis[i].className = i % 2 ? 'odd' : 'even'; }}
</script>
</body>
</html>
"""


def render_second_channel(second: dict) -> str:
    """The second series' channel list (SYNTHETIC): its articles newest first, among others."""
    ch = second["channel_page"]
    pages = sorted(second["pages"], key=lambda p: p["published"], reverse=True)
    entries = [(p["title"], p["path"] if p["site"] == "workercn" else p["url"], p["published"],
                p["source"]) for p in pages]
    entries[2:2] = [(it["title"], it["path"], it["time"], it["outlet"]) for it in ch["others"]]
    lis = "\n".join(
        f'<li><h3><a href="{attr(href)}" target="_blank">{esc(title)}</a></h3>'
        f'<div class="info2">{when}</div><span class="fr">{esc(outlet)}</span></li>'
        for title, href, when, outlet in entries
    )
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(ch["title"])} - 中工网</title>
<link href="/css/list.css" rel="stylesheet" type="text/css">
</head>
<body>
<div class="top-nav"><a href="/">首页</a> | <a href="/quanzong/">全总</a> | <a href="/chanye/">产业</a></div>
<div class="breadcrumb">当前位置：<a href="/">中工网</a> &gt; {esc(ch["title"])}</div>
<div class="list-main">
<ul class="list-ul">
{lis}
</ul>
</div>
<div class="footer">版权所有 中工网 Copyright &copy; 2008-2025 未经书面授权禁止转载、摘编、复制、镜像</div>
</body>
</html>
"""


RENDER = {
    "ngwz": render_ngwz,
    "workercn": render_workercn,
    "epaper": render_epaper,
    "people": render_people,
    "gxgh": render_gxgh,
}


def encoding_of(page: dict) -> str:
    q = page.get("quirks", {})
    if "encoding" in q:
        return q["encoding"]
    return "gbk" if page["layout"] == "people" else "utf-8"


# --------------------------------------------------------------------------------------------
# images: a minimal valid baseline JPEG (8x8 grey), tagged with a comment so files differ
# --------------------------------------------------------------------------------------------
def tiny_jpeg(tag: str) -> bytes:
    com = tag.encode("utf-8")

    def seg(marker: int, payload: bytes) -> bytes:
        return bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload

    out = b"\xff\xd8"
    out += seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    out += seg(0xFE, com)
    out += seg(0xDB, b"\x00" + b"\x01" * 64)
    out += seg(0xC0, b"\x08\x00\x08\x00\x08\x01\x01\x11\x00")
    one_code = b"\x01" + b"\x00" * 15 + b"\x00"  # one code of length 1 -> symbol 0
    out += seg(0xC4, b"\x00" + one_code)  # DC table 0
    out += seg(0xC4, b"\x10" + one_code)  # AC table 0 (symbol 0 = EOB)
    out += seg(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    out += b"\x3f"  # DC diff category 0, EOB, padding ones
    out += b"\xff\xd9"
    return out


# --------------------------------------------------------------------------------------------
# READMEs
# --------------------------------------------------------------------------------------------
LAYOUT_NAMES = {
    "ngwz": "aggregator (m.ngwz.net style)",
    "workercn": "中工网 article page",
    "epaper": "工人日报 e-paper page on 中工网",
    "people": "人民网 中国工会新闻 channel",
    "gxgh": "unknown layout (provincial union website; generic extractor)",
}


def quirk_text(page: dict) -> str:
    q = page.get("quirks", {})
    out = []
    enc = encoding_of(page)
    if page["layout"] == "people":
        out.append("GBK bytes, meta GB2312")
    if enc == "gb18030":
        out.append('GB18030 bytes, `<meta charset="gb18030">`')
    if "meta_charset" in q and q["meta_charset"] != enc and page["layout"] == "workercn":
        out.append(f"meta declares {q['meta_charset']}, bytes are UTF-8")
    if "http_content_type" in q:
        out.append(f"HTTP Content-Type `{q['http_content_type']}` while bytes are {enc.upper()}")
    if page["layout"] == "ngwz" and page.get("http_charset"):
        out.append("HTTP `charset=utf-8`")
    if "zwsp" in q:
        out.append("U+200B in a body paragraph")
    if "nbsp" in q:
        out.append("`&nbsp;` around body paragraphs")
    if "hidden_after_paragraph" in q:
        out.append("hidden `display:none` div in the body")
    if page.get("images"):
        out.append(
            "image" + (" with caption" if page["images"][0]["caption"] else " without caption")
        )
    if page["sections"][0]["heading"] is not None:
        out.append("body starts with a heading (no null-heading section)")
    if page["subtitle"]:
        out.append("has 副题")
    return "; ".join(out)


def sites_readme(doc: dict, second: dict) -> str:
    rows = []
    for p in sorted(doc["pages"], key=lambda p: p["published"]):
        kind = "REAL (seed)" if not p.get("synthetic", True) else "synthetic"
        extra = " — copy, not linked" if p.get("is_copy") else ""
        rows.append(
            f"| {p['published'][:10]} | {p['province']} | `{p['site']}` | `{p['path']}` | "
            f"{LAYOUT_NAMES[p['layout']]}{extra} | {kind} | {quirk_text(p)} |"
        )
    table = "\n".join(rows)
    rows2 = []
    for p in sorted(second["pages"], key=lambda p: p["published"]):
        rows2.append(
            f"| {p['published'][:10]} | {p['member']} | `{p['site']}` | `{p['path']}` | "
            f"{LAYOUT_NAMES[p['layout']]} | SYNTHETIC | {quirk_text(p) or '-'} |"
        )
    table2 = "\n".join(rows2)
    newest = max(second["pages"], key=lambda p: p["published"])
    return f"""# Offline snapshot sites

GENERATED by `tools/snapshot/build.py` from `tools/snapshot/articles.json` and
`tools/snapshot/industry.json` — do not edit by
hand; edit the data (or the script) and re-run `python tools/snapshot/build.py` (the
project's virtualenv Python).

Each folder is one site, served by `crawler/snapshot/server.py` on its own 127.0.0.1 port.
`{{{{origin:<site>}}}}` in a file is replaced at serve time by that site's origin.

## What is real and what is not

- **The 宁夏 article text is real**: it is the text of the aggregator seed page
  (`m.ngwz.net/news/6Qn72MNkKZ.html`, see `tools/snapshot/seed/`), with the full-width
  punctuation restored that the seed file had folded to ASCII (`,` `:` `(` `)` `;` →
  `，` `：` `（` `）` `；`). The 29 headlines of the other series articles are also real
  (from the seed's 新闻链接 list).
- **Every other article body is SYNTHETIC**, written for tests: kickers, subtitles, bylines,
  author names, summaries, paragraphs, numbers, captions, and the whole 新疆 article
  (headline included). They are plausible but not facts; do not quote them.
- **The HTML markup of all sites is our reconstruction**, not copied from any real page.
  Class names follow what is known (中工网 `div.ccontent`, `li[id^="li_"]`, …); the rest is
  invented. Dates: 宁夏 2025-04-18 07:11 is real; the other dates/times are invented (one
  day earlier per article in the seed's list order).

## Sites

| site | stands for | encoding |
|---|---|---|
| `ngwz` | the aggregator m.ngwz.net | UTF-8, `_headers.json` sends `text/html; charset=utf-8`; robots.txt disallows `/member/` |
| `people` | 人民网 中国工会新闻 (acftu.people.com.cn) | GBK bytes, meta `content-type` GB2312 (plus a misleading `Content-Language: utf-8` meta, as on the real site); 吉林 page served with a lying `charset=utf-8` header |
| `workercn` | 中工网 www.workercn.cn (articles, e-paper, channel list `/quanzong/index.html`) | UTF-8 (四川 page's meta lies: gb2312) |
| `gxgh` | an unknown provincial-union site (generic extraction) | 广西 UTF-8; 上海 GB18030 bytes with `<meta charset="gb18030">` |

新疆 (2025-04-19, the newest) is linked from no article: only from the channel list
`workercn:/quanzong/index.html`, which is reachable from every 中工网 article's breadcrumb.
The 人民网 copy of 宁夏 (`/n1/2025/0418/c67502-40463036.html`) is linked from nowhere.
It carries the same 新闻链接 block as the aggregator page (29 links).
E-paper pages have no 新闻链接 block (print edition); 北京, the oldest, has none either. Every
other article links all earlier articles, newest first, at the place each lives in the snapshot.

Dates run one day earlier per article in the seed's list order: 青海 2025-04-17 … 北京
2025-03-20 (29 linked articles). Times vary per article; 人民网 pages print minutes only, the
e-paper prints the date only, the unknown layout prints `2025/4/8 9:30`.

Images: `workercn/images/...jpg` are tiny valid 8x8 grey JPEGs made by the build script.

## Pages

| published | province | site | path | layout | text | quirks |
|---|---|---|---|---|---|---|
{table}

## The second series (SYNTHETIC)

A second series, **entirely SYNTHETIC** (`tools/snapshot/industry.json`), so that crawls of a
series other than the default one can be tested: `{second["series"]}`, whose members are
industry unions, not provinces (titles `{second["series"]}丨<member>：<headline>`, banner
`{second["banner"]}`). Every headline, name, number, date and paragraph is invented for tests;
only the union names are real organisations. Its pages use the 中工网 article layout and the
aggregator layout on the existing `workercn` and `ngwz` sites, at paths of their own (no HTTP
charset header on its aggregator pages: their `<meta charset>` says UTF-8).

Like the first series, every article's 新闻链接 block lists all earlier members, newest first;
the oldest ({min(second["pages"], key=lambda p: p["published"])["member"]}) lists none.
The newest, {newest["member"]} (`{newest["site"]}:{newest["path"]}`), is the start page of the demo;
no page of the first series links this series, nor the other way round. Its channel list
`{second["channel_page"]["site"]}:{second["channel_page"]["path"]}` (a discovery page) lists all
eight, newest first, among two unrelated articles.

| published | member | site | path | layout | text | quirks |
|---|---|---|---|---|---|---|
{table2}
"""


# --------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------
def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def render_page(doc: dict, page: dict, headers: dict[str, dict[str, dict[str, str]]]) -> None:
    html_text = RENDER[page["layout"]](doc, page)
    write(SITES_DIR / page["site"] / page["path"].lstrip("/"), html_text.encode(encoding_of(page)))
    q = page.get("quirks", {})
    if page["layout"] == "ngwz" and page.get("http_charset"):
        headers["ngwz"][page["path"]] = {"Content-Type": "text/html; charset=utf-8"}
    if "http_content_type" in q:
        headers[page["site"]][page["path"]] = {"Content-Type": q["http_content_type"]}
    for im in page.get("images", []):
        write(SITES_DIR / page["site"] / im["src"].lstrip("/"), tiny_jpeg(im["src"]))


def build() -> tuple[dict, dict]:
    doc, second = load(), load_second()
    for site in SITES:
        shutil.rmtree(SITES_DIR / site, ignore_errors=True)
    headers: dict[str, dict[str, dict[str, str]]] = {s: {} for s in SITES}
    for page in doc["pages"]:
        render_page(doc, page, headers)
    for page in second["pages"]:
        render_page(second, page, headers)
    ch = doc["channel_page"]
    write(SITES_DIR / ch["site"] / ch["path"].lstrip("/"), render_channel(doc).encode("utf-8"))
    ch2 = second["channel_page"]
    write(SITES_DIR / ch2["site"] / ch2["path"].lstrip("/"),
          render_second_channel(second).encode("utf-8"))
    for site in SITES:
        robots = (
            "User-agent: *\nDisallow: /member/\n"
            if site == "ngwz"
            else "User-agent: *\nDisallow:\n"
        )
        write(SITES_DIR / site / "robots.txt", robots.encode())
        if headers[site]:
            body = (
                json.dumps(dict(sorted(headers[site].items())), ensure_ascii=False, indent=2) + "\n"
            )
            write(SITES_DIR / site / "_headers.json", body.encode("utf-8"))
    write(SITES_DIR / "README.md", sites_readme(doc, second).encode("utf-8"))
    return doc, second


def check(docs: tuple[dict, ...]) -> None:
    """Re-read what was written: decode, parse, and find every text field of the source data
    on its page (the hand-maintained gold in tests/gold is checked by tests/test_gold.py)."""
    import lxml.html

    n = 0
    for doc in docs:
        for page in doc["pages"]:
            raw = (SITES_DIR / page["site"] / page["path"].lstrip("/")).read_bytes()
            text = raw.decode(encoding_of(page))  # strict: every page is valid in its encoding
            tree = lxml.html.fromstring(text)
            for bad in tree.xpath('//*[contains(@style,"display:none")]'):
                bad.drop_tree()
            flat = re.sub(r"[\u3000\u00a0\u200b]", "", tree.text_content())
            flat = re.sub(r"[ \t]+", " ", flat)
            related = related_for(doc, page)
            needles = [page["headline"], page["kicker"], page["summary"]]
            needles += [p for sec in page["sections"] for p in sec["paragraphs"]]
            needles += [sec["heading"] for sec in page["sections"] if sec["heading"]]
            needles += [r["title"] for r in related]
            needles += [i["caption"] for i in page.get("images", []) if i["caption"]]
            for s in needles:
                assert s in flat, (page["member"], page["site"], s[:30])
            assert "隐藏内容不应出现" not in flat
            hrefs = set(tree.xpath("//a/@href"))
            for r in related:
                assert r["url"] in hrefs, (page["member"], r["url"])
            for h in tree.xpath("//@href | //@src"):
                assert not re.match(r"(?i)^(https?:)?//", h), (page["member"], h)
            n += 1
    print(f"checked {n} pages")


if __name__ == "__main__":
    built = build()
    print(f"wrote {sum(len(d['pages']) for d in built)} article pages + channel list")
    if "--check" in sys.argv:
        check(built)
