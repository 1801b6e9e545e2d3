# The two set-up commands are `make demo` and `make test`; each makes .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
BUNDLE_STAMP := $(VENV)/.bundle-stamp
DEMO_DIR ?= .demo
TEST_ARGS ?=

.PHONY: demo test bench messages bundle clean test-packages screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[council,test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/kiosk --data-dir $(DEMO_DIR) demo

# Debian libraries the Qt wheel needs (the on-screen keyboard's libpulse0 among them); only missing ones.
test-packages:
	@installer/linux/test-packages.sh

# pytest exits 5 when it collected nothing; that must fail, and it does (non-zero).
test: $(STAMP) test-packages
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(TEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench

# A one-folder bundle of the whole app in dist/kiosk/ (installer/kiosk.spec; docs/INSTALL.md).
# Check it with: dist/kiosk/kiosk --data-dir build/selftest selftest
$(BUNDLE_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[council,bundle]'
	touch $(BUNDLE_STAMP)

# The build time is kept for the bundle benchmark (tests/bench/bench_bundle.py).
bundle: $(BUNDLE_STAMP) test-packages
	@mkdir -p build
	@start=$$(date +%s); \
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller installer/kiosk.spec \
	&& echo $$(( $$(date +%s) - start )) > build/bundle-build-seconds.txt
	@echo "bundle built in $$(cat build/bundle-build-seconds.txt) s: $$(du -sh dist/kiosk | cut -f1) in dist/kiosk"

# The README's screenshots in docs/screenshots: the demo tour in English and in Somali at the
# largest text size, a few shots of them saved small (ui/doc_screenshots.py).
SHOTS_DIR := build/screenshots
screenshots: $(STAMP)
	rm -rf $(SHOTS_DIR)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/kiosk --data-dir $(SHOTS_DIR)/en demo --tour $(SHOTS_DIR)/en/tour
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/kiosk --data-dir $(SHOTS_DIR)/so demo --tour $(SHOTS_DIR)/so/tour \
		--language so --text-size 150
	$(PY) -m ui.doc_screenshots $(SHOTS_DIR)/en/tour $(SHOTS_DIR)/so/tour docs/screenshots

# Re-extract translatable strings and update every catalogue.
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F resources/babel.cfg -k N_ -o resources/locale/kiosk.pot --no-location --sort-output kiosk ui sync
	$(VENV)/bin/pybabel update -i resources/locale/kiosk.pot -d resources/locale -D kiosk --no-fuzzy-matching

clean:
	rm -rf $(VENV) $(DEMO_DIR) tour build dist
