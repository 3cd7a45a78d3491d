# -*- Python -*- lit.cfg.py - lit configuration for mapsafe
#
# Tests run the tools from build/bin; FileCheck, not and count come from the
# LLVM 22 tools directory. Substitutions are listed here so every test uses
# the same names.
import os
import lit.formats

config.name = "mapsafe"
config.test_format = lit.formats.ShTest(not config.test_exec_root is None)
config.suffixes = [".mlir", ".cpp", ".test"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs", "unittests",
                   "CMakeLists.txt", "fuzz"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.mapsafe_obj_root, "test")

# Tools first from the project, then from LLVM.
config.environment["PATH"] = os.pathsep.join(
    [config.mapsafe_tools_dir, config.llvm_tools_dir,
     config.environment.get("PATH", os.environ.get("PATH", ""))])
for var in ("HOME", "TMPDIR", "LANG"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

# An AddressSanitizer build of the tools (./dev test --sanitize).
if getattr(config, "mapsafe_asan", 0):
    config.available_features.add("asan")

config.substitutions.append(("%mapsafe_src", config.mapsafe_src_root))
config.substitutions.append(("%mapsafe_lib", config.mapsafe_lib_dir))
config.substitutions.append(("%shared", config.shared_dir))
config.substitutions.append(("%python", config.python_executable))

# --- MapSafe plugin and map-clang++ (test/Plugin) --- additive block -------
# %clangxx is the plain clang++-22, %plugin the pass plugin it loads,
# %map_clangxx the wrapper (plugin + runtime + -pthread), %race the helper
# that runs a program until its race is reported (or checks that it never
# is).
# `--param stdlib=libc++` runs the same tests against LLVM's libc++ (Debian's
# libc++-22-dev, which ./dev installs), whose containers live in std::__1.
stdlib = lit_config.params.get("stdlib", "libstdc++")
if stdlib not in ("libstdc++", "libc++"):
    lit_config.fatal("stdlib must be libstdc++ or libc++, not '%s'" % stdlib)
stdlib_flag = " -stdlib=libc++" if stdlib == "libc++" else ""
if stdlib == "libc++":
    config.available_features.add("libcxx")
config.substitutions.append(
    ("%map_clangxx",
     os.path.join(config.mapsafe_tools_dir, "map-clang++") + stdlib_flag))
config.substitutions.append(
    ("%clangxx", os.path.join(config.llvm_tools_dir, "clang++") + stdlib_flag))
config.substitutions.append(
    ("%plugin", os.path.join(config.mapsafe_lib_dir, "MapSafePlugin.so")))
config.substitutions.append(
    ("%race", "%s %s" % (config.python_executable,
                         os.path.join(config.mapsafe_src_root, "test", "Plugin",
                                      "Inputs", "race.py"))))
# --- end of MapSafe plugin block ------------------------------------------
