# Convas: every target sets up what it needs, so `make run` and `make test` work on a fresh
# clone. The virtual environment lives in .venv; a stamp file per requirements set means pip
# runs only when a requirements file changed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
# pytest workers (pytest-xdist); 0 runs everything in one process.
JOBS ?= 2
PYTEST_ARGS ?=

# Debian packages Qt needs for the headless "offscreen" platform (tests, CLI screenshots).
QT_OFFSCREEN_DEBS := libgl1 libegl1 libxkbcommon0 libx11-6 libglib2.0-0 libfontconfig1 \
	libfreetype6 libdbus-1-3 fonts-dejavu-core
# ... and for a real window on X11 (the "xcb" platform), plus a font with Hangul glyphs.
QT_WINDOW_DEBS := $(QT_OFFSCREEN_DEBS) libxcb1 libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 \
	libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0 \
	libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 \
	libxcb-xkb1 libxcb-glx0 fonts-noto-cjk

.DEFAULT_GOAL := help
.PHONY: help run test lint format bench clean distclean venv dev-venv qt-offscreen-libs qt-window-libs \
	translations update-translations

help:
	@echo "make run     set up .venv and start Convas (python main.py)"
	@echo "make test    set up .venv with dev tools, then ruff, lint-imports and pytest"
	@echo "make lint    ruff check, ruff format --check and lint-imports"
	@echo "make format  ruff format and ruff check --fix"
	@echo "make bench   run every bench/*.py script (not _helpers.py)"
	@echo "make translations         compile resources/translations/*.ts to .qm"
	@echo "make update-translations  refresh the .ts files from the code (pyside6-lupdate)"
	@echo "make clean   remove caches; 'make distclean' also removes .venv"

# --- Python environment -------------------------------------------------------------------

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Convas needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)." \
		  "Run e.g. 'make PYTHON=python3.11 $(MAKECMDGOALS)'."; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
		rm -rf $(VENV); \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing python3-venv (needed to create $(VENV))"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				--no-install-recommends python3-venv >/dev/null; \
		fi; \
		$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV): install python3-venv."; \
			exit 1; }; }

$(RUN_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	@touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $(RUN_STAMP) $@

venv: $(RUN_STAMP)
dev-venv: $(DEV_STAMP)

# --- System libraries for Qt --------------------------------------------------------------
# $(call ensure_debs,PACKAGES): install the missing Debian packages when root, else say which.
# Never fails: where the libraries come from elsewhere, Qt itself says what it lacks.
define ensure_debs
	@command -v dpkg-query >/dev/null 2>&1 || exit 0; \
	installed=" $$(dpkg-query -W -f='$${Package} $${Status}\n' $(1) 2>/dev/null \
		| awk '/ ok installed$$/ {print $$1}' | tr '\n' ' ') "; \
	missing=""; \
	for p in $(1); do \
		case "$$installed" in *" $$p "*) ;; *) missing="$$missing $$p" ;; esac; \
	done; \
	[ -n "$$missing" ] || exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing system libraries for Qt:$$missing"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $$missing >/dev/null; } || \
			echo "warning: could not install$$missing; Qt may fail to start."; \
	else \
		echo "Qt needs system libraries that are missing. Install them with:"; \
		echo "  sudo apt-get install -y --no-install-recommends$$missing"; \
	fi
endef

qt-offscreen-libs:
	$(call ensure_debs,$(QT_OFFSCREEN_DEBS))

qt-window-libs:
	$(call ensure_debs,$(QT_WINDOW_DEBS))

# --- Translations -------------------------------------------------------------------------
# The .ts files are the sources (translated by hand); the .qm files Qt loads are build
# outputs, compiled here whenever a .ts is newer.
TS_FILES := $(wildcard resources/translations/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)
LUPDATE_SOURCES = $(wildcard app/*.py widgets/*.py widgets/canvas/*.py)

resources/translations/%.qm: resources/translations/%.ts | $(RUN_STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM_FILES)

# New strings in the code arrive untranslated (type="unfinished"); translate them, then
# `make translations`. tests/app/test_translations.py fails while any is left. lupdate
# takes every "#:" attribute comment above a string for a translator's note: drop those.
update-translations: $(RUN_STAMP)
	$(BIN)/pyside6-lupdate -silent -locations none -no-obsolete $(LUPDATE_SOURCES) -ts $(TS_FILES)
	perl -0pi -e 's/\n\s*<extracomment>.*?<\/extracomment>//sg' $(TS_FILES)

# --- Targets ------------------------------------------------------------------------------

run: $(RUN_STAMP) translations qt-window-libs
	$(PY) main.py $(ARGS)

# All three checks run even when one fails, so a lint error doesn't hide the test results.
test: $(DEV_STAMP) translations qt-offscreen-libs
	@status=0; \
	echo "== ruff check"; $(BIN)/ruff check . || status=1; \
	echo "== lint-imports"; $(BIN)/lint-imports --no-logo || status=1; \
	echo "== pytest"; \
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(if $(filter-out 0,$(JOBS)),-n $(JOBS)) \
		$(PYTEST_ARGS) || status=1; \
	exit $$status

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

# Fixes first, then formatting (a fix can leave a long line); what can't be fixed is listed.
format: $(DEV_STAMP)
	-$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(RUN_STAMP) translations qt-offscreen-libs
	@set -e; found=0; for script in bench/[!_]*.py; do \
		[ -f "$$script" ] || continue; found=1; \
		echo "== $$script"; \
		QT_QPA_PLATFORM=offscreen $(PY) "$$script"; \
	done; [ $$found = 1 ] || echo "No bench/*.py scripts yet."

clean:
	rm -rf .pytest_cache .ruff_cache .hypothesis .import_linter_cache build dist
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
