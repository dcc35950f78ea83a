#!/usr/bin/env bash
# check-unit-live.sh BINARY: runs the shipped units under a real systemd, with every sandboxing
# directive in force, and checks that the daemon still does its job: `systemd-analyze security`
# scores the unit but cannot tell whether the Swift runtime, libcurl, libxml2 and SQLite work
# under SystemCallFilter=, MemoryDenyWriteExecute=, RestrictAddressFamilies=, DynamicUser= ….
#
# How: systemd 252 becomes PID 1 of a private PID + mount namespace (unshare). Inside it /etc,
# /usr/local and /var/lib are overlays whose upper layers live in a temp directory, /run, /tmp,
# /var/tmp and /var/log are fresh tmpfs, and `make install` puts the binary, the units and feeds.conf in
# place. So the host sees no change except that temp directory, and the network namespace is
# the host's: the feeds come from a loopback HTTP server started here.
#
# Checks: feedcrawler.service reaches "active" (READY=1 over the notify socket), writes the
# articles as the dynamic user with mode 0640, answers `systemctl reload` (SIGHUP: a feed added
# to feeds.conf is polled), sends WATCHDOG=1 in time (WatchdogSec=4s drop-in for the test only),
# stops cleanly on SIGTERM; then feedcrawler-once.service adds exactly the one new article.
# Needs root, unshare(1) and /lib/systemd/systemd; prints the journal of the unit on failure.
set -euo pipefail

bin=$(realpath "${1:?usage: check-unit-live.sh BINARY}")
repo=$(cd "$(dirname "$0")/.." && pwd)
systemd_exe=/lib/systemd/systemd
[ "$(id -u)" -eq 0 ] || { echo "check-unit-live: needs root (it boots systemd in a namespace)" >&2; exit 2; }
[ -x "$systemd_exe" ] || { echo "check-unit-live: $systemd_exe not found" >&2; exit 2; }

work=$(mktemp -d /tmp/feedcrawler-unit.XXXXXX)
chmod 0755 "$work"
unshare_pid="" server_pid=""
cleanup() {
  [ -n "$unshare_pid" ] && kill -9 "$unshare_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "check-unit-live: FAIL: $*" >&2
  in_ns systemctl status --no-pager feedcrawler.service feedcrawler-once.service >&2 || true
  in_ns journalctl --no-pager -o short-precise -u feedcrawler.service -u feedcrawler-once.service >&2 || true
  exit 1
}

# RSS 2.0 feed with items 1..N at $work/www/NAME.xml.
write_feed() {
  local name=$1 count=$2 i
  {
    echo '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
    echo "<title>$name</title><link>http://example.org/$name</link><description>d</description>"
    for i in $(seq 1 "$count"); do
      echo "<item><title>$name item $i</title><link>http://example.org/$name/$i</link>"
      echo "<description>Body $i of $name &amp; more.</description></item>"
    done
    echo '</channel></rss>'
  } > "$work/www/$name.xml.tmp"
  mv "$work/www/$name.xml.tmp" "$work/www/$name.xml"
}

mkdir -p "$work/www"
write_feed alpha 3
write_feed beta 2
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$work/www" > "$work/http.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 50); do
  port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/http.log" | head -1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/http.log" >&2; echo "check-unit-live: HTTP server did not start" >&2; exit 1; }

write_conf() {
  {
    echo '[crawler]'
    echo 'output   = /var/lib/feedcrawler/articles'
    echo 'state    = /var/lib/feedcrawler/feedcrawler.db'
    echo 'interval = 10s'
    echo '[feed alpha]'
    echo "url = http://127.0.0.1:$port/alpha.xml"
    if [ "${1:-}" = with-beta ]; then
      echo '[feed beta]'
      echo "url = http://127.0.0.1:$port/beta.xml"
    fi
  } > "$work/feeds.conf"
}
write_conf

# Inside the namespace: overlays, tmpfs, `make install`, then exec systemd as PID 1.
for d in etc usr/local var/lib; do mkdir -p "$work/upper/$d" "$work/workdir/$d"; done
boot="set -e
for d in etc usr/local var/lib; do
  mount -t overlay overlay -o lowerdir=/\$d,upperdir=$work/upper/\$d,workdir=$work/workdir/\$d /\$d
done
mount -t tmpfs -o mode=0755 tmpfs /run
make -s -C '$repo' install BIN='$bin' PREFIX=/usr/local >/dev/null
install -m 0644 '$work/feeds.conf' /etc/feedcrawler/feeds.conf
mkdir -p /run/systemd/system/feedcrawler.service.d
printf '[Service]\nWatchdogSec=4s\n' > /run/systemd/system/feedcrawler.service.d/test-watchdog.conf
printf '[Unit]\nDescription=feedcrawler unit test target\nWants=systemd-journald.socket\n' > /run/systemd/system/unit-test.target
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=1777 tmpfs /var/tmp
mount -t tmpfs -o mode=0755 tmpfs /var/log
export container=feedcrawler-check
exec $systemd_exe --system --unit=unit-test.target --log-target=console --log-level=warning"
unshare --pid --mount --fork --kill-child --mount-proc --propagation private sh -c "$boot" > "$work/systemd.log" 2>&1 &
unshare_pid=$!

init="" state=""
for _ in $(seq 1 150); do
  init=$(pgrep -P "$unshare_pid" | head -1) || true
  if [ -n "$init" ] && [ "$(cat /proc/"$init"/comm 2>/dev/null)" = systemd ]; then
    state=$(nsenter -t "$init" -m -p systemctl is-system-running 2>/dev/null) || true
    case "$state" in running|degraded) break ;; esac
  fi
  kill -0 "$unshare_pid" 2>/dev/null || break
  sleep 0.2
done
case "$state" in
  running|degraded) ;;
  *) cat "$work/systemd.log" >&2; echo "check-unit-live: systemd did not come up in a namespace here (state: ${state:-none})" >&2; exit 2 ;;
esac
in_ns() { nsenter -t "$init" -m -p "$@"; }
echo "check-unit-live: systemd $(in_ns systemctl --version | sed -n '1s/systemd \([0-9]*\).*/\1/p') is PID 1 of a private namespace"

prop() { in_ns systemctl show -P "$2" "$1"; }
articles_dir=$work/upper/var/lib/private/feedcrawler/articles
count_articles() { find "$articles_dir" -maxdepth 1 -name '*.json' 2>/dev/null | wc -l; }
wait_articles() {  # wait_articles N SECONDS
  local deadline=$((SECONDS + $2))
  while [ "$(count_articles)" -lt "$1" ] && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  [ "$(count_articles)" -eq "$1" ] || fail "expected $1 articles, found $(count_articles)"
}

# 1. The daemon starts under the full sandbox and writes the first poll's articles.
timeout 60 nsenter -t "$init" -m -p systemctl start feedcrawler.service || fail "feedcrawler.service did not start"
[ "$(prop feedcrawler.service ActiveState)" = active ] || fail "feedcrawler.service is not active"
wait_articles 3 30
echo "check-unit-live: feedcrawler.service active (Type=notify), status: $(prop feedcrawler.service StatusText)"

uid=$(in_ns awk '/^Uid:/ {print $2}' "/proc/$(prop feedcrawler.service ExecMainPID)/status")
[ -n "$uid" ] && [ "$uid" -ne 0 ] || fail "the daemon runs as uid '$uid'"
for f in "$articles_dir"/*.json; do
  [ "$(stat -c '%u %a' "$f")" = "$uid 640" ] || fail "$f: owner/mode $(stat -c '%u %a' "$f"), want $uid 640"
  python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$f" || fail "$f is not valid JSON"
done
echo "check-unit-live: 3 articles written as dynamic uid $uid, mode 0640, valid JSON"

# 2. Reload: a feed added to feeds.conf is polled at once; the existing feed's new item arrives.
write_conf with-beta
# (/tmp is a different tmpfs inside the namespace: the file goes in through stdin)
in_ns sh -c 'cat > /etc/feedcrawler/feeds.conf.new && mv /etc/feedcrawler/feeds.conf.new /etc/feedcrawler/feeds.conf' < "$work/feeds.conf"
write_feed alpha 4
in_ns systemctl reload feedcrawler.service || fail "systemctl reload failed"
wait_articles 6 30
echo "check-unit-live: reload (SIGHUP) picked up the added feed; 6 articles"

# 3. Watchdog: with WatchdogSec=4s the daemon must keep pinging; no restart, still active.
sleep 9
[ "$(prop feedcrawler.service ActiveState)" = active ] || fail "not active after 9 s with WatchdogSec=4s"
[ "$(prop feedcrawler.service NRestarts)" = 0 ] || fail "restarted (watchdog timeout?)"
[ "$(prop feedcrawler.service WatchdogTimestampMonotonic)" != 0 ] || fail "no watchdog ping recorded"
echo "check-unit-live: WATCHDOG=1 pings kept the service alive for 9 s at WatchdogSec=4s"

# 4. Stop: SIGTERM, clean exit.
timeout 30 nsenter -t "$init" -m -p systemctl stop feedcrawler.service || fail "stop failed"
result=$(prop feedcrawler.service Result) status=$(prop feedcrawler.service ExecMainStatus)
[ "$result" = success ] && [ "$status" = 0 ] || fail "after stop: Result=$result ExecMainStatus=$status"
echo "check-unit-live: stopped on SIGTERM (Result=success, exit 0)"

# 5. The one-shot unit, on the same state: exactly the one new article.
write_feed beta 3
timeout 120 nsenter -t "$init" -m -p systemctl start feedcrawler-once.service || fail "feedcrawler-once.service failed"
result=$(prop feedcrawler-once.service Result) status=$(prop feedcrawler-once.service ExecMainStatus)
[ "$result" = success ] && [ "$status" = 0 ] || fail "once: Result=$result ExecMainStatus=$status"
[ "$(count_articles)" -eq 7 ] || fail "once: expected 7 articles in all, found $(count_articles)"
echo "check-unit-live: feedcrawler-once.service exit 0, added exactly 1 article (7 in all)"

# Nothing but the state directory was written by the services (the rest is `make install`).
written=$(cd "$work/upper/var/lib" && find . -mindepth 1 -maxdepth 2 | grep -v '^./private\(/feedcrawler\)\?$\|^./feedcrawler$\|^./systemd' || true)
[ -z "$written" ] || fail "unexpected writes under /var/lib: $written"
# A clean run logs nothing at warning or above, and no sandbox denial (libdispatch's renice, say).
journal=$(in_ns journalctl --no-pager -o cat -u feedcrawler.service -u feedcrawler-once.service)
[ -n "$journal" ] || fail "the journal holds nothing from the units (journald not running?)"
warnings=$(in_ns journalctl --no-pager -o cat -p warning -u feedcrawler.service -u feedcrawler-once.service)
[ -z "$warnings" ] || fail "warnings in the journal: $warnings"
# One line is tolerated: libdispatch's "Failed to set thread priority for worker thread … errno=13"
# when it tries to renice a reused worker thread back up, which no unprivileged process may do.
denied=$(printf '%s\n' "$journal" | grep -v '^Failed to set thread priority for worker thread: pqc=0x[0-9a-f]* errno=13$' |
  grep -i 'errno=\|permission denied\|operation not permitted\|not permitted' || true)
[ -z "$denied" ] || fail "sandbox denials in the journal: $denied"
echo "check-unit-live: journal: $(printf '%s\n' "$journal" | wc -l) lines, no warnings, no denials"
echo "check-unit-live: PASS"
