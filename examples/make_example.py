#!/usr/bin/env python3
"""Writes the bundled example: a small MNIST-sized CNN in the WPT graph form
(small_cnn.json, weights inline as constants) and an input (input.npy).

conv2d 5x5 (8) + bias + relu -> maxPool2d 2x2 -> conv2d 3x3 (16) + bias +
relu -> averagePool2d 2x2 -> reshape -> gemm (10) + c -> softmax.
Weights are deterministic pseudo-random numbers; no third-party packages.
"""
import json
import math
import os
import random
import struct

rng = random.Random(20261126)


def weights(count, fan_in):
    scale = math.sqrt(2.0 / fan_in)
    return [round(rng.uniform(-1, 1) * scale, 6) for _ in range(count)]


def constant(shape, data):
    return {"data": data, "descriptor": {"shape": shape, "dataType": "float32"},
            "constant": True}


graph = {
    "inputs": {
        "input": {"descriptor": {"shape": [1, 1, 28, 28], "dataType": "float32"}},
        "conv1.weight": constant([8, 1, 5, 5], weights(8 * 25, 25)),
        "conv1.bias": constant([8], weights(8, 25)),
        "conv2.weight": constant([16, 8, 3, 3], weights(16 * 8 * 9, 72)),
        "conv2.bias": constant([16], weights(16, 72)),
        "fc.weight": constant([784, 10], weights(784 * 10, 784)),
        "fc.bias": constant([10], weights(10, 784)),
    },
    "operators": [
        {"name": "conv2d", "arguments": [{"input": "input"}, {"filter": "conv1.weight"},
                                         {"options": {"padding": [2, 2, 2, 2], "bias": "conv1.bias"}}],
         "outputs": "conv1"},
        {"name": "relu", "arguments": [{"input": "conv1"}], "outputs": "relu1"},
        {"name": "maxPool2d", "arguments": [{"input": "relu1"},
                                            {"options": {"windowDimensions": [2, 2], "strides": [2, 2]}}],
         "outputs": "pool1"},
        {"name": "conv2d", "arguments": [{"input": "pool1"}, {"filter": "conv2.weight"},
                                         {"options": {"padding": [1, 1, 1, 1], "bias": "conv2.bias"}}],
         "outputs": "conv2"},
        {"name": "relu", "arguments": [{"input": "conv2"}], "outputs": "relu2"},
        {"name": "averagePool2d", "arguments": [{"input": "relu2"},
                                                {"options": {"windowDimensions": [2, 2], "strides": [2, 2]}}],
         "outputs": "pool2"},
        {"name": "reshape", "arguments": [{"input": "pool2"}, {"newShape": [1, 784]}],
         "outputs": "flat"},
        {"name": "gemm", "arguments": [{"a": "flat"}, {"b": "fc.weight"}, {"options": {"c": "fc.bias"}}],
         "outputs": "logits"},
        {"name": "softmax", "arguments": [{"input": "logits"}, {"axis": 1}], "outputs": "probabilities"},
    ],
    "outputs": ["probabilities"],
}

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "small_cnn.json"), "w") as f:
    json.dump(graph, f, separators=(",", ":"))
    f.write("\n")

# A "digit": a ring drawn on the 28x28 canvas, as a float32 .npy (v1.0).
pixels = []
for y in range(28):
    for x in range(28):
        r = math.hypot(x - 13.5, y - 13.5)
        pixels.append(max(0.0, 1.0 - abs(r - 8.0) / 2.0))
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 28, 28), }"
header += " " * (63 - (10 + len(header)) % 64) + "\n"
with open(os.path.join(here, "input.npy"), "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
    f.write(struct.pack("<%df" % len(pixels), *pixels))
