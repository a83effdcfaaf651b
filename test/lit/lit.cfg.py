# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "webnn-mlir"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = config.webnn_obj_root

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    ["webnn-opt", "webnn-compile", "webnn-run", "wnn-conformance"], [config.webnn_tools_dir])
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))

# A Python with numpy computes reference values for numeric checks
# (python3-numpy on Debian); tests that need it say REQUIRES: numpy.
import shutil
import subprocess

for python in ["/usr/bin/python3", shutil.which("python3")]:
    if python and subprocess.run([python, "-c", "import numpy"],
                                 capture_output=True).returncode == 0:
        config.available_features.add("numpy")
        config.substitutions.append(("%numpy-python", python))
        break

# python3-onnx writes the ONNX importer's test models; tests that need it say
# REQUIRES: onnx.
for python in ["/usr/bin/python3", shutil.which("python3")]:
    if python and subprocess.run([python, "-c", "import onnx"],
                                 capture_output=True).returncode == 0:
        config.available_features.add("onnx")
        config.substitutions.append(("%onnx-python", python))
        break
