# Operational targets, included from the top-level Makefile (which defines `build`); paths are
# relative to the repository root, where make runs.
#   make run          one crawl pass over feeds.conf (writes ./articles, ./state)
#   make demo         one pass over the four offline feeds in examples/ (writes ./articles-demo)
#   make install      binary, systemd units and (if absent) /etc/feedcrawler/feeds.conf
#   make check-unit   systemd-analyze security of the units: fails above OPS_MAX_EXPOSURE; then,
#                     as root, check-unit-live
#   make check-unit-live  the installed units run under a real systemd (PID 1 of a private
#                     namespace, mk/check-unit-live.sh): start, articles, reload, watchdog, stop

BIN ?= .build/release/feedcrawler
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
# systemd searches /usr/local/lib/systemd/system for locally installed units (systemd.unit(5)).
# The configuration always goes to /etc/feedcrawler: that is what ConfigurationDirectory= names.
UNITDIR ?= $(PREFIX)/lib/systemd/system
OPS_MAX_EXPOSURE ?= 2.0
OPS_UNITS = feedcrawler.service feedcrawler-once.service
OPS_TIMERS = feedcrawler-once.timer

# Non-interactive apt install, through sudo when not root; `apt-get update` is retried once only
# when the package lists are missing or stale.
OPS_SUDO = $$([ "$$(id -u)" -eq 0 ] || echo sudo)
OPS_APT = $(OPS_SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends

.PHONY: run demo install check-unit check-unit-live

# Exit status 1 means "some feeds failed" (offline, every https feed fails): a note, not an error.
# Any other non-zero status (78 config, 73 output/state, 74 I/O, a crash) fails make.
run: build
	@status=0; $(BIN) run --config feeds.conf --once || status=$$?; \
	case $$status in \
	  0) ;; \
	  1) echo "run: some feeds failed (exit 1; expected without network access): see the log above" ;; \
	  *) echo "run: feedcrawler exited with status $$status" >&2; exit $$status ;; \
	esac

# The demo feeds are local files, so every feed must succeed: any non-zero status fails.
demo: build
	$(BIN) run --config examples/demo.conf --once
	@echo "demo: files in articles-demo/ (a second run adds none; start over: rm -rf articles-demo state/demo.db):"
	@ls -1 articles-demo
	@echo "demo: $$(ls -1 articles-demo | wc -l) articles"

# Does not build: `sudo make install` after `make build` keeps root out of .build.
install:
	@test -x $(BIN) || { echo "install: $(BIN) not found: run 'make build' first" >&2; exit 1; }
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(UNITDIR)
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/feedcrawler
	@for unit in $(OPS_UNITS); do \
	  echo "install $$unit -> $(DESTDIR)$(UNITDIR)/$$unit (ExecStart=$(BINDIR)/feedcrawler)"; \
	  sed 's|/usr/local/bin/feedcrawler|$(BINDIR)/feedcrawler|' systemd/$$unit > $(DESTDIR)$(UNITDIR)/$$unit.tmp && \
	  chmod 0644 $(DESTDIR)$(UNITDIR)/$$unit.tmp && \
	  mv $(DESTDIR)$(UNITDIR)/$$unit.tmp $(DESTDIR)$(UNITDIR)/$$unit || exit 1; \
	done
	install -m 0644 $(addprefix systemd/,$(OPS_TIMERS)) $(DESTDIR)$(UNITDIR)/
	@conf=$(DESTDIR)/etc/feedcrawler/feeds.conf; \
	if [ -e $$conf ]; then \
	  echo "install: kept the existing $$conf (the new default is systemd/feeds.conf)"; \
	else \
	  install -d $(DESTDIR)/etc/feedcrawler && install -m 0644 systemd/feeds.conf $$conf && \
	  echo "install: wrote $$conf"; \
	fi
	@echo "install: now run: systemctl daemon-reload && systemctl enable --now feedcrawler.service"
	@echo "         (or, instead of the daemon: systemctl enable --now feedcrawler-once.timer)"

# Security exposure of each service (0 = locked down, 10 = unprotected) must be <= OPS_MAX_EXPOSURE.
# `systemd-analyze verify` runs on copies whose ExecStart points at an existing binary ($(BIN),
# else /bin/true); it exits 0 even for unknown keys, so any message counts as a failure. It runs
# only when it is clean on a trivial unit here (it works offline, without systemd as PID 1, on
# Debian 12); otherwise the step is skipped with a note.
check-unit:
	@command -v systemd-analyze >/dev/null 2>&1 || { \
	  echo "check-unit: installing systemd (systemd-analyze)"; \
	  $(OPS_APT) systemd || { $(OPS_SUDO) apt-get update && $(OPS_APT) systemd; }; }
	@fail=0; for unit in $(OPS_UNITS); do \
	  out=$$(systemd-analyze security --offline=true systemd/$$unit 2>&1); \
	  score=$$(printf '%s\n' "$$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p'); \
	  if [ -z "$$score" ]; then printf '%s\n' "$$out" >&2; echo "check-unit: $$unit: no score" >&2; fail=1; continue; fi; \
	  if awk -v s="$$score" -v m="$(OPS_MAX_EXPOSURE)" 'BEGIN { exit !(s > m) }'; then \
	    printf '%s\n' "$$out" | grep '✗' >&2; \
	    echo "check-unit: $$unit: exposure $$score > $(OPS_MAX_EXPOSURE)" >&2; fail=1; \
	  else \
	    echo "check-unit: $$unit: exposure $$score (limit $(OPS_MAX_EXPOSURE))"; \
	  fi; \
	done; exit $$fail
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	printf '[Service]\nType=oneshot\nExecStart=/bin/true\n' > $$tmp/ops-probe.service; \
	if ! probe=$$(systemd-analyze verify $$tmp/ops-probe.service 2>&1) || [ -n "$$probe" ]; then \
	  echo "check-unit: skipped 'systemd-analyze verify': it does not run cleanly here even on a trivial unit"; exit 0; \
	fi; \
	rm $$tmp/ops-probe.service; \
	if [ -x $(BIN) ]; then exe=$(abspath $(BIN)); else exe=/bin/true; fi; \
	for f in $(OPS_UNITS) $(OPS_TIMERS); do sed "s|/usr/local/bin/feedcrawler|$$exe|" systemd/$$f > $$tmp/$$f; done; \
	if out=$$(systemd-analyze verify $(addprefix $$tmp/,$(OPS_UNITS) $(OPS_TIMERS)) 2>&1) && [ -z "$$out" ]; then \
	  echo "check-unit: systemd-analyze verify: no warnings (ExecStart checked with $$exe)"; \
	else \
	  printf '%s\n' "$$out" >&2; echo "check-unit: systemd-analyze verify reported the problems above" >&2; exit 1; \
	fi
	@if [ "$$(id -u)" -eq 0 ]; then $(MAKE) --no-print-directory check-unit-live; \
	else echo "check-unit: not root: the live run under systemd (make check-unit-live, as root) was not done"; fi

# Boots systemd 252 as PID 1 of a private PID + mount namespace and runs the installed units there
# against a loopback HTTP server; the host is left unchanged (see the script's header).
check-unit-live: build
	@command -v python3 >/dev/null 2>&1 || { \
	  echo "check-unit-live: installing python3 (the script's HTTP server)"; \
	  $(OPS_APT) python3 || { $(OPS_SUDO) apt-get update && $(OPS_APT) python3; }; }
	mk/check-unit-live.sh $(BIN)
