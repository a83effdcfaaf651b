#!/usr/bin/python3
"""Reference inputs for ONNX models, as .npy files.

Float inputs are uniform in [-1, 1): x = 2u - 1 with u from mulberry32
(seed 1234 for the first input, 1235 for the second, ...), the same values
for any tool that implements the generator. Integer inputs are given with
--value NAME=V (every element V); dynamic dimensions with --dim NAME=V.
--text-image NAME makes input NAME (N x 3 x H x W) a synthetic page instead:
lines of dark strokes on a light background, normalized with ImageNet's mean
and deviation as text detectors expect, so that a detector's output spans
[0, 1] rather than staying near 0 as it does on noise.

  model_inputs.py MODEL.onnx OUTDIR [--dim NAME=V]... [--value NAME=V]...
                  [--text-image NAME]

Writes OUTDIR/<input name>.npy per graph input (initializers excluded) and
prints one NAME=FILE per line (the arguments of webnn-run --input).
"""
import argparse
import os
import sys

import numpy as np

SEED = 1234


def mulberry32(seed, count):
    """`count` floats u in [0, 1) from the mulberry32 generator."""
    out = np.empty(count, np.float64)
    s = seed & 0xFFFFFFFF
    m = 0xFFFFFFFF
    for i in range(count):
        s = (s + 0x6D2B79F5) & m
        t = s
        t = ((t ^ (t >> 15)) * (t | 1)) & m
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & m)) & m
        out[i] = ((t ^ (t >> 14)) & m) / 4294967296.0
    return out


def reference_input(shape, seed=SEED):
    n = int(np.prod(shape)) if len(shape) else 1
    return (2 * mulberry32(seed, n) - 1).astype(np.float32).reshape(shape)


def text_image(shape, seed=SEED):
    """Lines of word-like stroke groups, dark on light, normalized."""
    n, c, h, w = shape
    u = iter(mulberry32(seed, 4096))
    page = np.full((h, w), 0.92, np.float32)
    y = 8
    while y + 20 < h:
        height = 12 + int(next(u) * 10)
        x = 6 + int(next(u) * 20)
        while x + 12 < w:
            end = min(w - 4, x + 16 + int(next(u) * 60))
            for sx in range(x, end, 5 + int(next(u) * 3)):
                top = y + int(next(u) * height / 3)
                page[top:y + height, sx:sx + 2] = 0.1
            page[y + height // 2:y + height // 2 + 2, x:end] = 0.1
            x = end + 10 + int(next(u) * 20)
        y += height + 12 + int(next(u) * 12)
    mean = np.array([0.485, 0.456, 0.406], np.float32)[:c, None, None]
    std = np.array([0.229, 0.224, 0.225], np.float32)[:c, None, None]
    img = (page[None] - mean) / std
    return np.broadcast_to(img, (n, c, h, w)).astype(np.float32)


def safe_name(name):
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


def main():
    import onnx
    from onnx.mapping import TENSOR_TYPE_TO_NP_TYPE

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("outdir")
    ap.add_argument("--dim", action="append", default=[])
    ap.add_argument("--value", action="append", default=[])
    ap.add_argument("--text-image", action="append", default=[])
    a = ap.parse_args()
    dims = dict(d.split("=", 1) for d in a.dim)
    values = dict(v.split("=", 1) for v in a.value)
    graph = onnx.load(a.model, load_external_data=False).graph
    inits = {t.name for t in graph.initializer}
    os.makedirs(a.outdir, exist_ok=True)
    seed = SEED
    for vi in graph.input:
        if vi.name in inits:
            continue
        tt = vi.type.tensor_type
        shape = []
        for d in tt.shape.dim:
            if d.HasField("dim_value"):
                shape.append(d.dim_value)
            elif d.dim_param in dims:
                shape.append(int(dims[d.dim_param]))
            else:
                sys.exit(f"{a.model}: input '{vi.name}' has dimension "
                         f"'{d.dim_param or '?'}'; give it with --dim")
        dtype = TENSOR_TYPE_TO_NP_TYPE[tt.elem_type]
        if vi.name in a.text_image:
            arr = text_image(shape)
        elif vi.name in values:
            arr = np.full(shape, values[vi.name], dtype)
        elif dtype == np.float32:
            arr = reference_input(shape, seed)
            seed += 1
        else:
            sys.exit(f"{a.model}: input '{vi.name}' is {dtype}; give its "
                     "value with --value")
        path = os.path.join(a.outdir, safe_name(vi.name) + ".npy")
        np.save(path, arr)
        print(f"{vi.name}={path}")


if __name__ == "__main__":
    main()
