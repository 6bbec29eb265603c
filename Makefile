# Every target creates the virtual environment and installs the project itself, so a fresh
# clone needs only `make figures` (the main job) or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RAW    ?= data/raw
CLEAN  ?= data/clean
FIGS   ?= figures

.PHONY: setup extract compare figures test check lint typecheck eval bench fuzz clean help

help:
	@echo "make figures   extract $(RAW) into $(CLEAN), compare sources, draw charts into $(FIGS)/ (main job)"
	@echo "make test      run the test suite (creates .venv first)"
	@echo "make check     ruff + mypy + tests"
	@echo "make extract   only the extraction step"
	@echo "make eval      score the eval corpus (and the seeds when ../shared exists)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

setup: $(STAMP)

extract: $(STAMP)
	$(BIN)/tracker extract $(RAW) -o $(CLEAN)/claims.csv

compare: extract
	$(BIN)/tracker compare $(CLEAN)/claims.csv -o $(CLEAN)/comparison.csv

figures: compare
	$(BIN)/tracker figures $(CLEAN)/claims.csv -o $(FIGS)

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check tracker tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

eval: $(STAMP)
	$(BIN)/python -m tracker.evaluate

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
