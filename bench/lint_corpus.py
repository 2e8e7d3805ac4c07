#!/usr/bin/env python3
"""Benchmark: tlsguard-lint over every shared object in the system library
directories, in one invocation, against readelf over the same list in the
same run.

  readelf -dW     flags only: the floor for "read every file at all"
  readelf -dlrW   the only common tool that yields the same facts
                  (dynamic section, program headers, relocations);
                  slow (seconds), left out with --no-dlrw

tlsguard-lint runs as users run it (the dependency closure and the load
prediction on) with -j1 and -j2, and with --no-deps. The commands are run
interleaved, one of each per round, so that load from other work falls on
all of them alike; each row is the median of N rounds, in wall seconds and
in CPU seconds (user + system, the command and its children), which other
work on the machine disturbs less than wall time. Caches are warmed first;
outputs go to /dev/null. Not a test: nothing here passes or fails.

With --before OTHER_BUILD_DIR, the same tlsguard-lint rows of another
build run in the same rounds (a before/after in one run, each row named
"before ...").

usage: lint_corpus.py BUILD_DIR [--runs N] [--dirs DIR...] [--no-dlrw]
                      [--before OTHER_BUILD_DIR]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import machine_line

DEFAULT_DIRS = ["/usr/lib/x86_64-linux-gnu", "/usr/lib", "/usr/local/lib"]


def shared_objects(dirs):
    seen, found = set(), []
    for top in dirs:
        for dirpath, _, files in os.walk(top):
            for name in files:
                path = os.path.join(dirpath, name)
                try:
                    st = os.lstat(path)
                    if not os.path.isfile(path) or os.path.islink(path):
                        continue
                    if (st.st_dev, st.st_ino) in seen:
                        continue
                    with open(path, "rb") as f:
                        head = f.read(18)
                except OSError:
                    continue
                # ELF magic and e_type ET_DYN (3), either byte order
                if len(head) == 18 and head[:4] == b"\x7fELF":
                    e_type = head[16] | head[17] << 8 if head[5] == 1 else head[17] | head[16] << 8
                    if e_type == 3:
                        seen.add((st.st_dev, st.st_ino))
                        found.append(path)
    return sorted(found)


def run_once(cmd):
    """Wall and CPU (user + system, children included) seconds of one run."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    return wall, ru.ru_utime + ru.ru_stime


def interleaved(rows, runs):
    """{name: (median wall, median cpu)}: one warm-up run of each, then
    `runs` rounds running every command once, the order rotated per round."""
    for _, cmd in rows:
        run_once(cmd)
    samples = {name: [] for name, _ in rows}
    for r in range(runs):
        for i in range(len(rows)):
            name, cmd = rows[(i + r) % len(rows)]
            samples[name].append(run_once(cmd))
    return {name: (statistics.median(w for w, _ in s), statistics.median(c for _, c in s))
            for name, s in samples.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--dirs", nargs="*", default=DEFAULT_DIRS)
    ap.add_argument("--no-dlrw", action="store_true", help="leave out readelf -dlrW (seconds a run)")
    ap.add_argument("--before", metavar="OTHER_BUILD_DIR",
                    help="also time this build's tlsguard-lint, as rows named 'before ...'")
    args = ap.parse_args()
    lint = os.path.join(args.build_dir, "bin", "tlsguard-lint")
    files = shared_objects(args.dirs)
    total = sum(os.path.getsize(f) for f in files)
    with tempfile.NamedTemporaryFile("w+", suffix=".list") as lst:
        lst.write("\n".join(files) + "\n")
        lst.flush()
        quiet = ["--fail-on=never", "@" + lst.name]
        rows = [
            ("readelf -dW", ["xargs", "-a", lst.name, "readelf", "-dW"]),
            ("tlsguard-lint -j1", [lint, "-j1"] + quiet),
            ("tlsguard-lint -j2", [lint, "-j2"] + quiet),
            ("tlsguard-lint --no-deps -j1", [lint, "--no-deps", "-j1"] + quiet),
            ("tlsguard-lint --no-deps -j2", [lint, "--no-deps", "-j2"] + quiet),
        ]
        if args.before:
            old = os.path.join(args.before, "bin", "tlsguard-lint")
            rows += [("before " + name, [old] + cmd[1:]) for name, cmd in rows
                     if name.startswith("tlsguard-lint")]
        if not args.no_dlrw:
            rows.append(("readelf -dlrW", ["xargs", "-a", lst.name, "readelf", "-dlrW"]))
        load = os.getloadavg()[0]
        res = interleaved(rows, args.runs)
    base_wall, base_cpu = res["readelf -dW"]
    print(f"corpus: {len(files)} shared objects, {total / 2**20:.0f} MiB, under {' '.join(args.dirs)}")
    print(machine_line(f"load at the start {load:.2f}; median of {args.runs} interleaved rounds, warm cache"))
    print(f"{'command':37} {'wall s':>7} {'cpu s':>7} {'wall vs readelf -dW':>20}")
    for name, _ in rows:
        wall, cpu = res[name]
        print(f"{name:37} {wall:7.3f} {cpu:7.3f} {wall / base_wall:19.2f}x")
    for what, j1, j2 in (("default", "tlsguard-lint -j1", "tlsguard-lint -j2"),
                         ("--no-deps", "tlsguard-lint --no-deps -j1", "tlsguard-lint --no-deps -j2")):
        print(f"{what}: -j2 wall / -j1 wall = {res[j2][0] / res[j1][0]:.2f} (target <= 0.8); "
              f"-j2 wall / readelf -dW wall = {res[j2][0] / base_wall:.2f} (target <= 1)")


if __name__ == "__main__":
    sys.exit(main())
