# `make bench-parse`: feedcrawler's parser against `xmllint --stream` on a generated corpus (Benchmarks/README.md).
# Included from the top-level Makefile; paths are relative to the repository root, where make runs.

SWIFT ?= swift
PYTHON ?= python3

# Directory of this fragment, whatever path the Makefile included it by.
BENCH_PARSE_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
BENCH_PARSE_CORPUS ?= .bench/parse-corpus
BENCH_PARSE_BIG ?= .bench/parse-big.xml
BENCH_PARSE_FILES ?= 2000
BENCH_PARSE_TOTAL_MB ?= 110
BENCH_PARSE_SINGLE_MB ?= 50
BENCH_PARSE_RUNS ?= 3

# Non-interactive apt install, through sudo when not root; `apt-get update` is retried once only when the
# package lists are missing or stale.
BENCH_PARSE_SUDO = $$([ "$$(id -u)" -eq 0 ] || echo sudo)
BENCH_PARSE_APT = $(BENCH_PARSE_SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends

.PHONY: bench-parse bench-parse-tools

bench-parse-tools:
	@command -v xmllint >/dev/null 2>&1 || { \
	  echo "bench-parse: installing libxml2-utils (xmllint)"; \
	  $(BENCH_PARSE_APT) libxml2-utils || { $(BENCH_PARSE_SUDO) apt-get update && $(BENCH_PARSE_APT) libxml2-utils; }; }
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "bench-parse: installing python3"; \
	  $(BENCH_PARSE_APT) python3 || { $(BENCH_PARSE_SUDO) apt-get update && $(BENCH_PARSE_APT) python3; }; }

bench-parse: bench-parse-tools
	$(RELEASE_BUILD)
	$(PYTHON) $(BENCH_PARSE_DIR)/generate_corpus.py $(BENCH_PARSE_CORPUS) \
	  --files $(BENCH_PARSE_FILES) --total-mb $(BENCH_PARSE_TOTAL_MB)
	$(PYTHON) $(BENCH_PARSE_DIR)/generate_corpus.py --single-mb $(BENCH_PARSE_SINGLE_MB) $(BENCH_PARSE_BIG)
	bin="$$($(RELEASE_BUILD) --show-bin-path)" && \
	  $(PYTHON) $(BENCH_PARSE_DIR)/bench_parse.py --binary "$$bin/feedcrawler" \
	    --corpus $(BENCH_PARSE_CORPUS) --big $(BENCH_PARSE_BIG) --runs $(BENCH_PARSE_RUNS)
