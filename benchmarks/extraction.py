"""Extraction accuracy and speed: ours vs trafilatura vs gne vs readability-lxml.

For each page set and each field, the share of pages an extractor gets right, all four
extractors on the same pages in the same run, plus ms per page (median of ``--rounds``
timed passes, after one untimed pass that also produces the outputs scored).

Page sets (``pagesets.py``): the snapshot pages with gold (``tests/gold``); the zoo
(``tests/zoo/gold``, skipped while it has no gold); the labelled real pages given with
``--pages DIR`` (skipped without it; benchmarks/README.md says where to get them), dev and
test splits of each set reported separately. Fields and how they are compared: ``metrics.py``.

Run from the project root: python benchmarks/extraction.py --pages DIR [--rounds 3]
Output: markdown tables on stdout, headed by the git commit they were measured on.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if importlib.util.find_spec("crawler") is None:  # the project is not installed: use this tree
    sys.path.insert(0, str(ROOT))

import metrics  # noqa: E402
import pagesets  # noqa: E402
from extractors import EXTRACTORS, PROVIDES, Output, run  # noqa: E402
from report import provenance, table, versions  # noqa: E402

NAMES = list(EXTRACTORS)
PEERS = [n for n in NAMES if n != "ours"]


def measure(pages: list[pagesets.Page], rounds: int) -> tuple[dict[str, list[Output]], dict[str, float]]:
    """Outputs of every extractor on every page, and each extractor's ms/page."""
    outputs: dict[str, list[Output]] = {}
    ms: dict[str, float] = {}
    for name in NAMES:
        outputs[name] = [run(name, p) for p in pages]  # also the warm-up pass
        passes = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            for p in pages:
                run(name, p)
            passes.append((time.perf_counter() - t0) * 1000 / len(pages))
        ms[name] = statistics.median(passes)
    return outputs, ms


def _count(flags: list[bool]) -> str:
    return f"{sum(flags)}/{len(flags)} ({sum(flags) / len(flags):.2f})" if flags else "-"


def field_rows(pages: list[pagesets.Page], outputs: dict[str, list[Output]]) -> list[list[str]]:
    checks = {
        "title": lambda o, g: metrics.title_right(o.title, g["title"]),
        "published_at, date right": lambda o, g: metrics.when_right(o.published_at,
                                                                    g["published_at"])[0],
        "published_at, to the minute right": lambda o, g: metrics.when_right(
            o.published_at, g["published_at"])[1],
        "authors": lambda o, g: metrics.authors_right(o.authors, g["authors"]),
        "source (ours only)": lambda o, g: metrics.source_right(o.source, g["source"]),
    }
    attr = {"title": "title", "authors": "authors", "source (ours only)": "source"}
    rows = []
    for label, check in checks.items():
        field = attr.get(label, "published_at")
        row = [label]
        for name in NAMES:
            if field not in PROVIDES[name]:
                row.append("n/a")
                continue
            row.append(_count([not o.failed and check(o, p.gold)
                               for o, p in zip(outputs[name], pages, strict=True)]))
        rows.append(row)
    scores = {n: [metrics.prf(o.text, p.gold["text"] or "")
                  for o, p in zip(outputs[n], pages, strict=True)] for n in NAMES}
    for i, label in enumerate(("body precision", "body recall", "body F1")):
        rows.append([label] + [f"{statistics.mean(s[i] for s in scores[n]):.3f}" for n in NAMES])
    rows.append(["no output (exception or None)"]
                + [str(sum(o.failed for o in outputs[n])) for n in NAMES])
    return rows


def per_page_rows(pages: list[pagesets.Page], outputs: dict[str, list[Output]]) -> list[list[str]]:
    """One row per page: T(itle) D(ate) M(inute) A(uthors) flags and body F1 per extractor."""
    rows = []
    for i, p in enumerate(pages):
        row = [p.name]
        for n in NAMES:
            o = outputs[n][i]
            if o.failed:
                row.append("failed")
                continue
            has = PROVIDES[n]
            d, m = (metrics.when_right(o.published_at, p.gold["published_at"])
                    if "published_at" in has else (False, False))
            flags = "".join([
                "T" if metrics.title_right(o.title, p.gold["title"]) else ".",
                "-" if "published_at" not in has else ("D" if d else "."),
                "-" if "published_at" not in has else ("M" if m else "."),
                "-" if "authors" not in has else
                ("A" if metrics.authors_right(o.authors, p.gold["authors"]) else "."),
            ])
            row.append(f"{flags} {metrics.prf(o.text, p.gold['text'] or '')[2]:.2f}")
        rows.append(row)
    return rows


def report_set(title: str, pages: list[pagesets.Page], rounds: int, per_page: bool) -> None:
    if not pages:
        print(f"\n## {title}\n\nNo pages; skipped.")
        return
    outputs, ms = measure(pages, rounds)
    kib = sum(len(p.body) for p in pages) / len(pages) / 1024
    print(f"\n## {title}: {len(pages)} pages, {kib:.0f} KiB/page\n")
    rows = field_rows(pages, outputs)
    rows.append([f"ms/page (median of {rounds})"] + [f"{ms[n]:.1f}" for n in NAMES])
    print(table(["field (pages right)"] + NAMES, rows))
    fastest = min(PEERS, key=ms.__getitem__)
    print(f"\nSpeed: fastest peer ({fastest}, {ms[fastest]:.1f} ms) / ours ({ms['ours']:.1f} ms)"
          f" = {ms[fastest] / ms['ours']:.2f} (above 1: ours is faster)")
    failures: dict[tuple[str, str], list[str]] = {}
    for n in NAMES:
        for p, o in zip(pages, outputs[n], strict=True):
            if o.failed:
                failures.setdefault((n, o.error[:160]), []).append(p.name)
    for (n, err), names in failures.items():
        print(f"- {n} gave no output on {len(names)} page(s) ({', '.join(names[:3])}"
              f"{' ...' if len(names) > 3 else ''}): {err}")
    if per_page:
        print("\nPer page: T title, D date, M minute, A authors right ('.' wrong, '-' n/a), "
              "then body F1\n")
        print(table(["page"] + NAMES, per_page_rows(pages, outputs)))


def profile_ours(pages: list[pagesets.Page], repeat: int = 5, top: int = 25) -> None:
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(repeat):
        for p in pages:
            run("ours", p)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).strip_dirs().sort_stats("cumulative").print_stats(top)
    print(f"\n## cProfile of ours ({repeat} passes over {len(pages)} pages)\n\n```")
    print(out.getvalue().strip())
    print("```")


_SPLITS = ("dev", "wide-dev", "fresh-dev", "test", "wide-test", "fresh-test")


def _split_order(split: str) -> tuple[int, str]:
    return (_SPLITS.index(split) if split in _SPLITS else len(_SPLITS), split)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=Path,
                    help="folder with the labelled real pages (163_1.html ...); without it the "
                         "real-page part is skipped")
    ap.add_argument("--rounds", type=int, default=3, help="timed passes per extractor (median)")
    ap.add_argument("--sets", default="snapshot,zoo,real",
                    help="comma-separated page sets to run (snapshot, zoo, real)")
    ap.add_argument("--per-page", action="store_true", help="also print one row per page")
    ap.add_argument("--profile", action="store_true", help="cProfile ours on the last set run")
    args = ap.parse_args()
    sets = set(args.sets.split(","))

    print(f"# Extraction benchmark, {provenance()}\n")
    crawler_dir = Path(importlib.util.find_spec("crawler").origin).parent.parent
    if crawler_dir.resolve() != ROOT:
        print(f"(crawler package imported from {crawler_dir}, not from this work tree)\n")
    print(versions(("scrapy", "trafilatura", "htmldate", "gne", "readability-lxml", "lxml")))
    print(f"\nFields as compared in benchmarks/metrics.py; speed = ms per page, median of "
          f"{args.rounds} timed passes after one untimed pass.")
    last: list[pagesets.Page] = []
    if "snapshot" in sets:
        last = pagesets.snapshot_pages()
        report_set("Snapshot pages with gold (tests/gold)", last, args.rounds, args.per_page)
    if "zoo" in sets:
        zoo, why = pagesets.zoo_pages()
        if why:
            print(f"\n## Zoo (tests/zoo/gold)\n\nSkipped: {why}.")
        else:
            last = zoo
            report_set("Zoo (tests/zoo/gold)", zoo, args.rounds, args.per_page)
    if "real" in sets:
        if args.pages is None:
            print("\n## Real pages\n\nSkipped: no --pages DIR given (see benchmarks/README.md "
                  "for where to get the pages).")
        elif not args.pages.is_dir():
            print(f"\n## Real pages\n\nSkipped: {args.pages} is not a folder.")
        else:
            real = pagesets.real_pages(args.pages)
            if not real:
                print(f"\n## Real pages\n\nSkipped: none of the labelled pages is in {args.pages}.")
            # Studied splits first, then the held-out ones, each set in the order it was labelled.
            for split in sorted(real, key=_split_order):
                if real.get(split):
                    last = real[split]
                    report_set(f"Real pages, {split} split", last, args.rounds, args.per_page)
    if args.profile and last:
        profile_ours(last)


if __name__ == "__main__":
    main()
