"""Find sentences copied from a source document, without storing the source's text.

The course must paraphrase its sources. This module keeps only salted hashes of every run of
ten words in a source document, so a test can find copied runs in the repository without the
repository holding a copy of the source.

Make the fingerprint file once from a source you have locally::

    python -m coursetools.textcheck ../shared/seeds/000_1ba991a2482cb700.txt \
        > tests/fixtures/seed-report.shingles
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

RUN = 10  # a run of this many words in a row, taken from a source, counts as a copied sentence
_WORD = re.compile(r"[a-z0-9']+")
_SALT = b"casebook-shingles-v1:"


def words(text: str) -> list[str]:
    """Lowercase words, as the comparison sees them."""
    return _WORD.findall(text.lower())


def fingerprints(text: str, run: int = RUN) -> set[str]:
    """Hashes of every run of ``run`` words in ``text``."""
    w = words(text)
    return {hashlib.sha256(_SALT + " ".join(w[i:i + run]).encode()).hexdigest()[:16]
            for i in range(len(w) - run + 1)}


def copied_runs(text: str, source_prints: set[str], run: int = RUN) -> int:
    """How many runs of ``run`` words in ``text`` also stand in the fingerprinted source."""
    return len(fingerprints(text, run) & source_prints)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    for value in sorted(fingerprints(Path(argv[0]).read_text(errors="ignore"))):
        print(value)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
