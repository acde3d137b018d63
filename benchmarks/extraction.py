"""Extraction quality and speed: our locate + build_article vs trafilatura vs readability-lxml.

Part 1 - snapshot pages with gold (tests/gold/): body-text precision / recall / F1 on
character bigrams (punctuation width folded, white space removed) per layout, and for our
extractor the per-field accuracy against gold.
Part 2 - speed on the same pages (extraction only: the bytes are downloaded once beforehand).
Part 3 - speed and "body found" rate on ../shared/realpages/*.html (real pages), the
body-text agreement between each pair of extractors, and P/R/F1 against hand-labelled gold
(benchmarks/realpages_gold.json: XPath labels, so no third-party text is stored), reported
separately for the "dev" pages (looked at while tuning) and the held-out "test" pages.
``--profile`` adds a cProfile of our extractor on the real pages (top hot spots).

Run: /work/venv/bin/python benchmarks/extraction.py [--rounds 5] [--profile]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import itertools
import logging
import pstats
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


from scrapy.http import HtmlResponse, Request  # noqa: E402

from crawler.clean.assemble import build_article  # noqa: E402
from crawler.clean.dates import find_datetime  # noqa: E402
from crawler.clean.text import fold_width  # noqa: E402
from crawler.locate import locate  # noqa: E402
from crawler.middlewares import declared_encodings, encoding_by_evidence  # noqa: E402

REALPAGES = ROOT.parent / "shared" / "realpages"
LAYOUT_ORDER = ("ngwz", "workercn", "grrb-epaper", "people", "generic")
BODY_FOUND_MIN = 200
_WS = re.compile(r"\s+")

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("readability").setLevel(logging.CRITICAL)
warnings.filterwarnings("ignore")


# -- the three extractors: (url, body bytes, encoding, decoded text) -> body text ------------
def ours(url: str, body: bytes, encoding: str, html: str) -> str:
    """Our pipeline from already-downloaded bytes: response -> locate -> build_article.

    A fresh response each call, so parsing the HTML is part of the measured cost (as for the
    peers, which parse the string they are given)."""
    response = HtmlResponse(url=url, body=body, encoding=encoding, request=Request(url))
    page = locate(response)
    return build_article(page).text if page is not None else ""


def ours_article(url: str, body: bytes, encoding: str) -> dict | None:
    response = HtmlResponse(url=url, body=body, encoding=encoding, request=Request(url))
    page = locate(response)
    return asdict(build_article(page)) if page is not None else None


def trafilatura_text(url: str, body: bytes, encoding: str, html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False, favor_precision=False) or ""


def readability_text(url: str, body: bytes, encoding: str, html: str) -> str:
    import lxml.html
    from readability import Document

    summary = Document(html).summary()
    if not summary:
        return ""
    root = lxml.html.fromstring(summary)
    return "\n".join(t.strip() for t in root.itertext() if t.strip())


EXTRACTORS: dict[str, Callable[[str, bytes, str, str], str]] = {
    "ours": ours,
    "trafilatura": trafilatura_text,
    "readability": readability_text,
}


# -- metrics -------------------------------------------------------------------------------
def bigrams(text: str) -> Counter:
    s = _WS.sub("", fold_width(text or ""))
    return Counter(s[i : i + 2] for i in range(len(s) - 1))


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    p, g = bigrams(pred), bigrams(gold)
    overlap = sum((p & g).values())
    precision = overlap / sum(p.values()) if p else (1.0 if not g else 0.0)
    recall = overlap / sum(g.values()) if g else (1.0 if not p else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def safe(fn, *args) -> str:
    try:
        return fn(*args)
    except Exception as exc:  # an extractor crashing on a page counts as "nothing found"
        print(f"    ! {fn.__name__} failed on {args[0]}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return ""


def time_extractor(fn, pages: list[tuple[str, bytes, str, str]], rounds: int) -> float:
    """Seconds per page: the best of ``rounds`` full passes (after one warm-up pass)."""
    for page in pages:
        safe(fn, *page)
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for page in pages:
            with contextlib.suppress(Exception):
                fn(*page)
        best = min(best, time.perf_counter() - t0)
    return best / max(1, len(pages))


def print_speed(title: str, per_page: dict[str, float]) -> None:
    print(f"\n{title}")
    print(f"  {'extractor':<12} {'ms/page':>9} {'pages/s':>9}")
    for name, sec in per_page.items():
        print(f"  {name:<12} {sec * 1000:9.2f} {1 / sec if sec else 0:9.1f}")
    peers = {k: v for k, v in per_page.items() if k != "ours"}
    fastest = min(peers, key=peers.get)
    ratio = per_page["ours"] / peers[fastest]
    print(f"  ours vs fastest peer ({fastest}): {ratio:.2f}x the time per page "
          f"({'faster' if ratio < 1 else 'slower'})")


# -- snapshot + gold -----------------------------------------------------------------------
def layout_of(site: str, path: str) -> str:
    if site == "workercn" and "/papers/grrb/" in path:
        return "grrb-epaper"
    return {"ngwz": "ngwz", "workercn": "workercn", "people": "people"}.get(site, "generic")


def fetch(url: str) -> tuple[bytes, str]:
    """Bytes and the encoding the crawler's middleware decides on (one HTTP fetch, untimed)."""
    from gold_support import fetch_response

    response = fetch_response(url)
    return response.body, response.encoding


def snapshot_part(rounds: int) -> None:
    try:
        from gold_support import FIELDS, comparable, gold_files, load_gold, page_of

        from crawler.snapshot.server import SnapshotServer
    except ImportError as exc:
        print(f"snapshot/gold support not importable ({exc}); skipping the gold part")
        return
    golds = gold_files()
    if not golds:
        print("No gold files under tests/gold/ yet; skipping the gold part.")
        return
    fields = [f for f in FIELDS]
    rows = []  # (layout, gold dict, page tuple)
    with SnapshotServer() as server:
        for g in golds:
            site, path = page_of(g)
            if site not in server.sites:
                continue
            url = server.url(site, path)
            body, enc = fetch(url)
            html = body.decode(enc, errors="replace")
            rows.append((layout_of(site, path), load_gold(g, server), (url, body, enc, html)))

    print(f"== Snapshot pages with gold: {len(rows)} pages ==")
    by_layout: dict[str, list] = {}
    for layout, gold, page in rows:
        by_layout.setdefault(layout, []).append((gold, page))
    layouts = [lay for lay in LAYOUT_ORDER if lay in by_layout] + sorted(
        set(by_layout) - set(LAYOUT_ORDER)
    )

    # quality
    scores: dict[tuple[str, str], list[tuple[float, float, float]]] = {}
    field_ok: dict[str, Counter] = {lay: Counter() for lay in layouts}
    field_n: dict[str, Counter] = {lay: Counter() for lay in layouts}
    for layout in layouts:
        for gold, page in by_layout[layout]:
            for name, fn in EXTRACTORS.items():
                scores.setdefault((layout, name), []).append(prf(safe(fn, *page), gold["text"]))
            try:
                got = ours_article(*page[:3]) or {}
            except Exception as exc:
                print(f"    ! ours failed on {page[0]}: {exc}", file=sys.stderr)
                got = {}
            for f in fields:
                if f in gold:
                    field_n[layout][f] += 1
                    field_ok[layout][f] += comparable(gold[f]) == comparable(got.get(f))

    print("\nBody text vs gold (character bigrams, width folded, white space removed), "
          "mean over pages")
    print(f"  {'layout':<12} {'pages':>5}  " + "  ".join(f"{n:^20}" for n in EXTRACTORS))
    print(f"  {'':<12} {'':>5}  " + "  ".join(f"{'P':>6} {'R':>6} {'F1':>6}" for _ in EXTRACTORS))
    all_layouts = layouts + ["ALL"]
    for layout in all_layouts:
        cells = []
        for name in EXTRACTORS:
            vals = (scores[(layout, name)] if layout != "ALL"
                    else list(itertools.chain.from_iterable(scores[(lay, name)] for lay in layouts)))
            p, r, f = (statistics.mean(v[i] for v in vals) for i in range(3))
            cells.append(f"{p:6.3f} {r:6.3f} {f:6.3f}")
        n = len(by_layout[layout]) if layout != "ALL" else len(rows)
        print(f"  {layout:<12} {n:>5}  " + "  ".join(cells))

    print("\nOurs: per-field accuracy (fraction of pages where the field equals gold, width folded)")
    print(f"  {'field':<14} " + " ".join(f"{lay:>11}" for lay in layouts) + f" {'ALL':>7}")
    for f in fields:
        n_all = sum(field_n[lay][f] for lay in layouts)
        if not n_all:
            continue
        cells = []
        for lay in layouts:
            n = field_n[lay][f]
            cells.append(f"{field_ok[lay][f] / n:11.2f}" if n else f"{'-':>11}")
        ok_all = sum(field_ok[lay][f] for lay in layouts)
        print(f"  {f:<14} " + " ".join(cells) + f" {ok_all / n_all:7.2f}")
    exact = 0
    for layout in layouts:
        for gold, page in by_layout[layout]:
            got = ours_article(*page[:3]) or {}
            exact += all(comparable(gold[f]) == comparable(got.get(f)) for f in fields if f in gold)
    print(f"  pages with every field right: {exact}/{len(rows)}")

    pages = [page for _, _, page in rows]
    per_page = {name: time_extractor(fn, pages, rounds) for name, fn in EXTRACTORS.items()}
    print_speed(f"Speed on the {len(pages)} snapshot pages (extraction only, best of {rounds} "
                f"passes, {sum(len(p[1]) for p in pages) / len(pages) / 1024:.1f} KiB/page)",
                per_page)


# -- real pages ----------------------------------------------------------------------------
def load_realpages() -> list[tuple[str, bytes, str, str]]:
    pages = []
    for f in sorted(REALPAGES.glob("*.html")):
        body = f.read_bytes()
        enc = encoding_by_evidence(body, declared_encodings(body))
        url = f"http://127.0.0.1/realpages/{f.name}"  # never fetched: a base for relative links
        pages.append((url, body, enc, body.decode(enc, errors="replace")))
    return pages


def realpages_part(rounds: int) -> list[tuple[str, bytes, str, str]]:
    if not REALPAGES.is_dir() or not any(REALPAGES.glob("*.html")):
        print(f"\n== Real pages: {REALPAGES} not found; skipped ==")
        return []
    pages = load_realpages()
    print(f"\n== Real pages ({REALPAGES}, {len(pages)} pages, no gold) ==")
    texts = {name: [safe(fn, *p) for p in pages] for name, fn in EXTRACTORS.items()}
    print(f"  body found (text >= {BODY_FOUND_MIN} chars):")
    for name, ts in texts.items():
        found = sum(len(t) >= BODY_FOUND_MIN for t in ts)
        print(f"  {name:<12} {found}/{len(pages)} = {found / len(pages):.2f}   "
              f"median text length {statistics.median(len(t) for t in ts):.0f} chars")
    print("\n  Pairwise body-text agreement (bigram F1, mean over pages; a rough signal only)")
    for a, b in itertools.combinations(EXTRACTORS, 2):
        f1s = [prf(x, y)[2] for x, y in zip(texts[a], texts[b], strict=True)]
        print(f"  {a:>12} ~ {b:<12} {statistics.mean(f1s):.3f}  (min {min(f1s):.3f})")
    print("\n  Per page (chars of body text; F1 ours~trafilatura, ours~readability):")
    for i, p in enumerate(pages):
        name = p[0].rsplit("/", 1)[-1]
        o, t, r = (texts[n][i] for n in EXTRACTORS)
        print(f"  {name:<18} {p[2]:<8} {len(o):6d} {len(t):6d} {len(r):6d}   "
              f"{prf(o, t)[2]:.2f} {prf(o, r)[2]:.2f}")
    realpages_gold_part(pages, texts)
    per_page = {name: time_extractor(fn, pages, rounds) for name, fn in EXTRACTORS.items()}
    print_speed(f"Speed on the {len(pages)} real pages (extraction only, best of {rounds} passes, "
                f"{sum(len(p[1]) for p in pages) / len(pages) / 1024:.1f} KiB/page)", per_page)
    return pages


def realpages_gold_part(pages: list[tuple[str, bytes, str, str]], texts: dict[str, list[str]]):
    """Body-text P/R/F1 against the hand-labelled XPath gold (benchmarks/realpages_gold.json),
    reported separately for the "dev" pages (looked at while tuning) and the "test" pages."""
    from realgold import gold_for, load_labels

    labels = load_labels()
    rows: dict[str, dict[str, list[tuple[float, float, float]]]] = {}
    print("\n  Against hand-labelled gold (XPath labels; P / R / F1 on body bigrams):")
    print(f"  {'page':<18} {'split':<5} " + " ".join(f"{n:>17}" for n in EXTRACTORS))
    for i, p in enumerate(pages):
        name = p[0].rsplit("/", 1)[-1]
        label = labels.get(name)
        if label is None:
            continue
        gold = gold_for(REALPAGES / name, label)["text"]
        scores = {n: prf(texts[n][i], gold) for n in EXTRACTORS}
        for n, score in scores.items():
            rows.setdefault(label["split"], {}).setdefault(n, []).append(score)
        print(f"  {name:<18} {label['split']:<5} "
              + " ".join(f"{sc[0]:.2f}/{sc[1]:.2f}/{sc[2]:.2f}".rjust(17) for sc in scores.values()))
    fields: dict[str, list[int]] = {}
    for p in pages:
        name = p[0].rsplit("/", 1)[-1]
        label = labels.get(name)
        if label is None:
            continue
        gold = gold_for(REALPAGES / name, label)
        art = ours_article(p[0], p[1], p[2]) or {}
        gold_time = find_datetime(gold["time"] or "")
        tally = fields.setdefault(label["split"], [0, 0, 0, 0])
        tally[0] += fold_width(art.get("title") or "") == fold_width(gold["title"] or "")
        tally[1] += 1
        if gold_time is not None:  # pages whose visible time has a year
            tally[2] += art.get("published_at") == gold_time.isoformat()
            tally[3] += 1
    for split, (t_ok, t_n, d_ok, d_n) in sorted(fields.items()):
        print(f"  ours on {split} pages: title right {t_ok}/{t_n}, published_at right {d_ok}/{d_n}")
    for split in ("dev", "test"):
        if split not in rows:
            continue
        print(f"  mean over {split} pages ({len(rows[split]['ours'])}):".ljust(25) + " ".join(
            "/".join(f"{statistics.mean(x[k] for x in rows[split][n]):.3f}" for k in range(3)).rjust(17)
            for n in EXTRACTORS))


def profile_ours(pages: list[tuple[str, bytes, str, str]], repeat: int, top: int) -> None:
    if not pages:
        return
    for p in pages:
        safe(ours, *p)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for _ in range(repeat):
        for p in pages:
            safe(ours, *p)
    prof.disable()
    total = time.perf_counter() - t0
    n = repeat * len(pages)
    print(f"\n== cProfile of ours on the real pages: {n} extractions, {total * 1000 / n:.2f} ms/page "
          f"under the profiler ==")
    for key, label in (("tottime", "self time"), ("cumulative", "cumulative time")):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).strip_dirs().sort_stats(key).print_stats(top)
        lines = out.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if "ncalls" in line)
        print(f"\n  top {top} by {label}:")
        for line in lines[start : start + top + 1]:
            print("  " + line)


def breakdown_ours(pages: list[tuple[str, bytes, str, str]], rounds: int) -> None:
    """Where our time goes, stage by stage (no profiler overhead): best of ``rounds``."""
    if not pages:
        return
    from crawler.clean.text import clean_text
    from crawler.locate import generic, layouts
    from crawler.locate.blocks import flatten

    def best(fn) -> float:
        fn()
        return min(_timed(fn) for _ in range(rounds)) / len(pages)

    def _timed(fn) -> float:
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    def responses():
        return [HtmlResponse(url=u, body=b, encoding=e, request=Request(u)) for u, b, e, _ in pages]

    parsed = responses()
    for r in parsed:
        r.selector  # noqa: B018 - parse once for the stages that follow
    roots = [r.selector.root for r in parsed]
    bodies = [r.find("body") if r.find("body") is not None else r for r in roots]
    found = [generic.find_body(b) for b in bodies]
    located = [locate(r) for r in parsed]

    stages = {
        "decode + parse (response.selector)": lambda: [r.selector for r in responses()],
        "site_locate: layout checks (no match)": lambda: [layouts.site_locate(r) for r in parsed],
        "generic: find_body": lambda: [generic.find_body(b) for b in bodies],
        "generic: find_title": lambda: [
            generic.find_title(b, f, clean_text(r.xpath("//title/text()").get()), None)
            for b, f, r in zip(bodies, found, parsed, strict=True) if f is not None],
        "generic: flatten(body)": lambda: [flatten(f, r.url) for f, r in zip(found, parsed, strict=True)
                                           if f is not None],
        "generic_locate total": lambda: [generic.generic_locate(r) for r in parsed],
        "build_article": lambda: [build_article(p) for p in located if p is not None],
        "ours end to end": lambda: [ours(*p) for p in pages],
    }
    print(f"\n== Our extractor stage by stage on the real pages (ms/page, best of {rounds}) ==")
    total = None
    for name, fn in stages.items():
        sec = best(fn)
        total = sec if name == "ours end to end" else total
        print(f"  {name:<40} {sec * 1000:7.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5, help="timed passes per extractor (best is kept)")
    ap.add_argument("--skip-gold", action="store_true", help="skip the snapshot/gold part")
    ap.add_argument("--skip-real", action="store_true", help="skip the real pages part")
    ap.add_argument("--profile", action="store_true", help="cProfile ours on the real pages")
    ap.add_argument("--profile-repeat", type=int, default=10)
    ap.add_argument("--top", type=int, default=25, help="rows of profile output")
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if not args.skip_gold:
        snapshot_part(args.rounds)
    pages = [] if args.skip_real else realpages_part(args.rounds)
    if args.profile and not args.skip_real:
        breakdown_ours(pages or load_realpages(), args.rounds)
    if args.profile:
        profile_ours(pages or ([] if args.skip_real else load_realpages()), args.profile_repeat, args.top)


if __name__ == "__main__":
    main()
