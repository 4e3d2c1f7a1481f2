# Two commands do all set-up on a fresh machine with Python 3.11+ and make:
#   make report   # venv + install + the main result on the shipped sample
#   make test     # venv + install + lint + the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install report test lint lab bench sample clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (lqrel)" >/dev/null
	touch $(STAMP)

install: $(STAMP)

report: $(STAMP)
	$(BIN)/lqrel summary

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Regenerate the shipped sample (byte-for-byte the committed files).
sample: $(STAMP)
	$(BIN)/lqrel synth data

clean:
	rm -rf $(VENV) reports .pytest_cache .ruff_cache .hypothesis
