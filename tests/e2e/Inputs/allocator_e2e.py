#!/usr/bin/env python3
"""allocator_e2e.py jemalloc|mimalloc WORK BIN CC CXX

Build an allocator from Debian's unmodified source twice, the way upstream
intends, through tlsguard's driver (CC=tlsguard-cc, CXX=tlsguard-c++):

  baseline  TLSGUARD_NO_PLUGIN=1, TLSGUARD_LINT=warn: the shipped build
  plugin    the driver's defaults: plugin on, the link linted, failing on findings

then, for each, print the facts the end-to-end tests check with FileCheck:
tlsguard-lint's exit status on the shared library, DF_STATIC_TLS, whether
Python's ctypes can load it late, and the project's own test suite results
(jemalloc: make check; mimalloc: ctest). Finally compare the suites: a test
that passes in the baseline and fails with the plugin is a regression.
"""
import json
import os
import re
import subprocess
import sys

kind, work, bindir, cc, cxx = sys.argv[1:6]
fetch = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fetch-source")
src = subprocess.run([fetch, kind], check=True, capture_output=True, text=True).stdout.strip()
jobs = str(os.cpu_count() or 2)
os.makedirs(work, exist_ok=True)


def env_for(variant):
    env = dict(os.environ, CC=os.path.join(bindir, "tlsguard-cc"),
               CXX=os.path.join(bindir, "tlsguard-c++"), TLSGUARD_CC=cc, TLSGUARD_CXX=cxx)
    env["PATH"] = bindir + os.pathsep + env["PATH"]
    if variant == "baseline":
        env["TLSGUARD_NO_PLUGIN"] = "1"
        env["TLSGUARD_LINT"] = "warn"
    return env


def run(cmd, cwd, env, log, check=True):
    with open(os.path.join(work, log), "ab") as f:
        f.write(("$ " + " ".join(cmd) + "\n").encode())
        f.flush()
        r = subprocess.run(cmd, cwd=cwd, env=env, stdout=f, stderr=subprocess.STDOUT)
    if check and r.returncode != 0:
        sys.stdout.write(open(os.path.join(work, log), errors="replace").read()[-4000:])
        raise SystemExit(f"{' '.join(cmd)} failed with status {r.returncode}; log: {log}")
    return r.returncode


def build_jemalloc(variant):
    out = os.path.join(work, variant)
    os.makedirs(out, exist_ok=True)
    env = env_for(variant)
    run([os.path.join(src, "configure"), "--disable-static"], out, env, variant + ".log")
    run(["make", "-j" + jobs], out, env, variant + ".log")
    run(["make", "-j" + jobs, "tests"], out, env, variant + ".log")
    return out, os.path.join(out, "lib", "libjemalloc.so.2")


def suite_jemalloc(out, variant):
    """make check, serially so the output is in order; -k to run every suite."""
    log = variant + "-check.log"
    run(["make", "-k", "check"], out, env_for(variant), log, check=False)
    results, suite = {}, None
    for line in open(os.path.join(work, log), errors="replace"):
        m = re.match(r"=== (\S+) ===", line)
        if m:
            suite = m.group(1)
            continue
        m = re.match(r"(\w+) \(([\w-]+)\): (pass|fail|skip)\s*$", line)
        if m and suite:
            results[(suite, m.group(1), m.group(2))] = m.group(3)
    return results


def build_mimalloc(variant):
    out = os.path.join(work, variant)
    env = env_for(variant)
    run(["cmake", "-S", src, "-B", out, "-DCMAKE_BUILD_TYPE=Release", "-DMI_BUILD_TESTS=ON"],
        work, env, variant + ".log")
    run(["cmake", "--build", out, "-j", jobs], work, env, variant + ".log")
    lib = next(os.path.join(out, f) for f in sorted(os.listdir(out))
               if f.startswith("libmimalloc.so.") and not os.path.islink(os.path.join(out, f)))
    return out, lib


def suite_mimalloc(out, variant):
    log = variant + "-ctest.log"
    run(["ctest", "--output-on-failure"], out, env_for(variant), log, check=False)
    results = {}
    for line in open(os.path.join(work, log), errors="replace"):
        m = re.search(r"Test\s+#\d+: (\S+) \.+\s*(\*+)?(Passed|Failed|Not Run|Skipped)", line)
        if m:
            results[m.group(1)] = m.group(3).lower()
    return results


def static_tls_flag(lib):
    out = subprocess.run(["readelf", "-dW", lib], capture_output=True, text=True).stdout
    return "yes" if "STATIC_TLS" in out else "no"


def ctypes_load(lib, first=None):
    """Load lib late from Python, after first (a filler) when given."""
    pre = f"ctypes.CDLL({first!r})\n    " if first else ""
    code = (f"import ctypes\ntry:\n    {pre}ctypes.CDLL({lib!r})\n    print('loaded')\n"
            f"except OSError as e:\n    print('failed:', e)\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True,
                          text=True).stdout.strip()


def filler_library():
    """A library whose initial-exec block takes every byte of static TLS a
    Python process has left, as tlsguard-lint predicts for this Python: a
    later library with any static TLS cannot load, one without still can."""
    def build(name, size):
        src = os.path.join(work, name + ".c")
        with open(src, "w") as f:
            f.write(f'__thread __attribute__((tls_model("initial-exec"), aligned(8))) '
                    f'char {name}[{size}];\nchar *{name}_touch(void) {{ return {name}; }}\n')
        so = os.path.join(work, name + ".so")
        subprocess.run([cc, "-O2", "-fPIC", "-shared", src, "-o", so], check=True)
        return so
    probe = build("probe", 8)
    out = subprocess.run([lint, "--format=json", "--loader=glibc", "--host=" + sys.executable,
                          "--fail-on=never", probe], capture_output=True, text=True).stdout
    available = json.loads(out)["files"][0]["predictions"][0]["static_tls_available"]
    return build("filler", available - available % 8)


build = {"jemalloc": build_jemalloc, "mimalloc": build_mimalloc}[kind]
suite = {"jemalloc": suite_jemalloc, "mimalloc": suite_mimalloc}[kind]
lint = os.path.join(bindir, "tlsguard-lint")
filler = filler_library()
results = {}
for variant in ("baseline", "plugin"):
    out, lib = build(variant)
    rc = subprocess.run([lint, lib], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    print(f"{variant}: {os.path.basename(lib)}: tlsguard-lint exit {rc}, "
          f"DF_STATIC_TLS {static_tls_flag(lib)}, ctypes {ctypes_load(lib)}")
    print(f"{variant}: {os.path.basename(lib)}: ctypes after the surplus is used up: "
          f"{ctypes_load(lib, filler)}")
    results[variant] = suite(out, variant)
    counts = {k: sum(1 for v in results[variant].values() if v == k)
              for k in ("pass", "passed", "fail", "failed", "skip", "skipped", "not run")}
    passed = counts["pass"] + counts["passed"]
    failed = counts["fail"] + counts["failed"]
    print(f"{variant}: own test suite: {passed} passed, {failed} failed, "
          f"{len(results[variant]) - passed - failed} other")
    print(f"{variant}: lib {lib}")

base, plug = results["baseline"], results["plugin"]
regressions = sorted(k for k, v in base.items() if v in ("pass", "passed") and
                     plug.get(k) not in ("pass", "passed"))
for k in regressions:
    print("regression:", k, "passes without the plugin,", plug.get(k, "missing"), "with it")
already = sorted(k for k, v in base.items() if v in ("fail", "failed"))
for k in already:
    print("fails already without the plugin:", k)
print(f"{len(regressions)} regressions")
sys.exit(1 if regressions or not base or not plug else 0)
