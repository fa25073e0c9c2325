"""Write the mutation-testing report: ``python -m coursetools.mutation_report bench/mutation.md``.

Reads mutmut's results (after ``mutmut run``), counts killed and surviving mutants, and lists
every survivor with its diff and an explanation.  Explanations come from
``bench/mutation-explanations.yml``: each entry matches survivors by their function and a
fragment of their diff, and says why the mutant survives (an equivalent program, a message
wording no test pins, a path only a real browser or a broken disk reaches).  A survivor that no
entry explains is listed under "Not yet explained", so the report never hides one.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

EXPLANATIONS = Path(__file__).resolve().parents[1] / "bench" / "mutation-explanations.yml"
TARGET = 90.0


def mutmut(*args: str) -> str:
    exe = Path(sys.executable).with_name("mutmut")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, check=False).stdout


def results() -> dict[str, str]:
    out = {}
    for line in mutmut("results", "--all", "true").splitlines():
        match = re.match(r"\s*([\w.ǁ]+__mutmut_\d+): (.+)$", line)
        if match:
            out[match[1]] = match[2].strip()
    return out


def diff_of(name: str) -> str:
    lines = [line for line in mutmut("show", name).splitlines()
             if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))]
    return "\n".join(lines)


def function_of(name: str) -> str:
    """``casebook.data.x_load_keys__mutmut_3`` -> ``casebook.data.load_keys``."""
    base = re.sub(r"__mutmut_\d+$", "", name)
    module, _, func = base.rpartition(".")
    if func.startswith("xǁ"):
        func = func[2:].replace("ǁ", ".")
    elif func.startswith("x_"):
        func = func[2:]
    return f"{module}.{func}"


def explain(function: str, diff: str, rules: list[dict]) -> str | None:
    for rule in rules:
        if re.search(rule["function"], function) and all(
                re.search(pattern, diff) for pattern in rule.get("diff", [])):
            return rule["why"]
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    target = Path(argv[0]) if argv else Path("bench/mutation.md")
    statuses = results()
    if not statuses:
        print("No mutmut results: run `mutmut run` first (make mutation does).")
        return 1
    rules = yaml.safe_load(EXPLANATIONS.read_text(encoding="utf-8")) or []
    counts = Counter(statuses.values())
    killed = counts.get("killed", 0)
    scored = killed + counts.get("survived", 0) + counts.get("timeout", 0) \
        + counts.get("suspicious", 0)
    score = 100 * killed / scored if scored else 0.0
    explained, unexplained = [], []
    for name in sorted(n for n, s in statuses.items() if s == "survived"):
        function, diff = function_of(name), diff_of(name)
        why = explain(function, diff, rules)
        (explained if why else unexplained).append((name, function, diff, why))
    lines = [
        "# Mutation testing",
        "",
        "Made by `make mutation` (mutmut over `casebook/scoring.py`, `casebook/yamlseeds.py` and",
        "`casebook/data.py`, with the unit tests named in `pyproject.toml`); this file is its",
        "latest report.  Explanations of survivors come from `bench/mutation-explanations.yml`.",
        "",
        "| outcome | mutants |",
        "| --- | --- |",
        *[f"| {status} | {n} |" for status, n in sorted(counts.items())],
        f"| **killed, of all mutants** | **{killed} of {scored}: {score:.1f} %** "
        f"(target {TARGET:.0f} %) |",
        "",
        "Lines marked `# pragma: no mutate` are not mutated: the three rule builders in",
        "`casebook/data.py` run once, when the module is imported, before mutmut picks a mutant,",
        "so no test could reach a mutant of them (every test uses the rules they build).",
        "",
    ]
    if unexplained:
        lines += ["## Not yet explained", ""]
        for name, function, diff, _ in unexplained:
            lines += [f"- `{name}` in `{function}`:", "", "  ```diff",
                      *[f"  {d}" for d in diff.splitlines()], "  ```", ""]
    lines += ["## Survivors, explained", ""]
    by_reason: dict[str, list] = {}
    for name, _function, diff, why in explained:
        by_reason.setdefault(why, []).append((name, diff))
    for why, items in by_reason.items():
        lines += [f"**{why}** ({len(items)})", ""]
        for name, diff in items:
            first = diff.splitlines()
            shown = " / ".join(line.strip() for line in first[:2])
            lines.append(f"- `{name}`: `{shown[:160]}`")
        lines.append("")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{killed} of {scored} mutants killed ({score:.1f} %); {len(unexplained)} survivors "
          f"not yet explained; report in {target}")
    return 0 if score >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
