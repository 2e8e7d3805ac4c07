#!/usr/bin/env python3
"""One version, in CMakeLists.txt's project(VERSION): every place that
states it must agree — debian/changelog's newest entry, CHANGELOG.md's
newest release, and the --version of every tool in BIN_DIR.

    versions.py SRC_ROOT BIN_DIR [PLUGIN_DIR]
        prints each place and its version, then "N places, M disagree"; exit 1
        if any do. With PLUGIN_DIR, also the version a GCC plugin build there
        reports to gcc -v ("Versions of loaded plugins").
"""
import os
import re
import shutil
import subprocess
import sys

src, bin_dir = sys.argv[1], sys.argv[2]
text = open(os.path.join(src, "CMakeLists.txt")).read()
m = re.search(r"^project\(tlsguard\s+VERSION\s+([0-9][0-9.]*)", text, re.M)
if not m:
    print("CMakeLists.txt: no project(tlsguard VERSION ...)")
    sys.exit(1)
version = m.group(1)
print(f"CMakeLists.txt: {version}")
places = {}

out = subprocess.run(["dpkg-parsechangelog", "-l", os.path.join(src, "debian", "changelog"),
                      "-S", "Version"], capture_output=True, text=True)
places["debian/changelog"] = out.stdout.strip() if out.returncode == 0 else f"unreadable: {out.stderr.strip()}"

changelog = open(os.path.join(src, "CHANGELOG.md")).read()
m = re.search(r"^## \[?v?([0-9][0-9.]*)", changelog, re.M)
places["CHANGELOG.md"] = m.group(1) if m else "no '## X.Y.Z' release heading"

tools = [("tlsguard-lint", ["--version"]), ("tlsguard-cc", ["--tlsguard-version"]),
         ("tlsguard-c++", ["--tlsguard-version"]), ("cargo-tlsguard", ["tlsguard", "--version"])]
for name, args in tools:
    out = subprocess.run([os.path.join(bin_dir, name)] + args, capture_output=True, text=True)
    line = (out.stdout.strip().splitlines() or [""])[0]
    m = re.search(r"([0-9]+\.[0-9]+\.[0-9]+)$", line)
    places[f"{name} --version"] = m.group(1) if m and out.returncode == 0 else f"said {line!r}, exit {out.returncode}"

plugin_dir = sys.argv[3] if len(sys.argv) > 3 else ""
for entry in sorted(os.listdir(plugin_dir)) if plugin_dir and os.path.isdir(plugin_dir) else []:
    m = re.fullmatch(r"tlsguard-gcc-([0-9]+)\.so", entry)
    if not m or not shutil.which(f"gcc-{m.group(1)}"):
        continue
    out = subprocess.run([f"gcc-{m.group(1)}", "-fplugin=" + os.path.join(plugin_dir, "tlsguard.so"),
                          "-v", "-fsyntax-only", "-x", "c", "/dev/null"], capture_output=True, text=True)
    m = re.search(r"^ tlsguard: (\S+)$", out.stderr, re.M)
    places[f"{entry} (gcc -v)"] = m.group(1) if m else f"not reported, exit {out.returncode}"

bad = 0
for place, found in places.items():
    ok = found == version
    bad += not ok
    print(f"{place}: {found}{'' if ok else f' (CMakeLists.txt says {version})'}")
print(f"{len(places)} places, {bad} disagree")
sys.exit(1 if bad else 0)
