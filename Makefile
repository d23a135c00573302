# tradeviz — two commands: `make report` (build data, run every notebook, write reports/index.html)
# and `make test` (lint and the whole test suite). Both bootstrap .venv on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_BOOT ?= python3
VENV        ?= .venv
BIN         := $(VENV)/bin
PY          := $(BIN)/python
STAMP       := $(VENV)/.installed
WORKERS     ?=
PYTEST_ARGS ?=
# pytest-xdist processes for the tests (`auto`: one per core; 0 runs them in this process).
TEST_WORKERS ?= auto
# The tests write Python's bytecode caches (__pycache__, ignored by git) even where
# PYTHONDONTWRITEBYTECODE is set: pytest keeps each test module's rewritten assertions there,
# and without them every test process rewrites every module again (seconds per process).
PYTEST      := env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest

# uv compiles bytecode at install time; needed because PYTHONDONTWRITEBYTECODE may be set.
export UV_COMPILE_BYTECODE := 1

.PHONY: help setup fonts data build check report test test-fast mutation lint format lab bench clean-notebooks browser clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(PY) --compile-bytecode -e '.[dev]'
	@# The bytecode of tradeviz (an editable install, which uv does not compile) and of the test
	@# modules (pytest's rewritten assertions), written once here: otherwise every process of
	@# the first test run after a clone writes it (about 6 s of CPU each).
	@env -u PYTHONDONTWRITEBYTECODE $(PY) -m compileall -q src
	@$(PYTEST) --collect-only -q -p no:randomly >/dev/null \
		|| echo "tests not collected ahead (make test shows why)"
	@touch $(STAMP)

setup: $(STAMP) fonts ## Create .venv and install tradeviz with its test and lab tools

fonts: ## Install a font with Chinese characters for the charts (Debian fonts-wqy-microhei)
	@bash .ci/install-fonts.sh

data: $(STAMP) ## Fetch the published raw files into data/raw (mirror folder or download), sha256-checked
	$(BIN)/tradeviz fetch --quiet

build: data ## Ingest data/raw into validated tables in data/processed
	$(BIN)/tradeviz build

check: build ## Check the documents' claims and the sources' stated totals
	$(BIN)/tradeviz check --integrity

# The checks' tables are rewritten only when their inputs are newer: the figures (which
# `tradeviz build` leaves untouched when nothing changed; `report` builds it first), the claims
# and documents, the code.
CHECKED     := data/processed/verdicts.parquet
CHECK_INPUTS = data/processed/figures.parquet $(wildcard data/raw/claims/* data/raw/documents/*) \
               $(shell find src/tradeviz -name '*.py')

$(CHECKED): $(CHECK_INPUTS)
	$(BIN)/tradeviz check > /dev/null

report: build ## Build the data, run every notebook of reports.yaml, write reports/index.html
	@$(MAKE) --no-print-directory $(CHECKED)
	$(BIN)/tradeviz run reports.yaml $(if $(WORKERS),--workers $(WORKERS),)
	@echo "Open reports/index.html"

browser: ## Install Debian's chromium for the browser test (needs root or sudo; skipped otherwise)
	@bash .ci/install-chromium.sh || echo "chromium not installed: the browser test will be skipped"

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools

format: $(STAMP) ## Apply ruff formatting and fixes
	$(BIN)/ruff check --fix src tests bench tools
	$(BIN)/ruff format src tests bench tools

test: data ## Lint, then run the whole test suite (kernels and browser included)
	$(MAKE) --no-print-directory lint
	$(PYTEST) $(PYTEST_ARGS)

test-fast: data ## Run the tests that start no kernel and no browser (budget: 60 s; lists the slowest)
	$(PYTEST) -m "not slow" -n $(TEST_WORKERS) --dist worksteal --durations=10 $(PYTEST_ARGS)

# mutmut copies the project into mutants/, mutates [tool.mutmut]'s only_mutate modules and runs
# its tests once per mutant. The figures are built once (.mutation/) and read by every run
# instead of being rebuilt.
# MUTATION_CHILDREN sets how many mutants run at once; MUTANTS='tradeviz.checks.tolerance*'
# re-runs the mutants of one module against the current tests, keeping every other result;
# MUTANTS=continue runs only the mutants without a verdict (an interrupted run, changed code).
MUTATION_FIGURES := .mutation/figures.parquet
MUTATION_CHILDREN ?= 2
MUTANTS ?=
mutation: data ## Mutation score of the modules that decide what users see (slow; not in CI)
	$(if $(MUTANTS),,rm -rf mutants .mutation)
	test -f $(MUTATION_FIGURES) || $(PY) -c "from pathlib import Path; from tradeviz.build import build; build(Path('data/raw'), Path('.mutation'), force=True)"
	TRADEVIZ_TEST_PREBUILT_FIGURES=$(CURDIR)/$(MUTATION_FIGURES) $(BIN)/mutmut run --max-children $(MUTATION_CHILDREN) $(if $(filter-out continue,$(MUTANTS)),"$(MUTANTS)",) > .mutation/run.log 2>&1 || true
	$(PY) tools/mutation_score.py

lab: build ## Start JupyterLab on the notebooks with the project's kernel
	$(BIN)/jupyter lab notebooks/

bench: build ## Print the benchmarks (ratios against plain pandas / papermill loops)
	@for f in bench/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean-notebooks: $(STAMP) ## Strip outputs and execution counts from notebooks/
	$(BIN)/nbstripout --keep-id --extra-keys "metadata.papermill cell.metadata.papermill cell.metadata.execution" notebooks/*.ipynb

clean: ## Remove build outputs (keeps .venv and data/raw)
	rm -rf reports data/processed/*.parquet data/processed/*.csv .pytest_cache
