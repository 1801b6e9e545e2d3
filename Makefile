# The two set-up commands are `make demo` and `make test`; each makes .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
BUNDLE_STAMP := $(VENV)/.bundle-stamp
DEMO_DIR ?= .demo
TEST_ARGS ?=

.PHONY: demo test bench messages bundle clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[council,test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/kiosk --data-dir $(DEMO_DIR) demo

# pytest exits 5 when it collected nothing; that must fail, and it does (non-zero).
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(TEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench

# A one-folder bundle of the whole app in dist/kiosk/ (installer/kiosk.spec; docs/INSTALL.md).
# Check it with: dist/kiosk/kiosk --data-dir build/selftest selftest
$(BUNDLE_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[council,bundle]'
	touch $(BUNDLE_STAMP)

# The build time is kept for the bundle benchmark (tests/bench/bench_bundle.py).
bundle: $(BUNDLE_STAMP)
	@mkdir -p build
	@start=$$(date +%s); \
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller installer/kiosk.spec \
	&& echo $$(( $$(date +%s) - start )) > build/bundle-build-seconds.txt
	@echo "bundle built in $$(cat build/bundle-build-seconds.txt) s: $$(du -sh dist/kiosk | cut -f1) in dist/kiosk"

# Re-extract translatable strings and update every catalogue.
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F resources/babel.cfg -k N_ -o resources/locale/kiosk.pot --no-location --sort-output kiosk ui sync
	$(VENV)/bin/pybabel update -i resources/locale/kiosk.pot -d resources/locale -D kiosk --no-fuzzy-matching

clean:
	rm -rf $(VENV) $(DEMO_DIR) tour build dist
