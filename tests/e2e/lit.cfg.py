# End-to-end tests: real upstream code (Debian source packages fetched at
# test time, never committed) built with tlsguard, checked with its own test
# suite, and loaded late. They share tests/lit's configuration; run them
# with scripts/run-tests, or: lit -sv tests/e2e
import os

e2e_dir = os.path.dirname(os.path.abspath(__file__))
config.tlsguard_src_root = os.path.dirname(os.path.dirname(e2e_dir))
lit_config.load_config(config, os.path.join(config.tlsguard_src_root, "tests", "lit", "lit.cfg.py"))
config.name = "tlsguard-e2e"
config.suffixes = [".test"]
config.test_source_root = e2e_dir
config.test_exec_root = os.path.join(os.path.dirname(config.test_exec_root), "e2e-out")
config.excludes = ["Inputs"]
e2e_inputs = os.path.join(config.test_source_root, "Inputs")
config.substitutions.insert(0, ("%e2e", e2e_inputs))
config.substitutions.insert(0, ("%fetch-source", os.path.join(e2e_inputs, "fetch-source")))
# The package build (debian-package.test) reuses the build's ccache objects:
# it must see the same cache as the build did.
if "CCACHE_DIR" in os.environ:
    config.environment["CCACHE_DIR"] = os.environ["CCACHE_DIR"]
# scripts/oracle judging this build's tlsguard-lint (docs/accuracy.md).
config.substitutions.insert(
    0, ("%oracle", "%python %src_root/scripts/oracle --lint %tlsguard-lint"))
# The plugin selector, from the plugin build this tree uses (a lint-only
# build takes it from TLSGUARD_PLUGIN_BUILD_DIR).
config.substitutions.insert(
    0, ("%plugin", os.path.join(config.tlsguard_plugin_dir, "tlsguard.so")))
# glibc-bz31372: this machine's glibc release is in the BZ 31372 window of
# the loader capability table (x86-64 _dl_tlsdesc_dynamic does not preserve
# vector registers), as `tlsguard-lint --print-target` reports it for the
# default target, this machine's own libc.so.6.
import re
import subprocess
try:
    printed = subprocess.run(
        [os.path.join(config.tlsguard_bin_dir, "tlsguard-lint"), "--print-target"],
        capture_output=True, text=True, timeout=60).stdout
except (OSError, subprocess.TimeoutExpired):
    printed = ""
window = re.search(r"^x86-64: .* includes (glibc [0-9.]+), where a TLS descriptor .*"
                   r"clobbers vector registers", printed, re.M)
if window and window.group(1) == config.glibc_version:
    config.available_features.add("glibc-bz31372")
