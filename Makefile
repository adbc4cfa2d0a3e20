# booklet — two commands on a fresh clone:
#   make booklet   set up .venv and build every edition into build/
#   make test      set up .venv and run the tests
# and for designers and editors:
#   make booklet LANG=sq      one edition (LANG="en sq" for two; VARIANT=print for one variant)
#   make serve                the preview in a browser, rebuilt on every save (PORT=8800 for another port)
#   make proofs               spreads and a contact sheet as PNGs in build/proofs/
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: booklet serve proofs test bench setup system gettext browser ghostscript lint clean profile

# LANG is also the shell's locale: only a LANG given on make's command line names editions.
EDITIONS := $(if $(filter command line,$(origin LANG)),$(foreach l,$(LANG),--lang $(l)))
CHOSEN := $(EDITIONS) $(foreach v,$(VARIANT),--variant $(v))

booklet: setup
	$(PY) -m booklet.cli build $(CHOSEN)

serve: setup
	$(PY) -m booklet.cli serve $(CHOSEN) $(if $(PORT),--port $(PORT))

proofs: setup
	$(PY) -m booklet.cli proofs $(EDITIONS) $(foreach v,$(VARIANT),--variant $(v))

test: setup browser
	$(PY) -m ruff check booklet tests bench
	$(PY) -m mypy booklet
	$(PY) -m pytest -n auto --dist loadgroup

# `booklet` as a command in any folder: a link in ~/.local/bin (a folder most shells put on
# the PATH) to this clone's .venv/bin/booklet.  Undo: rm ~/.local/bin/booklet
.PHONY: install-command
install-command: setup
	@mkdir -p "$(HOME)/.local/bin"
	@ln -sfn "$(CURDIR)/$(VENV)/bin/booklet" "$(HOME)/.local/bin/booklet"
	@echo "Linked $(HOME)/.local/bin/booklet to $(CURDIR)/$(VENV)/bin/booklet."
	@case ":$$PATH:" in *":$(HOME)/.local/bin:"*) echo "Type: booklet build";; \
	  *) echo "$(HOME)/.local/bin is not on your PATH yet: log in again (most systems add it once it exists), or add"; \
	     echo "  export PATH=\"\$$HOME/.local/bin:\$$PATH\"   to ~/.profile (then open a new terminal)";; esac

# Speed as ratios, side by side in one run, on a copy of the booklet with
# camera-size photos: against plain WeasyPrint on the same document, against
# WeasyPrint driven by hand to a print PDF, and against a Ghostscript PDF/X
# conversion (installed when we may; the figure is skipped without it).
bench: setup ghostscript
	$(PY) bench/run.py

ghostscript:
	@if ! command -v gs >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && apt-get install -y -qq ghostscript) >/dev/null 2>&1 \
	      || echo "note: could not install ghostscript; its figure is skipped"; \
	  else echo "note: install ghostscript for the print-vs-ghostscript figure"; fi; \
	fi

setup: system gettext $(STAMP)

# pip's and setuptools' chatter goes to .venv/install.log, shown only when the install fails.
$(STAMP): pyproject.toml
	@echo "setting up $(VENV) (the first time takes a minute or two)"
	@$(PYTHON) -m venv $(VENV)
	@{ $(PY) -m pip install --quiet --upgrade pip && $(PY) -m pip install --quiet -e '.[test]'; } \
	  >$(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; echo "setup failed (log: $(VENV)/install.log)"; exit 1; }
	@touch $(STAMP)

# WeasyPrint needs Pango (already on the machine); HarfBuzz's subsetter makes
# font embedding twice as fast.  Installed when we may (root with apt-get).
system:
	@if ! ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && apt-get install -y -qq libharfbuzz-subset0) >/dev/null 2>&1 \
	      || echo "note: could not install libharfbuzz-subset0; fonts are subset more slowly"; \
	  else echo "note: install libharfbuzz-subset0 for faster font embedding"; fi; \
	fi

# The preview's test drives Debian's Chromium headless through Selenium (no
# browser is downloaded from anywhere else).  Installed when we may.
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && apt-get install -y -qq chromium chromium-driver) >/dev/null 2>&1 \
	      || echo "note: could not install chromium and chromium-driver; the browser test is skipped"; \
	  else echo "note: install chromium and chromium-driver for the browser test"; fi; \
	fi

# msgfmt checks the PO files booklet i18n export writes (a test runs it).
gettext:
	@if ! command -v msgfmt >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && apt-get install -y -qq gettext) >/dev/null 2>&1 \
	      || echo "note: could not install gettext; the msgfmt test is skipped"; \
	  else echo "note: install gettext for the msgfmt test of PO exports"; fi; \
	fi

# The default CMYK output profile, from FOGRA's measurement data in Debian's
# icc-profiles-free, built by ArgyllCMS with a 300 % ink limit (provenance and
# licence: booklet/themes/anniversary/assets/profiles/README.md).  The .icc is committed, so nothing else
# depends on this target; run it only to rebuild the profile.  colprof writes
# the time of the run into the header, so that is set to PROFILE_DATE: two runs
# give the same bytes.
PROFILE := booklet/themes/anniversary/assets/profiles/FOGRA39L-booklet.icc
PROFILE_DATE := 2026,12,1,0,0,0
COLPROF := colprof -v -qm -l 300 -L 95 -D "FOGRA39L (generated)" FOGRA39L

profile:
	@if ! command -v colprof >/dev/null || ! dpkg -s icc-profiles-free >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && apt-get install -y -qq argyll icc-profiles-free) >/dev/null 2>&1 \
	      || { echo "could not install argyll and icc-profiles-free"; exit 1; }; \
	  else echo "install Debian's argyll and icc-profiles-free first"; exit 1; fi; \
	fi
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	cp "$$(dpkg -L icc-profiles-free | grep '/FOGRA39L\.ti3$$')" "$$tmp/"; \
	(cd "$$tmp" && $(COLPROF)) >"$$tmp/log" 2>&1 || { cat "$$tmp/log"; exit 1; }; \
	grep '^Profile check complete' "$$tmp/log"; \
	$(PYTHON) -c 'import struct, sys; f = open(sys.argv[1], "r+b"); f.seek(24); \
	  f.write(struct.pack(">6H", $(PROFILE_DATE)))' "$$tmp/FOGRA39L.icc"; \
	mkdir -p $(dir $(PROFILE)); cp "$$tmp/FOGRA39L.icc" $(PROFILE); \
	sha256sum $(PROFILE)

lint: setup
	$(PY) -m ruff check booklet tests bench

clean:
	rm -rf build .cache
