#!/usr/bin/env python3
"""Benchmark: what tlsguard-cc adds to a compile and to a link, against the
same command run without it, in the same run.

  compile   clang -fPIC -c (no TLS in the source)
              direct clang | driver, plugin off (TLSGUARD_NO_PLUGIN) |
              driver (cached identity, plugin added) |
              driver, no identity cache (TLSGUARD_CACHE_DIR='') |
              direct clang -fplugin= (what the plugin itself costs)
            gcc -fPIC -c: direct | driver (cached identity, no plugin build)
  link      clang -shared: direct | driver (compiler as a child, then
            tlsguard-lint) | driver with TLSGUARD_LINT=off
  floor     a compiler that does nothing (/bin/true): the driver's own start,
            argument scan and exec, without any compiler cost

Runs are interleaved (each round runs every command once, in a fresh random
order) so that drift and other load hit all alike. For each command: the
median wall-clock time and the median CPU time (user + system of the command
and every process it waited for, from wait4), and the difference from its
baseline. CPU time is the steadier figure on a busy machine. Not a test:
nothing here passes or fails.

usage: driver_overhead.py BUILD_DIR [--runs N] [--clang PATH]
"""
import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def newest_clang():
    for n in range(30, 10, -1):
        path = f"/usr/lib/llvm-{n}/bin/clang"
        if os.path.exists(path):
            return path
    return shutil.which("clang")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--clang", default=newest_clang())
    args = ap.parse_args()
    bin_dir = os.path.join(os.path.abspath(args.build_dir), "bin")
    driver = os.path.join(bin_dir, "tlsguard-cc")
    plugin = os.path.join(os.path.abspath(args.build_dir), "lib", "tlsguard.so")
    clang, gcc = args.clang, shutil.which("gcc")

    tmp = tempfile.mkdtemp(prefix="tlsguard-bench-")
    src = os.path.join(tmp, "plain.c")
    with open(src, "w") as f:
        f.write("int plain_answer(int x) { return x * 42; }\n")
    obj = os.path.join(tmp, "plain.o")
    subprocess.run([clang, "-fPIC", "-c", src, "-o", obj], check=True)
    cache = os.path.join(tmp, "cache")
    base_env = dict(os.environ, TLSGUARD_CACHE_DIR=cache, TLSGUARD_CONFIG="")
    for var in ("TLSGUARD_CC", "TLSGUARD_NO_PLUGIN", "TLSGUARD_LINT", "TLSGUARD_VERBOSE"):
        base_env.pop(var, None)

    def env(**extra):
        e = dict(base_env)
        e.update(extra)
        return e

    compile_args = ["-fPIC", "-c", src, "-o", os.path.join(tmp, "x.o")]
    link_args = ["-shared", obj, "-o", os.path.join(tmp, "libx.so")]
    # (group, name, command, environment, baseline name)
    cases = [
        ("compile", "clang", [clang] + compile_args, env(), None),
        ("compile", "driver, TLSGUARD_NO_PLUGIN", [driver] + compile_args,
         env(TLSGUARD_CC=clang, TLSGUARD_NO_PLUGIN="1"), "clang"),
        ("compile", "driver (plugin added)", [driver] + compile_args, env(TLSGUARD_CC=clang), "clang -fplugin"),
        ("compile", "driver, no identity cache", [driver] + compile_args,
         env(TLSGUARD_CC=clang, TLSGUARD_CACHE_DIR=""), "clang -fplugin"),
        ("compile", "clang -fplugin", [clang, f"-fplugin={plugin}"] + compile_args, env(), "clang"),
        ("link", "clang -shared", [clang] + link_args, env(), None),
        ("link", "driver -shared (lint)", [driver] + link_args, env(TLSGUARD_CC=clang), "clang -shared"),
        ("link", "driver -shared, TLSGUARD_LINT=off", [driver] + link_args,
         env(TLSGUARD_CC=clang, TLSGUARD_LINT="off"), "clang -shared"),
        ("floor", "/bin/true", ["/bin/true"] + compile_args, env(), None),
        ("floor", "driver running /bin/true", [driver, "--tlsguard-cc=/bin/true"] + compile_args,
         env(TLSGUARD_NO_PLUGIN="1"), "/bin/true"),
    ]
    if gcc:
        cases += [
            ("compile", "gcc", [gcc] + compile_args, env(), None),
            ("compile", "driver, gcc (no plugin build)", [driver] + compile_args, env(TLSGUARD_CC=gcc), "gcc"),
        ]

    def run(cmd, e):
        start = time.perf_counter()
        p = subprocess.Popen(cmd, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}")
        return wall, usage.ru_utime + usage.ru_stime

    wall = {name: [] for _, name, _, _, _ in cases}
    cpu = {name: [] for _, name, _, _, _ in cases}
    for _, _, cmd, e, _ in cases:  # warm caches, fill the identity cache
        run(cmd, e)
    order = list(cases)
    for _ in range(args.runs):
        random.shuffle(order)
        for _, name, cmd, e, _ in order:
            w, c = run(cmd, e)
            wall[name].append(w)
            cpu[name].append(c)

    def med(samples):
        return statistics.median(samples) * 1000

    print(f"# {platform.node()} {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; "
          f"{args.runs} runs each; median ms")
    print(f"# clang: {clang}; gcc: {gcc}")
    print(f"  {'':40s} {'wall':>8s} {'cpu':>8s}   difference (wall / cpu)")
    for group in ("compile", "link", "floor"):
        print(f"{group}:")
        for g, name, _, _, base in cases:
            if g != group:
                continue
            extra = ""
            if base:
                extra = (f"   {med(wall[name]) - med(wall[base]):+.2f} / "
                         f"{med(cpu[name]) - med(cpu[base]):+.2f} vs {base}")
            print(f"  {name:40s} {med(wall[name]):8.2f} {med(cpu[name]):8.2f}{extra}")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    sys.exit(main())
