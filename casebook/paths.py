"""Where the course's files live.

The package is installed in editable mode (``pip install -e .``) from the repository, so the
seeds and the bibliography are found relative to the package.  ``CASEBOOK_ROOT`` overrides the
repository root, which lets tests point the loaders at a folder of fixtures.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "widgets" / "static"


def repo_root() -> Path:
    """Return the repository root (the folder holding ``seeds/`` and ``book/``)."""
    override = os.environ.get("CASEBOOK_ROOT")
    return Path(override).resolve() if override else PACKAGE_DIR.parent


def seeds_dir() -> Path:
    """Return the folder that holds the course's data files."""
    return repo_root() / "seeds"


def bib_path() -> Path:
    """Return the path of the course bibliography."""
    return repo_root() / "book" / "references.bib"
