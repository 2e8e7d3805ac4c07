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
