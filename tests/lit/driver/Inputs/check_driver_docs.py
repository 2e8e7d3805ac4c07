"""The driver's documentation cannot drift from its code: every TLSGUARD_*
variable and --tlsguard-* option the sources read is in the man pages, and
every integration page starts with a command a user can paste.

usage: check_driver_docs.py SRC_ROOT
"""
import glob
import os
import re
import sys

root = sys.argv[1]
problems = []


def read(path):
    with open(os.path.join(root, path)) as f:
        return f.read()


def names_in(paths, pattern):
    found = set()
    for path in paths:
        found |= set(re.findall(pattern, read(path)))
    return found


driver_sources = [p for p in glob.glob(os.path.join(root, "driver", "*.c"))]
cc_man = read("docs/man/tlsguard-cc.1").replace("\\-", "-").replace("\\fB", "").replace("\\fR", "")
cargo_man = read("docs/man/cargo-tlsguard.1").replace("\\-", "-").replace("\\fB", "").replace("\\fR", "")

variables = names_in(driver_sources, r'getenv\("(TLSGUARD_[A-Z_]+)"\)')
variables |= names_in(driver_sources, r'"(TLSGUARD_[A-Z_]+)"')
for var in sorted(variables):
    if var not in cc_man:
        problems.append(f"tlsguard-cc.1 does not mention {var}")
for var in sorted(names_in([os.path.join(root, "driver", "cargo_tlsguard.c"),
                            os.path.join(root, "driver", "cargo_env.c")], r'"(TLSGUARD_[A-Z_]+)"')):
    if var not in cargo_man:
        problems.append(f"cargo-tlsguard.1 does not mention {var}")
for opt in sorted(names_in([os.path.join(root, "driver", "driver.c")], r'"(--tlsguard-[a-z]+)')):
    if opt not in cc_man:
        problems.append(f"tlsguard-cc.1 does not mention {opt}")

for name in ("autotools", "cmake", "meson", "setuptools", "cargo", "maturin"):
    path = f"docs/integrations/{name}.md"
    if not os.path.exists(os.path.join(root, path)):
        problems.append(f"{path} is missing")
        continue
    lines = [l for l in read(path).splitlines() if l.strip()]
    # A title, at most one short paragraph, then a fenced command.
    first_fence = next((i for i, l in enumerate(lines) if l.startswith("```")), None)
    if first_fence is None or first_fence > 3:
        problems.append(f"{path} does not start with a command to paste")
for path in ("docs/ci.md",):
    if not os.path.exists(os.path.join(root, path)):
        problems.append(f"{path} is missing")

for p in problems:
    print(p)
print(f"{len(variables)} variables checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
