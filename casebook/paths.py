"""Where the course's files live.

There is one copy of the seeds and the bibliography: the repository's ``seeds/`` and
``book/references.bib``.  Run from a checkout (an editable install, the build, the tests), the
package reads them there.  ``casebook/_course/`` holds links to them, which ``pip install .``
turns into a packaged copy, so an installed package (Binder, Colab, a downloaded notebook)
reads that copy from any folder.  ``CASEBOOK_ROOT`` overrides both, which lets tests point the
loaders at a folder of fixtures.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
STATIC_DIR = PACKAGE_DIR / "widgets" / "static"


PACKAGED_ROOT = PACKAGE_DIR / "_course"


def repo_root() -> Path:
    """Return the folder holding ``seeds/`` and ``book/references.bib``.

    The repository when the package runs from a checkout, else the copy installed with it.
    """
    override = os.environ.get("CASEBOOK_ROOT")
    if override:
        return Path(override).resolve()
    checkout = PACKAGE_DIR.parent
    if (checkout / "seeds" / "claims.csv").is_file() and (checkout / "_toc.yml").is_file():
        return checkout
    return PACKAGED_ROOT


def seeds_dir() -> Path:
    """Return the folder that holds the course's data files."""
    return repo_root() / "seeds"


def bib_path() -> Path:
    """Return the path of the course bibliography."""
    return repo_root() / "book" / "references.bib"
