# Two commands: `make run` and `make test` set everything up themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint demo bench fuzz docs migrate clean chromium screenshots

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m scripts.stack

test: $(STAMP) lint chromium
	$(BIN)/python -m pytest -q

# Debian's Chromium for the board's browser tests and screenshots (installed when missing and apt works).
chromium:
	@bash scripts/ensure_chromium.sh

# docs/board/*.png: the board's pages in Chromium, after enough of the demo story to fill them.
screenshots: $(STAMP) chromium
	$(BIN)/python -m scripts.screenshots

lint: $(STAMP)
	$(BIN)/ruff check shared services tests scripts bench migrations
	$(BIN)/mypy shared services

migrate: $(STAMP)
	$(BIN)/python -m shared.migrate

docs: $(STAMP)
	$(BIN)/python -m scripts.gen_event_docs > docs/events.md
	$(BIN)/python -m scripts.gen_settings_docs

demo: $(STAMP)
	$(BIN)/python -m scripts.demo

fuzz: $(STAMP)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-300} $(BIN)/python -m pytest tests/security/test_openapi_fuzz.py -q -s -p no:logging

# Every benchmark on SQLite and PostgreSQL, written to docs/performance.md; a partial run, e.g.
# `make bench BENCH_ARGS="--only hot-reads --backend sqlite --quick"`, only prints its table.
bench: $(STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf .data .venv .pytest_cache .mypy_cache .ruff_cache
