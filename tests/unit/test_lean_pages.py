"""What the build does to keep pages valid and light, on small inputs where each step's effect
is plain: the HTML the Nu checker rejects rewritten at its source, unused theme CSS dropped,
icon fonts cut to the glyphs used, scripts deferred."""

from __future__ import annotations

from coursetools.sphinxext import (
    _defer_scripts,
    icon_codepoints,
    purge_css,
    selector_used,
    subset_font,
    valid_body,
)

PANDAS_STYLE = """<div><style scoped>
    .dataframe tbody tr th:only-of-type {
        vertical-align: middle;
    }

    .dataframe tbody tr th {
        vertical-align: top;
    }

    .dataframe thead th {
        text-align: right;
    }
</style>
<table class="dataframe">"""

FOLDED = """<details class="admonition hide above-input">
<summary aria-label="Toggle hidden content">
<p class="collapsed admonition-title">Show the code</p>
<p class="expanded admonition-title">Hide the code</p>
</summary>"""


def test_valid_body_drops_scoped_styles_and_paragraphs_in_summaries():
    body = valid_body(PANDAS_STYLE + FOLDED)
    assert "<style" not in body and '<table class="dataframe">' in body
    assert "<p" not in body and "aria-label" not in body
    assert '<summary><span class="collapsed admonition-title">Show the code</span>' in body


def test_valid_body_numbers_repeated_ids():
    body = valid_body('<section id="exercise-content"></section><section id="solution-content">'
                      '</section><section id="exercise-content"></section>')
    assert body.count('id="exercise-content-1"') == body.count('id="exercise-content-2"') == 1
    assert 'id="solution-content-1"' in body and 'id="exercise-content"' not in body


def test_purge_keeps_what_a_page_or_script_can_match():
    css = ("/*! licence */.used{a:1}.gone{b:2}.used .gone{c:3}.x:not(.gone){d:4}"
           "@media (min-width:10px){.gone{e:5}.used{f:6}}@media print{.gone{g:7}}"
           "html[data-theme=dark] .used{h:8}@font-face{font-family:X}.a,.gone{i:9}")
    lean = purge_css(css, {"used", "a", "x"})
    for kept in ("licence", ".used{a:1}", ".x:not(.gone)", "@media (min-width:10px){.used{f:6}}",
                 "html[data-theme=dark] .used", "@font-face", ".a,.gone{i:9}"):
        assert kept in lean, kept
    for dropped in (".gone{b:2}", ".used .gone", "e:5", "@media print"):
        assert dropped not in lean, dropped
    assert selector_used("div > .a:is(.nope, .b)", {"a"})
    assert not selector_used(".a.b", {"a"})


def test_icon_codepoints_read_names_and_the_themes_own_uses():
    css = ('.fa-sun:before{content:"\\f185"}.fa-pencil-alt:before,.fa-pencil:before'
           '{content:"\\f303"}.admonition-title:after{content:"\\f06a"}'
           ':root{--pst-icon-search:"\\f002"}')
    names, direct = icon_codepoints(css)
    assert names == {"sun": 0xF185, "pencil-alt": 0xF303, "pencil": 0xF303}
    assert direct == {0xF06A, 0xF002}


def test_a_subset_font_keeps_the_glyphs_asked_for(tmp_path):
    from fontTools.ttLib import TTFont

    from casebook.paths import repo_root

    source = next((repo_root() / ".venv").glob(
        "lib/python3*/site-packages/pydata_sphinx_theme/theme/pydata_sphinx_theme/static/"
        "vendor/fontawesome/webfonts/fa-solid-900.woff2"))
    font = tmp_path / "fa-solid-900.woff2"
    font.write_bytes(source.read_bytes())
    assert subset_font(font, {0xF185, 0xF002})
    assert font.stat().st_size < source.stat().st_size / 10
    cmap = TTFont(str(font)).getBestCmap()
    assert {0xF185, 0xF002} <= set(cmap) and 0xF0C9 not in cmap


def test_scripts_are_deferred_but_options_and_inline_scripts_are_not():
    from sphinx.builders.html._assets import _JavaScript

    assets = [_JavaScript("documentation_options.js"), _JavaScript("doctools.js"),
              _JavaScript("", body="let x = 1;"), _JavaScript("clipboard.min.js", async_="1"),
              _JavaScript("copybutton.js", defer="defer")]
    assets[3].attributes["async"] = assets[3].attributes.pop("async_")
    context = {"script_files": list(assets)}
    _defer_scripts(None, "page", "page.html", context, None)
    deferred = [a.attributes.get("defer") for a in context["script_files"]]
    assert deferred == [None, "defer", None, None, "defer"]
    # The builder's own objects, shared by every page, are left as they were.
    assert "defer" not in assets[1].attributes
    search = {"script_files": list(assets)}
    _defer_scripts(None, "search", "search.html", search, None)
    assert search["script_files"] == assets
