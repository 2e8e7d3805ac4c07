"""Shared by the benchmarks in bench/: timing and the machine line every
result is quoted with. Not a benchmark itself (not executable)."""
import os
import platform
import statistics
import subprocess
import time


def median_time(run, runs, stdin=None):
    """Median wall seconds of `runs` runs after one warm-up run. `run` is a
    command (a list, run with output discarded) or a function."""
    def once():
        if callable(run):
            run()
            return
        if stdin:
            stdin.seek(0)
        subprocess.run(run, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=stdin)

    once()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        once()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def machine_line(how):
    """'machine: x86_64, 2 cores, load 0.12; <how>' — the load average says
    whether the figures were taken on an idle machine."""
    return (f"machine: {platform.machine()}, {os.cpu_count()} cores, "
            f"load {os.getloadavg()[0]:.2f}; {how}")
