#!/usr/bin/env python3
"""Benchmark: what the rewrite costs at run time. Debian's jemalloc 5.3.0
source (fetched with apt-get source at benchmark time, never committed) is
built several ways with the same clang and flags:

  initial-exec   as upstream ships it (the baseline)
  global-dynamic with the tlsguard plugin and -fplugin-arg-tlsguard-tlsdesc=off
  TLSDESC        with the plugin and -fplugin-arg-tlsguard-tlsdesc=on
  default, target T  the plugin's own choice for each --targets entry
                 (-fplugin-arg-tlsguard-target-libc=T): what a user gets
                 without choosing; with a target whose range is TLSDESC-safe
                 it must cost what TLSDESC costs, not what global-dynamic costs

and a multi-threaded malloc/free workload (bench/malloc_workload.c) linked
against each runs interleaved, RUNS times. Prints, per build, the TLS model
its relocations show, the linter's verdict, median throughput and the ratio
to initial-exec. The plugin is copied out of BUILD_DIR first (a rebuild
there mid-run cannot break a configure test); a failing build step names the
variant and shows its log. Not a test.

usage: allocator_runtime.py BUILD_DIR [--clang N] [--runs N] [--threads N] [--steps N]
                            [--targets LIBC,LIBC...]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

from benchlib import machine_line

HERE = os.path.dirname(os.path.abspath(__file__))


def fetch_jemalloc(cache):
    os.makedirs(cache, exist_ok=True)
    for name in os.listdir(cache):
        if name.startswith("jemalloc-") and os.path.isdir(os.path.join(cache, name)):
            return os.path.join(cache, name)
    subprocess.run(["apt-get", "source", "--quiet", "jemalloc"], cwd=cache, check=True,
                   stdout=subprocess.DEVNULL)
    return fetch_jemalloc(cache)


def run_logged(cmd, cwd, env, log, variant):
    """Runs one build step with its output in log; on failure says which
    variant and step failed and shows the log's tail (and config.log's last
    error), instead of a bare CalledProcessError."""
    with open(log, "a") as out:
        rc = subprocess.run(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT).returncode
    if rc == 0:
        return
    print(f"allocator_runtime: {variant}: {os.path.basename(cmd[0])} failed (exit {rc}); "
          f"CFLAGS={env['CFLAGS']}", file=sys.stderr)
    with open(log, errors="replace") as f:
        sys.stderr.writelines(f.readlines()[-15:])
    config_log = os.path.join(cwd, "config.log")
    if os.path.exists(config_log):
        with open(config_log, errors="replace") as f:
            lines = f.readlines()
        errors = [i for i, line in enumerate(lines) if "error" in line.lower()]
        if errors:
            print("config.log, the last error:", file=sys.stderr)
            sys.stderr.writelines(lines[max(0, errors[-1] - 10):errors[-1] + 3])
    sys.exit(1)


def build(src, work, name, variant, cc, cflags):
    out = os.path.join(work, name)
    os.makedirs(out)
    log = os.path.join(out, "build.log")
    # jemalloc_cpp.cpp (operator new) reaches the same TLS: C++ flags too.
    env = dict(os.environ, CC=cc, CXX=cc + "++", CFLAGS=cflags, CXXFLAGS=cflags)
    run_logged([os.path.join(src, "configure"), "--disable-static", "--prefix", out + "/inst"],
               out, env, log, variant)
    run_logged(["make", f"-j{os.cpu_count()}", "lib/libjemalloc.so.2"], out, env, log, variant)
    return os.path.join(out, "lib")


def snapshot_plugin(build_dir, clang, work):
    """The plugin selector and its clang build, copied: rebuilding BUILD_DIR
    while the benchmark runs (a half-written tlsguard-clang-N.so) cannot
    break a configure test or mix two plugin versions in one table."""
    dst = os.path.join(work, "plugin")
    os.makedirs(dst)
    for name in ("tlsguard.so", f"tlsguard-clang-{clang}.so"):
        shutil.copy2(os.path.join(build_dir, "lib", name), dst)
    return os.path.join(dst, "tlsguard.so")


def tls_model_of(readelf, so):
    """The TLS model the library's relocations show: what the build chose."""
    relocs = subprocess.run([readelf, "-rW", so], capture_output=True, text=True).stdout
    for reloc, model in (("_TLSDESC", "TLSDESC"), ("_DTPMOD", "global-dynamic"),
                         ("_TPOFF", "initial-exec")):
        if reloc in relocs:
            return model
    return "none"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build_dir")
    ap.add_argument("--clang", type=int, default=19)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--steps", type=int, default=3_000_000)
    # One target in the BZ 31372 window (global-dynamic chosen) and one past
    # it (TLS descriptors chosen on x86-64): tlsguard-lint --print-target.
    ap.add_argument("--targets", default="glibc-2.36,glibc-2.40")
    args = ap.parse_args()
    build_dir = os.path.abspath(args.build_dir)
    lint = os.path.join(build_dir, "bin", "tlsguard-lint")
    cc = f"/usr/lib/llvm-{args.clang}/bin/clang"
    src = fetch_jemalloc(os.path.join(build_dir, "bench-cache"))
    work = tempfile.mkdtemp(prefix="allocator_runtime.")
    plugin = snapshot_plugin(build_dir, args.clang, work)
    base = "-O2 -g0"
    variants = [
        ("initial-exec (baseline)", base),
        ("global-dynamic (plugin)", f"{base} -fplugin={plugin} -fplugin-arg-tlsguard-tlsdesc=off"),
        ("TLSDESC (plugin, tlsdesc=on)",
         f"{base} -fplugin={plugin} -fplugin-arg-tlsguard-tlsdesc=on"),
    ] + [(f"default, target {t}", f"{base} -fplugin={plugin} -fplugin-arg-tlsguard-target-libc={t}")
         for t in args.targets.split(",") if t]
    try:
        workload = os.path.join(work, "workload")
        libs = []
        for i, (name, cflags) in enumerate(variants):
            lib = build(src, work, f"v{i}", name, cc, cflags)
            so = os.path.join(lib, "libjemalloc.so.2")
            lint_rc = subprocess.run([lint, "--no-deps", so], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL).returncode
            model = tls_model_of(os.path.join(os.path.dirname(cc), "llvm-readelf"), so)
            libs.append((name, lib, ("static TLS" if lint_rc else "no static TLS"), model))
        subprocess.run([cc, "-O2", "-pthread", os.path.join(HERE, "malloc_workload.c"),
                        "-o", workload], check=True)
        results = {name: [] for name, _, _, _ in libs}
        for _ in range(args.runs):  # interleaved, so drift hits every variant alike
            for name, lib, _, _ in libs:
                env = dict(os.environ, LD_PRELOAD=os.path.join(lib, "libjemalloc.so.2"))
                out = subprocess.run([workload, str(args.threads), str(args.steps)], env=env,
                                     check=True, capture_output=True, text=True).stdout
                results[name].append(float(out))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    baseline = statistics.median(results[libs[0][0]])
    print(f"jemalloc {os.path.basename(src)[9:]}, clang {args.clang}, {args.threads} threads x "
          f"{args.steps} malloc/free steps")
    print(machine_line(f"median of {args.runs} interleaved runs"))
    print(f"{'build':32} {'relocations':15} {'lint':15} {'Mops/s':>8} {'vs initial-exec':>16}")
    for name, _, verdict, model in libs:
        m = statistics.median(results[name])
        print(f"{name:32} {model:15} {verdict:15} {m / 1e6:8.2f} {m / baseline:15.3f}x")


if __name__ == "__main__":
    sys.exit(main())
