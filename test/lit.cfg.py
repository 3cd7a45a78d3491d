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

config.substitutions.append(("%mapsafe_src", config.mapsafe_src_root))
config.substitutions.append(("%mapsafe_lib", config.mapsafe_lib_dir))
config.substitutions.append(("%shared", config.shared_dir))
config.substitutions.append(("%python", config.python_executable))
