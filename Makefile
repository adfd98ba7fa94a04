# Peninsula: two commands on a fresh clone (Python 3.11, make and apt are all it needs).
#   make run    set up, build the demo graph from samples/, serve it on http://127.0.0.1:8000/
#   make test   set up (Java for HermiT and Chromium for the browser tests included), run the test suite
PYTHON ?= python3
VENV   ?= .venv
STORE  ?= var/store
PORT   ?= 8000
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install system-deps run build serve test test-fast score clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# HermiT (through owlready2) needs a Java runtime; the OWL 2 DL profile check runs on Debian's
# libowlapi-java (the OWL API Protégé reads ontologies with) as a single-file Java program,
# so it needs a JDK; the browser tests need Chromium (driven by the playwright package from
# PyPI, which is told where Debian's chromium is).
system-deps:
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; }
	@{ command -v javac >/dev/null 2>&1 && [ -f /usr/share/java/owlapi-distribution.jar ]; } || \
	  { $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jdk-headless libowlapi-java; }
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

build: install
	$(BIN)/peninsula build samples --store $(STORE) --export var/samples.trig

run: build
	$(BIN)/peninsula serve --store $(STORE) --host 127.0.0.1 --port $(PORT)

test: install system-deps
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow"

clean:
	rm -rf var build dist *.egg-info

# The competency questions on the development sets and the samples (needs ../shared):
#   make score   prints one "N passed, M failed" line per set
SHARED ?= ../shared
score: install
	@rm -rf var/score; for set in samples:cq/seeds dev/articles:dev/cq dev2/articles:dev2/cq; do \
	  src=$${set%%:*}; cq=$${set##*:}; out=var/score/$$(echo $$src | tr / -); mkdir -p $$out; \
	  $(BIN)/peninsula build $(SHARED)/$$src --store $$out/store --export $$out/graph.trig > $$out/build.log 2>&1 || true; \
	  $(BIN)/python $(SHARED)/cq/run_cq.py --data $$out/graph.trig $(SHARED)/$$cq > $$out/score.txt || true; \
	  echo "$$src: $$(tail -1 $$out/score.txt)   (failures: $$out/score.txt)"; \
	done
