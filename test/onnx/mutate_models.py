#!/usr/bin/env python3
"""Feeds webnn-compile broken variants of the operator models: truncated
files, flipped bytes, and attributes and constant inputs set to hostile
values (0, negative, huge). Every run must end with exit status 0 or 1 and,
on 1, one error line; a signal (crash), a timeout or a silent failure fails
the test.

usage: mutate_models.py MODELS_DIR WEBNN_COMPILE [--per-model N] [--seed S]
"""
import argparse
import glob
import os
import random
import subprocess
import sys
import tempfile

import onnx
from onnx import numpy_helper

HOSTILE_INTS = [0, -1, -7, 2**31, 2**32 + 2, -2**40, 2**62]


def attribute_mutants(model, rng, count):
    """Copies of `model` with one int/ints attribute or one small integer
    initializer set to a hostile value."""
    targets = []
    for ni, node in enumerate(model.graph.node):
        for ai, attr in enumerate(node.attribute):
            if attr.type in (onnx.AttributeProto.INT, onnx.AttributeProto.INTS):
                targets.append(("attr", ni, ai))
    for ii, init in enumerate(model.graph.initializer):
        if init.data_type == onnx.TensorProto.INT64 and len(init.dims) <= 1:
            targets.append(("init", ii, None))
    rng.shuffle(targets)
    for kind, i, j in targets[:count]:
        mutant = onnx.ModelProto()
        mutant.CopyFrom(model)
        value = rng.choice(HOSTILE_INTS)
        if kind == "attr":
            attr = mutant.graph.node[i].attribute[j]
            if attr.type == onnx.AttributeProto.INT:
                attr.i = value
            elif len(attr.ints):
                attr.ints[rng.randrange(len(attr.ints))] = value
        else:
            init = mutant.graph.initializer[i]
            array = numpy_helper.to_array(init).copy()
            if array.size:
                array.reshape(-1)[rng.randrange(array.size)] = value
                init.CopyFrom(numpy_helper.from_array(array, init.name))
        yield mutant.SerializeToString()


def byte_mutants(data, rng, count):
    for _ in range(count):
        if rng.random() < 0.5:
            yield data[:rng.randrange(len(data))]
        else:
            mutated = bytearray(data)
            for _ in range(rng.randint(1, 4)):
                mutated[rng.randrange(len(mutated))] = rng.randrange(256)
            yield bytes(mutated)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("models")
    parser.add_argument("compiler")
    parser.add_argument("--per-model", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures = runs = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "mutant.onnx")
        for model_path in sorted(glob.glob(os.path.join(args.models,
                                                        "*.onnx"))):
            data = open(model_path, "rb").read()
            model = onnx.load_from_string(data)
            mutants = list(byte_mutants(data, rng, args.per_model))
            mutants += list(attribute_mutants(model, rng, args.per_model))
            for index, mutant in enumerate(mutants):
                with open(path, "wb") as f:
                    f.write(mutant)
                runs += 1
                try:
                    result = subprocess.run(
                        [args.compiler, path, "--emit=mlir", "-o", os.devnull,
                         "--dim", "batch=2"] if "free_dim" in model_path else
                        [args.compiler, path, "--emit=mlir", "-o", os.devnull],
                        capture_output=True, text=True, errors="replace",
                        timeout=60)
                except subprocess.TimeoutExpired:
                    failures += 1
                    print("TIMEOUT %s mutant %d" % (model_path, index))
                    continue
                bad = result.returncode not in (0, 1) or (
                    result.returncode == 1 and
                    "error:" not in result.stderr)
                if bad:
                    failures += 1
                    keep = model_path + ".mutant%d.onnx" % index
                    with open(keep, "wb") as f:
                        f.write(mutant)
                    print("FAIL %s: exit %d, kept as %s\n%s" %
                          (model_path, result.returncode, keep,
                           result.stderr[-2000:]))
    print("%d of %d mutants handled" % (runs - failures, runs))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
