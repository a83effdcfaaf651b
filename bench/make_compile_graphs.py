#!/usr/bin/env python3
"""Writes graph families for the compile-time benchmark (WPT graph form,
weights as constants) into a directory, and a graphs.tsv listing each graph,
its family and its number of operations.

Families, each at sizes that double (about OPS operations each):
  eltwise    a chain of element-wise ops and activations on a 16x64 tensor
  reduce     a chain of mean-centering steps: reduceMean, sub, mul
  movement   a chain of softmax, transpose, transpose on a 4x8 tensor
  transformer  encoder layers, hidden 64, 16 tokens, 4 heads (matmuls,
             reshapes, transposes, softmax, layerNormalization, gelu)
  conv       blocks of conv2d 3x3 + bias + relu on 1x8x16x16 (NHWC)
Usage: make_compile_graphs.py OUT_DIR [SIZES...]   (default 50 100 ... 1600)
"""
import json
import os
import random
import sys

rng = random.Random(20261202)


def constant(shape):
    count = 1
    for d in shape:
        count *= d
    return {"descriptor": {"shape": shape, "dataType": "float32"},
            "data": [round(rng.uniform(-0.5, 0.5), 4) for _ in range(count)],
            "constant": True}


class Graph:
    def __init__(self):
        self.inputs = {}
        self.operators = []
        self.count = 0

    def input(self, name, shape):
        self.inputs[name] = {"descriptor": {"shape": shape,
                                            "dataType": "float32"}}
        return name

    def constant(self, shape):
        name = "k%d" % len(self.inputs)
        self.inputs[name] = constant(shape)
        return name

    def op(self, name, *arguments):
        out = "t%d" % self.count
        self.count += 1
        self.operators.append({"name": name, "arguments": list(arguments),
                               "outputs": out})
        return out

    def json(self, output):
        return {"inputs": self.inputs, "operators": self.operators,
                "outputs": [output]}


def eltwise(ops):
    g = Graph()
    x = g.input("x", [16, 64])
    unary = ["relu", "sigmoid", "tanh", "exp", "neg", "abs"]
    i = 0
    while g.count < ops:
        if i % 3 == 2:
            x = g.op("add", {"a": x}, {"b": "x"})
        else:
            x = g.op(unary[i % len(unary)], {"input": x})
        i += 1
    return g.json(x)


def reduce(ops):
    g = Graph()
    x = g.input("x", [16, 64])
    while g.count < ops:
        m = g.op("reduceMean", {"input": x},
                 {"options": {"axes": [1], "keepDimensions": True}})
        d = g.op("sub", {"a": x}, {"b": m})
        x = g.op("mul", {"a": d}, {"b": d})
    return g.json(x)


def movement(ops):
    g = Graph()
    x = g.input("x", [4, 8])
    while g.count < ops:
        x = g.op("softmax", {"input": x}, {"axis": 1})
        x = g.op("transpose", {"input": x})
        x = g.op("transpose", {"input": x})
    return g.json(x)


def transformer(ops, tokens=16, hidden=64, heads=4):
    g = Graph()
    x = g.input("x", [tokens, hidden])
    head = hidden // heads

    def layer_norm(v):
        return g.op("layerNormalization", {"input": v},
                    {"options": {"scale": g.constant([hidden]),
                                 "bias": g.constant([hidden]),
                                 "axes": [1]}})

    def split_heads(v):
        v = g.op("reshape", {"input": v}, {"newShape": [tokens, heads, head]})
        return g.op("transpose", {"input": v},
                    {"options": {"permutation": [1, 0, 2]}})

    while g.count < ops:
        q = split_heads(g.op("matmul", {"a": x},
                             {"b": g.constant([hidden, hidden])}))
        k = split_heads(g.op("matmul", {"a": x},
                             {"b": g.constant([hidden, hidden])}))
        v = split_heads(g.op("matmul", {"a": x},
                             {"b": g.constant([hidden, hidden])}))
        kt = g.op("transpose", {"input": k},
                  {"options": {"permutation": [0, 2, 1]}})
        s = g.op("matmul", {"a": q}, {"b": kt})
        s = g.op("mul", {"a": s}, {"b": g.constant([1])})
        p = g.op("softmax", {"input": s}, {"axis": 2})
        a = g.op("matmul", {"a": p}, {"b": v})
        a = g.op("transpose", {"input": a},
                 {"options": {"permutation": [1, 0, 2]}})
        a = g.op("reshape", {"input": a}, {"newShape": [tokens, hidden]})
        a = g.op("matmul", {"a": a}, {"b": g.constant([hidden, hidden])})
        x = layer_norm(g.op("add", {"a": x}, {"b": a}))
        f = g.op("gemm", {"a": x}, {"b": g.constant([hidden, 2 * hidden])},
                 {"options": {"c": g.constant([2 * hidden])}})
        f = g.op("gelu", {"input": f})
        f = g.op("gemm", {"a": f}, {"b": g.constant([2 * hidden, hidden])},
                 {"options": {"c": g.constant([hidden])}})
        x = layer_norm(g.op("add", {"a": x}, {"b": f}))
    return g.json(x)


def conv(ops, hw=16, channels=8):
    g = Graph()
    x = g.input("x", [1, hw, hw, channels])
    while g.count < ops:
        c = g.op("conv2d", {"input": x},
                 {"filter": g.constant([3, 3, channels, channels])},
                 {"options": {"padding": [1, 1, 1, 1], "inputLayout": "nhwc",
                              "filterLayout": "hwio",
                              "bias": g.constant([channels])}})
        x = g.op("relu", {"input": c})
    return g.json(x)


FAMILIES = {"eltwise": eltwise, "reduce": reduce, "movement": movement,
            "transformer": transformer, "conv": conv}


def main():
    out = sys.argv[1]
    sizes = [int(s) for s in sys.argv[2:]] or [50, 100, 200, 400, 800, 1600]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "graphs.tsv"), "w") as listing:
        for family, make in FAMILIES.items():
            for size in sizes:
                graph = make(size)
                name = "%s_%d" % (family, size)
                with open(os.path.join(out, name + ".json"), "w") as f:
                    json.dump(graph, f, separators=(",", ":"))
                listing.write("%s\t%s\t%d\n" % (name, family,
                                                len(graph["operators"])))


if __name__ == "__main__":
    main()
