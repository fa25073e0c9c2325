"""Check every seed file and list every problem: ``python -m casebook validate [FOLDER]``.

Each loader checks its own file; the files that depend on others (keys on claims, exercises on
claims and keys) are checked too, and a problem reported twice is printed once.  The exit code
is 1 when there is any problem, so ``make test`` can run it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .ach import load_ach
from .assessment import load_assessments
from .data import (
    Problem,
    SeedError,
    load_claims,
    load_exercises,
    load_genealogy,
    load_hedges,
    load_key_changes,
    load_keys,
    load_network_counts,
    load_outages,
    load_quizzes,
    load_timeline,
)
from .estimative import load_estimative

LOADERS = (load_claims, load_keys, load_key_changes, load_timeline, load_outages,
           load_network_counts, load_genealogy, load_hedges, load_exercises, load_quizzes,
           load_estimative, load_ach, load_assessments)


def validate_folder(folder: Path | None = None, bib: Path | None = None) -> list[Problem]:
    """Every problem in the seed files of ``folder`` (default: the course's ``seeds/``)."""
    from .scale import load_scale

    problems: list[Problem] = []
    for loader in (*LOADERS, None):
        try:
            if loader is None:
                load_scale(folder)
            else:
                loader(folder, bib)
        except SeedError as err:
            problems += [p for p in err.problems if p not in problems]
    return problems


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "validate" or len(args) > 2 or args[-1] in ("-h", "--help"):
        print("usage: python -m casebook validate [FOLDER]\n"
              "Check every seed file in FOLDER (default: the course's seeds/); print one line "
              "per problem; exit 1 if there is any.")
        return 0 if args[-1:] in (["-h"], ["--help"]) else 2
    folder = Path(args[1]) if len(args) == 2 else None
    if folder is not None and not folder.is_dir():
        print(f"{folder}: not a folder")
        return 2
    bib = None
    if folder is not None and (folder.parent / "book" / "references.bib").exists():
        bib = folder.parent / "book" / "references.bib"
    problems = validate_folder(folder, bib)
    for problem in problems:
        print(problem)
    where = folder or "seeds/"
    print(f"{len(problems)} problem(s) in {where}" if problems else f"{where}: every file is valid")
    return 1 if problems else 0
