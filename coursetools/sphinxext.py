"""Sphinx extension: serve the widgets' ES modules with the book, and keep pages lean.

- Clears the execution cache and re-reads every page when the library, the seeds or the
  bibliography changed since the last build (``check_inputs``), so the book is never stale.

- Adds the package's ``widgets/static`` folder to the static path, writes
  ``casebook-widgets.js`` (the widget modules bundled as one classic script, see
  ``widgets/bundle.py``, so the book also works opened from disk) and loads it on each page
  that has a widget; it renders each widget's ``text/html`` mount.  Pages without widgets load
  none of the widget code.
- Drops the ipywidgets state that myst-nb would otherwise embed in each page: it repeats every
  widget's ES module and is unused, because the book renders the ``text/html`` mounts instead.
- Replaces the theme's 1.5 MB Font Awesome JavaScript with an empty file
  (``static/scripts/fontawesome.js``): the theme's Font Awesome CSS and webfont already draw
  every icon.
- Re-encodes the figures' PNGs with a 128-colour palette (about a third of the bytes, same
  look), so pages with figures stay under the course's 1 MB page budget.
- Adds ``static/casebook.css``: small contrast fixes to the theme.
- Names the sidebar's expand/collapse toggles, which the theme leaves without text.
- Removes ``role="list"`` from the bibliography's container, whose entries are not list items.
- Drops sphinx-design's stylesheet and script (about 60 KB) from pages that use none of its
  components.
- Drops sphinx-thebe's assets.  The course runs without Binder or Thebe (every exercise works
  with no kernel), and sphinx-thebe declares ``THEBE_JS_URL`` twice on every page, which is an
  uncaught SyntaxError in the browser console.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from casebook.paths import STATIC_DIR

BOOK_STATIC_DIR = Path(__file__).resolve().parent / "static"
BUNDLE = "casebook-widgets.js"


def _add_static(app):
    # Later entries of html_static_path overwrite the theme's files of the same name.
    app.config.html_static_path.extend([str(STATIC_DIR), str(BOOK_STATIC_DIR)])


def _drop_widget_state(app, pagename, *args):
    metadata = getattr(app.env, "nb_metadata", {}).get(pagename, {})
    metadata.get("js_files", {}).pop("ipywidgets_state", None)


def _is_thebe(asset) -> bool:
    name = getattr(asset, "filename", None) or str(asset)
    body = getattr(asset, "attributes", {}).get("body", "") or ""
    return "thebe" in (name or "") or "THEBE_JS_URL" in body


def _add_boot_where_needed(app, pagename, templatename, context, doctree):
    if 'data-casebook-widget="' in context.get("body", ""):
        app.add_js_file(BUNDLE, defer="defer")


def _write_bundle(app, exception):
    if exception is None and app.builder.format == "html":
        from casebook.widgets.bundle import classic_bundle

        target = Path(app.outdir) / "_static" / BUNDLE
        target.write_text(classic_bundle(), encoding="utf-8")


def shrink_png(path: Path, colors: int = 128) -> bool:
    """Re-encode an opaque PNG with a palette of ``colors``; keep it only if it is smaller.

    The course's figures are flat-coloured charts, so a 128-colour palette without dithering
    looks the same and is about a third of the size.  Images with any transparency are left
    alone.  Returns True when the file was replaced.
    """
    from PIL import Image

    with Image.open(path) as image:
        image.load()
    if image.mode == "RGBA":
        if image.getchannel("A").getextrema() != (255, 255):
            return False
        image = image.convert("RGB")
    elif image.mode != "RGB":
        return False
    small = image.quantize(colors=colors, method=Image.Quantize.MEDIANCUT,
                           dither=Image.Dither.NONE)
    tmp = path.with_suffix(".tmp.png")
    small.save(tmp, optimize=True)
    if tmp.stat().st_size < path.stat().st_size:
        tmp.replace(path)
        return True
    tmp.unlink()
    return False


def _shrink_images(app, exception):
    if exception is None and app.builder.format == "html":
        for path in sorted((Path(app.outdir) / "_images").glob("*.png")):
            shrink_png(path)


_TOGGLE = re.compile(r'(<a class="[^"]*reference internal" href="[^"]*">([^<]*)</a>'
                     r'<details(?: open="open")?>)<summary>')


def _label_toctree_toggles(app, pagename, templatename, context, doctree):
    """Give the sidebar's expand/collapse toggles an accessible name.

    The theme draws each toggle as a <summary> holding only an icon, which axe-core reports as
    a serious violation (summary-name).  The name says what the toggle opens.
    """
    original = context.get("generate_toctree_html")
    if not callable(original) or getattr(original, "_casebook_labelled", False):
        return

    def labelled(*args, **kwargs):
        html = original(*args, **kwargs)
        return _TOGGLE.sub(r'\1<summary aria-label="Show or hide the pages of: \2">', str(html))

    labelled._casebook_labelled = True
    context["generate_toctree_html"] = labelled


def _fix_citation_list_role(app, pagename, templatename, context, doctree):
    # Sphinx marks the bibliography as role="list" but its entries as role="doc-biblioentry",
    # not "listitem", which axe-core reports as a critical ARIA error; the entries keep their
    # own role, and the container needs none.
    if "body" in context:
        context["body"] = context["body"].replace(
            '<div role="list" class="citation-list">', '<div class="citation-list">')


def _is_sphinx_design(asset) -> bool:
    name = getattr(asset, "filename", None) or str(asset)
    return "sphinx-design" in (name or "") or "design-tabs.js" in (name or "")


def _drop_unused_assets(app, pagename, templatename, context, doctree):
    """Drop sphinx-thebe's assets everywhere, and sphinx-design's on pages that use none of it."""
    uses_design = 'class="sd-' in context.get("body", "")
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not _is_thebe(a)
                            and (uses_design or not _is_sphinx_design(a))]


def _cache_dir(app) -> Path:
    path = Path(getattr(app.config, "nb_execution_cache_path", "") or "_build/.jupyter_cache")
    return path if path.is_absolute() else Path(app.srcdir) / path


def check_inputs(app) -> bool:
    """Keep a plain ``jupyter-book build .`` correct when the library, tooling, seeds or
    bibliography changed.

    Sphinx re-reads only pages whose own source changed, and myst-nb's cache is keyed on a
    page's code, so such a change would otherwise leave stale pages in the book.  A cache made
    from other inputs is cleared; a book built from other inputs is read again in full
    (``_all_outdated``), and its stamp is written when the build succeeds.  ``make book`` only
    adds parallel pre-execution.  Returns True when every page must be read again.
    """
    from . import cli

    root = Path(app.srcdir)
    if cli.inputs_changed(root, cli.CACHE_STAMP):
        shutil.rmtree(_cache_dir(app), ignore_errors=True)
        cli.write_inputs_stamp(root, cli.CACHE_STAMP)
    stale = cli.inputs_changed(root, cli.BOOK_STAMP)
    app.env.casebook_inputs_changed = stale
    return stale


def _all_outdated(app, env, added, changed, removed):
    if getattr(env, "casebook_inputs_changed", False):
        return sorted(set(env.found_docs) - set(added) - set(changed))
    return []


def _stamp_book(app, exception):
    if exception is None and getattr(app.env, "casebook_inputs_changed", False):
        from . import cli

        cli.write_inputs_stamp(Path(app.srcdir), cli.BOOK_STAMP)


def setup(app):
    app.connect("builder-inited", check_inputs, priority=100)
    app.connect("env-get-outdated", _all_outdated)
    app.connect("build-finished", _stamp_book)
    app.connect("builder-inited", _add_static)
    app.connect("html-page-context", _drop_widget_state, priority=400)
    app.connect("html-page-context", _drop_unused_assets, priority=900)
    app.connect("html-page-context", _fix_citation_list_role, priority=900)
    app.connect("html-page-context", _add_boot_where_needed)
    app.connect("build-finished", _write_bundle)
    app.connect("build-finished", _shrink_images)
    app.add_css_file("casebook.css")
    app.connect("html-page-context", _label_toctree_toggles, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
