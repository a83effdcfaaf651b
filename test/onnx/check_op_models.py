#!/usr/bin/env python3
"""Compiles every case of a make_op_models.py folder with webnn-compile on
the given kernel paths, runs it with webnn-run, and compares each output with
ONNX Runtime's (ort_run.mjs). Prints one line per failing case and a summary;
exits non-zero if any case fails.

usage: check_op_models.py DIR BIN_DIR [--kernels onednn,codegen] [--filter S]
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np


def compare(ours, ref, tolerance):
    if ours.shape != ref.shape:
        return "shape %s, ONNX Runtime's is %s" % (ours.shape, ref.shape)
    if ref.dtype == np.bool_:
        ref = ref.astype(np.uint8)
    if ours.dtype != ref.dtype:
        return "type %s, ONNX Runtime's is %s" % (ours.dtype, ref.dtype)
    if ours.size == 0:
        return None
    diff = np.abs(ours.astype(np.float64) - ref.astype(np.float64))
    bound = tolerance * (1.0 + float(np.max(np.abs(ref.astype(np.float64)))))
    worst = float(np.max(diff))
    if not worst <= bound:
        return "max |diff| %.3g > %.3g" % (worst, bound)
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("bin_dir")
    parser.add_argument("--kernels", default="onednn,codegen")
    parser.add_argument("--filter", default="")
    args = parser.parse_args()
    cases = json.load(open(os.path.join(args.dir, "cases.json")))
    types = {"float32": np.float32, "int64": np.int64, "int32": np.int32,
             "uint8": np.uint8, "int8": np.int8, "bool": np.bool_}
    failures = 0
    ran = 0
    for c in cases:
        if args.filter not in c["name"]:
            continue
        for kernels in args.kernels.split(","):
            ran += 1
            base = os.path.join(args.dir, c["name"])
            so = "%s.%s.so" % (base, kernels)
            out_dir = "%s.%s.out" % (base, kernels)
            os.makedirs(out_dir, exist_ok=True)
            compile_cmd = [os.path.join(args.bin_dir, "webnn-compile"),
                           base + ".onnx", "-o", so, "--kernels=" + kernels]
            for name, size in c["dims"].items():
                compile_cmd += ["--dim", "%s=%d" % (name, size)]
            run_cmd = [os.path.join(args.bin_dir, "webnn-run"), so,
                       "--output-dir", out_dir, "--threads", "1"]
            for i in c["inputs"]:
                run_cmd += ["--input", "%s=%s.%s.npy" % (i["name"], base,
                                                         i["name"])]
            problem = None
            for cmd in (compile_cmd, run_cmd):
                result = subprocess.run(cmd, capture_output=True, text=True)
                if result.returncode != 0:
                    problem = (result.stderr.strip() or result.stdout.strip())
                    break
            if problem is None:
                for name in c["outputs"]:
                    meta = json.load(open("%s.%s.ort.json" % (base, name)))
                    ref = np.fromfile("%s.%s.ort.bin" % (base, name),
                                      dtype=types[meta["type"]]).reshape(
                                          meta["dims"])
                    ours = np.load(os.path.join(out_dir, name + ".npy"))
                    why = compare(ours, ref, c["tolerance"])
                    if why:
                        problem = "output %s: %s" % (name, why)
                        break
            if problem:
                failures += 1
                print("FAIL %s [%s]: %s" % (c["name"], kernels, problem))
    print("%d of %d runs passed" % (ran - failures, ran))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
