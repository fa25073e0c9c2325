"""casebook: the shared code of the cyber-attribution course.

Data flows one way: ``seeds/`` -> ``casebook`` (load, validate, score) -> pages and widgets.
"""

from .data import (
    SeedError,
    exercise_claims,
    load_bib_keys,
    load_claims,
    load_exercises,
    load_network_counts,
    load_outages,
    load_quizzes,
    load_timeline,
)
from .scoring import Key, score_placements, score_quiz
from .widgets import ClaimSorter, Quiz

__all__ = [
    "ClaimSorter",
    "Quiz",
    "Key",
    "SeedError",
    "exercise_claims",
    "load_bib_keys",
    "load_claims",
    "load_exercises",
    "load_network_counts",
    "load_outages",
    "load_quizzes",
    "load_timeline",
    "score_placements",
    "score_quiz",
]
__version__ = "0.1.0"
