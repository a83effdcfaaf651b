#!/usr/bin/env python3
"""Writes small ONNX models, one per operator form, for the ONNX importer's
end-to-end test (run_op_models.sh).

Each case is a model plus its inputs: OUT/<case>.onnx, OUT/<case>.<input>.npy
(for webnn-run) and OUT/<case>.<input>.bin (raw, for ONNX Runtime), and
OUT/cases.json lists them. The cases cover the attribute forms of opsets 7 to
21 the importer maps: attributes that became inputs, legacy Softmax, Resize's
coordinate modes, Pad's modes, free dimensions, shape arithmetic.

usage: make_op_models.py OUT_DIR
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FLOAT = TensorProto.FLOAT
INT64 = TensorProto.INT64
BOOL = TensorProto.BOOL
UINT8 = TensorProto.UINT8

rng = np.random.default_rng(20261207)
cases = []


def rand(*shape, low=-1.0, high=1.0):
    return rng.uniform(low, high, size=shape).astype(np.float32)


def init(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def case(name, opset, nodes, inputs, outputs, initializers=(), dims=None,
         tolerance=1e-4):
    """inputs: {name: ndarray} (or (ndarray, onnx shape with dim_params));
    outputs: {name: elem_type}."""
    value_infos = []
    feeds = {}
    for input_name, value in inputs.items():
        shape = None
        if isinstance(value, tuple):
            value, shape = value
        elem = helper.np_dtype_to_tensor_dtype(value.dtype) \
            if hasattr(helper, "np_dtype_to_tensor_dtype") \
            else onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[value.dtype]
        value_infos.append(helper.make_tensor_value_info(
            input_name, elem, shape if shape is not None else value.shape))
        feeds[input_name] = value
    output_infos = [helper.make_tensor_value_info(n, t, None)
                    for n, t in outputs.items()]
    graph = helper.make_graph(nodes, name, value_infos, output_infos,
                              list(initializers))
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 7 if opset <= 15 else 8
    cases.append((name, model, feeds, list(outputs), dims or {}, tolerance))


def node(op, inputs, outputs, **attrs):
    return helper.make_node(op, inputs, outputs, **attrs)


def build_cases():
    # Element-wise and activations.
    for op in ["Relu", "Sigmoid", "Tanh", "Erf", "Exp", "Abs", "Neg", "Floor",
               "Ceil", "Softplus", "Softsign", "HardSwish", "Sin", "Cos"]:
        case(op.lower(), 17, [node(op, ["x"], ["y"])], {"x": rand(2, 3, 4)},
             {"y": FLOAT})
    case("sqrt_log_reciprocal", 13,
         [node("Sqrt", ["x"], ["s"]), node("Log", ["s"], ["l"]),
          node("Reciprocal", ["x"], ["r"]), node("Add", ["l", "r"], ["y"])],
         {"x": rand(3, 5, low=0.5, high=2.0)}, {"y": FLOAT})
    case("leakyrelu_elu_hardsigmoid", 16,
         [node("LeakyRelu", ["x"], ["a"], alpha=0.2),
          node("Elu", ["a"], ["b"], alpha=0.7),
          node("HardSigmoid", ["b"], ["y"], alpha=0.3, beta=0.4)],
         {"x": rand(2, 8, low=-3, high=3)}, {"y": FLOAT})
    case("prelu", 9, [node("PRelu", ["x", "slope"], ["y"])],
         {"x": rand(1, 4, 3, 3)}, {"y": FLOAT},
         [init("slope", rand(4, 1, 1))])
    case("gelu_none", 20, [node("Gelu", ["x"], ["y"])], {"x": rand(4, 6) * 3},
         {"y": FLOAT})
    case("gelu_tanh", 20, [node("Gelu", ["x"], ["y"], approximate="tanh")],
         {"x": rand(4, 6) * 3}, {"y": FLOAT})
    case("clip_attributes_opset6", 7,
         [node("Clip", ["x"], ["y"], min=-0.5, max=0.25)], {"x": rand(3, 4)},
         {"y": FLOAT})
    case("clip_inputs_opset13", 13,
         [node("Clip", ["x", "lo", "hi"], ["y"])], {"x": rand(3, 4)},
         {"y": FLOAT}, [init("lo", np.float32(-0.3)),
                        init("hi", np.float32(0.6))])
    case("clip_max_only", 13, [node("Clip", ["x", "", "hi"], ["y"])],
         {"x": rand(3, 4)}, {"y": FLOAT}, [init("hi", np.float32(0.1))])
    case("clip_computed_bounds", 12, [node("Clip", ["x", "lo"], ["y"])],
         {"x": rand(3, 4), "lo": np.array(-0.2, dtype=np.float32)},
         {"y": FLOAT})
    case("binary_broadcast", 14,
         [node("Add", ["a", "b"], ["s"]), node("Mul", ["s", "b"], ["m"]),
          node("Sub", ["m", "a"], ["d"]), node("Div", ["d", "c"], ["y"])],
         {"a": rand(2, 3, 4), "b": rand(4), "c": rand(3, 1, low=1, high=2)},
         {"y": FLOAT})
    case("pow_min_max_sum_mean", 13,
         [node("Pow", ["a", "two"], ["p"]), node("Min", ["p", "b", "a"], ["mn"]),
          node("Max", ["p", "b"], ["mx"]), node("Sum", ["mn", "mx", "a"], ["s"]),
          node("Mean", ["s", "b"], ["y"])],
         {"a": rand(2, 5), "b": rand(5)}, {"y": FLOAT},
         [init("two", np.float32(2.0))])
    case("compare_where", 16,
         [node("Greater", ["a", "b"], ["g"]), node("Less", ["a", "zero"], ["l"]),
          node("Equal", ["g", "l"], ["e"]), node("Not", ["e"], ["n"]),
          node("Or", ["n", "g"], ["o"]), node("And", ["o", "l"], ["an"]),
          node("Where", ["an", "a", "b"], ["y"]),
          node("GreaterOrEqual", ["a", "b"], ["ge"]),
          node("Where", ["ge", "b", "a"], ["y2"])],
         {"a": rand(3, 4), "b": rand(4)}, {"y": FLOAT, "y2": FLOAT},
         [init("zero", np.float32(0))])
    case("compare_bool_output", 13,
         [node("LessOrEqual", ["a", "b"], ["y"])],
         {"a": rand(3, 4), "b": rand(3, 4)}, {"y": BOOL})
    # Matrix products.
    case("gemm_trans_alpha_beta", 13,
         [node("Gemm", ["a", "b", "c"], ["y"], alpha=0.5, beta=2.0,
               transA=1, transB=1)],
         {"a": rand(6, 4)}, {"y": FLOAT},
         [init("b", rand(5, 6)), init("c", rand(5))])
    case("gemm_no_c_opset11", 11, [node("Gemm", ["a", "b"], ["y"])],
         {"a": rand(3, 4)}, {"y": FLOAT}, [init("b", rand(4, 5))])
    case("matmul_batched_broadcast", 13,
         [node("MatMul", ["a", "b"], ["y"])],
         {"a": rand(2, 3, 4, 5)}, {"y": FLOAT}, [init("b", rand(5, 6))])
    # One row by a constant with many columns: packed into panels on the
    # codegen path.
    case("gemm_row_panels", 13,
         [node("Gemm", ["a", "b", "c"], ["y"], alpha=0.5, beta=2.0,
               transB=1)],
         {"a": rand(1, 70)}, {"y": FLOAT},
         [init("b", rand(200, 70)), init("c", rand(200))])
    case("matmul_row_panels", 13, [node("MatMul", ["a", "b"], ["y"])],
         {"a": rand(1, 1, 33)}, {"y": FLOAT}, [init("b", rand(33, 130))])
    case("matmul_vector", 13,
         [node("MatMul", ["v", "b"], ["y"]), node("MatMul", ["b2", "v2"], ["z"])],
         {"v": rand(5), "v2": rand(4)}, {"y": FLOAT, "z": FLOAT},
         [init("b", rand(5, 3)), init("b2", rand(2, 6, 4))])
    # Convolution and pooling.
    case("conv_pads_strides_group", 11,
         [node("Conv", ["x", "w", "bias"], ["y"], pads=[1, 0, 2, 1],
               strides=[2, 1], dilations=[1, 2], group=3)],
         {"x": rand(1, 6, 9, 10)}, {"y": FLOAT},
         [init("w", rand(9, 2, 3, 3)), init("bias", rand(9))])
    case("conv_same_upper", 11,
         [node("Conv", ["x", "w"], ["y"], auto_pad="SAME_UPPER",
               strides=[2, 2])],
         {"x": rand(1, 3, 7, 8)}, {"y": FLOAT},
         [init("w", rand(4, 3, 3, 3))])
    case("conv_same_lower", 11,
         [node("Conv", ["x", "w"], ["y"], auto_pad="SAME_LOWER",
               kernel_shape=[4, 4])],
         {"x": rand(1, 3, 7, 8)}, {"y": FLOAT},
         [init("w", rand(2, 3, 4, 4))])
    case("conv_1d", 13, [node("Conv", ["x", "w"], ["y"], pads=[1, 1])],
         {"x": rand(1, 3, 12)}, {"y": FLOAT}, [init("w", rand(5, 3, 3))])
    case("conv_transpose", 11,
         [node("ConvTranspose", ["x", "w", "b"], ["y"], strides=[2, 2],
               pads=[1, 1, 1, 1], output_padding=[1, 1])],
         {"x": rand(1, 4, 5, 5)}, {"y": FLOAT},
         [init("w", rand(4, 3, 3, 3)), init("b", rand(3))])
    case("conv_transpose_output_shape", 11,
         [node("ConvTranspose", ["x", "w"], ["y"], strides=[2, 2],
               output_shape=[10, 11], group=2)],
         {"x": rand(1, 4, 5, 5)}, {"y": FLOAT}, [init("w", rand(4, 1, 3, 3))])
    case("maxpool_ceil_dilations", 12,
         [node("MaxPool", ["x"], ["y"], kernel_shape=[3, 3], strides=[2, 2],
               pads=[1, 1, 0, 0], ceil_mode=1)],
         {"x": rand(1, 2, 9, 9)}, {"y": FLOAT})
    case("averagepool_count_include_pad", 11,
         [node("AveragePool", ["x"], ["y"], kernel_shape=[3, 3],
               pads=[1, 1, 1, 1], count_include_pad=1)],
         {"x": rand(1, 2, 6, 6)}, {"y": FLOAT})
    case("averagepool_exclude_pad_same", 11,
         [node("AveragePool", ["x"], ["y"], kernel_shape=[3, 2],
               auto_pad="SAME_UPPER", strides=[2, 2])],
         {"x": rand(1, 2, 7, 6)}, {"y": FLOAT})
    case("global_pools", 13,
         [node("GlobalAveragePool", ["x"], ["a"]),
          node("GlobalMaxPool", ["x"], ["m"]), node("Add", ["a", "m"], ["y"])],
         {"x": rand(2, 3, 5, 4)}, {"y": FLOAT})
    # Normalization and softmax.
    case("batchnorm", 15,
         [node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"],
               epsilon=1e-3)],
         {"x": rand(2, 3, 4, 4)}, {"y": FLOAT},
         [init("s", rand(3)), init("b", rand(3)), init("m", rand(3)),
          init("v", rand(3, low=0.5, high=1.5))])
    case("instancenorm", 13,
         [node("InstanceNormalization", ["x", "s", "b"], ["y"], epsilon=1e-4)],
         {"x": rand(2, 3, 4, 5)}, {"y": FLOAT},
         [init("s", rand(3)), init("b", rand(3))])
    case("layernorm", 17,
         [node("LayerNormalization", ["x", "s", "b"], ["y"], axis=-1)],
         {"x": rand(2, 5, 8)}, {"y": FLOAT},
         [init("s", rand(8)), init("b", rand(8))])
    case("layernorm_axis1_no_bias", 17,
         [node("LayerNormalization", ["x", "s"], ["y"], axis=1)],
         {"x": rand(2, 3, 4)}, {"y": FLOAT}, [init("s", rand(3, 4))])
    case("softmax_legacy_2d", 11, [node("Softmax", ["x"], ["y"], axis=1)],
         {"x": rand(2, 3, 4)}, {"y": FLOAT})
    case("softmax_axis", 13, [node("Softmax", ["x"], ["y"], axis=1)],
         {"x": rand(2, 3, 4)}, {"y": FLOAT})
    case("logsoftmax", 13, [node("LogSoftmax", ["x"], ["y"])],
         {"x": rand(2, 5)}, {"y": FLOAT})
    # Reductions.
    case("reduce_attr_axes", 13,
         [node("ReduceMean", ["x"], ["a"], axes=[1], keepdims=1),
          node("ReduceMax", ["x"], ["b"], axes=[-1], keepdims=0),
          node("ReduceMin", ["x"], ["c"]),
          node("ReduceSum", ["x", "ax"], ["d"], keepdims=0)],
         {"x": rand(2, 3, 4)}, {"a": FLOAT, "b": FLOAT, "c": FLOAT, "d": FLOAT},
         [init("ax", np.array([0, 2], dtype=np.int64))])
    case("reduce_input_axes_opset18", 18,
         [node("ReduceMean", ["x", "ax"], ["a"], keepdims=0),
          node("ReduceProd", ["x", "ax"], ["b"]),
          node("ReduceL2", ["x"], ["c"], keepdims=0),
          node("ReduceSumSquare", ["x", "ax"], ["d"]),
          node("ReduceLogSumExp", ["x", "ax"], ["e"])],
         {"x": rand(2, 3, 4)},
         {"a": FLOAT, "b": FLOAT, "c": FLOAT, "d": FLOAT, "e": FLOAT},
         [init("ax", np.array([1], dtype=np.int64))])
    case("argmax_argmin", 13,
         [node("ArgMax", ["x"], ["a"], axis=1),
          node("ArgMin", ["x"], ["b"], axis=-1, keepdims=0)],
         {"x": rand(3, 5, 4)}, {"a": INT64, "b": INT64})
    case("cumsum", 14,
         [node("CumSum", ["x", "ax"], ["a"]),
          node("CumSum", ["x", "ax"], ["b"], exclusive=1, reverse=1)],
         {"x": rand(3, 5)}, {"a": FLOAT, "b": FLOAT},
         [init("ax", np.array(1, dtype=np.int64))])
    # Shapes and data movement.
    case("reshape_flatten_transpose", 14,
         [node("Reshape", ["x", "shape"], ["r"]),
          node("Transpose", ["r"], ["t"], perm=[0, 2, 1]),
          node("Flatten", ["t"], ["y"], axis=2)],
         {"x": rand(2, 3, 4)}, {"y": FLOAT},
         [init("shape", np.array([0, -1, 3], dtype=np.int64))])
    case("squeeze_unsqueeze_attr", 11,
         [node("Unsqueeze", ["x"], ["u"], axes=[0, 3]),
          node("Squeeze", ["u"], ["y"], axes=[0])],
         {"x": rand(3, 4)}, {"y": FLOAT})
    case("squeeze_unsqueeze_input", 13,
         [node("Unsqueeze", ["x", "ax"], ["u"]), node("Squeeze", ["u"], ["y"])],
         {"x": rand(3, 4)}, {"y": FLOAT},
         [init("ax", np.array([-1, 1], dtype=np.int64))])
    case("concat_split_opset11", 11,
         [node("Concat", ["a", "b"], ["c"], axis=-1),
          node("Split", ["c"], ["s1", "s2", "s3"], axis=1, split=[2, 3, 4])],
         {"a": rand(2, 4), "b": rand(2, 5)},
         {"s1": FLOAT, "s2": FLOAT, "s3": FLOAT})
    case("split_input_opset13", 13,
         [node("Split", ["x", "sp"], ["a", "b"], axis=0)],
         {"x": rand(5, 2)}, {"a": FLOAT, "b": FLOAT},
         [init("sp", np.array([1, 4], dtype=np.int64))])
    case("split_num_outputs_opset18", 18,
         [node("Split", ["x"], ["a", "b", "c"], axis=1, num_outputs=3)],
         {"x": rand(2, 7)}, {"a": FLOAT, "b": FLOAT, "c": FLOAT})
    case("slice_attrs_opset9", 9,
         [node("Slice", ["x"], ["y"], starts=[1, -3], ends=[100, -1],
               axes=[0, 1])],
         {"x": rand(4, 6)}, {"y": FLOAT})
    case("slice_inputs_negative_step", 13,
         [node("Slice", ["x", "st", "en", "ax", "sp"], ["y"])],
         {"x": rand(5, 7, 3)}, {"y": FLOAT},
         [init("st", np.array([-1, 1], dtype=np.int64)),
          init("en", np.array([-100, 7], dtype=np.int64)),
          init("ax", np.array([1, 0], dtype=np.int64)),
          init("sp", np.array([-2, 2], dtype=np.int64))])
    case("gather_negative_indices", 13,
         [node("Gather", ["x", "i"], ["y"], axis=1)],
         {"x": rand(3, 5, 2)}, {"y": FLOAT},
         [init("i", np.array([[0, -1], [2, -5]], dtype=np.int64))])
    case("gather_runtime_indices", 13,
         [node("Gather", ["x", "i"], ["y"], axis=0)],
         {"x": rand(6, 3), "i": np.array([1, -2, 0, 5], dtype=np.int64)},
         {"y": FLOAT})
    case("gather_elements", 13,
         [node("GatherElements", ["x", "i"], ["y"], axis=1)],
         {"x": rand(3, 4)}, {"y": FLOAT},
         [init("i", np.array([[0, 3], [-1, 1], [2, 2]], dtype=np.int64))])
    case("pad_constant_opset11", 11,
         [node("Pad", ["x", "p", "v"], ["y"])], {"x": rand(1, 2, 3, 3)},
         {"y": FLOAT}, [init("p", np.array([0, 0, 1, 2, 0, 0, 2, 1],
                                          dtype=np.int64)),
                        init("v", np.float32(0.5))])
    case("pad_reflect_edge", 13,
         [node("Pad", ["x", "p"], ["a"], mode="reflect"),
          node("Pad", ["x", "p"], ["b"], mode="edge")],
         {"x": rand(1, 2, 4, 4)}, {"a": FLOAT, "b": FLOAT},
         [init("p", np.array([0, 0, 2, 1, 0, 0, 1, 2], dtype=np.int64))])
    case("pad_attrs_opset7_negative", 7,
         [node("Pad", ["x"], ["y"], pads=[0, -1, 0, 2], value=1.5)],
         {"x": rand(3, 4)}, {"y": FLOAT})
    case("expand_tile", 13,
         [node("Expand", ["x", "shape"], ["e"]),
          node("Tile", ["e", "rep"], ["y"])],
         {"x": rand(3, 1)}, {"y": FLOAT},
         [init("shape", np.array([2, 1, 4], dtype=np.int64)),
          init("rep", np.array([1, 2, 1], dtype=np.int64))])
    case("cast_int_roundtrip", 13,
         [node("Mul", ["x", "ten"], ["m"]), node("Cast", ["m"], ["i"], to=INT64),
          node("Cast", ["i"], ["y"], to=FLOAT)],
         {"x": rand(3, 4)}, {"y": FLOAT}, [init("ten", np.float32(10))])
    case("depth_to_space", 13,
         [node("DepthToSpace", ["x"], ["a"], blocksize=2, mode="CRD"),
          node("SpaceToDepth", ["a"], ["b"], blocksize=2),
          node("DepthToSpace", ["b"], ["y"], blocksize=2)],
         {"x": rand(1, 8, 2, 3)}, {"y": FLOAT})
    case("trilu", 14,
         [node("Trilu", ["x", "k"], ["a"], upper=0),
          node("Trilu", ["x"], ["b"])],
         {"x": rand(4, 5)}, {"a": FLOAT, "b": FLOAT},
         [init("k", np.array(1, dtype=np.int64))])
    # Shape arithmetic folded at import time, with a free dimension.
    case("shape_arithmetic_free_dim", 13,
         [node("Shape", ["x"], ["s"]),
          node("Gather", ["s", "zero"], ["n"], axis=0),
          node("Unsqueeze", ["n", "zero1"], ["n1"]),
          node("Concat", ["n1", "minus1"], ["target"], axis=0),
          node("Reshape", ["x", "target"], ["flat"]),
          node("ConstantOfShape", ["target2"], ["ones"],
               value=helper.make_tensor("v", FLOAT, [1], [1.0])),
          node("Add", ["flat", "ones"], ["y"])],
         {"x": (rand(2, 3, 4), ["batch", 3, 4])}, {"y": FLOAT},
         [init("zero", np.array(0, dtype=np.int64)),
          init("zero1", np.array([0], dtype=np.int64)),
          init("minus1", np.array([-1], dtype=np.int64)),
          init("target2", np.array([12], dtype=np.int64))],
         dims={"batch": 2})
    case("range_constant_nodes", 13,
         [node("Constant", [], ["start"], value=helper.make_tensor(
             "s", FLOAT, [], [0.5])),
          node("Constant", [], ["limit"], value_float=3.0),
          node("Constant", [], ["delta"], value_float=0.5),
          node("Range", ["start", "limit", "delta"], ["r"]),
          node("Mul", ["x", "r"], ["y"])],
         {"x": rand(2, 5)}, {"y": FLOAT})
    # Resize: every coordinate mode, nearest rounding, and the forms.
    for mode, coord, nearest in [
            ("nearest", "asymmetric", "floor"),
            ("nearest", "half_pixel", "round_prefer_floor"),
            ("nearest", "align_corners", "round_prefer_ceil"),
            ("linear", "half_pixel", "round_prefer_floor"),
            ("linear", "align_corners", "round_prefer_floor"),
            ("linear", "asymmetric", "round_prefer_floor"),
            ("linear", "pytorch_half_pixel", "round_prefer_floor"),
            ("cubic", "half_pixel", "round_prefer_floor")]:
        case("resize_%s_%s" % (mode, coord), 13,
             [node("Resize", ["x", "", "scales"], ["y"], mode=mode,
                   coordinate_transformation_mode=coord, nearest_mode=nearest)],
             {"x": rand(1, 2, 5, 6)}, {"y": FLOAT},
             [init("scales", np.array([1, 1, 2, 1.5], dtype=np.float32))])
    case("resize_sizes_downsample", 13,
         [node("Resize", ["x", "", "", "sizes"], ["y"], mode="linear")],
         {"x": rand(1, 2, 9, 8)}, {"y": FLOAT},
         [init("sizes", np.array([1, 2, 4, 5], dtype=np.int64))])
    case("resize_opset10", 10,
         [node("Resize", ["x", "scales"], ["y"], mode="nearest")],
         {"x": rand(1, 2, 3, 4)}, {"y": FLOAT},
         [init("scales", np.array([1, 1, 2, 2], dtype=np.float32))])
    case("resize_opset11_roi", 11,
         [node("Resize", ["x", "roi", "scales"], ["y"], mode="linear")],
         {"x": rand(1, 2, 3, 4)}, {"y": FLOAT},
         [init("roi", np.array([], dtype=np.float32)),
          init("scales", np.array([1, 1, 2, 2], dtype=np.float32))])
    case("resize_axes_opset18", 18,
         [node("Resize", ["x", "", "", "sizes"], ["y"], mode="nearest",
               axes=[2, 3], keep_aspect_ratio_policy="not_larger")],
         {"x": rand(1, 2, 4, 6)}, {"y": FLOAT},
         [init("sizes", np.array([8, 8], dtype=np.int64))])
    # Quantization.
    case("quantize_dequantize_per_tensor", 13,
         [node("QuantizeLinear", ["x", "s", "z"], ["q"]),
          node("DequantizeLinear", ["q", "s", "z"], ["y"])],
         {"x": rand(2, 3, 4)}, {"y": FLOAT},
         [init("s", np.float32(0.01)), init("z", np.uint8(128))])
    case("quantize_dequantize_per_axis", 13,
         [node("QuantizeLinear", ["x", "s", "z"], ["q"], axis=1),
          node("DequantizeLinear", ["q", "s", "z"], ["y"], axis=1)],
         {"x": rand(2, 3, 4)}, {"y": FLOAT},
         [init("s", np.array([0.01, 0.02, 0.005], dtype=np.float32)),
          init("z", np.array([0, 3, -2], dtype=np.int8))])
    # Recurrent networks: ONNX's gate orders are WebNN's iofg and zrn.
    h, n, b, t = 4, 3, 2, 5
    case("lstm_forward_bias_states", 14,
         [node("LSTM", ["x", "w", "r", "bias", "", "h0", "c0"],
               ["y", "yh", "yc"], hidden_size=h)],
         {"x": rand(t, b, n)}, {"y": FLOAT, "yh": FLOAT, "yc": FLOAT},
         [init("w", rand(1, 4 * h, n)), init("r", rand(1, 4 * h, h)),
          init("bias", rand(1, 8 * h)), init("h0", rand(1, b, h)),
          init("c0", rand(1, b, h))])
    case("lstm_bidirectional_last_state", 14,
         [node("LSTM", ["x", "w", "r"], ["", "yh"], hidden_size=h,
               direction="bidirectional")],
         {"x": rand(t, b, n)}, {"yh": FLOAT},
         [init("w", rand(2, 4 * h, n)), init("r", rand(2, 4 * h, h))])
    case("lstm_reverse", 14,
         [node("LSTM", ["x", "w", "r", "bias"], ["y", "yh"], hidden_size=h,
               direction="reverse")],
         {"x": rand(t, b, n)}, {"y": FLOAT, "yh": FLOAT},
         [init("w", rand(1, 4 * h, n)), init("r", rand(1, 4 * h, h)),
          init("bias", rand(1, 8 * h))])
    for linear_before_reset in (0, 1):
        case("gru_linear_before_reset%d" % linear_before_reset, 14,
             [node("GRU", ["x", "w", "r", "bias", "", "h0"], ["y", "yh"],
                   hidden_size=h, linear_before_reset=linear_before_reset)],
             {"x": rand(t, b, n)}, {"y": FLOAT, "yh": FLOAT},
             [init("w", rand(1, 3 * h, n)), init("r", rand(1, 3 * h, h)),
              init("bias", rand(1, 6 * h)), init("h0", rand(1, b, h))])
    case("gru_bidirectional_relu", 14,
         [node("GRU", ["x", "w", "r"], ["y"], hidden_size=h,
               direction="bidirectional",
               activations=["Sigmoid", "Relu", "Sigmoid", "Relu"])],
         {"x": rand(t, b, n)}, {"y": FLOAT},
         [init("w", rand(2, 3 * h, n)), init("r", rand(2, 3 * h, h))])
    case("dropout_identity", 13,
         [node("Dropout", ["x"], ["d"]), node("Identity", ["d"], ["y"])],
         {"x": rand(3, 4)}, {"y": FLOAT})


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    build_cases()
    manifest = []
    for name, model, feeds, outputs, dims, tolerance in cases:
        onnx.save(model, os.path.join(out, name + ".onnx"))
        inputs = []
        for input_name, value in feeds.items():
            base = os.path.join(out, "%s.%s" % (name, input_name))
            np.save(base + ".npy", value)
            value.tofile(base + ".bin")
            inputs.append({"name": input_name, "dtype": str(value.dtype),
                           "shape": list(value.shape)})
        manifest.append({"name": name, "inputs": inputs, "outputs": outputs,
                         "dims": dims, "tolerance": tolerance})
    with open(os.path.join(out, "cases.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print("wrote %d models to %s" % (len(manifest), out))


if __name__ == "__main__":
    main()
