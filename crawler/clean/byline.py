"""Bylines: recognize them and take the person names out of them.

Who counts as an author: reporters (记者, with any qualifier: 见习记者, 实习记者), writers
(作者, 文/, 撰稿, 执笔) and 通讯员 (职工通讯员, 特约通讯员 …) — 工人日报 prints its correspondents as
co-authors of the report. 实习生 count too: a paper names its interns in the byline beside
the reporters they wrote with, and a reader cannot tell their share apart. Editors (编辑,
责任编辑, 审核 …) and photographers (摄影, 图/, ``张三 摄``) do not, nor outlets, accounts,
organisations (a party branch in the 作者 field) or promo lines.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from crawler.clean.provinces import PROVINCES
from crawler.clean.rules import HAN, SENTENCE_MARK

# Words that introduce names in a byline; everything up to and including them is dropped.
_ROLE = r"(?:特约|见习|实习|首席)?(?:记者|通讯员|实习生|撰稿人?|作者|编译|本报|执笔人?)"
# "文/张三": single-character roles only count with their separator, or as a token of their
# own once the separator has split them from the names.
_SHORT_ROLE = r"文(?:\s*[/／：:]|$)"
# 文/图, 图文: the named wrote the text (and took the pictures): the writer's role.
_TEXT_AND_PICTURES = re.compile(r"(?:文\s*[/／]\s*图|图\s*[/／]\s*文|图文|文图)(?=\s*[/／：:]|\s)")
_ROLE_PREFIX = re.compile(rf"^(?:.*?{_ROLE}\s*[：:/／]?|{_SHORT_ROLE})\s*")
_HAS_ROLE = re.compile(rf"{_ROLE}|^{_SHORT_ROLE}")
_ANY_ROLE = re.compile(rf"{_ROLE}|编辑|责编|摄影")
# Credits whose names are not authors: editors and photographers.
_NOT_AUTHOR_ROLE = re.compile(
    r"^(?:责任编辑|责编|编辑|审核|审校|校对|监制|摄影|图片|图(?:\s*[/／：:]|$)|摄(?:\s*[/／：:]|$))"
    r"\s*[：:/／]?"
)
# Vertical bars too (作者︱张三, 记者｜李四): pages print them between a role and its name.
_SPLIT = re.compile(r"[\s、，,;；/|｜丨︱&＆]+")
# Han names of 2-4 characters; transliterated names joined by · (阿依古丽·买买提); Latin names.
_HAN_NAME = rf"[{HAN}]{{2,4}}|[{HAN}]{{1,10}}(?:[·•][{HAN}]{{1,10}})+"
_NAME = re.compile(rf"^(?:{_HAN_NAME})$|^[A-Z][a-z]+(?:[ .'-][A-Z][A-Za-z'-]*)*$")
_HAN_NAME_RE = re.compile(_HAN_NAME)
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")
# Common Chinese surnames (single and compound): a 2-4 character token that starts with none
# of them is far more often a word (原创, 参考消息, 相关稿件) than a person.
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮"
    "柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古"
    "吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫"
    "寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位"
    "厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈"
    "伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉"
    "冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由原"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "夏侯",
                      "尉迟", "公孙", "长孙", "宇文", "司徒", "端木", "申屠", "西门", "万俟")
# Tokens that look like 2-4 Han characters but are not people: labels, promo words, outlets.
_NOT_NAME = re.compile(
    r"点击|关注|扫码|二维码|蓝字|订阅|分享|收藏|转发|点赞|在看|原文|来源|编辑|发布|时间|日期|责任|浏览|"
    r"阅读|客户端|公众号|微信|易信|视频|图片|字号|打印|纠错|举报|评论|原标题|阅读提示|原创|稿件|相关|网络|"
    r"专题|推荐|热点|首页|返回|登录|注册|下载|"
    r"党委|团委|支部|办公室|委员会|协会|学会|宣传|科室|小组|课题组|"  # offices in the 作者 field
    r"(?:整合|整理|综合|综述|编译|报道|采写|撰文|执笔|供稿|摄影|转载)$|"  # what was done: 陈智 整合, 网络整理
    r"(?:网|社|台|报|站|号|部|局|厅|院|所|馆|中心|集团|公司|频道|新闻|工会|日报|晚报)$"
)
# The surname test lets through words whose first character is also a surname (国, 时, 文, 金,
# 高, 江 …): the channel and section names a header prints beside its outlet or in a strip
# of labels, and place names (the provinces). Without a role to vouch for them they are no
# one's name. (Words opening with any other character fail the surname test already:
# 社会, 财经, 科技, 体育, 要闻.)
_SURNAME_WORDS = frozenset({
    "国际", "国内", "国家", "时事", "时政", "时评", "时尚", "时讯", "金融", "文化", "文旅", "文娱",
    "文艺", "文学", "房产", "海外", "全球", "全国", "公益", "公告", "高考", "高校", "黄金", "安全",
    *(short for short in PROVINCES if len(short) <= 4),
})
_KNOWN_OUTLETS = {"工人日报", "中工网", "本报", "记者", "通讯员", "新华社", "人民网", "人民日报", "央视网"}
_LABEL_WORDS = r"来源|发布|时间|日期|编辑|责编|浏览|阅读|点击|字号|摄影|审核|校对"
_NAME_IN_LINE = rf"(?!{_LABEL_WORDS})(?:[{HAN}]{{1,10}}(?:[·•][{HAN}]{{1,10}})+|[{HAN}]{{2,4}}(?![{HAN}·•]))"
# A labelled byline inside a longer header line: "作者：张三 来源：… 发布时间：…". What stands
# before the role is its outlet (工人日报—中工网记者), never an opening bracket: a bracketed
# byline (（记者 张三）) is read without its brackets.
BYLINE_IN_LINE = re.compile(
    rf"(?:(?:本报|特约|见习|首席|[^\s：:（(【\[［〔]{{0,12}}?)?(?:记者|作者|通讯员|撰稿人?|执笔人?|文\s*[/／])"
    rf"\s*[：:/／]?\s*{_NAME_IN_LINE}(?:[\s、，,&＆]+{_NAME_IN_LINE})*\s*)+"
)


# A photo credit, not a byline: "图片记者 张三、李四摄", "张三 摄".
_PHOTO_CREDIT = re.compile(r"图片记者|摄影记者|摄\s*[）)]?\s*$")


# A dateline opening the body, with the byline in the parenthesis after 电/讯/消息:
# 新华社巴黎12月9日电（记者唐霁）, 本报讯（记者 张三 通讯员 李四）, 央视网消息（记者…）.
# The part before is the outlet, place and date: a few characters, no sentence punctuation.
_DATELINE = re.compile(
    r"^[【\[]?[^，。！？；：:,（）()【】\[\]]{1,30}?(?:电|讯|消息)[】\]]?\s*"
    r"[（(](?P<byline>[^（）()]{2,60})[）)]"
)


class Dateline(NamedTuple):
    byline: str  # what the parenthesis prints: 记者唐霁
    alone: bool  # the line is the dateline and nothing more


def read_dateline(text: str) -> Dateline | None:
    """The dateline opening ``text`` (``新华社巴黎12月9日电（记者唐霁）…``), when its
    parenthesis names someone under a role; else None."""
    m = _DATELINE.match(text)
    if m is None:
        return None
    byline = m["byline"].strip()
    if not _HAS_ROLE.search(byline) or not authors_from_byline(byline):
        return None
    return Dateline(byline, not text[m.end():].strip())


def is_person_name(token: str, *, labelled: bool = False) -> bool:
    """``labelled``: the token follows a role word (记者, 通讯员 …), which vouches for it, so
    names without a common surname (次仁卓嘎, the pen name 粤工宣) count too."""
    if not _NAME.match(token) or token in _KNOWN_OUTLETS or _NOT_NAME.search(token):
        return False
    if labelled or "·" in token or "•" in token or token[0].isascii():
        return True
    if token in _SURNAME_WORDS:
        return False
    return token[0] in _SURNAMES or token.startswith(_COMPOUND_SURNAMES)


def looks_like_byline(text: str) -> bool:
    """A short line that names reporters (``本报记者 张三 通讯员 李四``)."""
    if len(text) > 60 or SENTENCE_MARK.search(text):
        return False
    if text.startswith(("来源", "责任编辑", "编辑")):
        return False
    return bool(_HAS_ROLE.search(text)) and bool(authors_from_byline(text))


def looks_like_name_list(text: str) -> bool:
    """A line of person names alone (``马学礼 李静楠``), as 人民网 prints its byline."""
    return _all_names([t for t in _SPLIT.split(text) if t], most=6)


def _all_names(tokens: list[str], most: int) -> bool:
    """One to ``most`` tokens, each a person's name without a role to vouch for it."""
    return 0 < len(tokens) <= most and all(
        _HAN_NAME_RE.fullmatch(t) and is_person_name(t) for t in tokens
    )


# An outlet's name by what outlets are called: …报 (日报, 晚报), …网, …社, …台, …新闻, …客户端.
_OUTLET = re.compile(rf"^[{HAN}A-Za-z0-9]{{1,12}}(?:报|网|社|台|新闻|客户端|杂志|周刊)$")
_SLASH = re.compile(r"\s*[/／]\s*")
_NAMES_SPLIT = re.compile(r"[\s、，,]+")


def _names_only(text: str) -> bool:
    """``text`` is one to four person names and nothing else, without a role to vouch."""
    return _all_names([t for t in _NAMES_SPLIT.split(text) if t], most=4)


def outlet_byline(text: str) -> str | None:
    """A short line pairing people with their outlet and no role word: ``石佳/中国青年报``,
    ``张三 李四/新京报``, ``澎湃新闻 李四``; the line as printed, else None.

    Read in the header zone only, where such a line stands under the title as the byline.
    Both sides must be what they claim: an outlet's name by its ending, person names by the
    name test, so a channel beside its outlet (``国际/澎湃新闻``) or a breadcrumb is none.
    """
    text = text.strip()
    if len(text) > 30 or SENTENCE_MARK.search(text):
        return None
    parts = _SLASH.split(text)
    if len(parts) == 2:
        names, outlet = (parts[1], parts[0]) if _OUTLET.match(parts[0]) else parts
    elif len(parts) == 1 and len(words := text.split(None, 1)) == 2:
        outlet, names = words
    else:
        return None
    return text if _OUTLET.match(outlet) and _names_only(names) else None


# The writer credited in brackets after the text's last sentence: …举行。（张巨峰）,
# …需要。(文/图 刘玺东 易赛楠); or the bracket alone on the text's last line.
_CLOSING = re.compile(r"(?:^|(?<=[。！？!?”’」』…]))\s*[（(](?P<credit>[^（）()]{2,30})[）)]\s*$")


def closing_credit(text: str) -> str | None:
    """The credit in brackets closing ``text`` (the text's last paragraph) when it names
    writers: under a role (记者, 文/), or as one to four person names and nothing else (a
    note, an outlet, 完 or an editor's credit is none); else None."""
    if not text.endswith((")", "）")) or (m := _CLOSING.search(text)) is None:
        return None
    credit = m["credit"].strip()
    if _HAS_ROLE.search(credit):
        return credit if authors_from_byline(credit) else None
    return credit if _names_only(credit) else None


# A writer's post glued to the name (作者：张明北京大学经济学院教授): an institution opening
# with a place or a national prefix. Only such an opening marks where the name ends; without
# it a two- and a three-character name cannot be told apart, and none is guessed.
_POST = re.compile(
    rf"^(?:中国|中共|中央|国家|国务院|全国|{'|'.join(sorted(PROVINCES, key=len, reverse=True))})"
    rf"[{HAN}]*?(?:大学|学院|学校|研究院|研究所|研究中心|科学院|社科院|党校|中心|委员会|协会)[{HAN}]*$"
)


def _name_before_post(token: str) -> str | None:
    """The name in ``张明北京大学经济学院教授`` (a token under a role), else None."""
    for size in (2, 3, 4):
        name = token[:size]
        if _POST.match(token[size:]) and _HAN_NAME_RE.fullmatch(name) and is_person_name(name):
            return name
    return None


def authors_from_byline(byline: str | None) -> list[str]:
    """Person names only, in printed order: no roles, outlets or punctuation.

    Each name belongs to the role printed before it; names under an editor or photographer
    credit are not authors, and ``张三 摄`` (a photo credit) is dropped.
    """
    if not byline or _PHOTO_CREDIT.search(byline):
        return []
    text = _BRACKETED.sub(" ", byline)  # (记者 X) wrappers and notes
    text = _TEXT_AND_PICTURES.sub("文 ", text)
    names: list[str] = []
    excluded = labelled = False
    for token in _SPLIT.split(text):
        if m := _NOT_AUTHOR_ROLE.match(token):
            excluded, token = True, token[m.end():]
        elif _ROLE_PREFIX.match(token) and _HAS_ROLE.search(token):
            excluded, labelled, token = False, True, _ROLE_PREFIX.sub("", token)
        token = token.strip("：: ")
        if excluded or not token or token in names:
            continue
        if labelled and len(token) > 4 and (name := _name_before_post(token)):
            token = name
        if is_person_name(token, labelled=labelled) and not _ANY_ROLE.search(token):
            names.append(token)
    return names


# Roles that say who a person is for the outlet (not the bare field label 作者 or 文/).
_SPECIFIC_ROLE = re.compile(r"记者|通讯员|实习生|撰稿|编译|特约")


def is_fuller_byline(line: str, than: str) -> bool:
    """``line`` names at least the people ``than`` names and says their role where ``than``
    does not: ``工人日报—中工网记者 马学礼 李静楠`` against ``作者：马学礼 李静楠``.

    A bare ``作者：`` field (or a list of names) is the CMS's copy of the byline; the line the
    article prints, with the role and the outlet, is the byline as readers see it.
    """
    if _SPECIFIC_ROLE.search(than) or not _SPECIFIC_ROLE.search(line):
        return False
    mine, theirs = authors_from_byline(line), authors_from_byline(than)
    return bool(theirs) and set(theirs) <= set(mine)


def names_from_list(values: list[str]) -> list[str]:
    """Person names from machine metadata (JSON-LD ``author``, ``<meta name=author>``)."""
    names: list[str] = []
    for value in values:
        for token in _SPLIT.split(value):
            token = token.strip()
            if token and is_person_name(token) and token not in names:
                names.append(token)
    return names


# An editor's credit: 编辑：张三 李四, 【责任编辑：张三】, [责任编辑:张三]. The colon (or slash, bar)
# is required: 编辑部 and prose are no credit.
_EDITOR_CREDIT = re.compile(r"(?:责任编辑|责编|编辑)\s*[：:/／｜丨︱]\s*(?P<names>[^【】\[\]［］（）()：:]{2,30})")


def editor_names(text: str) -> list[str]:
    """The names ``text`` prints under an editor's credit, up to the first word that is no
    name (the next label: 编辑：张三 来源：…)."""
    if "编" not in text:
        return []
    names: list[str] = []
    for m in _EDITOR_CREDIT.finditer(text):
        for token in _SPLIT.split(m["names"].strip()):
            if not is_person_name(token, labelled=True) or _ANY_ROLE.search(token):
                break
            if token not in names:
                names.append(token)
    return names
