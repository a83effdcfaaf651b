#!/usr/bin/env python3
"""Writes single-operation benchmarks in two forms with the same weights: a
WPT graph (for webnn-compile) and an ONNX model (for ONNX Runtime), and an
ops.tsv listing each benchmark and its graph inputs (name, ONNX type,
shape) for the ORT runner.

  resample2d   linear, [1, 64, 56, 56] -> [1, 64, 112, 112] (ONNX Resize,
               half_pixel)
  dequant_mm   [128, 768] x dequantizeLinear(int8 [768, 768], per-column
               float32 scales and zero points) (ONNX DequantizeLinear axis 1
               + MatMul)
  scatternd    [4096, 256] with 1024 distinct rows replaced (ONNX ScatterND)
  lstm         1 layer, forward, hidden 256, input 256, 100 steps, batch 1,
               bias and recurrent bias; the last hidden and cell states
               (ONNX LSTM, whose default gate order i, o, f, c is WebNN's
               iofg)

Usage: make_op_benchmarks.py OUT_DIR   (needs python3-onnx)
"""
import json
import os
import random
import sys

import onnx
from onnx import TensorProto, helper

rng = random.Random(20261202)


def wpt_tensor(shape, data_type, data=None):
    entry = {"descriptor": {"shape": shape, "dataType": data_type}}
    if data is not None:
        entry["data"] = data
        entry["constant"] = True
    return entry


def write(out, name, graph, model, inputs, outputs=("y",)):
    graph["outputs"] = list(outputs)
    with open(os.path.join(out, name + ".json"), "w") as f:
        json.dump({"graph": graph}, f)
    onnx.save(model, os.path.join(out, name + ".onnx"))
    return name + "\t" + ";".join(
        f"{n}:{t}:{'x'.join(map(str, s))}" for n, t, s in inputs)


def resample(out):
    graph = {
        "inputs": {"x": wpt_tensor([1, 64, 56, 56], "float32")},
        "operators": [{"name": "resample2d",
                       "arguments": [{"input": "x"},
                                     {"options": {"mode": "linear",
                                                  "sizes": [112, 112]}}],
                       "outputs": "y"}],
    }
    sizes = helper.make_tensor("sizes", TensorProto.INT64, [4],
                               [1, 64, 112, 112])
    node = helper.make_node("Resize", ["x", "", "", "sizes"], ["y"],
                            mode="linear",
                            coordinate_transformation_mode="half_pixel")
    g = helper.make_graph(
        [node], "resample",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 64, 56, 56])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT,
                                       [1, 64, 112, 112])], [sizes])
    model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
    return write(out, "resample2d", graph, model,
                 [("x", "float32", [1, 64, 56, 56])])


def dequant_matmul(out):
    k = n = 768
    weights = [rng.randint(-127, 127) for _ in range(k * n)]
    scales = [round(rng.uniform(0.001, 0.01), 6) for _ in range(n)]
    zeros = [0] * n
    graph = {
        "inputs": {"x": wpt_tensor([128, k], "float32"),
                   "w": wpt_tensor([k, n], "int8", weights),
                   "s": wpt_tensor([n], "float32", scales),
                   "z": wpt_tensor([n], "int8", zeros)},
        "operators": [
            {"name": "dequantizeLinear",
             "arguments": [{"input": "w"}, {"scale": "s"}, {"zeroPoint": "z"}],
             "outputs": "wf"},
            {"name": "matmul", "arguments": [{"a": "x"}, {"b": "wf"}],
             "outputs": "y"}],
    }
    init = [helper.make_tensor("w", TensorProto.INT8, [k, n], weights),
            helper.make_tensor("s", TensorProto.FLOAT, [n], scales),
            helper.make_tensor("z", TensorProto.INT8, [n], zeros)]
    nodes = [helper.make_node("DequantizeLinear", ["w", "s", "z"], ["wf"],
                              axis=1),
             helper.make_node("MatMul", ["x", "wf"], ["y"])]
    g = helper.make_graph(
        nodes, "dequant_mm",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [128, k])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [128, n])],
        init)
    model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
    return write(out, "dequant_mm", graph, model,
                 [("x", "float32", [128, k])])


def scatter(out):
    rows, width, count = 4096, 256, 1024
    indices = rng.sample(range(rows), count)
    graph = {
        "inputs": {"data": wpt_tensor([rows, width], "float32"),
                   "indices": wpt_tensor([count, 1], "int64", indices),
                   "updates": wpt_tensor([count, width], "float32")},
        "operators": [{"name": "scatterND",
                       "arguments": [{"input": "data"}, {"indices": "indices"},
                                     {"updates": "updates"}],
                       "outputs": "y"}],
    }
    init = [helper.make_tensor("indices", TensorProto.INT64, [count, 1],
                               indices)]
    node = helper.make_node("ScatterND", ["data", "indices", "updates"], ["y"])
    g = helper.make_graph(
        [node], "scatternd",
        [helper.make_tensor_value_info("data", TensorProto.FLOAT,
                                       [rows, width]),
         helper.make_tensor_value_info("updates", TensorProto.FLOAT,
                                       [count, width])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [rows, width])],
        init)
    model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
    return write(out, "scatternd", graph, model,
                 [("data", "float32", [rows, width]),
                  ("updates", "float32", [count, width])])


def lstm(out):
    steps, hidden, size = 100, 256, 256
    gates = 4 * hidden

    def uniform(count):
        return [round(rng.uniform(-0.1, 0.1), 4) for _ in range(count)]

    w, r = uniform(gates * size), uniform(gates * hidden)
    b, rb = uniform(gates), uniform(gates)
    graph = {
        "inputs": {"x": wpt_tensor([steps, 1, size], "float32"),
                   "w": wpt_tensor([1, gates, size], "float32", w),
                   "r": wpt_tensor([1, gates, hidden], "float32", r),
                   "b": wpt_tensor([1, gates], "float32", b),
                   "rb": wpt_tensor([1, gates], "float32", rb)},
        "operators": [{"name": "lstm",
                       "arguments": [{"input": "x"}, {"weight": "w"},
                                     {"recurrentWeight": "r"},
                                     {"steps": steps}, {"hiddenSize": hidden},
                                     {"options": {"bias": "b",
                                                  "recurrentBias": "rb"}}],
                       "outputs": ["h", "c"]}],
    }
    init = [helper.make_tensor("w", TensorProto.FLOAT, [1, gates, size], w),
            helper.make_tensor("r", TensorProto.FLOAT, [1, gates, hidden], r),
            helper.make_tensor("b", TensorProto.FLOAT, [1, 2 * gates],
                               b + rb)]
    node = helper.make_node("LSTM", ["x", "w", "r", "b"], ["", "h", "c"],
                            hidden_size=hidden)
    g = helper.make_graph(
        [node], "lstm",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                       [steps, 1, size])],
        [helper.make_tensor_value_info("h", TensorProto.FLOAT,
                                       [1, 1, hidden]),
         helper.make_tensor_value_info("c", TensorProto.FLOAT,
                                       [1, 1, hidden])], init)
    model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
    return write(out, "lstm", graph, model, [("x", "float32", [steps, 1, size])],
                 outputs=("h", "c"))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    lines = [resample(out), dequant_matmul(out), scatter(out), lstm(out)]
    with open(os.path.join(out, "ops.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
