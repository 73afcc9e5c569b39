# pimpasa — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LOCALE_DIRS := $(shell find src/pimpasa -type d -name locale -not -path '*/node_modules/*')

.PHONY: install run test lint format messages clean-db ci

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(MAKE) --no-print-directory messages
	touch $(STAMP)

# Compile translations with Babel (pure Python: no system gettext needed).
messages:
	@for d in $(LOCALE_DIRS); do $(BIN)/pybabel -q compile -D django -d $$d || exit 1; done

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

# Stop the embedded PostgreSQL server and delete its data; `make run` re-creates it (demo logins are kept).
clean-db: install
	$(BIN)/pimpasa db stop
	rm -rf "$${PIMPASA_PGDATA:-var/pgdata}"

# What CI runs: lint, then the suite on embedded PostgreSQL and on DATABASE_URL's server.
ci:
	.ci/run
