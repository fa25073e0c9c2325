"""``make bench``: measure what a reader and an author wait for, side by side, in one run.

Writes ``bench/results.json`` (every sample) and ``bench/report.md`` (median, min and max beside
each target).  Runs each measurement ``BENCH_RUNS`` times (default 3).  It needs the built book
for the browser measurements; it builds it first.
"""

from __future__ import annotations

import gzip
import http.server
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from functools import partial
from pathlib import Path

from casebook.paths import repo_root

from .cli import BUILD_DIR, QuietHandler, convert, find_chromium, page_sources

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SORTER_PAGE = "exercises/01-the-sony-hack.html"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync", "--disable-quic"]
WIDGET_FILES = ("casebook-widgets.js",)


def stats(samples: list[float]) -> dict:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples),
            "samples": samples}


def timed(cmd: list[str], cwd: Path, env=None) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stderr[-3000:]}")
    return elapsed


def say(message: str) -> None:
    print(f"==> bench: {message}", flush=True)


# --------------------------------------------------------------------------- build

def bare_execution_seconds(root: Path) -> float:
    """Execute every page bare, one after another in one process (jupytext, then nbclient)."""
    import nbformat
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory() as tmp:
        notebooks = convert(page_sources(root), Path(tmp), root)
        start = time.perf_counter()
        for path in notebooks:
            nb = nbformat.read(path, as_version=4)
            NotebookClient(nb, timeout=180, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        return time.perf_counter() - start


def measure_build(root: Path) -> dict:
    py = sys.executable
    clean, bare = [], []
    for i in range(RUNS):
        say(f"clean build {i + 1}/{RUNS}")
        shutil.rmtree(root / BUILD_DIR, ignore_errors=True)
        clean.append(timed([py, "-m", "coursetools.cli", "build"], root))
        say(f"bare execution {i + 1}/{RUNS}")
        bare.append(bare_execution_seconds(root))
    ratios = [c / b for c, b in zip(clean, bare, strict=True)]
    page = root / "chapters" / "01-the-sony-hack" / "index.md"
    if not page.exists():
        page = page_sources(root)[0]
    original = page.read_text(encoding="utf-8")
    incremental = []
    try:
        for i in range(RUNS):
            say(f"incremental rebuild {i + 1}/{RUNS}")
            page.write_text(original + f"\n<!-- bench edit {i} -->\n", encoding="utf-8")
            incremental.append(timed([py, "-m", "coursetools.cli", "build"], root))
    finally:
        page.write_text(original, encoding="utf-8")
        timed([py, "-m", "coursetools.cli", "build"], root)
    return {"clean_build_s": stats(clean), "bare_execution_s": stats(bare),
            "overhead_ratio": stats(ratios), "incremental_rebuild_s": stats(incremental),
            "pages": len(page_sources(root)), "edited_page": str(page.relative_to(root))}


# --------------------------------------------------------------------------- browser

class Site:
    """The built book served on 127.0.0.1, with headless Chromium."""

    def __init__(self, html: Path):
        self.html = html

    def __enter__(self):
        from playwright.sync_api import sync_playwright

        handler = partial(QuietHandler, directory=str(self.html))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.pw = sync_playwright().start()
        self.browser = self.pw.chromium.launch(executable_path=find_chromium(),
                                               args=CHROMIUM_FLAGS)
        return self

    def __exit__(self, *exc):
        self.browser.close()
        self.pw.stop()
        self.server.shutdown()

    def page_bytes(self, path: str) -> dict[str, tuple[int, int]]:
        """Bytes of every response the page loads, by address: (as served, gzip-compressed).

        The local server does not compress; most static hosts gzip text, so both are given.
        """
        page = self.browser.new_page()
        sizes: dict[str, tuple[int, int]] = {}

        def record(response):
            body = response.body() if response.ok else b""
            sizes[response.url] = (len(body), len(gzip.compress(body, mtime=0)))

        page.on("response", record)
        page.goto(f"{self.base}/{path}", wait_until="networkidle")
        page.close()
        return sizes

    def ready_times(self, path: str) -> dict:
        """Milliseconds from navigation start to each widget's ready mark and to load."""
        page = self.browser.new_page()
        page.goto(f"{self.base}/{path}", wait_until="load")
        page.wait_for_timeout(300)
        result = page.evaluate("""() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const marks = performance.getEntriesByType('mark')
                .filter(m => m.name.startsWith('casebook:ready:'));
            return {load: nav.loadEventStart, ready: marks.map(m => m.startTime),
                    widgets: document.querySelectorAll('[data-casebook-widget]').length};
        }""")
        page.close()
        return result

    def js_scoring_ms(self, n: int) -> float:
        page = self.browser.new_page()
        page.goto(f"{self.base}/{SORTER_PAGE}", wait_until="load")
        ms = page.evaluate("""async ([url, n]) => {
            const mod = await import(url);
            const claims = [], placements = {};
            for (let i = 0; i < n; i++) {
                const lo = 1 + (i % 4);
                claims.push({id: 'c' + i, tier_min: lo, tier_max: Math.min(4, lo + (i % 2))});
                placements['c' + i] = 1 + ((i * 7) % 4);
            }
            const t0 = performance.now();
            mod.scoreSort(placements, claims);
            return performance.now() - t0;
        }""", [f"{self.base}/_static/claim-sorter.js", n])
        page.close()
        return ms


def synthetic_sorter_page(html: Path, n_claims: int) -> str:
    """Copy the sorter page with one sorter of ``n_claims`` cards; returns its path."""
    from casebook.data import load_claims
    from casebook.widgets import ClaimSorter

    claims = load_claims()
    rows = claims.sample(n=n_claims, replace=n_claims > len(claims), random_state=7).copy()
    rows["id"] = [f"{cid}-b{i}" for i, cid in enumerate(rows["id"])]
    rows.attrs = claims.attrs
    mount = ClaimSorter(rows, exercise_id=f"bench-{n_claims}", title="Bench").static_html()
    source = (html / SORTER_PAGE).read_text(encoding="utf-8")
    seen = []

    def swap(match):
        seen.append(match)
        return mount if len(seen) == 1 else ""

    page = re.sub(r'<div class="casebook-mount".*?</div>', swap, source, flags=re.DOTALL)
    name = f"exercises/bench-{n_claims}-claims.html"
    (html / name).write_text(page, encoding="utf-8")
    return name


def measure_browser(root: Path) -> dict:
    html = root / BUILD_DIR / "html"
    pages = sorted(str(p.relative_to(html)) for p in html.rglob("*.html")
                   if not p.relative_to(html).parts[0].startswith("_") and p.name != "index.html"
                   and "bench-" not in p.name)
    static = html / "_static"
    widget_js = sum((static / f).stat().st_size for f in WIDGET_FILES)
    out: dict = {"pages": {}, "widget_js_bytes": widget_js}
    synthetic = {n: synthetic_sorter_page(html, n) for n in (3, 200)}
    try:
        with Site(html) as site:
            js_gz = len(gzip.compress(b"".join((static / f).read_bytes() for f in WIDGET_FILES),
                                      mtime=0))
            for page in pages:
                runs = [site.page_bytes(page) for _ in range(RUNS)]
                totals = [float(sum(raw for raw, _ in r.values())) for r in runs]
                totals_gz = [float(sum(gz for _, gz in r.values())) for r in runs]
                text = (html / page).read_text(encoding="utf-8")
                mounts = re.findall(r'<div class="casebook-mount".*?</div>', text, re.DOTALL)
                mount_bytes = sum(len(m.encode()) for m in mounts)
                widget_bytes = mount_bytes + (widget_js if mounts else 0)
                widget_gz = (len(gzip.compress("".join(mounts).encode(), mtime=0)) + js_gz
                             if mounts else 0)
                out["pages"][page] = {
                    "bytes": stats(totals),
                    "bytes_gzip": stats(totals_gz),
                    "widget_mount_bytes": mount_bytes,
                    "widget_bytes": widget_bytes,
                    "widget_share_percent": round(100 * widget_bytes / statistics.median(totals),
                                                  2),
                    "widget_code_share_percent": round(
                        100 * (widget_js if mounts else 0) / statistics.median(totals), 2),
                    "widget_share_gzip_percent": round(
                        100 * widget_gz / statistics.median(totals_gz), 2),
                }
            say("time to interactive")
            tti = {}
            for label, path in (("3 claims", synthetic[3]), ("200 claims", synthetic[200]),
                                ("problem set 01", SORTER_PAGE)):
                ready_after_load, ready_abs, loads = [], [], []
                for _ in range(RUNS):
                    r = site.ready_times(path)
                    last = max(r["ready"]) if r["ready"] else float("nan")
                    ready_abs.append(last)
                    loads.append(r["load"])
                    ready_after_load.append(last - r["load"])
                tti[label] = {"ready_ms": stats(ready_abs), "load_ms": stats(loads),
                              "ready_minus_load_ms": stats(ready_after_load)}
            out["time_to_interactive"] = tti
            say("scoring in JavaScript")
            out["js_score_500_ms"] = stats([site.js_scoring_ms(500) for _ in range(RUNS)])
    finally:
        for path in synthetic.values():
            (html / path).unlink(missing_ok=True)
    return out


def measure_python_scoring() -> dict:
    from casebook.scoring import Key, score_sort

    keys = {f"c{i}": Key(1 + i % 4, min(4, 1 + i % 4 + i % 2)) for i in range(500)}
    placements = {f"c{i}": 1 + (i * 7) % 4 for i in range(500)}
    samples = []
    for _ in range(max(RUNS, 5)):
        t0 = time.perf_counter()
        score_sort(placements, keys)
        samples.append((time.perf_counter() - t0) * 1000)
    return stats(samples)


def measure_test_suite(root: Path) -> dict:
    py = sys.executable
    bin_dir = Path(py).parent
    stages = {
        "ruff": [str(bin_dir / "ruff"), "check", "casebook", "tests"],
        "unit": [py, "-m", "pytest", "tests/unit", "-q"],
        "nbval": [py, "-m", "coursetools.cli", "nbval"],
        "build": [py, "-m", "coursetools.cli", "build"],
        "browser": [py, "-m", "pytest", "tests/browser", "-q"],
    }
    out = {}
    for name, cmd in stages.items():
        say(f"test stage {name}")
        out[name] = stats([timed(cmd, root) for _ in range(RUNS)])
    out["total_s"] = sum(v["median"] for v in out.values())
    return out


# --------------------------------------------------------------------------- report

def fmt(s: dict, unit: str = "", digits: int = 2) -> str:
    return (f"{s['median']:.{digits}f}{unit} (min {s['min']:.{digits}f}, "
            f"max {s['max']:.{digits}f})")


def report(results: dict) -> str:
    b, w, t = results["build"], results["browser"], results["test_suite"]
    lines = [
        "# Benchmarks",
        "",
        f"Measured on {results['date']} on a machine with {results['cores']} cores "
        f"({results['platform']}), Python {results['python']}; each figure is the median of "
        f"{results['runs']} runs, with min and max. Raw samples: `bench/results.json`. "
        "Regenerate with `make bench`.",
        "",
        "## Author: build and test",
        "",
        "| measure | result | target | met |",
        "| --- | --- | --- | --- |",
        f"| clean build, as `make book` does it ({b['pages']} pages) | "
        f"{fmt(b['clean_build_s'], ' s')} | | |",
        f"| bare execution of the same pages, one after another | "
        f"{fmt(b['bare_execution_s'], ' s')} | | |",
        f"| build overhead (clean build / bare execution) | {fmt(b['overhead_ratio'])} | "
        f"at most 0.8 | {'yes' if b['overhead_ratio']['median'] <= 0.8 else 'no'} |",
        f"| incremental rebuild after a prose edit ({b['edited_page']}) | "
        f"{fmt(b['incremental_rebuild_s'], ' s')} | at most 5 s | "
        f"{'yes' if b['incremental_rebuild_s']['median'] <= 5 else 'no'} |",
    ]
    for stage in ("ruff", "unit", "nbval", "build", "browser"):
        lines.append(f"| `make test` stage: {stage} | {fmt(t[stage], ' s', 1)} | | |")
    lines.append(f"| `make test`, all stages (sum of medians) | {t['total_s']:.1f} s | | |")
    lines += [
        "",
        "## Reader: page weight",
        "",
        "Bytes of each built page with everything it loads (HTML, CSS, JS, fonts, images), "
        "as decoded bodies (the local server does not compress). Widget bytes are the page's "
        "widget mounts (the claim text and state in the HTML) plus the widget modules "
        f"({w['widget_js_bytes']:,} bytes), counted on pages that have widgets.",
        "",
        "| page | bytes (gzip) | at most 1 MB | widget bytes: mounts + code | widget share "
        "(gzip) | widget code share | at most 2 % |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for page, p in w["pages"].items():
        size = p["bytes"]["median"]
        code = p["widget_bytes"] - p["widget_mount_bytes"]
        lines.append(
            f"| {page} | {size:,.0f} ({p['bytes_gzip']['median']:,.0f}) | "
            f"{'yes' if size <= 1_000_000 else 'no'} | {p['widget_mount_bytes']:,} + {code:,} | "
            f"{p['widget_share_percent']:.2f} % ({p['widget_share_gzip_percent']:.2f} %) | "
            f"{p['widget_code_share_percent']:.2f} % | "
            f"{'yes' if p['widget_share_percent'] <= 2 else 'no'} |")
    lines += [
        "",
        "## Reader: time to interactive and scale",
        "",
        "Milliseconds from navigation start until the last widget on the page has rendered its "
        "claims and takes input (the widget's `performance.mark`), beside the page's load event.",
        "",
        "| page | ready (ms) | load event (ms) | ready minus load (ms) | target |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label, r in w["time_to_interactive"].items():
        ok = r["ready_minus_load_ms"]["median"] <= 0
        lines.append(f"| {label} | {fmt(r['ready_ms'], '', 1)} | {fmt(r['load_ms'], '', 1)} | "
                     f"{fmt(r['ready_minus_load_ms'], '', 1)} | ready by load: "
                     f"{'yes' if ok else 'no'} |")
    lines += [
        "",
        "| scale | result |",
        "| --- | --- |",
        *scoring_rows(results, w),
        "| rendering a 200-claim sorter | see '200 claims' above |",
        "",
    ]
    lines += lighthouse_section(results.get("lighthouse"))
    notes = results.get("notes")
    if notes:
        lines += ["## Notes on the targets", "", notes.strip(), ""]
    return "\n".join(lines)


def scoring_rows(results: dict, w: dict) -> list[str]:
    """The scoring rows of the last run that measured them (older runs scored 10,000
    placements without pairs; this code scores 500 with their ordered pairs)."""
    rows = []
    for key, label in (("500", "500 placements, with their ordered pairs"),
                       ("10000", "10,000 placements")):
        if f"python_score_{key}_ms" in results:
            rows.append(f"| scoring {label} in Python | "
                        f"{fmt(results[f'python_score_{key}_ms'], ' ms')} |")
        if f"js_score_{key}_ms" in w:
            rows.append(f"| scoring {label} in JavaScript (Chromium) | "
                        f"{fmt(w[f'js_score_{key}_ms'], ' ms')} |")
    return rows


def lighthouse_section(lh: dict | None) -> list[str]:
    """The report's table of Lighthouse scores: every page, then the stock Jupyter Book pages."""
    if not lh:
        return []
    from .lighthouse import CATEGORIES

    lines = [
        "## Reader: Lighthouse, every page",
        "",
        f"Measured on {lh.get('date', 'the date above')}. "
        f"Lighthouse (mobile, default simulated throttling) in Debian's Chromium, each page "
        f"served gzip-compressed from 127.0.0.1; the median of {lh['runs']} runs per page. "
        f"Target: at least {lh['target']} in every category. The stock Jupyter Book 1 pages "
        "(its own template, built with the same pinned Jupyter Book) were measured the same "
        "way in the same run.",
        "",
        "| page | performance | accessibility | best practices | SEO | FCP (ms) | LCP (ms) | "
        "TBT (ms) | CLS | all at least the target |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    rows = [*lh["pages"].items(), *((f"stock Jupyter Book 1: {k}", v)
                                    for k, v in lh["stock"].items())]
    for page, r in rows:
        ok = all(r[c] >= lh["target"] for c in CATEGORIES)
        lines.append(f"| {page} | " + " | ".join(f"{r[c]:.0f}" for c in CATEGORIES) +
                     f" | {r['fcp_ms']:.0f} | {r['lcp_ms']:.0f} | {r['tbt_ms']:.0f} | "
                     f"{r['cls']:.3f} | {'yes' if ok else 'no'} |")
    worst = {c: min(r[c] for r in lh["pages"].values()) for c in CATEGORIES}
    lines += ["", "Lowest score over the course's pages: " +
              ", ".join(f"{c} {worst[c]:.0f}" for c in CATEGORIES) + ".", ""]
    return lines


def main() -> int:
    root = repo_root()
    if "--only-lighthouse" in sys.argv:
        # Measure Lighthouse again and keep the other sections of the last full run.
        from .lighthouse import measure as measure_lighthouse

        results = json.loads((root / "bench" / "results.json").read_text(encoding="utf-8"))
        results["lighthouse"] = measure_lighthouse(runs=RUNS)
        results["lighthouse"]["date"] = date.today().isoformat()
        results["notes"] = (root / "bench" / "notes.md").read_text(encoding="utf-8")
        (root / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n",
                                                    encoding="utf-8")
        (root / "bench" / "report.md").write_text(report(results), encoding="utf-8")
        return 0
    if "--report-only" in sys.argv:
        # Rewrite report.md from the last results.json, with the current notes.md.
        results = json.loads((root / "bench" / "results.json").read_text(encoding="utf-8"))
        results["notes"] = (root / "bench" / "notes.md").read_text(encoding="utf-8")
        (root / "bench" / "report.md").write_text(report(results), encoding="utf-8")
        return 0
    results = {"date": date.today().isoformat(), "cores": os.cpu_count(),
               "platform": platform.platform(terse=True), "python": platform.python_version(),
               "runs": RUNS}
    results["build"] = measure_build(root)
    results["browser"] = measure_browser(root)
    results["python_score_500_ms"] = measure_python_scoring()
    results["test_suite"] = measure_test_suite(root)
    from .lighthouse import measure as measure_lighthouse

    results["lighthouse"] = measure_lighthouse(runs=RUNS)
    results["lighthouse"]["date"] = results["date"]
    notes_file = root / "bench" / "notes.md"
    results["notes"] = notes_file.read_text(encoding="utf-8") if notes_file.exists() else ""
    out = root / "bench"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (out / "report.md").write_text(report(results), encoding="utf-8")
    say(f"wrote {out / 'results.json'} and {out / 'report.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
