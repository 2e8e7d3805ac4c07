#!/usr/bin/env python3
"""predict_vs_dlopen.py CC LINT PROBE WORKDIR: hold tlsguard-lint's glibc
prediction against what this machine's loader actually does.

1. Alone: libraries whose initial-exec TLS block is just below, at and above
   the largest size the model says fits, for block alignments 8, 16 and 64,
   each dlopened in a fresh process (the probe: a program linked only to
   libc, the host the model assumes by default).
2. Alignment: a 16-byte block aligned to 128, more than the static TLS area's.
3. Shared surplus: three 600-byte libraries dlopened in one process; the
   model (--load-order) and the loader must agree on which fails.
4. Stop-gap: the GLIBC_TUNABLES value the model gives for a library that
   does not fit must make it load, and one byte less must not.

Every comparison is printed; any disagreement makes the exit status 1.
"""
import json
import os
import subprocess
import sys

cc, lint, probe, work = sys.argv[1:5]
os.makedirs(work, exist_ok=True)
print("glibc:", os.confstr("CS_GNU_LIBC_VERSION"))
failures = 0


def build(name, size, align):
    src = os.path.join(work, name + ".c")
    with open(src, "w") as f:
        f.write(f"""
static __thread __attribute__((tls_model("initial-exec"), aligned({align})))
    unsigned char block[{size}];
unsigned char *touch(int i) {{ block[i] = 1; return block; }}
""")
    so = os.path.join(work, name + ".so")
    subprocess.run([cc, "-O2", "-fPIC", "-shared", "-o", so, src], check=True)
    return so


def prediction(paths, *extra):
    out = subprocess.run([lint, "--format=json", "--loader=glibc", *extra, *paths],
                         capture_output=True, text=True)
    doc = json.loads(out.stdout)
    return [next(p for p in f["predictions"] if p["loader"] == "glibc") for f in doc["files"]]


def real(paths, env=None):
    out = subprocess.run([probe, *paths], capture_output=True, text=True,
                         env=dict(os.environ, **(env or {})))
    return [line.split(": ", 2)[1] == "loaded" for line in out.stdout.splitlines()]


def check(what, predicted, actual):
    global failures
    ok = predicted == actual
    failures += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {what}: predicted {'loads' if predicted else 'fails'}, "
          f"loader {'loads' if actual else 'fails'}")


# 1. The boundary, per alignment: the model's available bytes for a first
#    late module is the largest block that fits; probe around it.
for align in (8, 16, 64):
    avail = prediction([build(f"probe{align}", 8, align)])[0]["static_tls_available"]
    edge = avail - avail % align  # the largest aligned size that can fit
    for size in sorted({edge - align, edge, edge + 1, edge + align, avail, avail + 1}):
        so = build(f"block{size}_a{align}", size, align)
        p = prediction([so])[0]
        check(f"{size}-byte block, align {align} (model: {p['static_tls_available']} bytes left)",
              p["loads"], real([so])[0])

# 2. Alignment above the static TLS area's.
so = build("aligned128", 16, 128)
p = prediction([so])[0]
check("16-byte block aligned to 128", p["loads"], real([so])[0])
if "alignment" not in (p["reason"] or ""):
    print("FAIL alignment: the reason does not name the alignment:", p["reason"])
    failures += 1

# 3. Three 600-byte libraries in one process.
trio = [build(f"shared{i}", 600, 8) for i in range(3)]
predicted = [p["loads"] for p in prediction(trio, "--load-order")]
actual = real(trio)
for i, (pr, ac) in enumerate(zip(predicted, actual)):
    check(f"600-byte library {i + 1} of 3 in one process", pr, ac)

# 4. The stop-gap for a library that does not fit.
big = build("big", 4000, 8)
p = prediction([big])[0]
value = int(p["stopgap"].rsplit("=", 1)[1])
check(f"4000-byte block with {p['stopgap']}", True,
      real([big], {"GLIBC_TUNABLES": f"glibc.rtld.optional_static_tls={value}"})[0])
check(f"4000-byte block with optional_static_tls={value - 1}", False,
      real([big], {"GLIBC_TUNABLES": f"glibc.rtld.optional_static_tls={value - 1}"})[0])

print(f"{failures} disagreement{'s' if failures != 1 else ''}")
sys.exit(1 if failures else 0)
