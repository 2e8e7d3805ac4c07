#!/usr/bin/env python3
"""Benchmark: what tlsguard-trace adds to a Python start-up that imports
many extension modules (every importable module of the interpreter's
lib-dynload directory, each a dlopen), against the same command run without
it, in the same run.

  imports    python3 -c "import <every lib-dynload module>"
               direct | preload module only, inactive (no trace file: the
               cost of the wrappers themselves) | tlsguard-trace (records,
               report)
  no loads   python3 -S -c pass: the tracer's cost when nothing is loaded
               direct | tlsguard-trace
  floor      /bin/true: the launcher's own fork, wait and report
               direct | tlsguard-trace

"bare launcher" rows run the command under a 10-line C program that only
vforks, execs and waits (compiled here): what any launcher costs, the floor
under tlsguard-trace's own part.

Runs are interleaved (each round runs every command once, in a fresh random
order), so drift and other load hit all alike. For each command: the median
wall time and the median CPU time (user + system of the command and every
process it waited for, from wait4: the steadier figure on a busy machine),
each with its difference from the named baseline. Target (issue 17): under 2%
added wall time for the imports. Not a test: nothing here passes or fails.

usage: trace_overhead.py BUILD_DIR [--runs N] [--python PATH]
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import machine_line  # noqa: E402


def importable_modules(python):
    """Extension modules of lib-dynload that import cleanly on their own."""
    code = ("import sys, os, importlib.machinery as m\n"
            "d = [p for p in sys.path if p.endswith('lib-dynload')][0]\n"
            "for f in sorted(os.listdir(d)):\n"
            "    for s in m.EXTENSION_SUFFIXES:\n"
            "        if f.endswith(s): print(f[:-len(s)])\n")
    names = subprocess.run([python, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split()
    good = []
    for n in names:
        if subprocess.run([python, "-c", f"import {n}"], capture_output=True).returncode == 0:
            good.append(n)
    return good


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--python", default="/usr/bin/python3")
    args = ap.parse_args()
    build = os.path.abspath(args.build_dir)
    tracer = os.path.join(build, "bin", "tlsguard-trace")
    preload = os.path.join(build, "lib", "libtlsguard-trace-preload.so")
    py = args.python

    tmp = tempfile.mkdtemp(prefix="trace-bench-")
    bare = os.path.join(tmp, "bare-launcher")
    src = bare + ".c"
    with open(src, "w") as f:
        f.write("#define _GNU_SOURCE\n#include <sys/wait.h>\n#include <unistd.h>\n"
                "int main(int c, char **v) { int st; pid_t p = vfork();\n"
                "  if (p == 0) { execvp(v[1], v + 1); _exit(127); }\n"
                "  waitpid(p, &st, 0); return WIFEXITED(st) ? WEXITSTATUS(st) : 1; }\n")
    subprocess.run(["cc", "-O2", src, "-o", bare], check=True)

    mods = importable_modules(py)
    imports = [py, "-c", "import " + ", ".join(mods)]
    env = dict(os.environ)
    for var in ("LD_PRELOAD", "TLSGUARD_TRACE_FILE", "GLIBC_TUNABLES", "LD_AUDIT"):
        env.pop(var, None)
    inactive = dict(env, LD_PRELOAD=preload)
    report = ["-o", os.devnull]
    # (group, name, command, environment, baseline name)
    cases = [
        ("imports", "python3", imports, env, None),
        ("imports", "preload only, inactive", imports, inactive, "python3"),
        ("imports", "bare launcher", [bare] + imports, env, "python3"),
        ("imports", "tlsguard-trace", [tracer] + report + imports, env, "python3"),
        ("no loads", "python3 -S -c pass", [py, "-S", "-c", "pass"], env, None),
        ("no loads", "tlsguard-trace python3 -S -c pass",
         [tracer] + report + [py, "-S", "-c", "pass"], env, "python3 -S -c pass"),
        ("floor", "/bin/true", ["/bin/true"], env, None),
        ("floor", "bare launcher /bin/true", [bare, "/bin/true"], env, "/bin/true"),
        ("floor", "tlsguard-trace /bin/true", [tracer] + report + ["/bin/true"], env, "/bin/true"),
    ]
    times = {c[1]: [] for c in cases}
    cpu = {c[1]: [] for c in cases}
    for c in cases:  # warm-up
        subprocess.run(c[2], env=c[3], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(args.runs):
        order = list(cases)
        random.shuffle(order)
        for _, name, cmd, e, _ in order:
            t0 = time.perf_counter()
            proc = subprocess.Popen(cmd, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, _, ru = os.wait4(proc.pid, 0)
            times[name].append(time.perf_counter() - t0)
            cpu[name].append(ru.ru_utime + ru.ru_stime)

    print(machine_line(f"{args.runs} interleaved rounds, {len(mods)} extension modules imported, {py}"))
    med = {n: statistics.median(t) for n, t in times.items()}
    mcpu = {n: statistics.median(t) for n, t in cpu.items()}
    group = None
    for g, name, _, _, base in cases:
        if g != group:
            print(f"\n{g}:{'':<30}wall (median)                           cpu (median, user+sys)")
            group = g
        line = f"  {name:<34} {med[name] * 1000:8.2f} ms"
        if base:
            line += f" {(med[name] - med[base]) * 1000:+6.2f} ms {((med[name] / med[base] - 1) * 100):+7.2f}%"
        else:
            line += " " * 19
        line += f"   {mcpu[name] * 1000:8.2f} ms"
        if base:
            line += f" {((mcpu[name] / mcpu[base] - 1) * 100):+7.2f}%  vs {base}"
        print(line)
    os.unlink(src)
    os.unlink(bare)
    os.rmdir(tmp)


if __name__ == "__main__":
    main()
