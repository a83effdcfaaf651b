// Runs every case of a make_op_models.py folder on ONNX Runtime's CPU
// execution provider and writes each output as OUT/<case>.<output>.ort.bin
// plus its shape and type in OUT/<case>.<output>.ort.json.
//
//   node ort_run.mjs DIR [NODE_MODULES_PARENT]
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const dir = process.argv[2];
const modulesParent = process.argv[3] ?? process.cwd();
const require = createRequire(path.join(path.resolve(modulesParent), "x.js"));
const ort = require("onnxruntime-node");

const arrays = {
  float32: Float32Array, int64: BigInt64Array, int32: Int32Array,
  uint8: Uint8Array, int8: Int8Array, bool: Uint8Array,
};

const cases = JSON.parse(fs.readFileSync(path.join(dir, "cases.json")));
let failed = 0;
for (const c of cases) {
  try {
    const session = await ort.InferenceSession.create(
      path.join(dir, c.name + ".onnx"),
      { intraOpNumThreads: 1, graphOptimizationLevel: "disabled" });
    const feeds = {};
    for (const input of c.inputs) {
      const bytes = fs.readFileSync(path.join(dir, `${c.name}.${input.name}.bin`));
      const Type = arrays[input.dtype];
      const data = new Type(bytes.buffer, bytes.byteOffset,
                            bytes.byteLength / Type.BYTES_PER_ELEMENT);
      feeds[input.name] = new ort.Tensor(input.dtype, data, input.shape);
    }
    const results = await session.run(feeds);
    for (const name of c.outputs) {
      const tensor = results[name];
      const data = tensor.data;
      fs.writeFileSync(path.join(dir, `${c.name}.${name}.ort.bin`),
                       Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      fs.writeFileSync(path.join(dir, `${c.name}.${name}.ort.json`),
                       JSON.stringify({ dims: tensor.dims, type: tensor.type }));
    }
  } catch (error) {
    failed++;
    console.error(`${c.name}: ONNX Runtime failed: ${error.message}`);
  }
}
process.exit(failed ? 1 : 0);
