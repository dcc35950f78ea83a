# `make bench-crawl`: `feedcrawler run --once` over generated feeds served by a local nginx: cold, warm and
# incremental crawls on tmpfs, a cold crawl on disk against a C floor writer, idle daemon CPU
# (Benchmarks/README.md). Included from the top-level Makefile; paths are relative to the repository root.

SWIFT ?= swift
PYTHON ?= python3
CC ?= cc
BIN ?= .build/release/feedcrawler

# Directory of this fragment, whatever path the Makefile included it by.
BENCH_CRAWL_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
BENCH_CRAWL_FEEDS ?= 10000
BENCH_CRAWL_HOSTS ?= 8
BENCH_CRAWL_CONCURRENCY ?= 64
BENCH_CRAWL_PER_HOST ?= 16
BENCH_CRAWL_IDLE_SECONDS ?= 60
BENCH_CRAWL_TMPFS ?= /dev/shm
BENCH_CRAWL_DISK_DIR ?= .bench/crawl
BENCH_CRAWL_ARGS ?=

# Non-interactive apt install, through sudo when not root; `apt-get update` is retried once only when the
# package lists are missing or stale.
BENCH_CRAWL_SUDO = $$([ "$$(id -u)" -eq 0 ] || echo sudo)
BENCH_CRAWL_APT = $(BENCH_CRAWL_SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends

.PHONY: bench-crawl bench-crawl-tools

# nginx-light's package starts no server here that matters: the benchmark runs its own instance with its
# own configuration, pid file and logs in a temp directory, and stops it.
bench-crawl-tools:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  echo "bench-crawl: installing nginx-light"; \
	  $(BENCH_CRAWL_APT) nginx-light || { $(BENCH_CRAWL_SUDO) apt-get update && $(BENCH_CRAWL_APT) nginx-light; }; }
	@command -v $(CC) >/dev/null 2>&1 || { \
	  echo "bench-crawl: installing gcc (the floor writer is C)"; \
	  $(BENCH_CRAWL_APT) gcc libc6-dev || { $(BENCH_CRAWL_SUDO) apt-get update && $(BENCH_CRAWL_APT) gcc libc6-dev; }; }
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "bench-crawl: installing python3"; \
	  $(BENCH_CRAWL_APT) python3 || { $(BENCH_CRAWL_SUDO) apt-get update && $(BENCH_CRAWL_APT) python3; }; }

bench-crawl: bench-crawl-tools
	$(RELEASE_BUILD)
	PATH="$$PATH:/usr/sbin" $(PYTHON) $(BENCH_CRAWL_DIR)/bench_crawl.py --binary $(BIN) --cc $(CC) \
	  --feeds $(BENCH_CRAWL_FEEDS) --hosts $(BENCH_CRAWL_HOSTS) \
	  --concurrency $(BENCH_CRAWL_CONCURRENCY) --per-host $(BENCH_CRAWL_PER_HOST) \
	  --idle-seconds $(BENCH_CRAWL_IDLE_SECONDS) --tmpfs $(BENCH_CRAWL_TMPFS) \
	  --disk-dir $(BENCH_CRAWL_DISK_DIR) $(BENCH_CRAWL_ARGS)
