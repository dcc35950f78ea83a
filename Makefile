# feedcrawler: `make test` installs what is missing and runs the tests; `make run` crawls the
# bundled feeds.conf once. Everything a fresh Debian machine lacks is installed here, so CI
# (a fresh clone) needs nothing but this file.

SWIFT ?= swift
PREFIX ?= /usr/local
DESTDIR ?=
APT_PACKAGES = pkg-config libcurl4-openssl-dev libxml2-dev libsqlite3-dev

.PHONY: deps build test clean

# Installs the system libraries the package links against (non-interactive apt-get, through
# sudo when not root). Does nothing when everything is there.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The Swift runtime and Foundation are linked statically, so the installed binary needs only the
# Debian libraries it links (libcurl4, libxml2, libsqlite3-0), not a Swift toolchain.
RELEASE_BUILD = $(SWIFT) build -c release --static-swift-stdlib

build: deps
	$(RELEASE_BUILD)

test: deps
	$(SWIFT) test

clean:
	rm -rf .build .bench

BIN ?= .build/release/feedcrawler

include mk/ops.mk
include mk/quality.mk
include Benchmarks/parse/bench.mk
include Benchmarks/crawl/bench.mk
