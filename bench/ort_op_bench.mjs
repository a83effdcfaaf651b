#!/usr/bin/env node
// Median latency of ONNX Runtime (onnxruntime-node, CPU EP) on the models of
// make_op_benchmarks.py, one line of JSON per model.
//   node bench/ort_op_bench.mjs DIR THREADS RUNS
// Packages resolve from /tmp/peers (shared/peers/setup.sh), or $PEERS_DIR.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const peers = process.env.PEERS_DIR || '/tmp/peers';
const require = createRequire(path.join(peers, 'package.json'));
const ort = require('onnxruntime-node');
const [dir, threads = '1', runs = '30'] = process.argv.slice(2);

for (const line of fs.readFileSync(path.join(dir, 'ops.tsv'), 'utf8').trim().split('\n')) {
  const [name, spec] = line.split('\t');
  const session = await ort.InferenceSession.create(path.join(dir, name + '.onnx'), {
    intraOpNumThreads: Number(threads), interOpNumThreads: 1,
    executionMode: 'sequential', graphOptimizationLevel: 'all',
  });
  const feeds = {};
  for (const input of spec.split(';')) {
    const [inputName, , shapeText] = input.split(':');
    const shape = shapeText.split('x').map(Number);
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; ++i) data[i] = ((i * 7919) % 2000) / 1000 - 1;
    feeds[inputName] = new ort.Tensor('float32', data, shape);
  }
  const times = [];
  for (let i = 0; i < Number(runs) + 5; ++i) {
    const start = process.hrtime.bigint();
    await session.run(feeds);
    if (i >= 5) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ name, median_ms: times[times.length >> 1] }));
}
