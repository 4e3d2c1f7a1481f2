# Two commands do all set-up on a fresh machine with Python 3.11+ and make:
#   make report   # venv + install + the main result on the shipped sample
#   make test     # venv + install + lint + the whole test suite (two processes)
#   make test-fast  # lint + the tests not marked slow or browser: the edit-run loop
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install report test test-fast lint lab bench calibration sample clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (lqrel)" >/dev/null
	touch $(STAMP)

install: $(STAMP)

report: $(STAMP)
	$(BIN)/lqrel report

# Headless Chromium and CJK fonts for the browser tests (Debian/Ubuntu, as root; CI runs this).
browser:
	@if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then echo "chromium and fonts-noto-cjk present"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null; \
	else echo "cannot install chromium here (needs root and apt-get); browser tests will be skipped"; fi

# Two worker processes (the machines have two cores). Tests go one by one to whichever worker is free; reports of
# the sample are built once per run and shared by both workers (tests/conftest.py: shared_reports); tests that
# must share a worker (the fuzz pair, a module fixture's report) are marked xdist_group.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# The unit and hand cases (no Jupyter kernel, browser or report build); property tests run a tenth of their
# examples (tests/conftest.py, hypothesis profile "fast"). No expensive module fixture here, so the two processes
# share the tests one by one (worksteal) rather than by file.
test-fast: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist worksteal -m "not slow and not browser" --hypothesis-profile fast

lint: $(STAMP)
	$(BIN)/ruff check .

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

calibration: $(STAMP)
	$(BIN)/python benchmarks/calibration.py

# Regenerate the shipped sample (byte-for-byte the committed files).
sample: $(STAMP)
	$(BIN)/lqrel synth data

clean:
	rm -rf $(VENV) reports .pytest_cache .ruff_cache .hypothesis
