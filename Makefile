# natolab: the two commands at the top of the README.
#   make run   set up .venv, install natolab, build the store, start the dashboard and the API
#              (http://127.0.0.1:8000 by default; HOST=... PORT=... to change)
#   make test  set up .venv with test extras, lint, type-check and run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test test-fast lint typecheck pytest bench bundle fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

HOST ?= 127.0.0.1
PORT ?= 8000

run: $(VENV)/.installed
	$(BIN)/natolab data build
	$(BIN)/natolab serve --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy src

pytest: $(VENV)/.installed-test
	$(BIN)/pytest

test: lint typecheck pytest

# the same without the slow tests (the docs' examples): for the edit-test loop
test-fast: lint typecheck $(VENV)/.installed-test
	$(BIN)/pytest -m "not slow"

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.installed $(VENV)/.installed-test

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/run.py

# Hostile files (issue 15): 2,000 mutated workbooks and 1,200 mutated scenarios, tally in
# fuzz-report.json (the figures of docs/robustness.md). Takes tens of minutes on a busy machine.
FUZZ_WORKBOOKS ?= 2000
FUZZ_SCENARIOS ?= 1200
fuzz: $(VENV)/.installed-test
	NATOLAB_FUZZ_WORKBOOKS=$(FUZZ_WORKBOOKS) NATOLAB_FUZZ_SCENARIOS=$(FUZZ_SCENARIOS) \
	NATOLAB_FUZZ_REPORT=fuzz-report.json \
	$(BIN)/pytest tests/fuzz -q -p no:cacheprovider --timeout=0 --hypothesis-profile=explore --hypothesis-seed=15
	cat fuzz-report.json

bundle: $(VENV)/.installed
	$(BIN)/python scripts/build_bundle.py

# the crisis scenarios' beta_* coefficients from the current calibration (after the operations data
# or the fit change; tests/sim/test_scenario_coefficients.py fails until this is run)
.PHONY: coefficients
coefficients: $(VENV)/.installed
	$(BIN)/python scripts/write_crisis_coefficients.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info
