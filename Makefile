# One-command set-up: `make run` starts the bot (the local simulator without a token),
# `make test` runs the whole suite. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-stack bench-reports eval check clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/smartcity-bot run

test: $(STAMP)
	$(BIN)/ruff check bot handlers cli simulator tests scripts
	$(BIN)/mypy
	$(BIN)/smartcity-bot knowledge check
	$(BIN)/python -m pytest -n 2 -q -rs

lint: $(STAMP)
	$(BIN)/ruff check bot handlers cli simulator tests scripts
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/smartcity-bot knowledge check

eval: $(STAMP)
	$(BIN)/smartcity-bot eval knowledge/eval/regresi.jsonl

bench: $(STAMP)
	$(BIN)/python scripts/benchmark.py

bench-stack: $(STAMP)
	$(BIN)/python scripts/benchmark_stack.py

bench-reports: $(STAMP)
	$(BIN)/python scripts/benchmark_reports.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
