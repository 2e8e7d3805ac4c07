# lit configuration for tlsguard. Run through scripts/run-tests, or by hand:
#   lit -sv tests/lit                         (the build in ./build)
#   lit -sv tests/lit --param build_dir=build-asan
#   lit -sv tests/lit/plugin --param clang_major=14
import os
import platform
import re
import shutil
import subprocess

import lit.formats
import lit.util

config.name = "tlsguard"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".test", ".c", ".cpp", ".cc", ".yaml", ".sh"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.local.cfg"]
config.test_source_root = os.path.dirname(__file__)
# tests/e2e loads this file as its own base and says where the tree is.
src_root = getattr(config, "tlsguard_src_root", None) or \
    os.path.dirname(os.path.dirname(config.test_source_root))

# The build under test: ./build by default, or --param build_dir=DIR.
build_dir = os.path.abspath(lit_config.params.get("build_dir", os.path.join(src_root, "build")))
site_cfg = os.path.join(build_dir, "tests", "lit.site.cfg.py")
if not os.path.exists(site_cfg):
    lit_config.fatal(f"{site_cfg} not found: build first (make) or pass --param build_dir=DIR")
site = {}
exec(open(site_cfg).read(), site)
config.tlsguard_bin_dir = site["tlsguard_bin_dir"]
config.tlsguard_plugin_dir = site["tlsguard_plugin_dir"]
config.tlsguard_plugin_majors = site["tlsguard_plugin_majors"]
gcc_plugin_major = site.get("tlsguard_gcc_plugin_major", "")
if site.get("tlsguard_plugin_build_dir"):
    other = {}
    exec(open(os.path.join(site["tlsguard_plugin_build_dir"], "tests", "lit.site.cfg.py")).read(), other)
    config.tlsguard_plugin_dir = other["tlsguard_plugin_dir"]
    config.tlsguard_plugin_majors = other["tlsguard_plugin_majors"]
    gcc_plugin_major = other.get("tlsguard_gcc_plugin_major", "")
config.test_exec_root = os.path.join(build_dir, "tests", "lit-out")
if site["tlsguard_sanitize"]:
    config.available_features.add("asan")
    # Leaks are checked on exit; a report is a test failure.
    config.environment["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=1:allocator_may_return_null=1"
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"

# LLVM majors installed on this machine, newest first. Test tools
# (FileCheck, not, yaml2obj, ...) come from the newest; fixtures are built
# with it too, because only lld >= 17 links LoongArch.
def installed_majors():
    majors = []
    for entry in os.listdir("/usr/lib"):
        m = re.fullmatch(r"llvm-(\d+)", entry)
        if m and os.path.exists(f"/usr/lib/{entry}/bin/clang"):
            majors.append(int(m.group(1)))
    return sorted(majors, reverse=True)

majors = installed_majors()
if not majors:
    lit_config.fatal("no /usr/lib/llvm-N/bin/clang found: run scripts/install-deps")
newest = majors[0]
for n in majors:
    config.available_features.add(f"clang-{n}-installed")
tools_bin = f"/usr/lib/llvm-{newest}/bin"

# --param clang_major=N selects the clang the plugin tests run under;
# --param compiler=gcc runs them under gcc instead (the GCC plugin build).
# Tests written for both use %cc/%cxx and check what differs under the
# prefix PREFIX-%compiler (PREFIX-clang, PREFIX-gcc); clang-only tests say
# UNSUPPORTED: compiler-gcc.
plugin_compiler = lit_config.params.get("compiler", "clang")
if plugin_compiler not in ("clang", "gcc"):
    lit_config.fatal(f"--param compiler={plugin_compiler}: expected clang or gcc")
config.plugin_compiler = plugin_compiler
config.available_features.add(f"compiler-{plugin_compiler}")
clang_major = int(lit_config.params.get("clang_major", newest))
config.clang_major = clang_major
if plugin_compiler == "clang":
    config.available_features.add(f"clang-{clang_major}")
    if clang_major >= 19:
        config.available_features.add("clang-19-or-later")
    if clang_major >= 18:
        config.available_features.add("pass-builder-callbacks")
plugin_clang_bin = f"/usr/lib/llvm-{clang_major}/bin"
config.gcc_major = gcc_plugin_major
# gcc with the GCC plugin built for its major (tlsguard-gcc-N.so), for the
# driver and end-to-end tests that run gcc through tlsguard-cc.
if config.gcc_major and os.path.exists(
        os.path.join(config.tlsguard_plugin_dir, f"tlsguard-gcc-{config.gcc_major}.so")):
    config.available_features.add("gcc-plugin")

config.environment["PATH"] = os.pathsep.join(
    [config.tlsguard_bin_dir, tools_bin, config.environment.get("PATH", os.environ["PATH"])])
for var in ("HOME", "TMPDIR", "LANG", "LC_ALL", "CARGO_HOME", "RUSTUP_HOME"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
config.environment["TLSGUARD_TEST_CACHE"] = os.path.join(build_dir, "tests", "cache")
# The user's own config must not leak into tests.
config.environment["TLSGUARD_CONFIG"] = ""

def tool(name):
    path = os.path.join(tools_bin, name)
    if not os.path.exists(path):
        lit_config.fatal(f"{path} missing: install llvm-{newest}-tools")
    return path

config.substitutions.append(("%tlsguard-lint", os.path.join(config.tlsguard_bin_dir, "tlsguard-lint")))
config.substitutions.append(("%dlopen-probe", os.path.join(config.tlsguard_bin_dir, "tlsguard-dlopen-probe")))
config.substitutions.append(("%validate-json", os.path.join(src_root, "tests", "tools", "validate-json")
                              + " " + os.path.join(src_root, "docs", "json", "tlsguard-lint-report.schema.json")))
config.substitutions.append(("%validate-sarif", os.path.join(src_root, "tests", "tools", "validate-sarif")))
config.substitutions.append(("%check-rule-pages", os.path.join(src_root, "tests", "tools", "check-rule-pages")))
config.substitutions.append(("%expect-exit", os.path.join(src_root, "tests", "tools", "expect-exit")))
config.substitutions.append(("%fixture-cc", f"{tools_bin}/clang"))
config.substitutions.append(("%fixture-ld", f"{tools_bin}/ld.lld"))
config.substitutions.append(("%clang", f"{plugin_clang_bin}/clang"))
config.substitutions.append(("%lld", f"{plugin_clang_bin}/ld.lld"))
if plugin_compiler == "gcc":
    def gcc_tool(name):
        versioned = shutil.which(f"{name}-{config.gcc_major}") if config.gcc_major else None
        return versioned or shutil.which(name) or name
    config.substitutions.append(("%cxx", gcc_tool("g++")))
    config.substitutions.append(("%cc", gcc_tool("gcc")))
    config.substitutions.append(("%no-caret", "-fno-diagnostics-show-caret"))
    # gcc links with the system linker.
    config.substitutions.append(("%ld-path", ""))
else:
    config.substitutions.append(("%cxx", f"{plugin_clang_bin}/clang++"))
    config.substitutions.append(("%cc", f"{plugin_clang_bin}/clang"))
    config.substitutions.append(("%no-caret", "-fno-caret-diagnostics"))
    config.substitutions.append(("%ld-path", f"--ld-path={plugin_clang_bin}/ld.lld"))
config.substitutions.append(("%compiler", plugin_compiler))
config.substitutions.append(("%python", shutil.which("python3") or "python3"))
config.substitutions.append(("%syspython", "/usr/bin/python3"))
config.substitutions.append(("%src_root", src_root))
config.substitutions.append(("%build_dir", build_dir))
config.substitutions.append(("%inputs", os.path.join(src_root, "tests", "lit", "Inputs")))
for name in ("yaml2obj", "llvm-readelf", "llvm-objdump", "llvm-objcopy", "llvm-ar", "split-file"):
    config.substitutions.append((f"%{name}", tool(name)))
# FileCheck, not and count are found on PATH (tools_bin first).
for name in ("FileCheck", "not", "count"):
    tool(name)

config.available_features.add(f"host-{platform.machine()}")
for prog in ("gcc", "cargo", "npm", "musl-gcc"):
    if shutil.which(prog):
        config.available_features.add(prog)
if os.path.exists("/usr/bin/python3"):
    config.available_features.add("syspython")

# glibc version of this machine, for tests that record it.
try:
    config.glibc_version = os.confstr("CS_GNU_LIBC_VERSION")
except (ValueError, OSError):
    config.glibc_version = "unknown"
if config.glibc_version.startswith("glibc"):
    config.available_features.add("glibc")
