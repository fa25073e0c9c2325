"""Command-line tasks behind the Makefile: build the book, check notebooks, find a browser.

Run as ``python -m coursetools.cli <task>``; ``make book`` and ``make test`` call these.
"""

from __future__ import annotations

import argparse
import hashlib
import http.server
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path

from casebook.paths import PACKAGE_DIR, repo_root

PAGE_DIRS = ("chapters", "exercises")
BUILD_DIR = "_build"

# jsonschema, which Jupyter Book and nbformat import, compiles some forty grammars on import when
# the optional rfc3987-syntax package is present (about 1.3 s), only to check "iri" formats that
# no schema here uses.  Hiding that one module makes jsonschema skip it (it guards the import
# with suppress(ImportError)); nothing else changes.  Applied in this process and in the
# jupyter-book process the build starts.
SKIP_SLOW_IMPORTS = "import sys; sys.modules['rfc3987_syntax'] = None"
JUPYTER_BOOK = SKIP_SLOW_IMPORTS + "; from jupyter_book.cli.main import main; main()"


def say(message: str) -> None:
    """Print a progress line at once, even when output is piped."""
    print(f"==> {message}", flush=True)


def is_notebook_page(path: Path) -> bool:
    """A MyST page with a jupytext header and a kernel, so it has code to run."""
    head = path.read_text(encoding="utf-8")[:600]
    return head.startswith("---") and "kernelspec:" in head


def page_sources(root: Path | None = None) -> list[Path]:
    """Every MyST notebook page: the chapters, the exercises, and the notebook pages of book/."""
    root = root or repo_root()
    pages = []
    for folder in PAGE_DIRS:
        pages += [p for p in (root / folder).rglob("*.md") if p.name != "README.md"]
    pages += [p for p in (root / "book").glob("*.md") if is_notebook_page(p)]
    return sorted(pages)


def inputs_fingerprint(root: Path | None = None) -> str:
    """Hash of what page outputs depend on beyond the page itself: the library, this tooling,
    the seeds and the bibliography."""
    root = root or repo_root()
    tools = Path(__file__).resolve().parent
    groups = [(PACKAGE_DIR, ("*.py", "*.js")), (tools, ("*.py", "*.js", "*.css")),
              (root / "seeds", ("*",)), (root / "book", ("references.bib",))]
    digest = hashlib.sha256()
    for base, patterns in groups:
        files = sorted({p for pattern in patterns for p in base.rglob(pattern)
                        if p.is_file() and not {"__pycache__", "_course"} & set(p.parts)})
        for path in files:
            digest.update(f"{base.name}/{path.relative_to(base)}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def prepare_build(root: Path, *, clean: bool = False) -> bool:
    """Clear what the library, tooling, seeds or bibliography made stale.

    Sphinx rebuilds only pages whose own source changed, so without this a change to the
    package's Python or JavaScript, or to a seed file, would leave stale pages in the book.
    Two stamps say what each store was made from: the built book (doctrees and HTML) and the
    execution cache, which nbval may already have refilled from the new inputs.  Returns True
    when every page must be read again.
    """
    build = root / BUILD_DIR
    book_stale = clean or inputs_changed(root, BOOK_STAMP)
    cache_stale = clean or inputs_changed(root, CACHE_STAMP)
    if book_stale and build.exists():
        say("Package, seeds or bibliography changed: every page is read again")
        for sub in (".doctrees", "html", "jupyter_execute"):
            shutil.rmtree(build / sub, ignore_errors=True)
    if cache_stale and build.exists():
        say("The execution cache was made from other inputs: clearing it")
        shutil.rmtree(build / ".jupyter_cache", ignore_errors=True)
    build.mkdir(exist_ok=True)
    return book_stale


# What the built book (doctrees, HTML) and the execution cache were each made from.
BOOK_STAMP = ".casebook-inputs"
CACHE_STAMP = ".casebook-cache-inputs"


def write_inputs_stamp(root: Path, stamp: str = BOOK_STAMP) -> None:
    """Record the inputs a store was made from (see ``prepare_build`` and ``sphinxext``)."""
    (root / BUILD_DIR).mkdir(exist_ok=True)
    (root / BUILD_DIR / stamp).write_text(inputs_fingerprint(root))


def inputs_changed(root: Path, stamp: str = BOOK_STAMP) -> bool:
    path = root / BUILD_DIR / stamp
    return not path.exists() or path.read_text() != inputs_fingerprint(root)


def write_stamp(root: Path) -> None:
    write_inputs_stamp(root)
    (root / BUILD_DIR / ".casebook-pages").write_text(
        "\n".join(f"{p.relative_to(root)} {page_hash(p)}" for p in page_sources(root)))


def page_hash(page: Path) -> str:
    return hashlib.sha256(page.read_bytes()).hexdigest()[:16]


def changed_pages(root: Path, pages: list[Path]) -> list[Path]:
    """Pages whose source differs from the last successful build (all, after a clean)."""
    stamp = root / BUILD_DIR / ".casebook-pages"
    if not stamp.exists():
        return pages
    built = dict(line.split(" ", 1) for line in stamp.read_text().splitlines() if line)
    return [p for p in pages if built.get(str(p.relative_to(root))) != page_hash(p)]


def execute_pages_in_parallel(root: Path, pages: list[Path], workers: int) -> int:
    """Execute the pages into the book's jupyter-cache, ``workers`` at a time.

    ``jupyter-book build`` executes pages one after another and has no parallel option; in
    cache mode it takes any page whose code matches a cached, executed notebook, so executing
    them here first, on every core, shortens the build.  Pages already cached are skipped.
    Returns the number of pages that failed (the build then reports their errors).
    """
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    cache = get_cache(root / BUILD_DIR / ".jupyter_cache")
    for page in pages:
        cache.add_nb_to_project(str(page), read_data={"name": "myst_nb_md", "type": "plugin"})
    stale = [r.uri for r in cache.list_unexecuted()]
    if not stale:
        say("Every page is already executed and cached")
        return 0
    say(f"Executing {len(stale)} changed page(s) on {workers} core(s)")
    logger = logging.getLogger("casebook.execute")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("    %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    executor = load_executor("local-parallel" if workers > 1 else "local-serial", cache,
                             logger=logger)
    result = executor.run_and_cache(filter_uris=stale, timeout=180)
    return len(result.errored)


def build(args) -> int:
    """Build the HTML book offline, strictly (-W -n --keep-going), and print index.html."""
    root = repo_root()
    full = prepare_build(root, clean=args.clean)
    pages = page_sources(root)
    changed = pages if full else changed_pages(root, pages)
    workers = 1 if args.serial else max(1, min(os.cpu_count() or 1, len(changed)))
    # Pre-executing pays only when several pages must run; for one edited page (most often a
    # prose edit, whose code is already cached) the build's own cache lookup is quicker.
    if len(changed) > 1:
        execute_pages_in_parallel(root, changed, workers)
    # The cache now matches the inputs: record it, so the Sphinx extension (which clears a stale
    # cache when jupyter-book is run on its own) keeps what was just executed.
    write_inputs_stamp(root, CACHE_STAMP)
    say(f"Building the book ({len(pages)} notebook pages, {len(changed)} changed)")
    cmd = [sys.executable, "-c", JUPYTER_BOOK, "build", str(root), "--builder", "html",
           "-W", "-n", "--keep-going"]
    if full:
        cmd.append("--all")
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    code = subprocess.call(cmd, cwd=root, env=env)
    index = root / BUILD_DIR / "html" / "index.html"
    if code != 0 or not index.exists():
        say("The book build failed: the warnings above say where.")
        return code or 1
    write_stamp(root)
    say(f"Book built: {index}")
    return 0


INSTRUCTOR_DIR = "instructor"
INSTRUCTOR_BANNER = ("Instructor edition: solutions are open, and notes for instructors (timings, "
                     "discussion prompts, common misconceptions, where the keys allow "
                     "disagreement) are marked with a bar in the margin.")


def instructor_config(root: Path) -> dict:
    """The book's configuration with the instructor edition switched on."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = f"{config['title']} (instructor edition)"
    config.setdefault("execute", {})["cache"] = str(root / BUILD_DIR / ".jupyter_cache")
    config.setdefault("html", {})["announcement"] = INSTRUCTOR_BANNER
    config["html"]["favicon"] = str(root / config["html"]["favicon"])
    config["html"].pop("baseurl", None)
    config["bibtex_bibfiles"] = [str(root / b) for b in config.get("bibtex_bibfiles", [])]
    sphinx = config.setdefault("sphinx", {})
    sphinx["local_extensions"] = {name: str(root) for name in sphinx.get("local_extensions", {})}
    sphinx.setdefault("config", {})["casebook_edition"] = "instructor"
    return config


def build_instructor(args) -> int:
    """Build the instructor edition into _build/instructor/html, from the same sources.

    It shares the learner edition's execution cache (the pages' code is the same), so after
    ``make book`` nothing runs again; its doctrees are its own, because the editions differ in
    what the pages hold.
    """
    import yaml

    root = repo_root()
    prepare_build(root)
    pages = page_sources(root)
    execute_pages_in_parallel(root, pages, 1 if args.serial else max(1, os.cpu_count() or 1))
    write_inputs_stamp(root, CACHE_STAMP)
    out = root / BUILD_DIR / INSTRUCTOR_DIR
    out.mkdir(parents=True, exist_ok=True)
    config = out / "_config.yml"
    config.write_text(yaml.safe_dump(instructor_config(root), sort_keys=False), encoding="utf-8")
    say(f"Building the instructor edition ({len(pages)} notebook pages)")
    cmd = [sys.executable, "-c", JUPYTER_BOOK, "build", str(root), "--builder", "html",
           "--config", str(config), "--path-output", str(out), "-W", "-n", "--keep-going"]
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    code = subprocess.call(cmd, cwd=root, env=env)
    built = out / BUILD_DIR / "html"
    if code != 0 or not (built / "index.html").exists():
        say("The instructor edition failed to build: the warnings above say where.")
        return code or 1
    target = out / "html"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(built, target)
    say(f"Instructor edition built: {target / 'index.html'}")
    return 0


def convert(pages: list[Path], out: Path, root: Path) -> list[Path]:
    """Convert MyST pages to .ipynb files under ``out``, mirroring their folders."""
    import jupytext

    notebooks = []
    for page in pages:
        target = out / page.relative_to(root).with_suffix(".ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        jupytext.write(jupytext.read(page), target)
        notebooks.append(target)
    return notebooks


def nbval(args) -> int:
    """Run every page once under nbval (``--nbval-lax``), and keep that run for the book.

    nbval fails a page on any error, including its hidden assertion cells, which check the
    page's numbers and bands against the data (computed independently of the page's prose).
    The plugin ``coursetools.nbval_cache`` stores each passing page's outputs in the book's
    execution cache, so the build that follows executes nothing again.
    """
    root = repo_root()
    pages = page_sources(root)
    if not pages:
        say("No pages found under book/, chapters/ or exercises/")
        return 1
    cache = root / BUILD_DIR / ".jupyter_cache"
    if inputs_changed(root, CACHE_STAMP):
        shutil.rmtree(cache, ignore_errors=True)  # outputs made from older inputs
    with tempfile.TemporaryDirectory(prefix="casebook-nbval-") as tmp:
        out = Path(tmp)
        notebooks = convert(pages, out, root)
        mapping = out / "sources.json"
        mapping.write_text(json.dumps({str(n): str(p) for n, p in
                                       zip(notebooks, pages, strict=True)}))
        env = {**os.environ, "CASEBOOK_NBVAL_MAP": str(mapping),
               "CASEBOOK_NBVAL_CACHE": str(cache), "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "-p", "coursetools.nbval_cache", "--nbval-lax", "--nbval-current-env",
               "--rootdir", str(out)] + [str(n) for n in notebooks]
        say(f"nbval --nbval-lax over {len(notebooks)} pages, each run once")
        code = subprocess.call(cmd, cwd=out, env={**env, "PYTHONPATH": str(root)})
        stored = mapping.with_suffix(".stored")
        count = int(stored.read_text()) if stored.exists() else 0
        say(f"{count} of {len(notebooks)} executed pages kept for the book build")
    if code == 0:
        write_inputs_stamp(root, CACHE_STAMP)
    return code


def find_chromium() -> str | None:
    """Path of a Chromium binary, or None."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def apt_install(packages: list[str]) -> bool:
    """Install Debian packages when running as root on Debian (as CI does); False otherwise."""
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if not (is_root and shutil.which("apt-get")):
        return False
    say(f"Installing Debian's {' '.join(packages)} (apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    code = subprocess.call(["apt-get", "update", "-qq"], env=env)
    code = code or subprocess.call(["apt-get", "install", "-y", "-qq", *packages], env=env)
    return code == 0


VNU = Path("node_modules") / "vnu-jar" / "build" / "dist" / "vnu.jar"


def ensure_node_tools(args) -> int:
    """Java and the npm packages of package-lock.json (the Nu HTML checker, Lighthouse)."""
    root = repo_root()
    missing = [pkg for cmd, pkg in (("java", "default-jre-headless"), ("npm", "npm"))
               if not shutil.which(cmd)]
    if missing and not apt_install(missing):
        print(f"The HTML checks need {' and '.join(missing)}: install them with "
              f"'sudo apt-get install {' '.join(missing)}', then run 'make test' again.",
              file=sys.stderr)
        return 1
    stamp = root / "node_modules" / ".casebook-installed"
    lock = root / "package-lock.json"
    if stamp.exists() and stamp.read_text() == hashlib.sha256(lock.read_bytes()).hexdigest():
        return 0
    say("Installing the pinned npm tools (npm ci)")
    code = subprocess.call(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=root)
    if code == 0:
        stamp.write_text(hashlib.sha256(lock.read_bytes()).hexdigest())
    return code


def nu_messages(sites: list[Path]) -> list[dict]:
    """The Nu HTML checker's errors on every HTML file of the given sites."""
    result = subprocess.run(["java", "-jar", str(repo_root() / VNU), "--errors-only",
                             "--skip-non-html", "--format", "json", *map(str, sites)],
                            capture_output=True, text=True)
    if result.returncode not in (0, 1) or not result.stderr.strip().startswith("{"):
        raise RuntimeError(f"the Nu HTML checker did not run: {result.stderr[-500:]}")
    return json.loads(result.stderr)["messages"]


def nu(args) -> int:
    """Run the Nu HTML checker (vnu) over both editions; any error fails."""
    root = repo_root()
    sites = [root / BUILD_DIR / "html", root / BUILD_DIR / INSTRUCTOR_DIR / "html"]
    sites = [s for s in sites if (s / "index.html").exists()]
    if not sites:
        print("No built book: run 'make book' first.", file=sys.stderr)
        return 1
    messages = nu_messages(sites)
    for m in messages:
        where = m.get("url", "").replace(f"file:{root}/", "")
        print(f"{where}:{m.get('lastLine', '?')}: {m.get('message')}")
    pages = sum(1 for s in sites for _ in s.rglob("*.html"))
    say(f"Nu HTML checker: {len(messages)} errors in {pages} HTML files of "
        f"{len(sites)} edition(s)")
    return 1 if messages else 0


def ensure_browser(args) -> int:
    """Make sure Debian's chromium is installed; install it as root on Debian, else explain."""
    if find_chromium():
        return 0
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if is_root and shutil.which("apt-get"):
        say("Installing Debian's chromium for the browser tests (apt-get)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        code = subprocess.call(["apt-get", "update", "-qq"], env=env)
        code = code or subprocess.call(
            ["apt-get", "install", "-y", "-qq", "chromium", "fonts-dejavu-core"], env=env)
        if code == 0 and find_chromium():
            return 0
    print(
        "The browser tests need Debian's Chromium, which is missing.\n"
        "Install it with:  sudo apt-get install chromium\n"
        "(or put a Chromium binary named 'chromium' on PATH), then run 'make test' again.",
        file=sys.stderr,
    )
    return 1


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that serves JavaScript modules with a JavaScript MIME type."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".mjs": "text/javascript",
                      ".svg": "image/svg+xml", ".woff2": "font/woff2"}

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


def serve(args) -> int:
    """Serve the built book on 127.0.0.1 and print its address."""
    html = repo_root() / BUILD_DIR / "html"
    if not (html / "index.html").exists():
        print("No built book: run 'make book' first.", file=sys.stderr)
        return 1
    handler = partial(QuietHandler, directory=str(html))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        say(f"Serving the book at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


def main(argv: list[str] | None = None) -> int:
    exec(SKIP_SLOW_IMPORTS)  # noqa: S102 - a constant, shared with the jupyter-book launcher
    parser = argparse.ArgumentParser(prog="python -m coursetools.cli", description=__doc__)
    sub = parser.add_subparsers(dest="task", required=True)
    p = sub.add_parser("build", help="build the HTML book strictly")
    p.add_argument("--clean", action="store_true", help="clear caches and rebuild every page")
    p.add_argument("--serial", action="store_true",
                   help="execute pages one after another instead of on every core")
    p.set_defaults(func=build)
    p = sub.add_parser("instructor", help="build the instructor edition into _build/instructor")
    p.add_argument("--serial", action="store_true", help="execute pages on one core")
    p.set_defaults(func=build_instructor)
    sub.add_parser("ensure-node-tools", help="install Java and the pinned npm tools").set_defaults(
        func=ensure_node_tools)
    sub.add_parser("nu", help="run the Nu HTML checker over the built book").set_defaults(func=nu)
    sub.add_parser("nbval", help="run nbval over every page").set_defaults(func=nbval)
    sub.add_parser("ensure-browser", help="install or locate Chromium").set_defaults(
        func=ensure_browser)
    p = sub.add_parser("serve", help="serve _build/html on 127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=serve)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
