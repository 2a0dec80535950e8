# Plein: `make run` installs, prepares the database, loads the demo and serves;
# `make test` runs the whole test suite.
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint typecheck migrations-check bench messages clean

$(STAMP): pyproject.toml package-lock.json
	@test -x $(BIN)/python || $$(scripts/find-python) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# axe-core for the accessibility tests; the app itself needs no Node.js.
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	  else echo "npm not found: the accessibility tests will be skipped"; fi
	@touch $(STAMP)

install: $(STAMP)

# The first start migrates and loads the demo (about half a minute on two
# cores, README.md); later starts take a few seconds. PORT and
# MAIL_GATEWAY_PORT move the web server and the mail gateway.
run: install
	@echo "Preparing the database in $${PLEIN_DATA_DIR:-var}/…"
	@$(BIN)/plein prepare --demo
	@echo "Log in as anna@zuiderhaven.example (password: plein-demo) once Plein says it is running."
	@$(BIN)/plein serve --with-worker --port $(PORT)

test: install
	@scripts/ensure-browser
	$(BIN)/python -m pytest -q -n $${TEST_PROCESSES:-auto} $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: install
	$(BIN)/mypy

migrations-check: install
	PLEIN_DATA_DIR=$$(mktemp -d) $(BIN)/plein makemigrations --check --dry-run

bench: install
	$(BIN)/plein bench

messages: install
	$(BIN)/plein makemessages -l nl -l en --no-location --ignore ".venv/*" --ignore "var/*"
	$(BIN)/plein compilemessages --ignore ".venv/*"

clean:
	rm -rf $(VENV) var/test-media
