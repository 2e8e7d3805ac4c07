#!/usr/bin/env python3
"""Benchmark: one large shared object — 500 MB, a million relocations, a few
TLS ones — built here at benchmark time, linted alone, against readelf over
the same file in the same run.

  readelf -dlrW   baseline: the facts tlsguard-lint reads
  readelf -dW     flags only

The target is under 20 ms for tlsguard-lint: it maps the file, finds the
tables through the dynamic section, skips the DT_RELACOUNT relative
relocations unread and never touches the 500 MB of data.

usage: large_object.py BUILD_DIR [--runs N] [--mib N]
"""
import argparse
import os
import subprocess
import sys
import tempfile

from benchlib import machine_line, median_time


def build(work, mib, pointers):
    blob = os.path.join(work, "blob.bin")
    with open(blob, "wb") as f:
        f.truncate(mib << 20)  # sparse zeros: fast to make, real bytes to the linker
    src = os.path.join(work, "big.c")
    with open(src, "w") as f:
        f.write(f"""
__asm__(".section .rodata.blob,\\"a\\"\\n.incbin \\"{blob}\\"\\n.previous");
static __thread __attribute__((tls_model("initial-exec"))) char tsd[2632];
char *tsd_addr(int i) {{ tsd[i]++; return tsd; }}
static char targets[64];
""")
        # A million pointers: a million R_X86_64_RELATIVE relocations.
        f.write("char *pointers[] = {\n")
        for i in range(pointers):
            f.write(f"targets+{i % 64},")
            if i % 64 == 63:
                f.write("\n")
        f.write("};\n")
    so = os.path.join(work, "libbig.so")
    subprocess.run(["cc", "-O0", "-fPIC", "-shared", src, "-o", so], check=True)
    return so


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--mib", type=int, default=500)
    ap.add_argument("--pointers", type=int, default=1_000_000)
    args = ap.parse_args()
    lint = os.path.join(args.build_dir, "bin", "tlsguard-lint")
    with tempfile.TemporaryDirectory() as work:
        so = build(work, args.mib, args.pointers)
        size = os.path.getsize(so)
        rows = [
            ("readelf -dlrW (baseline)", ["readelf", "-dlrW", so]),
            ("readelf -dW", ["readelf", "-dW", so]),
            ("tlsguard-lint --no-deps", [lint, "--no-deps", "--fail-on=never", so]),
            ("tlsguard-lint (closure + prediction)", [lint, "--fail-on=never", so]),
        ]
        results = [(name, median_time(cmd, args.runs)) for name, cmd in rows]
    base = results[0][1]
    print(f"file: libbig.so, {size / 2**20:.0f} MiB, {args.pointers} relative relocations, "
          "1 static TLS relocation")
    print(machine_line(f"median of {args.runs} runs, warm cache"))
    print(f"{'command':38} {'median ms':>10} {'vs readelf -dlrW':>17}")
    for name, t in results:
        print(f"{name:38} {t * 1000:10.1f} {base / t:16.1f}x")


if __name__ == "__main__":
    sys.exit(main())
