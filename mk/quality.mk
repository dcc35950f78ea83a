# Hostile-input checks, included from the top-level Makefile (which defines `deps`); paths are
# relative to the repository root, where make runs.
#   make fuzz            libFuzzer on the feed parser for FUZZ_SECONDS (Fuzz/, its own package)
#   make fuzz-repro FILE=crash-…   re-runs one saved input through the fuzz target
#   make test-sanitize   the whole test suite under AddressSanitizer, then ThreadSanitizer
# Nothing is installed beyond `make deps`: libFuzzer and the sanitizer runtimes ship with the
# Swift toolchain (usr/lib/swift/clang/lib/linux/libclang_rt.{fuzzer,asan,tsan}-x86_64.a).

SWIFT ?= swift
FUZZ_SECONDS ?= 300
FUZZ_MAX_LEN ?= 262144
FUZZ_TIMEOUT ?= 10
FUZZ_RSS_MB ?= 2048
FUZZ_CORPUS ?= .bench/fuzz-corpus
FUZZ_SEEDS ?= .bench/fuzz-seeds
# libFuzzer writes crash-<sha1>, leak-…, timeout-…, oom-… here.
FUZZ_ARTIFACTS ?= .bench/fuzz-crashes
FUZZ_ARGS ?=
# A build of its own (and a package of its own: `swift test` never compiles the fuzz target).
# Release: -O keeps every precondition and bounds check (only -Ounchecked drops them) and runs
# more inputs per second than a debug build.
FUZZ_BUILD = $(SWIFT) build --package-path Fuzz --scratch-path .build-fuzz -c release \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
FUZZ_LIBFUZZER_FLAGS = -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) \
  -rss_limit_mb=$(FUZZ_RSS_MB) -timeout=$(FUZZ_TIMEOUT) -dict=Fuzz/feed.dict \
  -artifact_prefix=$(FUZZ_ARTIFACTS)/ -print_final_stats=1

.PHONY: fuzz fuzz-build fuzz-repro test-sanitize

fuzz-build: deps
	$(FUZZ_BUILD)

# New inputs go to FUZZ_CORPUS (kept between runs); the seeds are rebuilt from the fixtures each
# time. Exit status: 0 when the time ran out clean, non-zero on a crash, leak, timeout or OOM
# (the input is then in FUZZ_ARTIFACTS; minimise it with
#   .build-fuzz/x86_64-unknown-linux-gnu/release/FeedFuzzer -minimize_crash=1 -max_total_time=60 FILE).
fuzz: fuzz-build
	Fuzz/make-seeds.sh Tests/Fixtures $(FUZZ_SEEDS)
	mkdir -p $(FUZZ_CORPUS) $(FUZZ_ARTIFACTS)
	bin="$$($(FUZZ_BUILD) --show-bin-path)" && \
	  "$$bin/FeedFuzzer" $(FUZZ_LIBFUZZER_FLAGS) $(FUZZ_ARGS) $(FUZZ_CORPUS) $(FUZZ_SEEDS)

fuzz-repro: fuzz-build
	@test -n "$(FILE)" || { echo "fuzz-repro: FILE=path/to/input required" >&2; exit 2; }
	bin="$$($(FUZZ_BUILD) --show-bin-path)" && "$$bin/FeedFuzzer" -timeout=$(FUZZ_TIMEOUT) "$(FILE)"

# Each sanitizer in a scratch path of its own, so the normal .build stays valid. Both runs always
# happen; make fails if either did. A leak at exit fails the ASan run (LeakSanitizer); the leaks of
# external libraries are suppressed in Fuzz/lsan.supp (and races inside test-only dependencies in
# Fuzz/tsan.supp), each with its reason.
test-sanitize: deps
	@status=0; \
	echo "test-sanitize: AddressSanitizer"; \
	FEEDCRAWLER_SANITIZER=address \
	LSAN_OPTIONS="$${LSAN_OPTIONS:-suppressions=$(CURDIR)/Fuzz/lsan.supp:print_suppressions=0}" \
	  $(SWIFT) test --sanitize=address --scratch-path .build-asan || status=1; \
	echo "test-sanitize: ThreadSanitizer"; \
	FEEDCRAWLER_SANITIZER=thread \
	TSAN_OPTIONS="$${TSAN_OPTIONS:-suppressions=$(CURDIR)/Fuzz/tsan.supp}" \
	  $(SWIFT) test --sanitize=thread --scratch-path .build-tsan || status=1; \
	exit $$status
