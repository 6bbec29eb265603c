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
	@echo "make figures   extract $(RAW) into $(CLEAN), compare sources, draw charts and the report into $(FIGS)/ (main job)"
	@echo "make setup     create .venv and install the project with its dev tools"
	@echo "make extract   only the extraction step ($(RAW) -> $(CLEAN)/claims.csv)"
	@echo "make compare   extract, then compare sources ($(CLEAN)/comparison.csv)"
	@echo "make test      run the test suite (creates .venv first)"
	@echo "make check     lint + typecheck + test"
	@echo "make lint      ruff on tracker, tests and bench"
	@echo "make typecheck mypy --strict"
	@echo "make eval      score the eval corpus (and the seeds when ../shared exists)"
	@echo "make bench     throughput and memory at BENCH_SCALES x the sample corpus -> bench/REPORT.md"
	@echo "make fuzz      time the adversarial strings, then FUZZ_EXAMPLES hypothesis inputs"
	@echo "make clean     remove .venv and the tool caches (not data/ or figures/)"

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
	$(BIN)/tracker export $(CLEAN)/claims.csv --format all -o $(CLEAN)
	$(BIN)/tracker report $(CLEAN)/claims.csv -o $(FIGS)/report

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

# Throughput and memory of `tracker extract` (--jobs 1 and 2) at BENCH_SCALES x the sample corpus,
# against a bare number-regex scan and quantulum3; writes bench/REPORT.md (see bench/README.md).
BENCH_SCALES ?= 10 100
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	$(BIN)/python bench/run_bench.py --scales $(BENCH_SCALES) --out bench/REPORT.md

# Time the extractor on the adversarial strings of bench/adversarial.py (a report; "-": slow cases
# do not stop the target), then fuzz it with FUZZ_EXAMPLES hypothesis inputs (fails on a finding).
FUZZ_EXAMPLES ?= 5000
fuzz: $(STAMP)
	-$(BIN)/python bench/adversarial.py
	$(BIN)/python bench/fuzz_extract.py --examples $(FUZZ_EXAMPLES)
