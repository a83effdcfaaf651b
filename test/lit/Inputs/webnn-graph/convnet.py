# The convnet test case: writes its weights (webnn-graph binary + manifest),
# an input and the expected output computed with numpy, or compares an
# output with the expectation.
#   convnet.py make WEIGHTS MANIFEST INPUT.npy EXPECTED.npy
#   convnet.py compare OUTPUT.npy EXPECTED.npy
import json
import struct
import sys

import numpy as np


def tensors():
    rng = np.random.default_rng(20240611)
    def t(*shape):
        return rng.standard_normal(shape).astype(np.float32)
    return {
        "conv.weight": t(4, 2, 3, 3),
        "conv.bias": t(4),
        "ln.scale": t(4),
        "ln.bias": t(4),
        "fc.weight": t(4, 3),
    }, t(1, 2, 5, 5)


def reference(w, x):
    wc, bc = w["conv.weight"].astype(np.float64), w["conv.bias"]
    c = np.zeros((1, 4, 3, 3))
    for o in range(4):
        for i in range(3):
            for j in range(3):
                c[0, o, i, j] = np.sum(x[0, :, i:i + 3, j:j + 3] * wc[o]) + bc[o]
    f = np.maximum(c, 0).transpose(0, 2, 3, 1).reshape(9, 4)
    mean = f.mean(axis=1, keepdims=True)
    var = ((f - mean) ** 2).mean(axis=1, keepdims=True)
    n = (f - mean) / np.sqrt(var + 1e-5) * w["ln.scale"] + w["ln.bias"]
    s = (n @ w["fc.weight"]) * 0.5
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


def make(weights_path, manifest_path, input_path, expected_path):
    w, x = tensors()
    entries, blob = {}, bytearray(b"WGWT" + struct.pack("<I", 1))
    for name, value in w.items():
        entries[name] = {"dataType": "float32", "shape": list(value.shape),
                         "byteOffset": len(blob), "byteLength": value.nbytes,
                         "layout": "row-major"}
        blob += value.astype("<f4").tobytes()
    with open(weights_path, "wb") as f:
        f.write(blob)
    with open(manifest_path, "w") as f:
        json.dump({"format": "wg-weights-manifest", "version": 1,
                   "endianness": "little", "tensors": entries}, f, indent=2)
    np.save(input_path, x)
    np.save(expected_path, reference(w, x))


def compare(output_path, expected_path):
    got, want = np.load(output_path), np.load(expected_path)
    if got.shape != want.shape:
        sys.exit("shape %s != expected %s" % (got.shape, want.shape))
    diff = float(np.max(np.abs(got - want)))
    print("max abs diff %.3g: %s" % (diff, "OK" if diff < 1e-5 else "MISMATCH"))


if __name__ == "__main__":
    {"make": make, "compare": compare}[sys.argv[1]](*sys.argv[2:])
