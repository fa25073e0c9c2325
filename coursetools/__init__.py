"""coursetools: what builds and checks the course, beside the library a learner imports.

``casebook`` is the library (loading and validating the seeds, the scale, scoring, tables,
figures, widgets).  This package builds the book (``cli``), serves it, runs nbval, measures it
(``bench``), adapts the widgets to Sphinx (``sphinxext``) and holds the test fixtures and the
copied-text check.  It imports the library; the library never imports it.  It is not
installed with ``pip install .``: run it from a checkout (``python -m coursetools.cli``).
"""
