#!/usr/bin/env python3
"""Parse benchmark: feedcrawler against xmllint, measured in the same run (STYLE.md §7).

    bench_parse.py --binary .build/release/feedcrawler --corpus .bench/parse-corpus [--big .bench/parse-big.xml]

(a) `xmllint --stream --noout` over every *.xml file of the corpus, in one process: libxml2's streaming
    reader doing the tokenising, decoding and well-formedness work feedcrawler's parser cannot avoid.
(b) `feedcrawler parse` over the same XML files in one process, stdout to /dev/null. The names go in through
    `--files-from LIST`: swift-argument-parser's time grows quadratically with the values of an array
    argument (0.1 s for 2,000 names), which is argv handling, not parsing.
(c) `feedcrawler parse` over the *.json (JSON Feed) files: reported, not part of the ratio.
Each command runs --runs times (default 3), the three commands alternating, after one unmeasured pass that
warms the page cache and checks that each tool exits 0 (and that feedcrawler printed one line per file).
CPU seconds are user+sys of that one child, from os.wait4, never RUSAGE_CHILDREN (which sums every child
so far). The median run is reported; MB/s is input MB / CPU s (1 MB = 10^6 bytes).
(d) Memory: `feedcrawler parse BIG > /dev/null` with VmHWM polled from /proc/PID/status every 2 ms. A child's
    ru_maxrss starts from its parent's peak (STYLE.md §8), so it is used only when it is above this
    script's own VmHWM; then it is the child's true peak, covering growth after the last poll.

Exit status: 0 when every command succeeded, whatever PASS/FAIL says (a benchmark reports, it does not gate);
1 when a command failed or printed the wrong number of lines; 2 on bad arguments.
"""

import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from procstat import vm_hwm_kib  # noqa: E402

MB = 1_000_000


class CommandFailed(Exception):
    pass


def arg_batches(prefix, files):
    """Splits `files` so each command line (with the environment) stays well inside ARG_MAX.
    One batch in practice: 2,000 paths are ~100 KB against a 2 MB ARG_MAX."""
    env_bytes = sum(len(k) + len(v) + 2 + 8 for k, v in os.environ.items())
    limit = os.sysconf("SC_ARG_MAX") // 2 - env_bytes
    fixed = sum(len(a.encode()) + 1 + 8 for a in prefix)
    batches, current, size = [], [], fixed
    for f in files:
        n = len(f.encode()) + 1 + 8  # string, NUL, argv pointer
        if current and size + n > limit:
            batches.append(prefix + current)
            current, size = [], fixed
        current.append(f)
        size += n
    if current:
        batches.append(prefix + current)
    return batches


def stderr_tail(path, limit=2000):
    with open(path, "rb") as f:
        data = f.read()
    text = data[-limit:].decode("utf-8", "replace")
    return ("..." if len(data) > limit else "") + text


def run_measured(name, batches, errdir):
    """Runs each batch with stdout to /dev/null; returns (cpu_s, wall_s) summed over batches."""
    cpu = wall = 0.0
    errpath = os.path.join(errdir, "stderr")
    for argv in batches:
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, errpath, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
        ]
        t0 = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        wall += time.perf_counter() - t0
        cpu += usage.ru_utime + usage.ru_stime
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise CommandFailed("%s exited with %d; stderr:\n%s" % (name, code, stderr_tail(errpath)))
    return cpu, wall


def run_checked(name, batches, errdir, expect_lines, expected=None):
    """Unmeasured pass: warms the page cache, checks the exit status and, for feedcrawler, that stdout holds
    one JSON document per line, one line per file (the CLI contract)."""
    errpath = os.path.join(errdir, "stderr")
    lines = 0
    first = None
    failed_lines = []  # with several files the CLI reports a bad file on its stdout line, not on stderr
    for argv in batches:
        with open(errpath, "wb") as err:
            p = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE if expect_lines else subprocess.DEVNULL, stderr=err)
            if expect_lines:
                pending = b""
                while True:
                    chunk = p.stdout.read(1 << 20)
                    if not chunk:
                        break
                    *complete, pending = (pending + chunk).split(b"\n")
                    for line in complete:
                        if first is None:
                            first = line
                        if len(line) < 4096 and b'"error"' in line and len(failed_lines) < 5:
                            failed_lines.append(line.decode("utf-8", "replace"))
                    lines += len(complete)
                if pending:  # an unterminated last line still counts as output, for the line check
                    lines += 1
                    first = pending if first is None else first
                p.stdout.close()
            code = p.wait()
        if code != 0:
            raise CommandFailed("%s exited with %d; stderr:\n%s%s" % (
                name, code, stderr_tail(errpath),
                "".join("\nstdout: " + line for line in failed_lines)))
    if expect_lines:
        if expected is None:
            expected = sum(len(b) for b in batches) - len(batches) * 2  # minus binary and "parse"
        if lines != expected:
            raise CommandFailed("%s printed %d lines for %d files (contract: one JSON document per line)"
                                % (name, lines, expected))
        try:
            doc = json.loads(first or b"")
        except ValueError as e:
            raise CommandFailed("%s: first output line is not JSON: %s" % (name, e))
        if not isinstance(doc, dict) or "entries" not in doc:
            raise CommandFailed("%s: first output line has no \"entries\" key" % name)


def measure_peak(binary, big, errdir):
    """Returns (peak_bytes, cpu_s, wall_s, how) for `feedcrawler parse BIG > /dev/null`."""
    errpath = os.path.join(errdir, "stderr")
    own_hwm = vm_hwm_kib("self") or 0
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, errpath, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
    ]
    argv = [binary, "parse", big]
    t0 = time.perf_counter()
    pid = os.posix_spawn(binary, argv, os.environ, file_actions=actions)
    polled = 0
    samples = 0
    while True:
        hwm = vm_hwm_kib(pid)
        if hwm is not None:
            polled = max(polled, hwm)
            samples += 1
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.002)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise CommandFailed("feedcrawler parse %s exited with %d; stderr:\n%s" % (big, code, stderr_tail(errpath)))
    peak = polled
    how = "VmHWM polled (%d samples)" % samples
    if usage.ru_maxrss > own_hwm and usage.ru_maxrss > polled:
        peak = usage.ru_maxrss
        how += "; ru_maxrss higher than polls and above parent's peak, used"
    return peak * 1024, usage.ru_utime + usage.ru_stime, wall, how


def main(argv):
    p = argparse.ArgumentParser(description="feedcrawler parse benchmark against xmllint --stream")
    p.add_argument("--binary", required=True, help="feedcrawler release binary")
    p.add_argument("--corpus", required=True, help="directory from generate_corpus.py")
    p.add_argument("--big", help="single big RSS feed for the memory check (generate_corpus.py --single-mb)")
    p.add_argument("--xmllint", default="xmllint")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--target-ratio", type=float, default=1.8, help="feedcrawler/xmllint CPU target (default 1.8)")
    p.add_argument("--mem-target-mb", type=float, default=250, help="peak memory target in MB (default 250)")
    a = p.parse_args(argv)

    binary = os.path.abspath(a.binary)
    if not os.access(binary, os.X_OK):
        p.error("feedcrawler binary not found or not executable: %s" % binary)
    xmllint = shutil.which(a.xmllint)
    if not xmllint:
        p.error("xmllint not found (apt-get install libxml2-utils)")
    if not os.path.exists(os.path.join(a.corpus, ".complete")):
        p.error("%s has no .complete stamp; run generate_corpus.py first" % a.corpus)
    if a.big and not os.path.exists(a.big):
        p.error("big feed not found: %s" % a.big)
    if a.runs < 1:
        p.error("--runs must be at least 1")

    xml_files = sorted(glob.glob(os.path.join(a.corpus, "*.xml")))
    json_files = sorted(glob.glob(os.path.join(a.corpus, "*.json")))
    if not xml_files:
        p.error("no *.xml files in %s" % a.corpus)
    xml_mb = sum(os.path.getsize(f) for f in xml_files) / MB
    json_mb = sum(os.path.getsize(f) for f in json_files) / MB

    listdir = tempfile.mkdtemp(prefix="bench-parse-lists-")
    lists = {}
    for key, files in (("fc-xml", xml_files), ("fc-json", json_files)):
        lists[key] = os.path.join(listdir, key)
        with open(lists[key], "w") as f:
            f.write("".join(name + "\n" for name in files))

    commands = [
        ("xmllint --stream --noout", "xml", arg_batches([xmllint, "--stream", "--noout"], xml_files),
         len(xml_files), xml_mb),
        ("feedcrawler parse (XML)", "fc-xml", [[binary, "parse", "--files-from", lists["fc-xml"]]],
         len(xml_files), xml_mb),
    ]
    if json_files:
        commands.append(("feedcrawler parse (JSON Feed)", "fc-json",
                         [[binary, "parse", "--files-from", lists["fc-json"]]], len(json_files), json_mb))

    print("bench-parse: %s" % binary)
    print("corpus %s: %d XML files (%.1f MB), %d JSON Feed files (%.1f MB); %d runs, median reported"
          % (a.corpus, len(xml_files), xml_mb, len(json_files), json_mb, a.runs))
    for name, _, batches, _, _ in commands:
        if len(batches) > 1:
            print("note: %s runs as %d processes (ARG_MAX); times are summed" % (name, len(batches)))
    sys.stdout.flush()

    with tempfile.TemporaryDirectory(prefix="bench-parse-") as errdir:
        try:
            for name, key, batches, count, _ in commands:
                run_checked(name, batches, errdir, expect_lines=key != "xml", expected=count)
            results = {key: [] for _, key, _, _, _ in commands}
            for _ in range(a.runs):
                for name, key, batches, _, _ in commands:  # alternating: load drift hits every tool alike
                    results[key].append(run_measured(name, batches, errdir))
            mem = measure_peak(binary, a.big, errdir) if a.big else None
        except CommandFailed as e:
            print("FAILED: %s" % e)
            return 1
        finally:
            shutil.rmtree(listdir, ignore_errors=True)

    print()
    print("%-30s %6s %8s %8s %8s %8s   %s" % ("tool", "files", "MB", "CPU s", "wall s", "MB/s", "CPU s of each run"))
    medians = {}
    for name, key, _, nfiles, mb in commands:
        cpu = statistics.median(c for c, _ in results[key])
        wall = statistics.median(w for _, w in results[key])
        medians[key] = cpu
        print("%-30s %6d %8.1f %8.2f %8.2f %8.1f   %s" % (name, nfiles, mb, cpu, wall, mb / cpu if cpu else 0,
                                                        " ".join("%.2f" % c for c, _ in results[key])))
    ratio = medians["fc-xml"] / medians["xml"] if medians["xml"] else float("inf")
    print()
    print("ratio feedcrawler/xmllint CPU (XML files): %.2fx   target <= %.2fx   %s"
          % (ratio, a.target_ratio, "PASS" if ratio <= a.target_ratio else "FAIL"))
    if mem:
        peak, cpu, wall, how = mem
        big_mb = os.path.getsize(a.big) / MB
        print("peak memory, feedcrawler parse %s (%.1f MB): %.1f MB   target <= %.0f MB   %s"
              % (os.path.basename(a.big), big_mb, peak / MB, a.mem_target_mb,
                 "PASS" if peak / MB <= a.mem_target_mb else "FAIL"))
        print("  (%s; CPU %.2f s, wall %.2f s)" % (how, cpu, wall))
    else:
        print("peak memory: skipped (no --big)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
