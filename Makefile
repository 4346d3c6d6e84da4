# careerbot: every target sets up what it needs; run `make help` for the list.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.careerbot-installed
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.DEFAULT_GOAL := help
.PHONY: help setup chat serve ingest test quick lint bench bench-scale lock browser postgres screenshots eval clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup: $(STAMP) ## Create .venv and install the locked dependencies (quick when nothing changed)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

chat: setup ## Set up, ingest kb/ and start the web chat on http://127.0.0.1:7860
	$(BIN)/careerbot serve

ingest: setup ## Take kb/ into the database, embed new and changed documents
	$(BIN)/careerbot ingest

test: setup browser postgres ## Set up and run the whole suite: unit, slow, browser tests and the eval gates
	$(BIN)/python -m pytest -m "" -q
	$(BIN)/careerbot eval --gate --config full --out artifacts/eval
	CAREERBOT_DATA_DIR=artifacts/multirole-data $(BIN)/careerbot eval --gate --config full \
		--kb kb --kb tests/fixtures/multirole --questions eval/multirole.yaml \
		--thresholds eval/thresholds-multirole.yaml --out artifacts/eval-multirole
	CAREERBOT_DATA_DIR=artifacts/multirole-fresh-data $(BIN)/careerbot eval --gate --config full \
		--kb kb --kb tests/fixtures/multirole --kb tests/fixtures/multirole-fresh \
		--questions eval/multirole-fresh.yaml --thresholds eval/thresholds-multirole-fresh.yaml \
		--out artifacts/eval-multirole-fresh

quick: setup ## Run the fast tests only
	$(BIN)/python -m pytest -q

browser: ## Install Debian's Chromium for the browser tests, when it is missing
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get install -y --no-install-recommends chromium chromium-driver \
		|| { $$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends chromium chromium-driver; }; }

postgres: ## Install Debian's PostgreSQL for the database tests (they start their own cluster), when it is missing
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get install -y --no-install-recommends postgresql \
		|| { $$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends postgresql; }; }

screenshots: setup browser ## Refresh docs/screenshots from a real server and browser
	$(BIN)/python docs/make_screenshots.py

eval: setup ## Evaluate every configuration on the shipped and the many-role question sets
	$(BIN)/careerbot eval
	$(BIN)/careerbot eval --questions eval/holdout.yaml --out eval/out/holdout
	CAREERBOT_DATA_DIR=artifacts/multirole-data $(BIN)/careerbot eval --kb kb \
		--kb tests/fixtures/multirole --questions eval/multirole.yaml --out eval/out/multirole
	CAREERBOT_DATA_DIR=artifacts/multirole-fresh-data $(BIN)/careerbot eval --kb kb \
		--kb tests/fixtures/multirole --kb tests/fixtures/multirole-fresh \
		--questions eval/multirole-fresh.yaml --out eval/out/multirole-fresh

serve: chat

lint: setup ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup ## Print the benchmark figures (ask latency, ingestion, 20 web users); scale: make bench-scale
	$(BIN)/python -m benchmarks.ask_latency
	$(BIN)/python -m benchmarks.ingest_throughput
	$(BIN)/python -m benchmarks.web_load --users 20

bench-scale: setup ## Costs at 100, 1,000 and 10,000 synthetic documents, embedded and server (hours)
	$(BIN)/python -m benchmarks.scale

lock: ## Resolve pyproject.toml again into requirements.lock (needs uv: pip install uv)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --index-strategy unsafe-best-match \
		--find-links /opt/wheels --python-version 3.11 -q -o requirements.lock
	sed -i 's/^torch==\(.*\)+cpu$$/torch==\1/' requirements.lock

clean: ## Remove what can be rebuilt (the embedded store, caches); keeps the database and the venv
	rm -rf data/chroma data/cache .pytest_cache .ruff_cache
