"""The course's widgets: each is one ES module rendered in Jupyter and on the built book."""

from .grader import ClaimGrader
from .quiz import Quiz
from .sorter import ClaimSorter

__all__ = ["ClaimGrader", "ClaimSorter", "Quiz"]
