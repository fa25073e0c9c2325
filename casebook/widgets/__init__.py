"""The course's widgets: each is one ES module rendered in Jupyter and on the built book."""

from .achwidget import ACH
from .assessmentwidget import Assessment
from .calibration import Calibration
from .grader import ClaimGrader
from .progress import Progress
from .quiz import Quiz
from .sorter import ClaimSorter

__all__ = ["ACH", "Assessment", "Calibration", "ClaimGrader", "ClaimSorter", "Progress", "Quiz"]
