#!/usr/bin/env node
// Runs an ONNX model with onnxruntime-node (CPU, one thread) and writes every
// output as OUTDIR/<output name>.npy: the reference the end-to-end tests
// compare webnn-run's outputs with.
//
//   node ort_reference.mjs MODEL.onnx OUTDIR --input NAME=FILE.npy ...
//        [--modules DIR]   folder with node_modules/onnxruntime-node
//                          (default $WNN_NPM_DIR, else build/npm)
//
// Prints one NAME=FILE per output (the arguments of webnn-run --compare).
//
//   node ort_reference.mjs MODEL.onnx --bench N [--warmup W] [--threads T]
//        --input NAME=FILE.npy ...
//
// times N runs after W warm-up runs (default 5) on T intra-op threads
// (default 1) and prints one JSON line with min_ms and median_ms, like
// webnn-run --bench.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const positional = [];
const inputs = [];
let modules = process.env.WNN_NPM_DIR || path.join(here, '../../build/npm');
let bench = 0, warmup = 5, threads = 1;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--input') inputs.push(args[++i]);
  else if (args[i] === '--modules') modules = args[++i];
  else if (args[i] === '--bench') bench = Number(args[++i]);
  else if (args[i] === '--warmup') warmup = Number(args[++i]);
  else if (args[i] === '--threads') threads = Number(args[++i]);
  else positional.push(args[i]);
}
if (positional.length !== (bench > 0 ? 1 : 2)) {
  console.error('usage: ort_reference.mjs MODEL.onnx OUTDIR --input NAME=FILE.npy ... [--modules DIR]\n' +
    '       ort_reference.mjs MODEL.onnx --bench N [--warmup W] [--threads T] --input NAME=FILE.npy ...');
  process.exit(2);
}
const [modelPath, outDir] = positional;

// .npy files: little-endian, C order, versions 1-3.
const TYPES = {
  '<f4': ['float32', Float32Array], '<f8': ['float64', Float64Array],
  '<i4': ['int32', Int32Array], '<i8': ['int64', BigInt64Array],
  '<u4': ['uint32', Uint32Array], '<u8': ['uint64', BigUint64Array],
  '|i1': ['int8', Int8Array], '|u1': ['uint8', Uint8Array], '|b1': ['bool', Uint8Array],
  '<f2': ['float16', Uint16Array],
};
function readNpy(file) {
  const buf = fs.readFileSync(file);
  if (buf.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${file}: not a .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = buf.toString('latin1', major === 1 ? 10 : 12, start);
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${file}: Fortran order`);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1].split(',')
    .map((s) => s.trim()).filter((s) => s).map(Number);
  const type = TYPES[descr];
  if (!type) throw new Error(`${file}: unsupported dtype ${descr}`);
  const bytes = buf.subarray(start);
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  const data = new type[1](copy.buffer, 0, bytes.length / type[1].BYTES_PER_ELEMENT);
  return { type: type[0], data, shape };
}
function writeNpy(file, type, data, shape) {
  const descr = Object.keys(TYPES).find((k) => TYPES[k][0] === type);
  if (!descr) throw new Error(`${file}: cannot write ${type}`);
  const dims = shape.join(', ') + (shape.length === 1 ? ',' : '');
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1; head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  fs.writeFileSync(file, Buffer.concat([head, Buffer.from(header, 'latin1'), body]));
}

let ort;
try {
  ort = createRequire(path.join(path.resolve(modules), 'package.json'))('onnxruntime-node');
} catch (e) {
  console.error(`ort_reference.mjs: onnxruntime-node not found under ${modules}/node_modules ` +
    '(scripts/setup.sh installs it): ' + e.message);
  process.exit(1);
}
const session = await ort.InferenceSession.create(modelPath, {
  executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1,
  executionMode: 'sequential', graphOptimizationLevel: 'all',
});
const feeds = {};
for (const spec of inputs) {
  const eq = spec.indexOf('=');
  const name = spec.slice(0, eq);
  const { type, data, shape } = readNpy(spec.slice(eq + 1));
  feeds[name] = new ort.Tensor(type, data, shape);
}
if (bench > 0) {
  for (let i = 0; i < warmup; i++) await session.run(feeds);
  const times = [];
  for (let i = 0; i < bench; i++) {
    const start = performance.now();
    await session.run(feeds);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const n = times.length;
  const median = n % 2 ? times[(n - 1) / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
  console.log(JSON.stringify({ model: modelPath, runs: bench, warmup, threads,
    min_ms: times[0], median_ms: median, max_ms: times[n - 1] }));
  process.exit(0);
}
const results = await session.run(feeds);
fs.mkdirSync(outDir, { recursive: true });
for (const name of session.outputNames) {
  const t = results[name];
  const file = path.join(outDir, name.replace(/[^A-Za-z0-9._-]/g, '_') + '.npy');
  writeNpy(file, t.type, t.data, t.dims);
  console.log(`${name}=${file}`);
}
