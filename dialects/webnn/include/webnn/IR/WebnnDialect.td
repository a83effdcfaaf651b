//===- WebnnDialect.td - The webnn dialect -----------------*- tablegen -*-===//
#ifndef WEBNN_DIALECT_TD
#define WEBNN_DIALECT_TD

include "mlir/IR/OpBase.td"

def Webnn_Dialect : Dialect {
  let name = "webnn";
  let summary = "The operations of a W3C WebNN graph (MLGraphBuilder)";
  let description = [{
    One op per MLGraphBuilder method, with the spec's names, option semantics
    and validation steps. Tensors are ranked and statically shaped. A graph is
    a `func.func` whose arguments are the graph inputs and whose results are
    the graph outputs; their WebNN names are the `webnn.name` argument and
    result attributes.
  }];
  let cppNamespace = "::wnn::webnn";
  let extraClassDeclaration = [{
    /// Argument/result attribute holding a graph input's or output's name.
    static constexpr ::llvm::StringLiteral getNameAttrName() {
      return ::llvm::StringLiteral("webnn.name");
    }
  }];
}

#endif // WEBNN_DIALECT_TD
