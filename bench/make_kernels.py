#!/usr/bin/env python3
"""Writes the kernel benchmark graphs (WPT graph form, weights as constants)
into a directory, and a kernels.tsv listing each graph and its FLOPs.

Shapes are those that dominate the peer models (shared/peers): ResNet-50's
3x3 and 1x1 convolutions at 56x56, MobileNetV2's depthwise 3x3, a square
matmul and a BERT-sized projection, a classifier gemm, and a stack of 24
ResNet-like convolutions (each followed by bias and relu).
Usage: make_kernels.py OUT_DIR
"""
import json
import os
import random
import sys

rng = random.Random(20261126)


def values(count):
    return [round(rng.uniform(-0.5, 0.5), 4) for _ in range(count)]


def tensor(shape, constant):
    count = 1
    for d in shape:
        count *= d
    entry = {"descriptor": {"shape": shape, "dataType": "float32"}}
    if constant:
        entry["data"] = values(count)
        entry["constant"] = True
    return entry


def conv(name, hw, cin, cout, k, groups=1, relu=True, nchw=False):
    """NHWC input with an HWIO (IHWO for depthwise) filter, or with `nchw`
    the ONNX layouts: NCHW input, OIHW filter."""
    pad = k // 2
    if nchw:
        x, w = [1, cin, hw, hw], [cout, cin // groups, k, k]
        layouts = {"inputLayout": "nchw", "filterLayout": "oihw"}
    else:
        x = [1, hw, hw, cin]
        w = [k, k, cin // groups, cout] if groups == 1 else [1, k, k, cout]
        layouts = {"inputLayout": "nhwc",
                   "filterLayout": "hwio" if groups == 1 else "ihwo"}
    options = {"padding": [pad] * 4, "groups": groups, "bias": "b"}
    options.update(layouts)
    graph = {
        "inputs": {
            "x": tensor(x, False),
            "w": tensor(w, True),
            "b": tensor([cout], True),
        },
        "operators": [
            {"name": "conv2d",
             "arguments": [{"input": "x"}, {"filter": "w"},
                           {"options": options}],
             "outputs": "conv"},
        ],
        "outputs": ["y"],
    }
    graph["operators"].append(
        {"name": "relu" if relu else "identity",
         "arguments": [{"input": "conv"}], "outputs": "y"})
    flops = 2 * hw * hw * cout * k * k * (cin // groups)
    return name, graph, flops


def conv_stack(name, hw, channels, layers):
    """A ResNet-like stack: 1x1, 3x3, 1x1, ... convolutions, each with bias
    and relu, all with `channels` channels (NHWC, HWIO)."""
    inputs = {"x": tensor([1, hw, hw, channels], False)}
    operators = []
    current = "x"
    flops = 0
    for i in range(layers):
        k = 3 if i % 3 == 1 else 1
        inputs["w%d" % i] = tensor([k, k, channels, channels], True)
        inputs["b%d" % i] = tensor([channels], True)
        operators.append(
            {"name": "conv2d",
             "arguments": [{"input": current}, {"filter": "w%d" % i},
                           {"options": {"padding": [k // 2] * 4,
                                        "inputLayout": "nhwc",
                                        "filterLayout": "hwio",
                                        "bias": "b%d" % i}}],
             "outputs": "c%d" % i})
        operators.append({"name": "relu", "arguments": [{"input": "c%d" % i}],
                          "outputs": "r%d" % i})
        current = "r%d" % i
        flops += 2 * hw * hw * channels * channels * k * k
    graph = {"inputs": inputs, "operators": operators, "outputs": [current]}
    return name, graph, flops


def matmul(name, m, k, n):
    graph = {
        "inputs": {"a": tensor([m, k], False), "b": tensor([k, n], True)},
        "operators": [{"name": "matmul", "arguments": [{"a": "a"}, {"b": "b"}],
                       "outputs": "y"}],
        "outputs": ["y"],
    }
    return name, graph, 2 * m * k * n


def gemm(name, m, k, n):
    graph = {
        "inputs": {"a": tensor([m, k], False), "b": tensor([k, n], True),
                   "c": tensor([n], True)},
        "operators": [{"name": "gemm",
                       "arguments": [{"a": "a"}, {"b": "b"},
                                     {"options": {"c": "c"}}],
                       "outputs": "y"}],
        "outputs": ["y"],
    }
    return name, graph, 2 * m * k * n


KERNELS = [
    matmul("matmul_512", 512, 512, 512),
    matmul("matmul_bert_128x768x768", 128, 768, 768),
    gemm("gemm_1x2048x1000", 1, 2048, 1000),
    conv("conv3x3_64_56", 56, 64, 64, 3),
    conv("conv3x3_64_56_nchw", 56, 64, 64, 3, nchw=True),
    conv("conv1x1_256to64_56", 56, 256, 64, 1),
    conv("dwconv3x3_144_56", 56, 144, 144, 3, groups=144),
    conv_stack("conv_stack_24x64_56", 56, 64, 24),
]


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "kernels.tsv"), "w") as listing:
        for name, graph, flops in KERNELS:
            with open(os.path.join(out, name + ".json"), "w") as f:
                json.dump(graph, f, separators=(",", ":"))
            listing.write("%s\t%d\n" % (name, flops))


if __name__ == "__main__":
    main()
