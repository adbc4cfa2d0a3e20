# booklet — two commands on a fresh clone:
#   make booklet   set up .venv and build every edition into build/
#   make test      set up .venv and run the tests
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: booklet test bench setup system lint clean

booklet: setup
	$(PY) -m booklet.cli build

test: setup
	$(PY) -m ruff check booklet tests bench
	$(PY) -m mypy booklet
	$(PY) -m pytest

# Speed as a ratio against plain WeasyPrint on the same document, side by side.
bench: setup
	$(PY) bench/run.py

setup: system $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# WeasyPrint needs Pango (already on the machine); HarfBuzz's subsetter makes
# font embedding twice as fast.  Installed when we may (root with apt-get).
system:
	@if ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0) >/dev/null 2>&1 \
	      || echo "note: could not install libharfbuzz-subset0; fonts are subset more slowly"; \
	  else echo "note: install libharfbuzz-subset0 for faster font embedding"; fi; \
	fi

lint: setup
	$(PY) -m ruff check booklet tests bench

clean:
	rm -rf build .cache
