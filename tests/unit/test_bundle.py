"""The classic bundle the book loads is the widget modules, changed only in import and export."""

from __future__ import annotations

import re

from casebook.paths import STATIC_DIR
from casebook.widgets.base import bundled_esm
from casebook.widgets.bundle import _IMPORT, classic_bundle


def test_bundle_has_no_module_syntax_and_every_widget():
    bundle = classic_bundle()
    assert not re.search(r"^\s*(import|export)\b", bundle, re.MULTILINE)
    assert "const claimSorter = (function () {" in bundle
    assert "const quiz = (function () {" in bundle
    assert re.search(r"return \{ [^}]*\brender\b[^}]*\};\n\}\)\(\);\nconst quiz", bundle)


def test_bundle_keeps_every_line_of_the_sources():
    bundle = classic_bundle()
    for name in ("widget-common.js", "claim-sorter.js", "quiz.js"):
        source = _IMPORT.sub("", (STATIC_DIR / name).read_text())
        for line in source.splitlines():
            if line.startswith("export default") or not line.strip():
                continue
            assert line.removeprefix("export ") in bundle, (name, line)


def test_jupyter_module_inlines_the_shared_helpers():
    esm = bundled_esm("claim-sorter")
    assert "./widget-common.js" not in esm
    assert "export function scoreSort" in esm and "\nconst BASE_CSS" in esm
    assert "export const BASE_CSS" not in esm, "helpers are inlined, not re-exported"


def test_one_bundler_handles_any_number_of_helpers(tmp_path, monkeypatch):
    import pytest

    from casebook.widgets import bundle

    (tmp_path / "a.js").write_text("export const A = 1;\n")
    (tmp_path / "b.js").write_text('import { A } from "./a.js";\nexport const B = A + 1;\n')
    (tmp_path / "w.js").write_text('import { B } from "./b.js";\nimport { A } from "./a.js";\n'
                                   "export function render() { return A + B; }\n"
                                   "export default { render };\n")
    (tmp_path / "casebook-boot.js").write_text('import * as w from "./w.js";\nconst W = { w };\n')
    monkeypatch.setattr(bundle, "STATIC_DIR", tmp_path)
    monkeypatch.setattr(bundle, "WIDGET_MODULES", {"w": "w"})
    assert bundle.helpers_of("w.js") == ["a.js", "b.js"]
    esm = bundle.esm_module("w")
    assert esm.index("const A = 1;") < esm.index("const B = A + 1;") < esm.index("export function")
    assert "import" not in esm and esm.count("const A = 1;") == 1
    classic = bundle.classic_bundle()
    assert classic.count("const A = 1;") == 1 and "const w = (function () {" in classic
    (tmp_path / "a.js").write_text('import { B } from "./b.js";\nexport const A = 1;\n')
    with pytest.raises(RuntimeError, match="import cycle"):
        bundle.helpers_of("w.js")


def test_shrink_png_keeps_the_picture_and_skips_transparent_images(tmp_path):
    from PIL import Image

    from coursetools.sphinxext import shrink_png

    chart = Image.new("RGBA", (200, 100), (255, 255, 255, 255))
    for x in range(200):
        for y in range(40, 60):
            chart.putpixel((x, y), (0, 114, 178, 255))
    path = tmp_path / "chart.png"
    chart.save(path)
    for x in range(0, 200, 3):  # noise that defeats plain PNG compression a little
        chart.putpixel((x, x % 100), (x, 0, 255 - x, 255))
    chart.save(path)
    before = path.stat().st_size
    assert shrink_png(path) is True
    assert path.stat().st_size < before
    with Image.open(path) as small:
        assert small.convert("RGB").getpixel((10, 50)) == (0, 114, 178)
    clear = tmp_path / "clear.png"
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(clear)
    assert shrink_png(clear) is False


def test_every_widget_is_registered_in_every_place():
    """A widget lives in four places; one left out means a widget that never renders."""
    import re

    from casebook import widgets
    from casebook.widgets.bundle import WIDGET_MODULES

    python = {getattr(widgets, name)._widget_name for name in widgets.__all__}
    boot = (STATIC_DIR / "casebook-boot.js").read_text()
    imported = dict(re.findall(r'import \* as (\w+) from "\./([a-z-]+)\.js";', boot))
    table = re.search(r"const WIDGETS = \{([^}]*)\}", boot)[1]
    named = dict(re.findall(r'"([a-z-]+)": (\w+)', table))
    named.update({var: var for var in re.findall(r"(?:^|, )(\w+)(?=,|\s*$)", table.strip())})
    booted = {name for name, var in named.items() if imported.get(var) == name}
    modules = {p.stem for p in STATIC_DIR.glob("*.js")} - {"widget-common", "casebook-boot"}
    assert python == set(WIDGET_MODULES) == booted == modules
