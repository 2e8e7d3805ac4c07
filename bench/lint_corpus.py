#!/usr/bin/env python3
"""Benchmark: tlsguard-lint over every shared object in the system library
directories, in one invocation, without and with the dependency closure
(--deps: every DT_NEEDED resolved, whose block, the glibc prediction),
against readelf over the same list in the same run.

  readelf -dlrW   the only common tool that yields the same facts
                  (dynamic section, program headers, relocations)
  readelf -dW     flags only: the floor for "read every file at all"

Prints the median of N runs per command and ratios against readelf -dlrW.
Caches are warmed first; outputs go to /dev/null. Not a test: nothing here
passes or fails.

usage: lint_corpus.py BUILD_DIR [--runs N] [--dirs DIR...]
"""
import argparse
import os
import subprocess
import sys
import tempfile

from benchlib import machine_line, median_time

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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dirs", nargs="*", default=DEFAULT_DIRS)
    args = ap.parse_args()
    lint = os.path.join(args.build_dir, "bin", "tlsguard-lint")
    files = shared_objects(args.dirs)
    total = sum(os.path.getsize(f) for f in files)
    with tempfile.NamedTemporaryFile("w+", suffix=".list") as lst:
        lst.write("\n".join(files) + "\n")
        lst.flush()
        lst.seek(0)
        rows = [
            ("readelf -dlrW (baseline)", ["xargs", "-a", lst.name, "readelf", "-dlrW"]),
            ("readelf -dW", ["xargs", "-a", lst.name, "readelf", "-dW"]),
            ("tlsguard-lint --no-deps -j1", [lint, "--no-deps", "-j1", "--fail-on=never", "@" + lst.name]),
            (f"tlsguard-lint --no-deps -j{os.cpu_count()}", [lint, "--no-deps", "--fail-on=never", "@" + lst.name]),
            ("tlsguard-lint --deps -j1", [lint, "--deps", "-j1", "--fail-on=never", "@" + lst.name]),
            (f"tlsguard-lint --deps -j{os.cpu_count()}", [lint, "--deps", "--fail-on=never", "@" + lst.name]),
        ]
        results = [(name, median_time(cmd, args.runs)) for name, cmd in rows]
    base = results[0][1]
    print(f"corpus: {len(files)} shared objects, {total / 2**20:.0f} MiB, under {' '.join(args.dirs)}")
    print(machine_line(f"median of {args.runs} runs, warm cache"))
    print(f"{'command':32} {'median s':>9} {'vs readelf -dlrW':>17}")
    for name, t in results:
        print(f"{name:32} {t:9.3f} {base / t:16.1f}x")


if __name__ == "__main__":
    sys.exit(main())
