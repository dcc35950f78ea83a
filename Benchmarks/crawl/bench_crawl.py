#!/usr/bin/env python3
"""Crawl benchmark: `feedcrawler run --once` against N generated feeds served by a local nginx.

    bench_crawl.py --binary .build/release/feedcrawler [--feeds 10000] [--disk-dir .bench/crawl]

One run measures, in this order (Benchmarks/README.md, "make bench-crawl"):
  1. tmpfs cold         every feed new, every item a new article (output and state on tmpfs);
  2. tmpfs warm         the same feeds again: every response 304, no article;
  3. tmpfs incremental  10 % of the feed files rewritten with 1-5 new items each: exactly those are new;
  4. idle daemon        `run` without --once on the state of 3 (every feed polled, interval 1h): CPU over 60 s;
  5. floor              a C writer creating the files of 1-3 (same names and sizes) on disk the way
                        ArticleWriter does (hidden temp, write, rename; one syncfs per batch, fsync of the dir);
  6. disk cold          crawl 1 again, output and state on disk (--disk-dir), right after the floor.
Wall seconds are from spawn to exit; CPU seconds are user+sys of the crawler process alone (os.wait4);
peak RSS is VmHWM polled from /proc/PID/status (a child's ru_maxrss starts from its parent's peak,
STYLE.md §8). nginx runs with one worker on the same two cores; its CPU per crawl is shown too.

Exit status: 0 when everything ran and every article count matched, whatever PASS/FAIL says (a benchmark
reports, it does not gate); 1 when a step failed to run or a count was wrong; 2 on bad arguments.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ left in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_feeds  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from procstat import vm_hwm_kib  # noqa: E402

MB = 1_000_000
CLK_TCK = os.sysconf("SC_CLK_TCK")
SUMMARY = re.compile(rb"feeds: (\d+) fetched, (\d+) not modified, (\d+) failed; (\d+) new articles; ([\d.]+) s")


class StepFailed(Exception):
    pass


def log_tail(path, limit=1500):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return "(no log)"
    return ("..." if len(data) > limit else "") + data[-limit:].decode("utf-8", "replace")


def cpu_ticks(pid):
    """utime + stime of a process in clock ticks (/proc/PID/stat fields 14 and 15), None if gone."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def log_levels(path):
    """{LEVEL: count} and the first few WARNING/ERROR/CRITICAL lines of a crawl log
    ("<timestamp> LEVEL message key=value ..." lines, JournalLogHandler outside systemd)."""
    counts, samples = {}, []
    try:
        with open(path, "rb") as f:
            for raw in f:
                parts = raw.split(b" ", 2)
                if len(parts) < 3 or not parts[1].isupper():
                    continue
                level = parts[1].decode()
                counts[level] = counts.get(level, 0) + 1
                if level in ("WARNING", "ERROR", "CRITICAL") and len(samples) < 5:
                    samples.append(raw.decode("utf-8", "replace").rstrip()[:400])
    except FileNotFoundError:
        pass
    return counts, samples


# --- nginx -----------------------------------------------------------------------------------------------

NGINX_CONF = """\
daemon off;
master_process on;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    keepalive_timeout 300s;
    etag on;                  # default: ETag "mtime-size" (hex)
    if_modified_since exact;  # default
    types {{ application/rss+xml xml; }}
    default_type application/octet-stream;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
{listens}
        root {www};
    }}
}}
"""


class Nginx:
    """nginx in the foreground (`daemon off;`) under Popen, own config, pid and log in PREFIX. Always stop()."""

    def __init__(self, binary, prefix, www, hosts, port):
        self.prefix, self.hosts, self.port = prefix, hosts, port
        os.makedirs(prefix, exist_ok=True)
        listens = "\n".join("        listen 127.0.0.%d:%d;" % (h, port) for h in range(1, hosts + 1))
        self.conf = os.path.join(prefix, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(NGINX_CONF.format(prefix=prefix, listens=listens, www=www))
        self.proc = subprocess.Popen(
            [binary, "-p", prefix, "-c", self.conf, "-e", os.path.join(prefix, "error.log")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(os.path.join(prefix, "stderr"), "wb"))
        deadline = time.monotonic() + 15
        pending = list(range(1, hosts + 1))
        while pending:
            if self.proc.poll() is not None:
                raise StepFailed("nginx exited with %d: %s" % (self.proc.returncode, self.errors()))
            if time.monotonic() > deadline:
                raise StepFailed("nginx did not listen on 127.0.0.%d:%d within 15 s" % (pending[0], port))
            try:
                socket.create_connection(("127.0.0.%d" % pending[0], port), timeout=1).close()
                pending.pop(0)
            except OSError:
                time.sleep(0.05)

    def errors(self):
        return (log_tail(os.path.join(self.prefix, "stderr"), 600) + log_tail(os.path.join(self.prefix, "error.log"), 600))

    def worker_pids(self):
        try:
            with open("/proc/%d/task/%d/children" % (self.proc.pid, self.proc.pid)) as f:
                return [int(p) for p in f.read().split()]
        except OSError:
            return []

    def worker_ticks(self):
        return sum(cpu_ticks(p) or 0 for p in self.worker_pids())

    def stop(self):
        """SIGQUIT (graceful), then SIGTERM, then SIGKILL: bounded, about 15 s at most."""
        if self.proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGQUIT, 8), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            try:
                self.proc.send_signal(sig)
                self.proc.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue
            except ProcessLookupError:
                return


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- crawls ------------------------------------------------------------------------------------------------

def write_conf(path, output, state, feeds, hosts, port, concurrency, per_host):
    lines = [
        "# make bench-crawl: %d generated feeds on %d loopback hosts (Benchmarks/README.md)" % (feeds, hosts),
        "[crawler]",
        "output      = %s" % output,
        "state       = %s" % state,
        "concurrency = %d" % concurrency,
        "per_host    = %d" % per_host,
        "interval    = 1h",
        "",
    ]
    for i in range(feeds):
        name = generate_feeds.FeedSet.name(i)
        lines.append("[feed %s]\nurl = http://127.0.0.%d:%d/feeds/%s.xml\n" % (name, i % hosts + 1, port, name))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(lines))


def article_names(directory):
    """Final article file names (hidden temps left out)."""
    try:
        return [n for n in os.listdir(directory) if n.endswith(".json") and not n.startswith(".")]
    except FileNotFoundError:
        return []


class Crawl:
    """One measured `feedcrawler run --once`."""

    def __init__(self, label, binary, conf, output, log, nginx, timeout):
        self.label = label
        before = set(article_names(output))
        own_hwm = vm_hwm_kib("self") or 0
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        ]
        argv = [binary, "run", "--config", conf, "--once"]
        server0 = nginx.worker_ticks()
        t0 = time.perf_counter()
        pid = os.posix_spawn(binary, argv, os.environ, file_actions=actions)
        polled, deadline = 0, time.monotonic() + timeout
        try:
            while True:
                hwm = vm_hwm_kib(pid)
                if hwm is not None:
                    polled = max(polled, hwm)
                done, status, usage = os.wait4(pid, os.WNOHANG)
                if done:
                    break
                if time.monotonic() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    os.wait4(pid, 0)
                    raise StepFailed("%s: still running after %d s, killed; log %s" % (label, timeout, log))
                time.sleep(0.005)
        except BaseException:
            try:
                os.kill(pid, signal.SIGKILL)
                os.wait4(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            raise
        self.wall = time.perf_counter() - t0
        self.server_cpu = (nginx.worker_ticks() - server0) / CLK_TCK
        self.cpu = usage.ru_utime + usage.ru_stime
        self.peak_kib = polled
        if usage.ru_maxrss > own_hwm and usage.ru_maxrss > polled:
            self.peak_kib = usage.ru_maxrss  # above the parent's peak: the child's own, covers the last 5 ms
        self.exit = os.waitstatus_to_exitcode(status)
        self.log = log
        with open(log, "rb") as f:
            m = SUMMARY.search(f.read())
        self.fetched, self.not_modified, self.failed, self.reported, _ = (
            (int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4)), float(m.group(5))) if m
            else (None, None, None, None, None))
        after = article_names(output)
        self.new_names = sorted(set(after) - before)
        self.levels, self.samples = log_levels(log)

    def feeds_done(self):
        return (self.fetched or 0) + (self.not_modified or 0)


def guids_of(directory, names):
    """The "guid" value of each article file (a raw_decode at the key: no full JSON parse per file)."""
    decoder = json.JSONDecoder()
    out = []
    for n in names:
        with open(os.path.join(directory, n), "rb") as f:
            text = f.read().decode()
        at = text.find('"guid":')
        if at < 0:
            out.append(None)
            continue
        at += len('"guid":')
        while text[at] == " ":
            at += 1
        out.append(decoder.raw_decode(text, at)[0])
    return out


def check_counts(crawl, expected, expected_guids, output, feeds, problems, full_guid_check):
    """The article count equals the unique items served: files written, ids distinct, the crawler's own
    summary, and (when asked) the guids themselves."""
    notes = []
    got = len(crawl.new_names)
    ids = {n.rsplit("-", 1)[-1] for n in crawl.new_names}
    if got != expected:
        notes.append("%d files written, expected %d" % (got, expected))
    if len(ids) != got:
        notes.append("%d files but %d distinct ids" % (got, len(ids)))
    if crawl.reported != expected:
        notes.append("crawler reported %s new articles, expected %d" % (crawl.reported, expected))
    if crawl.feeds_done() != feeds or crawl.failed:
        notes.append("feeds: %s fetched + %s not modified + %s failed, expected %d in all without failures"
                     % (crawl.fetched, crawl.not_modified, crawl.failed, feeds))
    if crawl.exit != 0:
        notes.append("exit status %d" % crawl.exit)
    if full_guid_check and expected_guids is not None and got:
        guids = guids_of(output, crawl.new_names)
        want = set(expected_guids)
        have = set(guids)
        missing, extra = want - have, have - want
        dup = len(guids) - len(have)
        if missing or extra or dup:
            notes.append("guids: %d missing (e.g. %s), %d unexpected (e.g. %s), %d written twice"
                         % (len(missing), sorted(missing)[:2], len(extra), sorted(extra, key=str)[:2], dup))
    if notes:
        problems.append("%s: %s" % (crawl.label, "; ".join(notes)))
    return not notes


# --- idle daemon -------------------------------------------------------------------------------------------

def idle_cpu(binary, conf, output, log, settle, seconds):
    """`run` (no --once) on feeds all polled moments ago with interval 1h: CPU seconds over `seconds`,
    after `settle` seconds of start-up. Returns (cpu_s, exit status after SIGTERM, files written, rss KiB)."""
    before = len(article_names(output))
    with open(log, "wb") as err:
        proc = subprocess.Popen([binary, "run", "--config", conf], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
    try:
        time.sleep(settle)
        t0 = cpu_ticks(proc.pid)
        if t0 is None or proc.poll() is not None:
            raise StepFailed("idle daemon exited during start-up (status %s); log %s:\n%s"
                             % (proc.poll(), log, log_tail(log)))
        time.sleep(seconds)
        t1 = cpu_ticks(proc.pid)
        rss = vm_hwm_kib(proc.pid) or 0
        if t1 is None or proc.poll() is not None:
            raise StepFailed("idle daemon exited during the measurement (status %s); log %s" % (proc.poll(), log))
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise StepFailed("idle daemon did not exit within 30 s of SIGTERM; log %s" % log)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return (t1 - t0) / CLK_TCK, code, len(article_names(output)) - before, rss


# --- floor -------------------------------------------------------------------------------------------------

def run_floor(cc, source, workdir, output_from, floor_dir, batch):
    """Compiles floor_writer.c, writes a manifest of the tmpfs crawl's files (name order = write order) and
    runs the writer into an empty `floor_dir`. Returns (files, bytes, write seconds, CPU s)."""
    exe = os.path.join(workdir, "floor_writer")
    r = subprocess.run([cc, "-O2", "-o", exe, source], capture_output=True, text=True)
    if r.returncode != 0:
        raise StepFailed("%s floor_writer.c failed:\n%s" % (cc, r.stderr[-1500:]))
    manifest = os.path.join(workdir, "floor-manifest.txt")
    names = sorted(article_names(output_from))
    with open(manifest, "w") as f:
        for n in names:
            f.write("%s %d\n" % (n, os.path.getsize(os.path.join(output_from, n))))
    os.makedirs(floor_dir)
    os.sync()  # start from a clean page cache, as the crawl after it does
    p = subprocess.Popen([exe, floor_dir, manifest, str(batch)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = p.stdout.read(), p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise StepFailed("floor_writer failed: %s" % err.decode(errors="replace")[-800:])
    files, nbytes, seconds = out.split()
    return int(files), int(nbytes), float(seconds), usage.ru_utime + usage.ru_stime


def remove_tree(path):
    if os.path.lexists(path):
        shutil.rmtree(path, ignore_errors=True)


# --- main --------------------------------------------------------------------------------------------------

def verdict(ok):
    return "PASS" if ok else "FAIL"


def main(argv):
    p = argparse.ArgumentParser(description="feedcrawler crawl benchmark against a local nginx")
    p.add_argument("--binary", required=True, help="feedcrawler release binary")
    p.add_argument("--feeds", type=int, default=10_000)
    p.add_argument("--hosts", type=int, default=8, help="loopback hosts 127.0.0.1..N (default 8)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--concurrency", type=int, default=64)
    p.add_argument("--per-host", type=int, default=16)
    p.add_argument("--add-fraction", type=float, default=0.10, help="feeds gaining items (default 0.10)")
    p.add_argument("--tmpfs", default="/dev/shm", help="tmpfs for feeds, tmpfs output and state")
    p.add_argument("--disk-dir", default=".bench/crawl", help="disk directory: floor, disk crawl, logs")
    p.add_argument("--idle-seconds", type=float, default=60)
    p.add_argument("--settle-seconds", type=float, default=5)
    p.add_argument("--batch", type=int, default=2000, help="floor files per syncfs (CrawlEngine.maxBatchArticles)")
    p.add_argument("--timeout", type=int, default=900, help="seconds one crawl may take before it is killed")
    p.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx")
    p.add_argument("--cc", default=os.environ.get("CC", "cc"))
    p.add_argument("--keep", action="store_true", help="keep the generated feeds and every output")
    p.add_argument("--target-cold", type=float, default=20_000, help="tmpfs cold new articles/s (>=)")
    p.add_argument("--target-warm", type=float, default=3_000, help="warm feeds/s (>=)")
    p.add_argument("--target-floor", type=float, default=1.3, help="disk cold / floor wall (<=)")
    p.add_argument("--target-rss-mb", type=float, default=150, help="peak RSS MB of any crawl (<=)")
    p.add_argument("--target-idle", type=float, default=0.5, help="idle daemon CPU s per minute (<=)")
    a = p.parse_args(argv)

    binary = os.path.abspath(a.binary)
    if not os.access(binary, os.X_OK):
        p.error("feedcrawler binary not found or not executable: %s" % binary)
    if not os.access(a.nginx, os.X_OK):
        p.error("nginx not found (apt-get install nginx-light): %s" % a.nginx)
    if not shutil.which(a.cc):
        p.error("C compiler not found: %s" % a.cc)
    if a.feeds < 1 or a.hosts < 1 or a.hosts > 254:
        p.error("--feeds must be >= 1 and --hosts 1..254")

    # A TERM (make interrupted, `timeout`) unwinds through the finally blocks: nginx and crawlers stopped.
    def interrupted(signum, frame):
        raise KeyboardInterrupt("signal %d" % signum)
    signal.signal(signal.SIGTERM, interrupted)

    disk_dir = os.path.abspath(a.disk_dir)
    logs = os.path.join(disk_dir, "logs")
    for leftover in ("floor", "disk", "logs"):
        remove_tree(os.path.join(disk_dir, leftover))
    os.makedirs(logs)
    work = tempfile.mkdtemp(prefix="bench-crawl-", dir=a.tmpfs)
    os.chmod(work, 0o755)  # nginx's worker runs as nobody when started by root
    www = os.path.join(work, "www")
    problems = []
    rows, figures = [], {}
    nginx = None
    print("bench-crawl: %s" % binary)
    print("feeds %d on 127.0.0.1..%d, concurrency %d, per_host %d, nginx 1 worker; tmpfs %s, disk %s"
          % (a.feeds, a.hosts, a.concurrency, a.per_host, work, disk_dir))
    sys.stdout.flush()
    try:
        t0 = time.perf_counter()
        fs, counts, cold_guids, size = generate_feeds.generate(www, a.feeds, a.seed, a.hosts)
        if len(set(cold_guids)) != len(cold_guids):
            raise StepFailed("generator produced duplicate guids")
        print("generated %d feeds, %d items, %.1f MB in %.1f s" % (a.feeds, len(cold_guids), size / MB,
                                                                  time.perf_counter() - t0))
        sys.stdout.flush()

        for attempt in range(3):
            port = free_port()
            try:
                nginx = Nginx(a.nginx, os.path.join(work, "nginx"), www, a.hosts, port)
                break
            except StepFailed:
                if attempt == 2:
                    raise

        run = os.path.join(work, "run")
        out_tmpfs = os.path.join(run, "articles")
        conf_tmpfs = os.path.join(run, "feeds.conf")
        write_conf(conf_tmpfs, out_tmpfs, os.path.join(run, "state", "feedcrawler.db"),
                   a.feeds, a.hosts, port, a.concurrency, a.per_host)

        def crawl(label, conf, output, logname, expected, guids, full_check):
            print("%s ..." % label, end=" ")
            sys.stdout.flush()
            c = Crawl(label, binary, conf, output, os.path.join(logs, logname), nginx, a.timeout)
            ok = check_counts(c, expected, guids, output, a.feeds, problems, full_check)
            print("%.1f s, %d new articles%s" % (c.wall, len(c.new_names), "" if ok else " (COUNT CHECK FAILED)"))
            sys.stdout.flush()
            rows.append((c, expected))
            return c

        cold = crawl("tmpfs cold", conf_tmpfs, out_tmpfs, "tmpfs-cold.log", len(cold_guids), cold_guids, True)
        warm = crawl("tmpfs warm", conf_tmpfs, out_tmpfs, "tmpfs-warm.log", 0, [], True)
        if warm.not_modified != a.feeds:
            problems.append("tmpfs warm: %s of %d feeds answered 304 (all expected)" % (warm.not_modified, a.feeds))
        added = generate_feeds.add_items(www, fs, a.add_fraction)
        incr = crawl("tmpfs incremental", conf_tmpfs, out_tmpfs, "tmpfs-incremental.log", len(added), added, True)
        changed = int(round(a.feeds * a.add_fraction))
        if incr.fetched != changed or incr.not_modified != a.feeds - changed:
            problems.append("tmpfs incremental: %s fetched / %s not modified, expected %d / %d"
                            % (incr.fetched, incr.not_modified, changed, a.feeds - changed))

        print("idle daemon (%.0f s settle + %.0f s) ..." % (a.settle_seconds, a.idle_seconds), end=" ")
        sys.stdout.flush()
        idle_log = os.path.join(logs, "idle-daemon.log")
        idle, idle_exit, idle_files, idle_rss = idle_cpu(binary, conf_tmpfs, out_tmpfs, idle_log,
                                                         a.settle_seconds, a.idle_seconds)
        idle_per_min = idle * 60 / a.idle_seconds
        print("%.2f CPU s" % idle)
        if idle_exit != 0:
            problems.append("idle daemon: exit status %d after SIGTERM (log %s)" % (idle_exit, idle_log))
        if idle_files:
            problems.append("idle daemon: wrote %d articles (none expected)" % idle_files)
        idle_levels, idle_samples = log_levels(idle_log)

        print("floor ...", end=" ")
        sys.stdout.flush()
        floor_files, floor_bytes, floor_s, floor_cpu = run_floor(
            a.cc, os.path.join(os.path.dirname(os.path.abspath(__file__)), "floor_writer.c"), work,
            out_tmpfs, os.path.join(disk_dir, "floor"), a.batch)
        print("%.1f s" % floor_s)
        remove_tree(out_tmpfs)  # tmpfs space back before the disk crawl; nothing reads it any more

        disk = os.path.join(disk_dir, "disk")
        conf_disk = os.path.join(disk, "feeds.conf")
        out_disk = os.path.join(disk, "articles")
        write_conf(conf_disk, out_disk, os.path.join(disk, "state", "feedcrawler.db"),
                   a.feeds, a.hosts, port, a.concurrency, a.per_host)
        os.sync()
        dcold = crawl("disk cold", conf_disk, out_disk, "disk-cold.log", len(cold_guids) + len(added),
                      None, False)
        print()
        print("%-18s %6s %6s %6s %6s %9s %9s %7s %8s %10s %7s %8s %7s"
              % ("crawl", "feeds", "200", "304", "failed", "articles", "expected", "wall s", "feeds/s", "articles/s",
                 "CPU s", "peak MB", "nginx s"))
        for c, expected in rows:
            print("%-18s %6d %6s %6s %6s %9d %9d %7.2f %8.0f %10.0f %7.2f %8.1f %7.2f"
                  % (c.label, a.feeds, c.fetched, c.not_modified, c.failed, len(c.new_names), expected, c.wall,
                     c.feeds_done() / c.wall, len(c.new_names) / c.wall, c.cpu, c.peak_kib * 1024 / MB,
                     c.server_cpu))
        print("%-18s %6s %6s %6s %6s %9d %9s %7.2f %8s %10.0f %7.2f    (%.1f MB written, %d files per syncfs)"
              % ("floor (C writer)", "-", "-", "-", "-", floor_files, "-", floor_s, "-", floor_files / floor_s,
                 floor_cpu, floor_bytes / MB, a.batch))
        print("idle daemon: %.2f CPU s over %.0f s (after %.0f s settle), VmHWM %.1f MB, exit %d after SIGTERM"
              % (idle, a.idle_seconds, a.settle_seconds, idle_rss * 1024 / MB, idle_exit))
        print()
        peak = max(c.peak_kib for c, _ in rows) * 1024 / MB
        ratio = dcold.wall / floor_s if floor_s else float("inf")
        cold_aps = len(cold.new_names) / cold.wall
        warm_fps = warm.feeds_done() / warm.wall
        print("tmpfs cold: %8.0f new articles/s   target >= %.0f          %s"
              % (cold_aps, a.target_cold, verdict(cold_aps >= a.target_cold)))
        print("tmpfs warm: %8.0f feeds/s          target >= %.0f           %s"
              % (warm_fps, a.target_warm, verdict(warm_fps >= a.target_warm)))
        print("disk cold:  %8.2fx floor (%.2f s / %.2f s)   target <= %.2fx   %s"
              % (ratio, dcold.wall, floor_s, a.target_floor, verdict(ratio <= a.target_floor)))
        print("peak RSS:   %8.1f MB (max of the crawls, %d feeds)   target <= %.0f MB   %s"
              % (peak, a.feeds, a.target_rss_mb, verdict(peak <= a.target_rss_mb)))
        print("idle CPU:   %8.2f s per minute      target <= %.2f s          %s"
              % (idle_per_min, a.target_idle, verdict(idle_per_min <= a.target_idle)))
        print()
        for c, _ in rows:
            levels = " ".join("%s=%d" % kv for kv in sorted(c.levels.items()))
            print("log %-18s %s  (%s)" % (c.label + ":", levels or "empty", c.log))
            for s in c.samples:
                print("    %s" % s)
        print("log %-18s %s  (%s)" % ("idle daemon:", " ".join("%s=%d" % kv for kv in sorted(idle_levels.items()))
                                       or "empty", idle_log))
        for s in idle_samples:
            print("    %s" % s)
        print()
        for pr in problems:
            print("CHECK FAILED: %s" % pr)
        if not problems:
            print("article counts: all as served (cold %d, warm 0, incremental %d, disk cold %d)"
                  % (len(cold_guids), len(added), len(cold_guids) + len(added)))
        if not a.keep:
            print("removing the generated feeds and outputs (--keep keeps them) ...")
        sys.stdout.flush()
        return 1 if problems else 0
    except StepFailed as e:
        print("\nFAILED: %s" % e)
        sys.stdout.flush()
        return 1
    finally:
        if nginx:
            errors = log_tail(os.path.join(nginx.prefix, "error.log"), 800).strip()
            nginx.stop()
            if errors and errors != "(no log)":
                print("nginx error.log (tail): %s" % errors)
            shutil.copy(nginx.conf, os.path.join(logs, "nginx.conf"))
        if not a.keep:
            remove_tree(work)
            remove_tree(os.path.join(disk_dir, "floor"))
            remove_tree(os.path.join(disk_dir, "disk"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
