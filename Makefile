# The course's two commands: `make book` and `make test`. Both create .venv when it is missing.
# Every target is .PHONY: the repository has a book/ folder, and without this `make book`
# would say "up to date" and build nothing.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
PORT ?= 8000

.PHONY: help env book instructor freshlook nu bench-lighthouse test lint validate unit nbval build-strict browser serve lab bench mutation lock clean

help:
	@echo "make book   build the HTML book (creates .venv if needed) and print its index.html"
	@echo "make instructor  build the instructor edition into _build/instructor/html"
	@echo "make test   ruff, unit tests, nbval, strict book build, browser tests"
	@echo "make serve  serve _build/html on http://127.0.0.1:$(PORT)/"
	@echo "make lab    open the pages as notebooks in JupyterLab"
	@echo "make bench  measure build, page weight and widget speed into bench/"
	@echo "make mutation  mutation-test the scoring and validation code into bench/mutation.md"

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3 and python3-venv"; exit 1; }
	@test -x $(BIN)/python || { echo "==> Creating $(VENV) with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV); }
	@echo "==> Installing the pinned requirements into $(VENV) (a few minutes on a fresh machine)"
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar on -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

env: $(STAMP)

book: env
	@$(BIN)/python -m coursetools.cli build

instructor: env
	@$(BIN)/python -m coursetools.cli instructor

nu: env
	@$(BIN)/python -m coursetools.cli ensure-node-tools
	@$(BIN)/python -m coursetools.cli nu

# Screenshots (light, dark, phone, 200 % zoom), accessibility trees and a report of what a
# machine can flag, for a person to review: tests/output/fresh/.
freshlook: env
	@$(BIN)/python -m coursetools.cli ensure-browser
	@$(BIN)/python -m coursetools.freshlook

test: env
	@echo "==> [1/5] ruff (style and lint), codespell, then every seed file validated"
	@$(BIN)/ruff check casebook coursetools tests
	@$(BIN)/codespell --skip="tests/output" chapters exercises book/*.md seeds casebook coursetools tests README.md CONTRIBUTING.md
	@$(BIN)/python -m casebook validate
	@echo "==> [2/5] unit tests (with the Hypothesis fuzz of the seed files), on both cores"
	@$(BIN)/python -m pytest tests/unit -q -n 2
	@echo "==> [3/5] nbval over every page"
	@$(BIN)/python -m coursetools.cli nbval
	@echo "==> [4/5] strict book build (-W -n --keep-going), then the instructor edition from the same cache"
	@$(BIN)/python -m coursetools.cli build
	@$(BIN)/python -m coursetools.cli instructor
	@echo "==> [4/5] then the Nu HTML checker over both editions"
	@$(BIN)/python -m coursetools.cli ensure-node-tools
	@$(BIN)/python -m coursetools.cli nu
	@echo "==> [5/5] browser tests (headless Chromium against the built book), on both cores"
	@$(BIN)/python -m coursetools.cli ensure-browser
	@$(BIN)/python -m pytest tests/browser -q -n 2

lint: env
	@$(BIN)/ruff check casebook coursetools tests

validate: env
	@$(BIN)/python -m casebook validate

unit: env
	@$(BIN)/python -m pytest tests/unit -q

nbval: env
	@$(BIN)/python -m coursetools.cli nbval

build-strict: env
	@$(BIN)/python -m coursetools.cli build

browser: env
	@$(BIN)/python -m coursetools.cli ensure-browser
	@$(BIN)/python -m pytest tests/browser -q

serve: env
	@$(BIN)/python -m coursetools.cli serve --port $(PORT)

lab: env
	@$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1

bench: env
	@$(BIN)/python -m coursetools.cli ensure-browser
	@$(BIN)/python -m coursetools.cli ensure-node-tools
	@$(BIN)/python -m coursetools.bench

# Lighthouse alone (about 40 minutes for every page, three runs each), keeping the other
# sections of the last full `make bench`.
bench-lighthouse: env
	@$(BIN)/python -m coursetools.cli ensure-browser
	@$(BIN)/python -m coursetools.cli ensure-node-tools
	@$(BIN)/python -m coursetools.bench --only-lighthouse

# Mutation testing of the scoring, key and validation code: about ten minutes on two cores.
# Writes bench/mutation.md (committed) with the score and every surviving mutant explained.
mutation: env
	@rm -rf mutants
	@$(BIN)/mutmut run || true
	@$(BIN)/python -m coursetools.mutation_report bench/mutation.md

# Re-lock requirements.txt from pyproject.toml's dependencies and extras, keeping current pins
# where they still satisfy it (pass UPGRADE=--upgrade to move them).
lock: env
	$(BIN)/pip-compile --quiet --extra course --extra test --extra dev --strip-extras \
		--no-emit-index-url --no-emit-find-links $(UPGRADE) --output-file requirements.txt pyproject.toml

clean:
	rm -rf _build mutants
