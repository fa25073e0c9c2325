"""casebook: the shared code of the cyber-attribution course.

Data flows one way: ``seeds/`` -> ``casebook`` (load, validate, score) -> pages and widgets.

The public names below load their modules on first use, so the command-line tasks and the
Sphinx extension start without importing pandas, pandera or the widget libraries.
"""

from importlib import import_module

_EXPORTS = {
    "SeedError": "data",
    "exercise_claims": "data",
    "load_bib_keys": "data",
    "load_claims": "data",
    "load_exercises": "data",
    "check_assessment": "assessment",
    "check_sentence": "estimative",
    "check_text": "estimative",
    "keys_as_of": "data",
    "load_ach": "ach",
    "load_assessments": "assessment",
    "load_estimative": "estimative",
    "load_genealogy": "data",
    "load_hedges": "data",
    "load_key_changes": "data",
    "load_keys": "data",
    "load_network_counts": "data",
    "load_outages": "data",
    "load_quizzes": "data",
    "load_timeline": "data",
    "next_changes": "data",
    "timeline_event": "data",
    "Key": "scoring",
    "score_sort": "scoring",
    "score_quiz": "scoring",
    "ACH": "widgets",
    "Assessment": "widgets",
    "Calibration": "widgets",
    "ClaimGrader": "widgets",
    "ClaimSorter": "widgets",
    "Progress": "widgets",
    "Quiz": "widgets",
    "course_exercises": "course",
}
__all__ = sorted(_EXPORTS)
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'casebook' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
