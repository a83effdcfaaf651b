#!/usr/bin/python3
"""Writes the test models as ONNX files (opset 17, float32, batch 1).

  make_models.py OUTDIR [--only NAME,...] [--seed S]

Models (random weights from a fixed seed, scaled so that activations stay
near unit size through the whole network):
  resnet50      ResNet-50 v1.5 (torchvision layout: stride on the 3x3 conv,
                BatchNormalization after every conv), 1x3x224x224 -> 1x1000
  mobilenetv2   MobileNetV2 1.0 / 224, ReLU6 as Clip(0, 6), 1x3x224x224 -> 1x1000
  squeezenet11  SqueezeNet 1.1 (ceil-mode max pools), 1x3x224x224 -> 1x1000
  lenet5        LeNet-5 (conv 5x5 pad 2, pool, conv 5x5, pool, 3 Gemm), 1x1x28x28 -> 1x10
  bert2         2 BERT-base encoder layers: seq 128, hidden 768, 12 heads, FFN 3072,
                MatMul + Add, Softmax, LayerNormalization, Gelu written with Erf;
                1x128x768 -> 1x128x768

Each model has one input "input" and one output "output". Writes
OUTDIR/NAME.onnx and OUTDIR/NAME.input.npy (the reference input, see
model_inputs.py); files already newer than this script are kept.
"""
import argparse
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_inputs import reference_input  # noqa: E402

OPSET = 17
SEED = 20240601


class Net:
    """Collects nodes and initializers; names values by kind and counter."""

    def __init__(self, name, seed):
        self.name = name
        self.rand = np.random.default_rng(seed)
        self.nodes, self.weights = [], []
        self.count = 0
        self.scalars = {}

    def fresh(self, kind):
        self.count += 1
        return f"{kind}{self.count}"

    def weight(self, array, kind="w"):
        name = self.fresh(kind)
        self.weights.append(numpy_helper.from_array(
            np.ascontiguousarray(array), name))
        return name

    def scalar(self, value):
        if value not in self.scalars:
            self.scalars[value] = self.weight(np.array(value, np.float32), "c")
        return self.scalars[value]

    def node(self, op, inputs, **attrs):
        out = self.fresh(op.lower() + "_")
        self.nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def normal(self, shape, std):
        return (self.rand.standard_normal(shape) * std).astype(np.float32)

    # Layers --------------------------------------------------------------
    def conv(self, x, cin, cout, k, stride=1, pad=0, groups=1, bias=True,
             gain=2.0):
        fan_in = cin // groups * k * k
        inputs = [x, self.weight(self.normal((cout, cin // groups, k, k),
                                             math.sqrt(gain / fan_in)))]
        if bias:
            inputs.append(self.weight(self.normal(cout, 0.01), "b"))
        return self.node("Conv", inputs, kernel_shape=[k, k],
                         strides=[stride, stride], pads=[pad] * 4,
                         group=groups)

    def batch_norm(self, x, channels, scale=1.0):
        r = self.rand
        params = [
            (r.uniform(0.8, 1.2, channels) * scale).astype(np.float32),
            self.normal(channels, 0.05),
            self.normal(channels, 0.05),
            r.uniform(0.8, 1.2, channels).astype(np.float32),
        ]
        return self.node("BatchNormalization",
                         [x] + [self.weight(p, "bn") for p in params],
                         epsilon=1e-5)

    def conv_bn(self, x, cin, cout, k, stride=1, pad=0, groups=1, scale=1.0,
                gain=2.0):
        y = self.conv(x, cin, cout, k, stride, pad, groups, False, gain)
        return self.batch_norm(y, cout, scale)

    def relu(self, x):
        return self.node("Relu", [x])

    def relu6(self, x):
        return self.node("Clip", [x, self.scalar(0.0), self.scalar(6.0)])

    def fc(self, x, fin, fout, gain=1.0):
        w = self.normal((fout, fin), math.sqrt(gain / fin))
        return self.node("Gemm", [x, self.weight(w), self.weight(
            self.normal(fout, 0.01), "b")], transB=1)

    def dense(self, x, fin, fout):
        """MatMul by a [fin, fout] weight, then Add of the bias."""
        y = self.node("MatMul", [x, self.weight(
            self.normal((fin, fout), math.sqrt(1.0 / fin)))])
        return self.node("Add", [y, self.weight(self.normal(fout, 0.01), "b")])

    def head(self, x):
        x = self.node("GlobalAveragePool", [x])
        return self.node("Flatten", [x], axis=1)

    def model(self, in_shape, out, out_shape, doc):
        self.nodes[-1].output[0] = "output"
        assert self.nodes[-1].name == out
        graph = helper.make_graph(
            self.nodes, self.name,
            [helper.make_tensor_value_info("input", TensorProto.FLOAT,
                                           in_shape)],
            [helper.make_tensor_value_info("output", TensorProto.FLOAT,
                                           out_shape)],
            initializer=self.weights)
        m = helper.make_model(graph, doc_string=doc,
                              producer_name="webnn-mlir make_models.py",
                              opset_imports=[helper.make_opsetid("", OPSET)])
        m.ir_version = 8
        return m


def resnet50(seed):
    n = Net("resnet50", seed)
    x = n.relu(n.conv_bn("input", 3, 64, 7, 2, 3))
    x = n.node("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2],
               pads=[1, 1, 1, 1])
    cin = 64
    for width, blocks, first_stride in [(64, 3, 1), (128, 4, 2), (256, 6, 2),
                                        (512, 3, 2)]:
        for b in range(blocks):
            stride = first_stride if b == 0 else 1
            cout = 4 * width
            h = n.relu(n.conv_bn(x, cin, width, 1))
            h = n.relu(n.conv_bn(h, width, width, 3, stride, 1))
            # A small scale on the branch's last norm keeps the residual
            # sum from growing block after block.
            h = n.conv_bn(h, width, cout, 1, scale=0.3)
            skip = n.conv_bn(x, cin, cout, 1, stride) if b == 0 else x
            x = n.relu(n.node("Add", [h, skip]))
            cin = cout
    x = n.fc(n.head(x), 2048, 1000)
    return n.model([1, 3, 224, 224], x, [1, 1000], "ResNet-50 v1.5, random weights")


def mobilenetv2(seed):
    n = Net("mobilenetv2", seed)
    x = n.relu6(n.conv_bn("input", 3, 32, 3, 2, 1))
    cin = 32
    for expand, cout, repeats, first_stride in [
            (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
            (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]:
        for r in range(repeats):
            stride = first_stride if r == 0 else 1
            hidden = cin * expand
            residual = stride == 1 and cin == cout
            h = x if expand == 1 else n.relu6(n.conv_bn(x, cin, hidden, 1))
            h = n.relu6(n.conv_bn(h, hidden, hidden, 3, stride, 1, hidden))
            h = n.conv_bn(h, hidden, cout, 1, scale=0.5 if residual else 1.0,
                          gain=1.0)
            x = n.node("Add", [x, h]) if residual else h
            cin = cout
    x = n.relu6(n.conv_bn(x, 320, 1280, 1))
    x = n.fc(n.head(x), 1280, 1000)
    return n.model([1, 3, 224, 224], x, [1, 1000], "MobileNetV2 1.0 224, random weights")


def squeezenet11(seed):
    n = Net("squeezenet11", seed)

    def fire(x, cin, squeeze, expand):
        s = n.relu(n.conv(x, cin, squeeze, 1))
        e1 = n.relu(n.conv(s, squeeze, expand, 1))
        e3 = n.relu(n.conv(s, squeeze, expand, 3, 1, 1))
        return n.node("Concat", [e1, e3], axis=1)

    def pool(x):
        return n.node("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2],
                      ceil_mode=1)

    x = pool(n.relu(n.conv("input", 3, 64, 3, 2)))
    x = pool(fire(fire(x, 64, 16, 64), 128, 16, 64))
    x = pool(fire(fire(x, 128, 32, 128), 256, 32, 128))
    for cin, squeeze, expand in [(256, 48, 192), (384, 48, 192),
                                 (384, 64, 256), (512, 64, 256)]:
        x = fire(x, cin, squeeze, expand)
    x = n.head(n.relu(n.conv(x, 512, 1000, 1)))
    return n.model([1, 3, 224, 224], x, [1, 1000], "SqueezeNet 1.1, random weights")


def lenet5(seed):
    n = Net("lenet5", seed)
    x = n.relu(n.conv("input", 1, 6, 5, 1, 2))
    x = n.node("MaxPool", [x], kernel_shape=[2, 2], strides=[2, 2])
    x = n.relu(n.conv(x, 6, 16, 5))
    x = n.node("MaxPool", [x], kernel_shape=[2, 2], strides=[2, 2])
    x = n.node("Flatten", [x], axis=1)
    x = n.relu(n.fc(x, 400, 120, 2.0))
    x = n.relu(n.fc(x, 120, 84, 2.0))
    x = n.fc(x, 84, 10)
    return n.model([1, 1, 28, 28], x, [1, 10], "LeNet-5, random weights")


def bert2(seed, layers=2, seq=128, hidden=768, heads=12, ffn=3072):
    n = Net("bert2", seed)
    head_dim = hidden // heads
    split = n.weight(np.array([1, seq, heads, head_dim], np.int64), "shape")
    merge = n.weight(np.array([1, seq, hidden], np.int64), "shape")

    def norm(x):
        gamma = n.rand.uniform(0.9, 1.1, hidden).astype(np.float32)
        return n.node("LayerNormalization",
                      [x, n.weight(gamma, "ln"),
                       n.weight(n.normal(hidden, 0.02), "ln")],
                      axis=-1, epsilon=1e-12)

    def heads_of(x, perm):
        return n.node("Transpose", [n.node("Reshape", [x, split])], perm=perm)

    def gelu(x):  # x/2 * (1 + erf(x / sqrt(2)))
        e = n.node("Erf", [n.node("Mul", [x, n.scalar(1 / math.sqrt(2))])])
        return n.node("Mul", [n.node("Mul", [x, n.scalar(0.5)]),
                              n.node("Add", [e, n.scalar(1.0)])])

    x = "input"
    for _ in range(layers):
        q = heads_of(n.dense(x, hidden, hidden), [0, 2, 1, 3])
        k = heads_of(n.dense(x, hidden, hidden), [0, 2, 3, 1])
        v = heads_of(n.dense(x, hidden, hidden), [0, 2, 1, 3])
        s = n.node("Mul", [n.node("MatMul", [q, k]),
                           n.scalar(1 / math.sqrt(head_dim))])
        p = n.node("Softmax", [s], axis=-1)
        c = n.node("Transpose", [n.node("MatMul", [p, v])], perm=[0, 2, 1, 3])
        c = n.node("Reshape", [c, merge])
        x = norm(n.node("Add", [x, n.dense(c, hidden, hidden)]))
        h = n.dense(gelu(n.dense(x, hidden, ffn)), ffn, hidden)
        x = norm(n.node("Add", [x, h]))
    return n.model([1, seq, hidden], x, [1, seq, hidden],
                   f"BERT-base encoder, {layers} layers, seq {seq}, random weights")


MODELS = {"resnet50": resnet50, "mobilenetv2": mobilenetv2,
          "squeezenet11": squeezenet11, "lenet5": lenet5, "bert2": bert2}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--only", default="")
    ap.add_argument("--seed", type=int, default=SEED)
    a = ap.parse_args()
    names = [s for s in a.only.split(",") if s] or list(MODELS)
    for name in names:
        if name not in MODELS:
            sys.exit(f"make_models.py: unknown model '{name}' "
                     f"(known: {', '.join(MODELS)})")
    os.makedirs(a.outdir, exist_ok=True)
    script_time = os.path.getmtime(__file__)
    for name in names:
        path = os.path.join(a.outdir, name + ".onnx")
        inp = os.path.join(a.outdir, name + ".input.npy")
        if (os.path.exists(path) and os.path.exists(inp) and
                os.path.getmtime(inp) > script_time and a.seed == SEED):
            continue
        model = MODELS[name](a.seed)
        onnx.checker.check_model(model, full_check=True)
        tmp = path + ".tmp"
        onnx.save(model, tmp)
        os.replace(tmp, path)
        shape = [d.dim_value for d in
                 model.graph.input[0].type.tensor_type.shape.dim]
        np.save(inp + ".tmp.npy", reference_input(shape))
        os.replace(inp + ".tmp.npy", inp)
        print(f"{path}: {len(model.graph.node)} nodes, "
              f"{sum(int(np.prod(t.dims)) for t in model.graph.initializer) / 1e6:.2f}M weights")


if __name__ == "__main__":
    main()
