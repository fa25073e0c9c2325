"""Lighthouse scores for every built page, beside a stock Jupyter Book 1 page, measured alike.

``make bench`` calls ``measure``; ``python -m coursetools.lighthouse [PAGE ...]`` measures pages
on their own (for working on one page).  Each page is served from 127.0.0.1 by ``GzipHandler``,
which compresses text as static hosts do, and audited by Lighthouse (npm, pinned in
``package-lock.json``) in Debian's headless Chromium with Lighthouse's default mobile settings
(simulated throttling).  Every page is measured ``runs`` times; the median of each category is
kept.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from pathlib import Path

from casebook.paths import repo_root

from .cli import BUILD_DIR, JUPYTER_BOOK, QuietHandler, find_chromium, say

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = 95
LIGHTHOUSE = Path("node_modules") / ".bin" / "lighthouse"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --no-first-run --disable-sync --disable-quic")
COMPRESSIBLE = (".html", ".js", ".mjs", ".css", ".svg", ".json", ".txt", ".map", ".ipynb",
                ".md", ".xml", ".inv")


class GzipHandler(QuietHandler):
    """Static files, with text gzip-compressed when the client accepts it (as hosts serve).

    ``Served`` fills ``cache`` with every text file compressed before the first request.
    """

    cache: dict[str, bytes] = {}

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        body = self.cache.get(path)
        if body is None or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        from io import BytesIO

        return BytesIO(body)


class Served:
    """A folder served gzipped on 127.0.0.1, as a context manager giving its base address."""

    def __init__(self, folder: Path):
        self.folder = folder

    def __enter__(self) -> str:
        # Compress every text file first, as a host serves precompressed files: the first
        # request must not wait for the compression.
        for path in self.folder.rglob("*"):
            if path.is_file() and path.name.endswith(COMPRESSIBLE):
                GzipHandler.cache[str(path)] = gzip.compress(path.read_bytes(), compresslevel=9,
                                                             mtime=0)
        handler = partial(GzipHandler, directory=str(self.folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def audit(url: str, root: Path) -> dict:
    """One Lighthouse run of one address: {category: score 0-100, plus key metrics}."""
    with tempfile.TemporaryDirectory(prefix="casebook-lh-") as tmp:
        out = Path(tmp) / "report.json"
        env = {**os.environ, "CHROME_PATH": find_chromium() or "chromium"}
        cmd = [str(root / LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--chrome-flags={CHROME_FLAGS} --user-data-dir={tmp}/profile",
               f"--only-categories={','.join(CATEGORIES)}", "--max-wait-for-load=60000"]
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=root)
        if result.returncode != 0 or not out.exists():
            raise RuntimeError(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
        data = json.loads(out.read_text(encoding="utf-8"))
        if os.environ.get("CASEBOOK_LH_KEEP"):
            shutil.copy(out, Path(os.environ["CASEBOOK_LH_KEEP"]))
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    audits = data["audits"]
    scores["fcp_ms"] = round(audits["first-contentful-paint"]["numericValue"])
    scores["lcp_ms"] = round(audits["largest-contentful-paint"]["numericValue"])
    scores["tbt_ms"] = round(audits["total-blocking-time"]["numericValue"])
    scores["cls"] = round(audits["cumulative-layout-shift"]["numericValue"], 3)
    scores["failing"] = sorted(a for a, v in audits.items()
                               if v.get("score") is not None and v["score"] < 0.9
                               and v.get("scoreDisplayMode") in ("binary", "numeric"))[:12]
    return scores


def median_of(runs: list[dict]) -> dict:
    out = {k: statistics.median(r[k] for r in runs)
           for k in (*CATEGORIES, "fcp_ms", "lcp_ms", "tbt_ms", "cls")}
    out["runs"] = [{k: r[k] for k in CATEGORIES} for r in runs]
    out["failing"] = sorted({a for r in runs for a in r["failing"]})
    return out


def built_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not p.relative_to(site).parts[0].startswith("_")
                  and p.relative_to(site).as_posix() != "index.html")


def stock_book(work: Path) -> Path:
    """A stock Jupyter Book 1 book (the project's own template), built with the course's pinned
    Jupyter Book, for comparison; returns its HTML folder."""
    book = work / "stock"
    shutil.rmtree(book, ignore_errors=True)
    for args in (["create", str(book)], ["build", str(book)]):
        subprocess.run([sys.executable, "-c", JUPYTER_BOOK, *args], check=True,
                       capture_output=True)
    return book / "_build" / "html"


def measure(pages: list[str] | None = None, runs: int = 3) -> dict:
    """Lighthouse's median scores for every built page and for the stock book's pages."""
    root = repo_root()
    site = root / BUILD_DIR / "html"
    results = {"target": TARGET, "runs": runs, "pages": {}, "stock": {}}
    with Served(site) as base:
        for page in pages or built_pages(site):
            results["pages"][page] = median_of([audit(f"{base}/{page}", root)
                                                for _ in range(runs)])
            say(f"lighthouse {page}: " + ", ".join(f"{c} {results['pages'][page][c]:.0f}"
                                                   for c in CATEGORIES))
    if pages is None:
        with tempfile.TemporaryDirectory(prefix="casebook-stock-") as tmp:
            stock = stock_book(Path(tmp))
            with Served(stock) as base:
                for page in ("intro.html", "markdown.html"):
                    results["stock"][page] = median_of([audit(f"{base}/{page}", root)
                                                        for _ in range(runs)])
                    say(f"lighthouse stock {page}: " + ", ".join(
                        f"{c} {results['stock'][page][c]:.0f}" for c in CATEGORIES))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursetools.lighthouse")
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    results = measure(args.pages or None, args.runs)
    for page, r in {**results["pages"], **results["stock"]}.items():
        print(page, {k: v for k, v in r.items() if k != "runs"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
