"""``python -m casebook validate [FOLDER]``: check the course's seed files."""

import sys

from .validate import main

sys.exit(main())
