//===- WebnnOps.td - webnn dialect operations --------------*- tablegen -*-===//
//
// Every op infers its result types with the spec's validation steps
// (InferTypeOpAdaptor); the inference functions live in lib/IR, one file per
// op family. Attributes hold the options after defaults are applied.
//
//===----------------------------------------------------------------------===//
#ifndef WEBNN_OPS_TD
#define WEBNN_OPS_TD

include "webnn/IR/WebnnDialect.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

class Webnn_Op<string mnemonic, list<Trait> traits = []>
    : Op<Webnn_Dialect, mnemonic, !listconcat([Pure, InferTypeOpAdaptor],
                                              traits)>;

// Element-wise with broadcasting: each result element depends only on the
// operand elements at the same (broadcast) index, and no attribute names an
// axis. Passes that change layouts move such ops freely.
def Webnn_Elementwise : NativeOpTrait<"Elementwise"> {
  let cppNamespace = "::wnn::webnn::OpTrait";
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Webnn_ConstantOp : Op<Webnn_Dialect, "constant",
                          [ConstantLike, Pure, InferTypeOpAdaptor]> {
  let summary = "MLGraphBuilder.constant";
  let description = [{
    A constant operand. Large weights are `dense_resource` blobs so that they
    are stored once and never copied by passes.
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs AnyStaticShapeTensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Element-wise binary ops (bidirectional broadcasting)
//===----------------------------------------------------------------------===//

class Webnn_BinaryOp<string mnemonic, string what>
    : Webnn_Op<mnemonic, [SameOperandsElementType, Webnn_Elementwise]> {
  let summary = "Element-wise " # what # " with broadcasting";
  let arguments = (ins AnyStaticShapeTensor:$a, AnyStaticShapeTensor:$b);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$a `,` $b attr-dict `:` functional-type(operands, results)";
}

def Webnn_AddOp : Webnn_BinaryOp<"add", "a + b">;
def Webnn_SubOp : Webnn_BinaryOp<"sub", "a - b">;
def Webnn_MulOp : Webnn_BinaryOp<"mul", "a * b">;
def Webnn_DivOp : Webnn_BinaryOp<"div", "a / b">;
def Webnn_MaxOp : Webnn_BinaryOp<"max", "max(a, b)">;
def Webnn_MinOp : Webnn_BinaryOp<"min", "min(a, b)">;
def Webnn_PowOp : Webnn_BinaryOp<"pow", "a ^ b">;

//===----------------------------------------------------------------------===//
// Comparisons and logical ops: uint8 results (1 for true, 0 for false)
//===----------------------------------------------------------------------===//

class Webnn_CompareOp<string mnemonic, string what>
    : Webnn_Op<mnemonic, [SameOperandsElementType, Webnn_Elementwise]> {
  let summary = what # ", element-wise with broadcasting; uint8 result";
  let arguments = (ins AnyStaticShapeTensor:$a, AnyStaticShapeTensor:$b);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$a `,` $b attr-dict `:` functional-type(operands, results)";
}

def Webnn_EqualOp : Webnn_CompareOp<"equal", "a == b">;
def Webnn_NotEqualOp : Webnn_CompareOp<"notEqual", "a != b">;
def Webnn_GreaterOp : Webnn_CompareOp<"greater", "a > b">;
def Webnn_GreaterOrEqualOp : Webnn_CompareOp<"greaterOrEqual", "a >= b">;
def Webnn_LesserOp : Webnn_CompareOp<"lesser", "a < b">;
def Webnn_LesserOrEqualOp : Webnn_CompareOp<"lesserOrEqual", "a <= b">;
def Webnn_LogicalAndOp : Webnn_CompareOp<"logicalAnd", "a != 0 && b != 0">;
def Webnn_LogicalOrOp : Webnn_CompareOp<"logicalOr", "a != 0 || b != 0">;
def Webnn_LogicalXorOp : Webnn_CompareOp<"logicalXor", "(a != 0) != (b != 0)">;

class Webnn_PredicateOp<string mnemonic, string what>
    : Webnn_Op<mnemonic, [Webnn_Elementwise]> {
  let summary = what # ", element-wise; uint8 result";
  let arguments = (ins AnyStaticShapeTensor:$input);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Webnn_LogicalNotOp : Webnn_PredicateOp<"logicalNot", "x == 0">;
def Webnn_IsNaNOp : Webnn_PredicateOp<"isNaN", "x is NaN">;
def Webnn_IsInfiniteOp : Webnn_PredicateOp<"isInfinite", "x is +inf or -inf">;

def Webnn_WhereOp : Webnn_Op<"where", [Webnn_Elementwise]> {
  let summary = "condition != 0 ? trueValue : falseValue, with broadcasting";
  let arguments = (ins AnyStaticShapeTensor:$condition,
                       AnyStaticShapeTensor:$true_value,
                       AnyStaticShapeTensor:$false_value);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$condition `,` $true_value `,` $false_value attr-dict "
                       "`:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Element-wise unary ops and activations without options
//===----------------------------------------------------------------------===//

class Webnn_UnaryOp<string mnemonic, string what, list<Trait> traits = []>
    : Webnn_Op<mnemonic, !listconcat([Webnn_Elementwise], traits)> {
  let summary = what;
  let arguments = (ins AnyStaticShapeTensor:$input);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Webnn_AbsOp : Webnn_UnaryOp<"abs", "|x|">;
def Webnn_CeilOp : Webnn_UnaryOp<"ceil", "ceil(x)">;
def Webnn_CosOp : Webnn_UnaryOp<"cos", "cos(x)">;
def Webnn_ErfOp : Webnn_UnaryOp<"erf", "erf(x)">;
def Webnn_ExpOp : Webnn_UnaryOp<"exp", "e ^ x">;
def Webnn_FloorOp : Webnn_UnaryOp<"floor", "floor(x)">;
def Webnn_IdentityOp : Webnn_UnaryOp<"identity", "x">;
def Webnn_LogOp : Webnn_UnaryOp<"log", "ln(x)">;
def Webnn_NegOp : Webnn_UnaryOp<"neg", "-x">;
def Webnn_ReciprocalOp : Webnn_UnaryOp<"reciprocal", "1 / x">;
def Webnn_SinOp : Webnn_UnaryOp<"sin", "sin(x)">;
def Webnn_SqrtOp : Webnn_UnaryOp<"sqrt", "sqrt(x)">;
def Webnn_TanOp : Webnn_UnaryOp<"tan", "tan(x)">;
def Webnn_ReluOp : Webnn_UnaryOp<"relu", "max(0, x)">;
def Webnn_SigmoidOp : Webnn_UnaryOp<"sigmoid", "1 / (1 + e ^ -x)">;
def Webnn_TanhOp : Webnn_UnaryOp<"tanh", "tanh(x)">;
def Webnn_GeluOp : Webnn_UnaryOp<"gelu", "0.5 * x * (1 + erf(x / sqrt(2)))">;
def Webnn_HardSwishOp
    : Webnn_UnaryOp<"hardSwish", "x * max(0, min(6, x + 3)) / 6">;
def Webnn_SoftplusOp : Webnn_UnaryOp<"softplus", "ln(1 + e ^ x)">;
def Webnn_SoftsignOp : Webnn_UnaryOp<"softsign", "x / (1 + |x|)">;
def Webnn_SignOp : Webnn_UnaryOp<"sign", "-1, 0 or 1 as x is negative, zero "
                                         "or positive (NaN stays NaN)">;
def Webnn_RoundEvenOp
    : Webnn_UnaryOp<"roundEven", "x rounded to the nearest integer, ties to "
                                 "even">;

//===----------------------------------------------------------------------===//
// Element-wise ops with options
//===----------------------------------------------------------------------===//

class Webnn_UnaryWithAttrsOp<string mnemonic, string what, dag attrs,
                             list<Trait> traits = [Webnn_Elementwise]>
    : Webnn_Op<mnemonic, traits> {
  let summary = what;
  let arguments = !con((ins AnyStaticShapeTensor:$input), attrs);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Webnn_ClampOp : Webnn_UnaryWithAttrsOp<"clamp", "min(max(x, lo), hi)",
    (ins DefaultValuedAttr<F64Attr, "-INFINITY">:$min_value,
         DefaultValuedAttr<F64Attr, "INFINITY">:$max_value)>;
def Webnn_LeakyReluOp : Webnn_UnaryWithAttrsOp<"leakyRelu",
    "x >= 0 ? x : alpha * x",
    (ins DefaultValuedAttr<F64Attr, "0.01">:$alpha)>;
def Webnn_EluOp : Webnn_UnaryWithAttrsOp<"elu",
    "x >= 0 ? x : alpha * (e ^ x - 1)",
    (ins DefaultValuedAttr<F64Attr, "1.0">:$alpha)>;
def Webnn_HardSigmoidOp : Webnn_UnaryWithAttrsOp<"hardSigmoid",
    "max(0, min(1, alpha * x + beta))",
    (ins DefaultValuedAttr<F64Attr, "0.2">:$alpha,
         DefaultValuedAttr<F64Attr, "0.5">:$beta)>;
def Webnn_LinearOp : Webnn_UnaryWithAttrsOp<"linear", "alpha * x + beta",
    (ins DefaultValuedAttr<F64Attr, "1.0">:$alpha,
         DefaultValuedAttr<F64Attr, "0.0">:$beta)>;
def Webnn_SoftmaxOp : Webnn_UnaryWithAttrsOp<"softmax",
    "e ^ x / sum(e ^ x) along an axis", (ins I64Attr:$axis), []>;
def Webnn_CastOp : Webnn_UnaryWithAttrsOp<"cast",
    "Converts to another data type", (ins TypeAttr:$data_type)>;

def Webnn_PreluOp : Webnn_Op<"prelu", [SameOperandsElementType,
                                        Webnn_Elementwise]> {
  let summary = "x >= 0 ? x : slope * x, slope broadcast to x";
  let arguments = (ins AnyStaticShapeTensor:$input,
                       AnyStaticShapeTensor:$slope);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input `,` $slope attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

def Webnn_Conv2dOp : Webnn_Op<"conv2d"> {
  let summary = "2-D convolution";
  let description = [{
    `padding` is [beginH, endH, beginW, endW]; dilations of 1 are dense.
    `input_layout` is "nchw" or "nhwc"; `filter_layout` is "oihw", "hwio",
    "ohwi" or "ihwo". The output has the input's layout.
  }];
  let arguments = (ins AnyStaticShapeTensor:$input,
      AnyStaticShapeTensor:$filter,
      Optional<AnyStaticShapeTensor>:$bias,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
      DefaultValuedAttr<I64Attr, "1">:$groups,
      DefaultValuedAttr<StrAttr, "\"nchw\"">:$input_layout,
      DefaultValuedAttr<StrAttr, "\"oihw\"">:$filter_layout);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = [{
    $input `,` $filter (`bias` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Webnn_ConvTranspose2dOp : Webnn_Op<"convTranspose2d"> {
  let summary = "2-D transposed convolution";
  let description = [{
    The gradient of conv2d with respect to its input: each input element
    scatters filter * value into the output at stride steps. `padding` is
    [beginH, endH, beginW, endW] and trims the full output; `output_padding`
    adds rows and columns at the end; `output_sizes`, when given, decides the
    size (within a stride of the size without output padding).
    `filter_layout` is "iohw", "hwoi" or "ohwi"; the filter's o dimension
    holds output channels / groups.
  }];
  let arguments = (ins AnyStaticShapeTensor:$input,
      AnyStaticShapeTensor:$filter,
      Optional<AnyStaticShapeTensor>:$bias,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$output_padding,
      OptionalAttr<DenseI64ArrayAttr>:$output_sizes,
      DefaultValuedAttr<I64Attr, "1">:$groups,
      DefaultValuedAttr<StrAttr, "\"nchw\"">:$input_layout,
      DefaultValuedAttr<StrAttr, "\"iohw\"">:$filter_layout);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = [{
    $input `,` $filter (`bias` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

class Webnn_Pool2dOp<string mnemonic, string what> : Webnn_Op<mnemonic> {
  let summary = what # " over 2-D windows";
  let description = [{
    `window_dimensions` defaults to the input's spatial size. When
    `output_sizes` is given it decides the output size and `rounding_type`
    ("floor" or "ceil") is ignored.
  }];
  let arguments = (ins AnyStaticShapeTensor:$input,
      OptionalAttr<DenseI64ArrayAttr>:$window_dimensions,
      DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
      DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
      DefaultValuedAttr<StrAttr, "\"nchw\"">:$layout,
      DefaultValuedAttr<StrAttr, "\"floor\"">:$rounding_type,
      OptionalAttr<DenseI64ArrayAttr>:$output_sizes);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Webnn_AveragePool2dOp : Webnn_Pool2dOp<"averagePool2d", "Average">;
def Webnn_MaxPool2dOp : Webnn_Pool2dOp<"maxPool2d", "Maximum">;
def Webnn_L2Pool2dOp : Webnn_Pool2dOp<"l2Pool2d",
    "Euclidean norm (square root of the sum of squares)">;

//===----------------------------------------------------------------------===//
// Quantization. `scale` and `zero_point` (one shape) align with the input's
// trailing axes; each of their elements covers a block of input.shape[d] /
// scale.shape[d] elements along axis d (per-tensor, per-axis and block-wise
// are all this one rule).
//===----------------------------------------------------------------------===//

def Webnn_QuantizeLinearOp : Webnn_Op<"quantizeLinear"> {
  let summary = "clamp(roundEven(input / scale) + zeroPoint) in zeroPoint's type";
  let arguments = (ins AnyStaticShapeTensor:$input, AnyStaticShapeTensor:$scale,
      AnyStaticShapeTensor:$zero_point);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input `,` $scale `,` $zero_point attr-dict `:` "
                       "functional-type(operands, results)";
}

def Webnn_DequantizeLinearOp : Webnn_Op<"dequantizeLinear"> {
  let summary = "(input - zeroPoint) * scale in scale's type";
  let arguments = (ins AnyStaticShapeTensor:$input, AnyStaticShapeTensor:$scale,
      AnyStaticShapeTensor:$zero_point);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input `,` $scale `,` $zero_point attr-dict `:` "
                       "functional-type(operands, results)";
}

def Webnn_Resample2dOp : Webnn_Op<"resample2d"> {
  let summary = "Resizes two axes by nearest-neighbor or linear interpolation";
  let description = [{
    Output coordinate o along a resized axis maps to the input coordinate
    (o + 0.5) / scale - 0.5 (half-pixel centers). `linear` interpolates the
    two neighbours of that coordinate (clamped to the edge); `nearest-neighbor`
    takes input index floor((o + 0.5) / scale), clamped to the axis. The
    scale is `scales[i]`, or output size / input size when `sizes` is given.
  }];
  let arguments = (ins AnyStaticShapeTensor:$input,
      DefaultValuedAttr<StrAttr, "\"nearest-neighbor\"">:$mode,
      DefaultValuedAttr<DenseF64ArrayAttr, "{1.0, 1.0}">:$scales,
      OptionalAttr<DenseI64ArrayAttr>:$sizes,
      DefaultValuedAttr<DenseI64ArrayAttr, "{2, 3}">:$axes);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def Webnn_BatchNormalizationOp
    : Webnn_Op<"batchNormalization", [AttrSizedOperandSegments]> {
  let summary = "(x - mean) / sqrt(variance + epsilon) * scale + bias";
  let description = [{
    mean, variance, scale and bias are 1-D with the size of `axis`.
  }];
  let arguments = (ins AnyStaticShapeTensor:$input,
      AnyStaticShapeTensor:$mean, AnyStaticShapeTensor:$variance,
      Optional<AnyStaticShapeTensor>:$scale,
      Optional<AnyStaticShapeTensor>:$bias,
      DefaultValuedAttr<I64Attr, "1">:$axis,
      DefaultValuedAttr<F64Attr, "1e-5">:$epsilon);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = [{
    $input `,` $mean `,` $variance (`scale` $scale^)? (`bias` $bias^)?
    attr-dict `:` functional-type(operands, results)
  }];
}

def Webnn_InstanceNormalizationOp
    : Webnn_Op<"instanceNormalization", [AttrSizedOperandSegments]> {
  let summary = "Normalizes each channel of each batch over its spatial dims";
  let arguments = (ins AnyStaticShapeTensor:$input,
      Optional<AnyStaticShapeTensor>:$scale,
      Optional<AnyStaticShapeTensor>:$bias,
      DefaultValuedAttr<F64Attr, "1e-5">:$epsilon,
      DefaultValuedAttr<StrAttr, "\"nchw\"">:$layout);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = [{
    $input (`scale` $scale^)? (`bias` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Webnn_LayerNormalizationOp
    : Webnn_Op<"layerNormalization", [AttrSizedOperandSegments]> {
  let summary = "Normalizes over `axes`";
  let description = [{
    scale and bias have the shape of the input's `axes` dims, in axes order.
  }];
  let arguments = (ins AnyStaticShapeTensor:$input,
      Optional<AnyStaticShapeTensor>:$scale,
      Optional<AnyStaticShapeTensor>:$bias,
      DenseI64ArrayAttr:$axes,
      DefaultValuedAttr<F64Attr, "1e-5">:$epsilon);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = [{
    $input (`scale` $scale^)? (`bias` $bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Matrix products
//===----------------------------------------------------------------------===//

def Webnn_MatmulOp : Webnn_Op<"matmul", [SameOperandsElementType]> {
  let summary = "Matrix product with broadcast batch dimensions";
  let arguments = (ins AnyStaticShapeTensor:$a, AnyStaticShapeTensor:$b);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$a `,` $b attr-dict `:` functional-type(operands, results)";
}

def Webnn_GemmOp : Webnn_Op<"gemm", [SameOperandsElementType]> {
  let summary = "alpha * op(a) x op(b) + beta * c for 2-D a and b";
  let arguments = (ins AnyStaticShapeTensor:$a, AnyStaticShapeTensor:$b,
      Optional<AnyStaticShapeTensor>:$c,
      DefaultValuedAttr<F64Attr, "1.0">:$alpha,
      DefaultValuedAttr<F64Attr, "1.0">:$beta,
      DefaultValuedAttr<BoolAttr, "false">:$a_transpose,
      DefaultValuedAttr<BoolAttr, "false">:$b_transpose);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = [{
    $a `,` $b (`c` $c^)? attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

class Webnn_ReduceOp<string mnemonic, string what> : Webnn_Op<mnemonic> {
  let summary = what # " over `axes`";
  let arguments = (ins AnyStaticShapeTensor:$input, DenseI64ArrayAttr:$axes,
      DefaultValuedAttr<BoolAttr, "false">:$keep_dimensions);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Webnn_ReduceMaxOp : Webnn_ReduceOp<"reduceMax", "Maximum">;
def Webnn_ReduceMeanOp : Webnn_ReduceOp<"reduceMean", "Mean">;
def Webnn_ReduceMinOp : Webnn_ReduceOp<"reduceMin", "Minimum">;
def Webnn_ReduceSumOp : Webnn_ReduceOp<"reduceSum", "Sum">;
def Webnn_ReduceL1Op : Webnn_ReduceOp<"reduceL1", "Sum of absolute values">;
def Webnn_ReduceL2Op : Webnn_ReduceOp<"reduceL2", "Square root of the sum of squares">;
def Webnn_ReduceLogSumOp : Webnn_ReduceOp<"reduceLogSum", "Natural log of the sum">;
def Webnn_ReduceLogSumExpOp
    : Webnn_ReduceOp<"reduceLogSumExp", "Natural log of the sum of exponentials">;
def Webnn_ReduceProductOp : Webnn_ReduceOp<"reduceProduct", "Product">;
class Webnn_ArgReduceOp<string mnemonic, string what> : Webnn_Op<mnemonic> {
  let summary = "Index of the " # what # " along `axis` (the first on ties)";
  let arguments = (ins AnyStaticShapeTensor:$input, I64Attr:$axis,
      DefaultValuedAttr<BoolAttr, "false">:$keep_dimensions,
      TypeAttr:$output_data_type);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Webnn_ArgMinOp : Webnn_ArgReduceOp<"argMin", "smallest element">;
def Webnn_ArgMaxOp : Webnn_ArgReduceOp<"argMax", "largest element">;

def Webnn_ReduceSumSquareOp : Webnn_ReduceOp<"reduceSumSquare", "Sum of squares">;

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

def Webnn_ReshapeOp : Webnn_Op<"reshape"> {
  let summary = "Same elements, new shape";
  let arguments = (ins AnyStaticShapeTensor:$input,
                       DenseI64ArrayAttr:$new_shape);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Webnn_TransposeOp : Webnn_Op<"transpose"> {
  let summary = "Permutes the dimensions";
  let arguments = (ins AnyStaticShapeTensor:$input,
                       DenseI64ArrayAttr:$permutation);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
  let hasFolder = 1;
}

def Webnn_ConcatOp : Webnn_Op<"concat", [SameOperandsElementType]> {
  let summary = "Joins tensors along an axis";
  let arguments = (ins Variadic<AnyStaticShapeTensor>:$inputs, I64Attr:$axis);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$inputs attr-dict `:` functional-type(operands, results)";
}

def Webnn_SliceOp : Webnn_Op<"slice"> {
  let summary = "A strided window of the input";
  let arguments = (ins AnyStaticShapeTensor:$input,
      DenseI64ArrayAttr:$starts, DenseI64ArrayAttr:$sizes,
      OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Webnn_SplitOp : Webnn_Op<"split"> {
  let summary = "Cuts the input into parts along an axis";
  let arguments = (ins AnyStaticShapeTensor:$input,
      DenseI64ArrayAttr:$splits, DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs Variadic<AnyStaticShapeTensor>:$outputs);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Webnn_PadOp : Webnn_Op<"pad"> {
  let summary = "Pads with a constant, the edge values or a mirror image";
  let arguments = (ins AnyStaticShapeTensor:$input,
      DenseI64ArrayAttr:$beginning_padding,
      DenseI64ArrayAttr:$ending_padding,
      DefaultValuedAttr<StrAttr, "\"constant\"">:$mode,
      DefaultValuedAttr<F64Attr, "0.0">:$value);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Webnn_ExpandOp : Webnn_Op<"expand"> {
  let summary = "Broadcasts to a new shape";
  let arguments = (ins AnyStaticShapeTensor:$input,
                       DenseI64ArrayAttr:$new_shape);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Webnn_GatherOp : Webnn_Op<"gather"> {
  let summary = "Takes slices along an axis at the given indices";
  let description = [{
    Out-of-range indices are clamped to the valid range (negative indices
    count from the end first), so compiled code never reads out of bounds.
  }];
  let arguments = (ins AnyStaticShapeTensor:$input,
      AnyStaticShapeTensor:$indices, DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input `,` $indices attr-dict `:` functional-type(operands, results)";
}

def Webnn_ReverseOp : Webnn_Op<"reverse"> {
  let summary = "Reverses the order of elements along `axes`";
  let arguments = (ins AnyStaticShapeTensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Webnn_TileOp : Webnn_Op<"tile"> {
  let summary = "Repeats the input `repetitions[d]` times along each axis d";
  let arguments = (ins AnyStaticShapeTensor:$input,
                       DenseI64ArrayAttr:$repetitions);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Webnn_TriangularOp : Webnn_Op<"triangular"> {
  let summary = "Keeps the upper or lower triangle of the last two axes";
  let description = [{
    Element (i, j) of each matrix is kept when j - i >= diagonal (upper) or
    j - i <= diagonal (lower); the others become zero.
  }];
  let arguments = (ins AnyStaticShapeTensor:$input,
      DefaultValuedAttr<BoolAttr, "true">:$upper,
      DefaultValuedAttr<I64Attr, "0">:$diagonal);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

def Webnn_CumulativeSumOp : Webnn_Op<"cumulativeSum"> {
  let summary = "Running sum along `axis`";
  let description = [{
    `exclusive` leaves out each element's own value; `reversed` sums from the
    end of the axis.
  }];
  let arguments = (ins AnyStaticShapeTensor:$input, I64Attr:$axis,
      DefaultValuedAttr<BoolAttr, "false">:$exclusive,
      DefaultValuedAttr<BoolAttr, "false">:$reversed);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Gather and scatter by index tensors. Indices are int32, uint32 or int64;
// out-of-range ones are clamped into range (negative ones count from the end
// first), so compiled code never reads or writes out of bounds.
//===----------------------------------------------------------------------===//

def Webnn_GatherElementsOp : Webnn_Op<"gatherElements"> {
  let summary = "out[p] = input[p with p[axis] = indices[p]]";
  let arguments = (ins AnyStaticShapeTensor:$input,
      AnyStaticShapeTensor:$indices, DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input `,` $indices attr-dict `:` functional-type(operands, results)";
}

def Webnn_GatherNDOp : Webnn_Op<"gatherND"> {
  let summary = "Slices of the input at the leading coordinates in `indices`";
  let description = [{
    The last axis of `indices` (size k) holds coordinates into the first k
    axes of the input; the output has shape indices.shape[:-1] +
    input.shape[k:].
  }];
  let arguments = (ins AnyStaticShapeTensor:$input,
      AnyStaticShapeTensor:$indices);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat =
      "$input `,` $indices attr-dict `:` functional-type(operands, results)";
}

def Webnn_ScatterElementsOp : Webnn_Op<"scatterElements"> {
  let summary = "The input with out[p with p[axis] = indices[p]] = updates[p]";
  let description = [{
    Where two updates land on one element, the later one (in row-major order
    of `updates`) wins.
  }];
  let arguments = (ins AnyStaticShapeTensor:$input,
      AnyStaticShapeTensor:$indices, AnyStaticShapeTensor:$updates,
      DefaultValuedAttr<I64Attr, "0">:$axis);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input `,` $indices `,` $updates attr-dict `:` "
                       "functional-type(operands, results)";
}

def Webnn_ScatterNDOp : Webnn_Op<"scatterND"> {
  let summary = "The input with the slices at `indices` replaced by `updates`";
  let description = [{
    The last axis of `indices` (size k) holds coordinates into the first k
    axes of the input; `updates` has shape indices.shape[:-1] +
    input.shape[k:]. Where two updates land on one element, the later one
    wins.
  }];
  let arguments = (ins AnyStaticShapeTensor:$input,
      AnyStaticShapeTensor:$indices, AnyStaticShapeTensor:$updates);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = "$input `,` $indices `,` $updates attr-dict `:` "
                       "functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Recurrent networks. Weights hold the gates stacked along their first
// (gate) dimension, in the order `layout` names; `activations` are the
// names ("relu", "sigmoid", "tanh") of the gate, candidate and (lstm)
// output activations, defaults applied. wnn-decompose-recurrent rewrites
// the four ops into input projections (gemm) and a webnn.recurrence.
//===----------------------------------------------------------------------===//

def Webnn_GruOp : Webnn_Op<"gru", [AttrSizedOperandSegments]> {
  let summary = "Gated recurrent unit network over `steps` time steps";
  let description = [{
    input [steps, batch, inputSize]; weight [numDirections, 3 * hiddenSize,
    inputSize]; recurrent_weight [numDirections, 3 * hiddenSize,
    hiddenSize]; bias and recurrent_bias [numDirections, 3 * hiddenSize];
    initial_hidden_state [numDirections, batch, hiddenSize]. Results: the
    last hidden state [numDirections, batch, hiddenSize], and with
    `return_sequence` the hidden state after every step [steps,
    numDirections, batch, hiddenSize], indexed by the time step it read
    (a backward direction fills it from the end).
  }];
  let arguments = (ins AnyStaticShapeTensor:$input,
      AnyStaticShapeTensor:$weight, AnyStaticShapeTensor:$recurrent_weight,
      Optional<AnyStaticShapeTensor>:$bias,
      Optional<AnyStaticShapeTensor>:$recurrent_bias,
      Optional<AnyStaticShapeTensor>:$initial_hidden_state,
      I64Attr:$steps, I64Attr:$hidden_size,
      DefaultValuedAttr<BoolAttr, "true">:$reset_after,
      DefaultValuedAttr<BoolAttr, "false">:$return_sequence,
      DefaultValuedAttr<StrAttr, "\"forward\"">:$direction,
      DefaultValuedAttr<StrAttr, "\"zrn\"">:$layout,
      DefaultValuedAttr<StrArrayAttr, "{\"sigmoid\", \"tanh\"}">:$activations);
  let results = (outs Variadic<AnyStaticShapeTensor>:$outputs);
  let assemblyFormat = [{
    $input `,` $weight `,` $recurrent_weight (`bias` $bias^)?
    (`recurrent_bias` $recurrent_bias^)?
    (`initial_hidden_state` $initial_hidden_state^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Webnn_GruCellOp : Webnn_Op<"gruCell", [AttrSizedOperandSegments]> {
  let summary = "One step of a gated recurrent unit";
  let description = [{
    input [batch, inputSize]; weight [3 * hiddenSize, inputSize];
    recurrent_weight [3 * hiddenSize, hiddenSize]; hidden_state [batch,
    hiddenSize]; bias and recurrent_bias [3 * hiddenSize]. Result: the new
    hidden state [batch, hiddenSize].
  }];
  let arguments = (ins AnyStaticShapeTensor:$input,
      AnyStaticShapeTensor:$weight, AnyStaticShapeTensor:$recurrent_weight,
      AnyStaticShapeTensor:$hidden_state,
      Optional<AnyStaticShapeTensor>:$bias,
      Optional<AnyStaticShapeTensor>:$recurrent_bias,
      I64Attr:$hidden_size,
      DefaultValuedAttr<BoolAttr, "true">:$reset_after,
      DefaultValuedAttr<StrAttr, "\"zrn\"">:$layout,
      DefaultValuedAttr<StrArrayAttr, "{\"sigmoid\", \"tanh\"}">:$activations);
  let results = (outs AnyStaticShapeTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight `,` $recurrent_weight `,` $hidden_state
    (`bias` $bias^)? (`recurrent_bias` $recurrent_bias^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Webnn_LstmOp : Webnn_Op<"lstm", [AttrSizedOperandSegments]> {
  let summary = "Long short-term memory network over `steps` time steps";
  let description = [{
    As gru with 4 gates, plus peephole_weight [numDirections, 3 *
    hiddenSize] (input, output, forget gate) and initial_cell_state
    [numDirections, batch, hiddenSize]. Results: the last hidden state and
    cell state [numDirections, batch, hiddenSize], and with
    `return_sequence` the hidden states [steps, numDirections, batch,
    hiddenSize].
  }];
  let arguments = (ins AnyStaticShapeTensor:$input,
      AnyStaticShapeTensor:$weight, AnyStaticShapeTensor:$recurrent_weight,
      Optional<AnyStaticShapeTensor>:$bias,
      Optional<AnyStaticShapeTensor>:$recurrent_bias,
      Optional<AnyStaticShapeTensor>:$peephole_weight,
      Optional<AnyStaticShapeTensor>:$initial_hidden_state,
      Optional<AnyStaticShapeTensor>:$initial_cell_state,
      I64Attr:$steps, I64Attr:$hidden_size,
      DefaultValuedAttr<BoolAttr, "false">:$return_sequence,
      DefaultValuedAttr<StrAttr, "\"forward\"">:$direction,
      DefaultValuedAttr<StrAttr, "\"iofg\"">:$layout,
      DefaultValuedAttr<StrArrayAttr,
                        "{\"sigmoid\", \"tanh\", \"tanh\"}">:$activations);
  let results = (outs Variadic<AnyStaticShapeTensor>:$outputs);
  let assemblyFormat = [{
    $input `,` $weight `,` $recurrent_weight (`bias` $bias^)?
    (`recurrent_bias` $recurrent_bias^)?
    (`peephole_weight` $peephole_weight^)?
    (`initial_hidden_state` $initial_hidden_state^)?
    (`initial_cell_state` $initial_cell_state^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Webnn_LstmCellOp : Webnn_Op<"lstmCell", [AttrSizedOperandSegments]> {
  let summary = "One step of a long short-term memory network";
  let description = [{
    input [batch, inputSize]; weight [4 * hiddenSize, inputSize];
    recurrent_weight [4 * hiddenSize, hiddenSize]; hidden_state and
    cell_state [batch, hiddenSize]; bias and recurrent_bias [4 *
    hiddenSize]; peephole_weight [3 * hiddenSize]. Results: the new hidden
    state and cell state [batch, hiddenSize].
  }];
  let arguments = (ins AnyStaticShapeTensor:$input,
      AnyStaticShapeTensor:$weight, AnyStaticShapeTensor:$recurrent_weight,
      AnyStaticShapeTensor:$hidden_state, AnyStaticShapeTensor:$cell_state,
      Optional<AnyStaticShapeTensor>:$bias,
      Optional<AnyStaticShapeTensor>:$recurrent_bias,
      Optional<AnyStaticShapeTensor>:$peephole_weight,
      I64Attr:$hidden_size,
      DefaultValuedAttr<StrAttr, "\"iofg\"">:$layout,
      DefaultValuedAttr<StrArrayAttr,
                        "{\"sigmoid\", \"tanh\", \"tanh\"}">:$activations);
  let results = (outs Variadic<AnyStaticShapeTensor>:$outputs);
  let assemblyFormat = [{
    $input `,` $weight `,` $recurrent_weight `,` $hidden_state `,`
    $cell_state (`bias` $bias^)? (`recurrent_bias` $recurrent_bias^)?
    (`peephole_weight` $peephole_weight^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

def Webnn_RecurrenceOp : Webnn_Op<"recurrence", [AttrSizedOperandSegments]> {
  let summary = "The time loop of gru and lstm (internal)";
  let description = [{
    Not a WebNN operation: wnn-decompose-recurrent makes it from gru, gruCell,
    lstm and lstmCell once their input projections are computed. Per
    direction d and step s (time t = s, or steps - 1 - s backward):
    gates = projection[d, t] + hidden[d] x recurrent_weight[d] (+
    recurrent_bias[d]), then the cell's gate equations update hidden[d]
    (and cell[d]); the sequence holds hidden[d] at [t, d].

    projection [numDirections, steps, batch, gates * hiddenSize] holds input
    x weight^T + bias; recurrent_weight is [numDirections, hiddenSize,
    gates * hiddenSize] (transposed); recurrent_bias [numDirections, gates *
    hiddenSize]; peephole_weight [numDirections, 3 * hiddenSize];
    initial_hidden_state and initial_cell_state (lstm only)
    [numDirections, batch, hiddenSize]. `kind` is "gru" or "lstm". Results:
    the last hidden state, the last cell state (lstm), and with
    `return_sequence` the hidden state after every step.
  }];
  let arguments = (ins AnyStaticShapeTensor:$projection,
      AnyStaticShapeTensor:$recurrent_weight,
      Optional<AnyStaticShapeTensor>:$recurrent_bias,
      Optional<AnyStaticShapeTensor>:$peephole_weight,
      AnyStaticShapeTensor:$initial_hidden_state,
      Optional<AnyStaticShapeTensor>:$initial_cell_state,
      StrAttr:$kind, StrAttr:$direction, StrAttr:$layout,
      StrArrayAttr:$activations, BoolAttr:$reset_after,
      BoolAttr:$return_sequence);
  let results = (outs Variadic<AnyStaticShapeTensor>:$outputs);
  let assemblyFormat = [{
    $projection `,` $recurrent_weight (`recurrent_bias` $recurrent_bias^)?
    (`peephole_weight` $peephole_weight^)? `,` $initial_hidden_state
    (`initial_cell_state` $initial_cell_state^)? attr-dict `:`
    functional-type(operands, results)
  }];
}

#endif // WEBNN_OPS_TD
