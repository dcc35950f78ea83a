"""What the benchmarks read from /proc, shared by bench-parse and bench-crawl."""


def vm_hwm_kib(pid):
    """VmHWM in KiB, or None once the process is gone (a zombie's status has no Vm* lines).

    A child's ru_maxrss starts from its parent's peak on Linux, so a process's own peak memory
    is read from /proc/PID/status instead (../shared/STYLE.md §8)."""
    try:
        with open("/proc/%s/status" % pid, "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None
