#!/usr/bin/env python3
"""Benchmark: a large wheel — hundreds of real shared objects from this
machine, deflated into one .whl at benchmark time — linted in memory, against
the manual way in the same run: unzip to a temporary directory, then
readelf -dlrW over every ELF member.

usage: wheel.py BUILD_DIR [--runs N] [--members N]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

from benchlib import machine_line, median_time


def system_libraries(limit):
    top = "/usr/lib/x86_64-linux-gnu"
    found = []
    for name in sorted(os.listdir(top)):
        path = os.path.join(top, name)
        if ".so" not in name or os.path.islink(path) or not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        found.append(path)
        if len(found) == limit:
            break
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--members", type=int, default=400)
    args = ap.parse_args()
    lint = os.path.join(args.build_dir, "bin", "tlsguard-lint")
    libs = system_libraries(args.members)
    with tempfile.TemporaryDirectory() as work:
        whl = os.path.join(work, "big-1.0-cp311-cp311-linux_x86_64.whl")
        with zipfile.ZipFile(whl, "w", zipfile.ZIP_DEFLATED) as z:
            for i, lib in enumerate(libs):
                z.write(lib, f"big.libs/{i:04d}-{os.path.basename(lib)}")
            z.writestr("big/__init__.py", "")
        unpacked = sum(os.path.getsize(l) for l in libs)

        def manual():
            out = os.path.join(work, "unzipped")
            shutil.rmtree(out, ignore_errors=True)
            subprocess.run(["unzip", "-q", whl, "-d", out], check=True)
            elf = []
            for d, _, files in os.walk(out):
                for f in files:
                    p = os.path.join(d, f)
                    with open(p, "rb") as fh:
                        if fh.read(4) == b"\x7fELF":
                            elf.append(p)
            subprocess.run(["readelf", "-dlrW", *elf], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)

        def tlsguard(*extra):
            return lambda: subprocess.run([lint, *extra, "--fail-on=never", whl],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        rows = [
            ("unzip + readelf -dlrW (baseline)", median_time(manual, args.runs)),
            ("tlsguard-lint --no-deps", median_time(tlsguard("--no-deps"), args.runs)),
            ("tlsguard-lint (closure + prediction)", median_time(tlsguard(), args.runs)),
        ]
        size = os.path.getsize(whl)
    base = rows[0][1]
    print(f"wheel: {len(libs)} ELF members, {size / 2**20:.0f} MiB deflated, "
          f"{unpacked / 2**20:.0f} MiB unpacked")
    print(machine_line(f"median of {args.runs} runs, warm cache"))
    print(f"{'command':38} {'median s':>9} {'vs unzip+readelf':>17}")
    for name, t in rows:
        print(f"{name:38} {t:9.3f} {base / t:16.1f}x")


if __name__ == "__main__":
    sys.exit(main())
