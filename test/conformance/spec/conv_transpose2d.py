#!/usr/bin/env python3
"""Writes conv_transpose2d.json: convTranspose2d cases the corpus does not
combine (padding beyond the filter's reach, dilations with strides, groups
with the hwoi and ohwi layouts, nhwc, outputSizes), with expected values
from the operation's definition: every input element scatters
value * filter into the output at stride steps, and padding trims the
full result from each side."""
import itertools
import json
import random
import sys


def conv_transpose(x, xs, w, ws, strides, dilations, pads, out_hw, groups):
    # x: NCHW flat, w: IOHW flat ([C, O/g, kh, kw]).
    n, c, h, wd = xs
    _, og, kh, kw = ws
    o = og * groups
    out = [0.0] * (n * o * out_hw[0] * out_hw[1])
    cg = c // groups
    for b, ci, i, j in itertools.product(range(n), range(c), range(h), range(wd)):
        g = ci // cg
        v = x[((b * c + ci) * h + i) * wd + j]
        for oc, p, q in itertools.product(range(og), range(kh), range(kw)):
            y = i * strides[0] + p * dilations[0] - pads[0]
            z = j * strides[1] + q * dilations[1] - pads[2]
            if 0 <= y < out_hw[0] and 0 <= z < out_hw[1]:
                co = g * og + oc
                out[((b * o + co) * out_hw[0] + y) * out_hw[1] + z] += \
                    v * w[((ci * og + oc) * kh + p) * kw + q]
    return out


def transpose(data, shape, perm):
    out_shape = [shape[p] for p in perm]
    out = []
    for idx in itertools.product(*[range(d) for d in out_shape]):
        src = [0] * len(shape)
        for k, p in enumerate(perm):
            src[p] = idx[k]
        off = 0
        for d, s in zip(shape, src):
            off = off * d + s
        out.append(data[off])
    return out, out_shape


def case(rng, name, xs, ws, strides, dilations, pads, groups, layout,
         filter_layout, output_padding=(0, 0), output_sizes=None, bias=False):
    x = [round(rng.uniform(-1, 1), 3) for _ in range(xs[0] * xs[1] * xs[2] * xs[3])]
    w = [round(rng.uniform(-1, 1), 3) for _ in range(ws[0] * ws[1] * ws[2] * ws[3])]
    out_hw = []
    for a in range(2):
        full = (xs[2 + a] - 1) * strides[a] + (ws[2 + a] - 1) * dilations[a] + 1
        size = full - pads[2 * a] - pads[2 * a + 1]
        out_hw.append(output_sizes[a] if output_sizes else size + output_padding[a])
    y = conv_transpose(x, xs, w, ws, strides, dilations, pads, out_hw, groups)
    o = ws[1] * groups
    b = None
    if bias:
        b = [round(rng.uniform(-1, 1), 3) for _ in range(o)]
        plane = out_hw[0] * out_hw[1]
        y = [v + b[(k // plane) % o] for k, v in enumerate(y)]
    ys = [xs[0], o, out_hw[0], out_hw[1]]
    if layout == "nhwc":
        x, xs = transpose(x, xs, [0, 2, 3, 1])
        y, ys = transpose(y, ys, [0, 2, 3, 1])
    perm = {"iohw": [0, 1, 2, 3], "hwoi": [2, 3, 1, 0], "ohwi": [1, 2, 3, 0]}
    w, ws = transpose(w, ws, perm[filter_layout])
    options = {"strides": strides, "dilations": dilations, "padding": pads,
               "groups": groups, "inputLayout": layout,
               "filterLayout": filter_layout}
    if output_sizes:
        options["outputSizes"] = output_sizes
    if any(output_padding):
        options["outputPadding"] = list(output_padding)
    inputs = {"x": {"data": x, "descriptor": {"shape": xs, "dataType": "float32"}},
              "w": {"data": w, "descriptor": {"shape": ws, "dataType": "float32"},
                    "constant": True}}
    if b:
        inputs["b"] = {"data": b, "descriptor": {"shape": [o], "dataType": "float32"},
                       "constant": True}
        options["bias"] = "b"
    return {
        "name": name,
        "graph": {
            "inputs": inputs,
            "operators": [{"name": "convTranspose2d",
                           "arguments": [{"input": "x"}, {"filter": "w"},
                                         {"options": options}],
                           "outputs": "y"}],
            "expectedOutputs": {"y": {"data": [round(v, 7) for v in y],
                                      "descriptor": {"shape": ys,
                                                     "dataType": "float32"}}},
        },
        "tolerance": {"metricType": "ATOL", "value": 1e-5},
    }


def main():
    rng = random.Random(7)
    tests = [
        case(rng, "convTranspose2d padding beyond the filter's reach crops",
             [1, 2, 4, 5], [2, 3, 2, 2], [2, 2], [1, 1], [3, 2, 1, 4], 1,
             "nchw", "iohw"),
        case(rng, "convTranspose2d strides with dilations and bias",
             [1, 3, 3, 3], [3, 2, 3, 2], [2, 3], [2, 1], [1, 0, 0, 2], 1,
             "nchw", "iohw", bias=True),
        case(rng, "convTranspose2d groups=2 nhwc hwoi outputPadding",
             [2, 4, 3, 2], [4, 3, 2, 3], [3, 2], [1, 2], [0, 1, 1, 0], 2,
             "nhwc", "hwoi", output_padding=(2, 1)),
        case(rng, "convTranspose2d groups=3 ohwi outputSizes",
             [1, 3, 2, 3], [3, 1, 3, 3], [2, 2], [1, 1], [1, 1, 1, 1], 3,
             "nchw", "ohwi", output_sizes=[4, 6]),
    ]
    doc = {"source": "written from the WebNN definition of convTranspose2d "
                     "(conv_transpose2d.py)",
           "title": "convTranspose2d option combinations", "tests": tests}
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
