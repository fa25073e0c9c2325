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
- Builds two editions from the same sources (``casebook_edition``): the learner edition drops
  every element marked ``cb-instructor`` (admonitions with that class, code cells tagged
  ``instructor``) before the search index sees them, and strips them from the downloadable
  ``_sources``; the instructor edition keeps them, marks them, and opens every solution.
- Gives every page a meta description: its "What you'll do" line, or else its first paragraph.
- Links each glossary term at its first use on a page (prose only: not headings, code, tables,
  links, solutions or instructor notes), and marks each glossary link with its term's
  definition, which ``glossary-tips.js`` (a local asset, loaded only on pages with glossary
  links) shows on hover and on keyboard focus.
- Writes a zip of the learner edition, for reading offline, into ``_downloads/``.
- Rewrites the markup the Nu HTML checker rejects at its source: pandas' ``<style scoped>``
  blocks (their rules are in ``casebook.css``), ``<p>`` inside myst-nb's ``<summary>``,
  sphinx-exercise's repeated ids, the root redirect without a doctype or title, and theme
  template partials copied into ``_static``.
- Makes pages light on a phone: script files load with ``defer``; the search scripts and index
  load only on the search page (the search box on every page submits to it); the icon fonts
  keep only the glyphs the book shows.
- Drops sphinx-thebe's assets.  The course runs without Thebe (the Binder button only links
  out, and every exercise works with no kernel), and sphinx-thebe declares ``THEBE_JS_URL``
  twice on every page, which is an uncaught SyntaxError in the browser console.
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
    # not "listitem", which axe-core reports as a critical ARIA error; and doc-biblioentry is
    # deprecated in WAI-ARIA 1.3 (Lighthouse's aria-deprecated-role).  Neither needs a role.
    if "body" in context:
        context["body"] = context["body"].replace(
            '<div role="list" class="citation-list">', '<div class="citation-list">').replace(
            ' role="doc-biblioentry"', "")


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
    stale = cli.inputs_changed(root, _book_stamp(app))
    app.env.casebook_inputs_changed = stale
    return stale


def _book_stamp(app) -> str:
    """Each edition keeps its own doctrees, so each records what it was built from."""
    from . import cli

    return cli.BOOK_STAMP if edition(app) == "learner" else f"{cli.BOOK_STAMP}-{edition(app)}"


def _all_outdated(app, env, added, changed, removed):
    if getattr(env, "casebook_inputs_changed", False):
        return sorted(set(env.found_docs) - set(added) - set(changed))
    return []


def _stamp_book(app, exception):
    if exception is None and getattr(app.env, "casebook_inputs_changed", False):
        from . import cli

        cli.write_inputs_stamp(Path(app.srcdir), _book_stamp(app))


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
    setup_editions(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}


# ------------------------------------------------------------------ two editions

INSTRUCTOR_CLASS = "cb-instructor"
INSTRUCTOR_TAG = "tag_instructor"
EDITIONS = ("learner", "instructor")


def edition(app) -> str:
    value = getattr(app.config, "casebook_edition", "learner") or "learner"
    if value not in EDITIONS:
        raise ValueError(f"casebook_edition must be one of {', '.join(EDITIONS)}, not {value!r}")
    return value


def is_instructor_node(node) -> bool:
    classes = node.get("classes", []) if hasattr(node, "get") else []
    return INSTRUCTOR_CLASS in classes or INSTRUCTOR_TAG in classes


def _apply_edition(app, doctree):
    """Drop instructor material (learner edition), or mark it and open solutions (instructor)."""
    from docutils import nodes

    marked = [n for n in doctree.findall(nodes.Element) if is_instructor_node(n)]
    if edition(app) == "learner":
        for node in marked:
            if node.parent is not None:
                node.parent.remove(node)
        return
    for node in marked:
        if INSTRUCTOR_CLASS not in node["classes"]:
            node["classes"].append(INSTRUCTOR_CLASS)
    for node in doctree.findall(nodes.Element):
        if "solution" in type(node).__name__ and "dropdown" in node.get("classes", []):
            node["classes"].remove("dropdown")


_MD_BLOCK = re.compile(
    r"^(?P<fence>:{3,}|`{3,})\{admonition\}[^\n]*\n:class:[^\n]*\bcb-instructor\b[^\n]*\n"
    r".*?^(?P=fence)[ \t]*$\n?", re.MULTILINE | re.DOTALL)


def strip_instructor_markdown(text: str) -> str:
    """A MyST page's text without its instructor blocks (admonitions of class cb-instructor)."""
    return _MD_BLOCK.sub("", text)


def strip_instructor_notebook(text: str) -> str:
    """A notebook's JSON without instructor cells or blocks."""
    import json

    notebook = json.loads(text)
    cells = []
    for cell in notebook.get("cells", []):
        if "instructor" in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.get("cell_type") == "markdown":
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            stripped = strip_instructor_markdown(source)
            if not stripped.strip() and source.strip():
                continue
            cell["source"] = stripped
        cells.append(cell)
    notebook["cells"] = cells
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def with_outputs(text: str, cache_dir: Path) -> str:
    """A notebook's JSON with the outputs of its executed run from the execution cache.

    myst-nb writes each page's notebook before merging in the cached outputs, so the copy the
    theme offers for download would hold code without results; a reader downloads the executed
    page.  A notebook the cache does not hold is returned unchanged.
    """
    import nbformat

    if not cache_dir.exists():
        return text
    from jupyter_cache import get_cache

    notebook = nbformat.reads(text, as_version=4)
    try:
        _, merged = get_cache(cache_dir).merge_match_into_notebook(notebook)
    except KeyError:
        return text
    return nbformat.writes(merged) + "\n"


def _finish_sources(app, exception):
    """The downloadable notebooks carry their outputs, and the learner edition's sources carry
    no instructor material."""
    if exception is not None or app.builder.format != "html":
        return
    learner = edition(app) == "learner"
    for path in sorted((Path(app.outdir) / "_sources").rglob("*")):
        if path.suffix == ".ipynb":
            text = with_outputs(path.read_text(encoding="utf-8"), _cache_dir(app))
            path.write_text(strip_instructor_notebook(text) if learner else text, encoding="utf-8")
        elif learner and path.name.endswith((".md", ".md.txt")):
            path.write_text(strip_instructor_markdown(path.read_text(encoding="utf-8")),
                            encoding="utf-8")


# ------------------------------------------------------------------ meta descriptions

DESCRIPTION_LIMIT = 300


def page_description(doctree) -> str:
    """A page's "What you'll do" line without its label, or else its first paragraph."""
    from docutils import nodes

    if doctree is None:
        return ""
    paragraphs = [p for p in doctree.findall(nodes.paragraph)
                  if not any(isinstance(a, (nodes.admonition, nodes.Admonition, nodes.table,
                                            nodes.footnote, nodes.citation))
                             for a in _ancestors(p))]
    chosen = None
    for p in paragraphs:
        # A page's first paragraph may open with an empty text node before its bold label.
        first = next((c for c in p.children
                      if not (isinstance(c, nodes.Text) and not str(c).strip())), None)
        label = first.astext().lower().replace("\u2019", "'") if first is not None else ""
        if isinstance(first, nodes.strong) and label.startswith("what you'll do"):
            chosen = p.astext().split(first.astext(), 1)[1]
            break
    if chosen is None:
        chosen = next((p.astext() for p in paragraphs if len(p.astext().split()) >= 6), "")
    text = " ".join(chosen.split()).lstrip(":; ")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    if len(text) > DESCRIPTION_LIMIT:
        text = text[:DESCRIPTION_LIMIT].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def _ancestors(node):
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


SITE_DESCRIPTION = ("An open course on weighing evidence in cyber attribution, built on the 2014 "
                    "Sony Pictures hack and North Korea's internet outages.")


def _add_description(app, pagename, templatename, context, doctree):
    from html import escape

    text = page_description(doctree) or SITE_DESCRIPTION
    tag = f'<meta name="description" content="{escape(text, quote=True)}" />\n'
    context["metatags"] = context.get("metatags", "") + tag


# ------------------------------------------------------------------ glossary definitions

GLOSSARY_DOC = "book/glossary"
TIPS = "glossary-tips.js"


def glossary_entries(app) -> list[tuple[str, str, str]]:
    """[(term id, term, definition as plain text)] from the glossary page, in its order (cached
    per build)."""
    cached = getattr(app.env, "casebook_glossary", None)
    if cached is not None:
        return cached
    from docutils import nodes

    found = []
    if GLOSSARY_DOC in app.env.all_docs:
        doctree = app.env.get_doctree(GLOSSARY_DOC)
        for item in doctree.findall(nodes.definition_list_item):
            definition = next((d for d in item.children if isinstance(d, nodes.definition)), None)
            text = " ".join(definition.astext().split()) if definition is not None else ""
            for term in (t for t in item.children if isinstance(t, nodes.term)):
                found += [(term_id, term.astext().strip(), text) for term_id in term.get("ids", [])]
    app.env.casebook_glossary = found
    return found


_TERM_LINK = re.compile(r'<a class="reference internal" href="([^"]*#(term-[^"]+))">')


def _mark_terms(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    if pagename == GLOSSARY_DOC or "#term-" not in body:
        return
    from html import escape

    definitions = {term_id: text for term_id, _, text in glossary_entries(app)}

    def mark(match):
        text = definitions.get(match.group(2))
        if not text:
            return match.group(0)
        return (f'<a class="reference internal cb-term" href="{match.group(1)}" '
                f'data-cb-definition="{escape(text, quote=True)}">')

    marked = _TERM_LINK.sub(mark, body)
    if marked != body:
        context["body"] = marked
        app.add_js_file(TIPS, defer="defer")


# ------------------------------------------------------------------ the offline zip

OFFLINE_ZIP = "_downloads/who-did-it-offline.zip"


def _write_offline_zip(app, exception):
    """Zip the learner edition, so a reader can take the whole course offline."""
    if exception is not None or app.builder.format != "html" or edition(app) != "learner":
        return
    import zipfile

    out = Path(app.outdir)
    target = out / OFFLINE_ZIP
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(out.rglob("*")):
            if path.is_file() and path not in (target, tmp) and path.name != ".buildinfo":
                info = zipfile.ZipInfo(f"who-did-it/{path.relative_to(out).as_posix()}",
                                       date_time=(2014, 11, 24, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    tmp.replace(target)


def setup_editions(app):
    app.add_config_value("casebook_edition", "learner", "env", [str])
    app.connect("doctree-read", _apply_edition)
    app.connect("html-page-context", _add_description)
    # Before _drop_unused_assets (900) replaces the page's script list with a copy.
    app.connect("html-page-context", _mark_terms, priority=850)
    app.connect("doctree-resolved", _link_terms)
    app.connect("build-finished", _finish_sources, priority=800)
    app.connect("html-page-context", _valid_html, priority=990)
    app.connect("build-finished", _finish_site, priority=700)
    app.connect("build-finished", _drop_search_scripts, priority=710)
    app.connect("build-finished", _subset_icon_fonts, priority=720)
    app.connect("build-finished", _purge_theme_css, priority=730)
    app.connect("html-page-context", _defer_scripts, priority=995)
    app.connect("build-finished", _write_offline_zip, priority=999)


# ------------------------------------------------------------------ glossary terms at first use


def term_pattern(terms: list[str]) -> re.Pattern:
    """One pattern for every glossary term (and its plural), longest first, case-insensitive.

    Longest first, so "non-denial denial" is one use of that term, not of "denial"; a hyphen or
    a space may join a term's words.
    """
    def one(term):
        words = [re.escape(w) for w in re.split(r"[\s-]+", term)]
        if words[-1].endswith("y") and len(words[-1]) > 2:
            words[-1] = words[-1][:-1] + "(?:y|ies)"  # family, families
        return r"[\s-]+".join(words)

    ordered = sorted(terms, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(f"({one(t)})" for t in ordered) + r")(?:e?s)?\b",
                      re.IGNORECASE)


_SKIP_CLASSES = {"cell_input", "cell_output", INSTRUCTOR_CLASS, INSTRUCTOR_TAG, "admonition-title"}


def _eligible(node) -> bool:
    """A text a reader reads as prose: not a heading, code, output, table, link or solution."""
    from docutils import nodes
    from sphinx import addnodes

    skip = (nodes.title, nodes.subtitle, nodes.literal, nodes.FixedTextElement, nodes.reference,
            nodes.raw, nodes.table, nodes.caption, nodes.rubric, nodes.term, nodes.citation,
            nodes.footnote, nodes.math, nodes.target, addnodes.pending_xref,
            nodes.citation_reference, nodes.footnote_reference)
    for parent in _ancestors(node):
        if isinstance(parent, skip):
            return False
        if set(parent.get("classes", [])) & _SKIP_CLASSES or "solution" in type(parent).__name__:
            return False
    return True


def _link_terms(app, doctree, docname):
    """Link each glossary term at its first use on a page, unless the page already links it."""
    if docname == GLOSSARY_DOC or app.builder.format != "html":
        return
    from docutils import nodes

    terms = [(term_id, term) for term_id, term, _ in glossary_entries(app)]
    if not terms:
        return
    pattern = term_pattern([t for _, t in terms])
    ids = [term_id for term_id, _ in sorted(terms, key=lambda pair: len(pair[1]), reverse=True)]
    glossary_uri = app.builder.get_relative_uri(docname, GLOSSARY_DOC)
    seen: set[str] = set()
    for node in list(doctree.findall()):
        if isinstance(node, nodes.reference):
            target = node.get("refuri", "") or node.get("refid", "")
            if "#term-" in target or target.startswith("term-"):
                seen.add(target.rsplit("#", 1)[-1])
            continue
        if not isinstance(node, nodes.Text) or node.parent is None or not _eligible(node):
            continue
        text = str(node)
        pieces, last = [], 0
        for match in pattern.finditer(text):
            term_id = ids[match.lastindex - 1]
            if term_id in seen:
                continue
            seen.add(term_id)
            pieces.append(nodes.Text(text[last:match.start()]))
            link = nodes.reference("", "", internal=True, refuri=f"{glossary_uri}#{term_id}")
            link += nodes.Text(match.group(0))
            pieces.append(link)
            last = match.end()
        if pieces:
            pieces.append(nodes.Text(text[last:]))
            kept = [p for p in pieces if not isinstance(p, nodes.Text) or str(p)]
            node.parent.replace(node, kept)


# ------------------------------------------------------------------ valid HTML

# pandas writes the same <style scoped> block into every table it renders; HTML has no scoped
# styles, so its rules live once in casebook.css and the blocks are dropped.
_PANDAS_STYLE = re.compile(
    r"<style scoped>\s*\.dataframe tbody tr th:only-of-type \{\s*vertical-align: middle;\s*\}"
    r"\s*\.dataframe tbody tr th \{\s*vertical-align: top;\s*\}"
    r"\s*\.dataframe thead th \{\s*text-align: right;\s*\}\s*</style>\s*")
# myst-nb labels a folded cell with two <p> in its <summary>, which allows only phrasing content,
# and names the summary "Toggle hidden content" whatever it shows.
_SUMMARY_P = re.compile(r'(<summary aria-label="Toggle hidden content">\s*)'
                        r'<p class="collapsed admonition-title">(.*?)</p>\s*'
                        r'<p class="expanded admonition-title">(.*?)</p>', re.DOTALL)
# sphinx-exercise gives every exercise's and solution's body the same id.
_REPEATED_IDS = re.compile(r'id="(exercise-content|solution-content)"')


def valid_body(body: str) -> str:
    """The page body with the markup the Nu HTML checker rejects rewritten, not hidden."""
    body = _PANDAS_STYLE.sub("", body)
    # The summary's visible words ("Show the code") are its name: an aria-label that says
    # something else ("Toggle hidden content") fails WCAG 2.5.3, label in name.
    body = _SUMMARY_P.sub(r'<summary><span class="collapsed admonition-title">\2</span>'
                          r'<span class="expanded admonition-title">\3</span>', body)
    counts: dict[str, int] = {}

    def number(match):
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
        return f'id="{match.group(1)}-{counts[match.group(1)]}"'

    return _REPEATED_IDS.sub(number, body)


def _valid_html(app, pagename, templatename, context, doctree):
    if "body" in context:
        context["body"] = valid_body(context["body"])


REDIRECT = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
</head>
<body>
<p><a href="{target}">{title}</a></p>
</body>
</html>
"""
# Theme template partials that Sphinx copies into _static but no page uses.
UNUSED_STATIC = ("webpack-macros.html", "sbt-webpack-macros.html")


def _finish_site(app, exception):
    """A valid root redirect, and no template partials among the static files."""
    if exception is not None or app.builder.format != "html":
        return
    from html import escape

    out = Path(app.outdir)
    index = out / "index.html"
    if index.exists():
        found = re.search(r'url=([^"]+)"', index.read_text(encoding="utf-8"))
        if found:
            index.write_text(REDIRECT.format(title=escape(app.config.html_title or "The course"),
                                             target=escape(found.group(1))), encoding="utf-8")
    for name in UNUSED_STATIC:
        (out / "_static" / name).unlink(missing_ok=True)


# ------------------------------------------------------------------ a page a phone loads fast

# The theme's Font Awesome fonts hold some 2,000 icons (275 KB, preloaded on every page) for the
# two dozen the book shows; they are cut down to the glyphs the pages, scripts and stylesheets
# name.
FONTS = "_static/vendor/fontawesome/webfonts"
THEME_CSS = ("_static/styles/pydata-sphinx-theme.css", "_static/styles/sphinx-book-theme.css")
_ICON_RULE = re.compile(r"([^{}]+)\{[^{}]*?content:\s*\"\\([0-9a-f]{4,5})\"[^{}]*\}")
_ICON_VAR = re.compile(r"--[\w-]+:\s*\"\\([0-9a-f]{4,5})\"")
_ICON_CLASS = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")


def icon_codepoints(css: str) -> tuple[dict[str, int], set[int]]:
    """({icon name: codepoint} from ``.fa-NAME:before`` rules, codepoints the CSS uses itself)."""
    names: dict[str, int] = {}
    direct: set[int] = set()
    for selectors, code in _ICON_RULE.findall(css):
        point = int(code, 16)
        icons = re.findall(r"\.fa-([a-z0-9-]+):+before", selectors)
        if icons:
            names.update((name, point) for name in icons)
        else:
            direct.add(point)
    direct |= {int(code, 16) for code in _ICON_VAR.findall(css)}
    return names, direct


def used_icons(out: Path) -> set[str]:
    """Icon names the built pages and their scripts mention (``fa-NAME``)."""
    found: set[str] = set()
    for path in [*out.rglob("*.html"), *(out / "_static").rglob("*.js")]:
        found |= set(_ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return found


def subset_font(path: Path, codepoints: set[int]) -> bool:
    """Keep only ``codepoints`` in a font file (woff2 or ttf); True when it shrank."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2" if path.suffix == ".woff2" else None
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    tmp = path.with_name(path.name + ".tmp")
    subset.save_font(font, str(tmp), options)
    if tmp.stat().st_size < path.stat().st_size:
        tmp.replace(path)
        return True
    tmp.unlink()
    return False


def theme_file(name: str) -> Path | None:
    """The theme's own copy of a static file (``_static/...``), as its package ships it.

    The build cuts down the copies in the output; Sphinx does not copy a static file again when
    the output already has one, so each step starts from the theme's original, never from its
    own earlier result (which would lose icons and rules at every rebuild).
    """
    import pydata_sphinx_theme
    import sphinx_book_theme

    relative = name.removeprefix("_static/")
    for package, folder in ((pydata_sphinx_theme, "theme/pydata_sphinx_theme/static"),
                            (sphinx_book_theme, "theme/sphinx_book_theme/static")):
        path = Path(package.__file__).parent / folder / relative
        if path.exists():
            return path
    return None


def _subset_icon_fonts(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    css = "".join(theme_file(name).read_text(encoding="utf-8") for name in THEME_CSS
                  if theme_file(name))
    names, direct = icon_codepoints(css)
    wanted = {names[n] for n in used_icons(out) if n in names} | direct
    for path in sorted((out / FONTS).glob("fa-*")):
        original = theme_file(f"{FONTS}/{path.name}")
        if path.suffix in (".woff2", ".ttf") and original:
            shutil.copyfile(original, path)
            subset_font(path, wanted)


# Sphinx's search scripts and the whole search index (about 60 KB compressed), which the theme
# loads on every page for a search-as-you-type it leaves switched off: only search.html uses
# them, and the search box on every page submits to it.
_SEARCH_SCRIPTS = re.compile(r'\s*<script src="[^"]*(?:_static/searchtools\.js|'
                             r'_static/language_data\.js|searchindex\.js)"></script>')
# Scripts that may run after the page is parsed: everything but the options inline scripts read.
KEEP_BLOCKING = ("documentation_options.js",)


def _defer_scripts(app, pagename, templatename, context, doctree):
    """Load the page's script files with ``defer``, in order, so none holds up the first paint.

    Not on the search page, whose template loads Sphinx's search script without ``defer``, and
    that script needs doctools.js first.
    """
    if pagename == "search" or "script_files" not in context:
        return
    scripts = []
    for asset in context["script_files"]:
        attributes = getattr(asset, "attributes", None)
        filename = getattr(asset, "filename", "") or ""
        if (attributes is None or not filename or attributes.get("body")
                or str(filename).endswith(KEEP_BLOCKING) or "async" in attributes
                or "defer" in attributes):
            scripts.append(asset)
        else:
            # A new asset: the builder shares one object per script across every page.
            scripts.append(type(asset)(filename, priority=getattr(asset, "priority", 500),
                                       **{**attributes, "defer": "defer"}))
    context["script_files"] = scripts


def _drop_search_scripts(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for path in out.rglob("*.html"):
        if path.relative_to(out).as_posix() == "search.html" or path.parts[-2:-1] == ("_static",):
            continue
        text = path.read_text(encoding="utf-8")
        lean = _SEARCH_SCRIPTS.sub("", text)
        if lean != text:
            path.write_text(lean, encoding="utf-8")


# The theme's main stylesheet (about 400 KB, most of it Bootstrap and Font Awesome rules no page
# uses) blocks the first paint.  Rules whose every selector names a class that appears in no
# page and no script are dropped, as purgecss does; classes that scripts add at run time are kept
# because every name-like word in every script counts as used.
PURGED_CSS = ("_static/styles/pydata-sphinx-theme.css",)
_PSEUDO_FUNCTION = re.compile(r":(?:not|is|where|has|matches|-webkit-any|-moz-any)\(")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_WORD = re.compile(r"[A-Za-z_][\w-]*")


def _without_pseudo_functions(selector: str) -> str:
    out, depth, i = [], 0, 0
    while i < len(selector):
        match = _PSEUDO_FUNCTION.match(selector, i) if depth == 0 else None
        if match:
            depth, i = 1, match.end()
            continue
        char = selector[i]
        if depth:
            depth += {"(": 1, ")": -1}.get(char, 0)
        else:
            out.append(char)
        i += 1
    return "".join(out)


def _split_selectors(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        depth += {"(": 1, ")": -1, "[": 1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return parts


def selector_used(selector: str, used: set[str]) -> bool:
    """False only when the selector needs a class that nothing on the site has."""
    return all(name in used for name in _CLASS.findall(_without_pseudo_functions(selector)))


def purge_css(css: str, used: set[str]) -> str:
    """The stylesheet without the rules no page can match; at-rules are kept or emptied."""
    import tinycss2

    def walk(rules) -> list[str]:
        kept = []
        for rule in rules:
            if rule.type == "qualified-rule":
                prelude = tinycss2.serialize(rule.prelude)
                if any(selector_used(s, used) for s in _split_selectors(prelude)):
                    kept.append(rule.serialize())
            elif rule.type == "at-rule" and rule.content is not None and \
                    rule.lower_at_keyword in ("media", "supports", "layer", "container"):
                inner = walk(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                      skip_whitespace=True))
                if inner:
                    kept.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}"
                                f"{{{''.join(inner)}}}")
            elif rule.type == "at-rule":
                kept.append(rule.serialize())
            elif rule.type == "comment" and rule.value.startswith("!"):
                kept.append(rule.serialize())  # licences
        return kept

    return "".join(walk(tinycss2.parse_stylesheet(css, skip_comments=False,
                                                  skip_whitespace=True)))


def site_classes(out: Path) -> set[str]:
    """Every class a page has, and every name-like word in every script (classes set at run
    time)."""
    used: set[str] = set()
    for path in out.rglob("*.html"):
        if path.parts[-2:-1] == ("_static",):
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        for value in re.findall(r'class="([^"]*)"', text):
            used.update(value.split())
        for script in re.findall(r"<script[^>]*>(.*?)</script>", text, re.DOTALL):
            used.update(_WORD.findall(script))
    for path in (out / "_static").rglob("*.js"):
        used.update(_WORD.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return used


def _purge_theme_css(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    used = site_classes(out)
    for name in PURGED_CSS:
        path, original = out / name, theme_file(name)
        if path.exists() and original:
            css = original.read_text(encoding="utf-8")
            lean = purge_css(css, used)
            path.write_text(lean if len(lean) < len(css) else css, encoding="utf-8")
