# pimpasa — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LOCALE_DIRS := $(shell find src/pimpasa -type d -name locale -not -path '*/node_modules/*')

.PHONY: install run test lint format messages clean-db

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(MAKE) --no-print-directory messages
	touch $(STAMP)

# Compile translations with Babel (pure Python: no system gettext needed).
messages:
	@for d in $(LOCALE_DIRS); do $(BIN)/pybabel -q compile -D django -d $$d --use-fuzzy || exit 1; done

run: install
	$(BIN)/pimpasa up

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench
