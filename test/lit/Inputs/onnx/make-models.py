# Writes the small ONNX models the importer's error tests read:
#   make-models.py OUT_DIR
import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper
import onnx

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
F = TensorProto.FLOAT


def save(name, nodes, inputs, outputs, inits=(), opset=13, domains=()):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    imports = [helper.make_opsetid("", opset)]
    imports += [helper.make_opsetid(d, 1) for d in domains]
    model = helper.make_model(graph, opset_imports=imports)
    model.ir_version = 7
    onnx.save(model, os.path.join(out, name + ".onnx"))


def value(name, shape, elem=F):
    return helper.make_tensor_value_info(name, elem, shape)


x = value("x", [1, 3, 4, 4])
y = value("y", None)

save("unsupported", [
    helper.make_node("Relu", ["x"], ["r"]),
    helper.make_node("NonMaxSuppression", ["r", "r"], ["n1"], name="nms_a"),
    helper.make_node("RoiAlign", ["r", "r", "r"], ["l"], name="roi_1"),
    helper.make_node("NonMaxSuppression", ["n1", "r"], ["n2"], name="nms_b"),
    helper.make_node("FusedConv", ["x", "x"], ["y"], name="fused",
                     domain="com.microsoft")], [x], [y],
    domains=["com.microsoft"])
save("free-dims", [helper.make_node("Relu", ["x"], ["y"])],
     [value("x", ["batch", 3, "seq"])], [y])
save("unnamed-dim", [helper.make_node("Relu", ["x"], ["y"])],
     [value("x", [None, 3])], [y])
save("opset5", [helper.make_node("Relu", ["x"], ["y"])], [x], [y], opset=5)
save("double-input", [helper.make_node("Relu", ["x"], ["y"])],
     [value("x", [2], TensorProto.DOUBLE)], [y])
save("computed-shape", [helper.make_node("Reshape", ["x", "s"], ["y"])],
     [x, value("s", [2], TensorProto.INT64)], [y])
save("bad-auto-pad", [helper.make_node("Conv", ["x", "w"], ["y"],
                                       auto_pad="SOMETIMES")], [x], [y],
     [numpy_helper.from_array(np.ones((2, 3, 3, 3), np.float32), "w")])

# Sizes that would wrap as WebNN's 32-bit numbers, or explode index tables.
save("huge-stride", [helper.make_node("Conv", ["x", "w"], ["y"],
                                      strides=[2**32 + 2, 1])], [x], [y],
     [numpy_helper.from_array(np.ones((2, 3, 3, 3), np.float32), "w")])
save("huge-resize", [helper.make_node("Resize", ["x", "", "", "sizes"], ["y"])],
     [x], [y], [numpy_helper.from_array(
         np.array([1, 3, 10**9, 4], dtype=np.int64), "sizes")])

# External data: w [4, 2] at byte 16 of weights.bin.
w = np.arange(8, dtype=np.float32).reshape(4, 2)
with open(os.path.join(out, "weights.bin"), "wb") as f:
    f.write(b"\0" * 16 + w.tobytes())


def external(name, location, offset=16, length=32):
    t = TensorProto(name="w", data_type=F, dims=[4, 2])
    t.data_location = TensorProto.EXTERNAL
    for key, val in [("location", location), ("offset", str(offset)),
                     ("length", str(length))]:
        entry = t.external_data.add()
        entry.key, entry.value = key, val
    save(name, [helper.make_node("MatMul", ["a", "w"], ["y"])],
         [value("a", [1, 4])], [y], [t])


external("external", "weights.bin")
external("external-missing", "absent.bin")
external("external-outside", "../weights.bin")
external("external-short", "weights.bin", offset=24)
with open(os.path.join(out, "garbage.onnx"), "wb") as f:
    f.write(b"\xff\xfe this is not a protobuf \x00\x01")
