#!/usr/bin/env python3
"""Writes recurrent.json: gru, gruCell, lstm and lstmCell with option
combinations the corpus does not test together (both directions with
peepholes, initial states and returnSequence; the rzn and ifgo layouts;
gru without resetAfter in both directions; float16 cells), with expected
values from the specification's equations:

  gru:  z = f(x Wz' + bz + h Rz' + rbz), r = f(x Wr' + br + h Rr' + rbr),
        n = g(x Wn' + bn + r (h Rn' + rbn))        (resetAfter)
        n = g(x Wn' + bn + (r h) Rn' + rbn)        (otherwise)
        h = z h + (1 - z) n
  lstm: i = f(x Wi' + bi + h Ri' + rbi + pi c), f = f(... + pf c),
        g = g(x Wg' + bg + h Rg' + rbg), o = f(... + po c) (c: the cell
        state before the step), c = f c + i g, h = o h_act(c)

A backward direction reads the steps from the end; the sequence holds each
step's hidden state at the time step it read."""
import json
import math
import random
import struct
import sys

ACT = {"relu": lambda v: max(v, 0.0),
       "sigmoid": lambda v: 1.0 / (1.0 + math.exp(-v)),
       "tanh": math.tanh}


def half(v):
    return struct.unpack("e", struct.pack("e", v))[0]


def values(rng, count, dtype):
    data = [round(rng.uniform(-1, 1), 3) for _ in range(count)]
    return [half(v) for v in data] if dtype == "float16" else data


def matvec(rows, vector):
    return [sum(a * b for a, b in zip(row, vector)) for row in rows]


def gates_of(weight, count, size):
    """The rows of gate k of a [count * size, n] weight, as lists."""
    return [weight[k * size:(k + 1) * size] for k in range(count)]


def gru_step(x, h, w, r, b, rb, hs, layout, reset_after, acts):
    order = {"zrn": "zrn", "rzn": "rzn"}[layout]
    wg, rg = gates_of(w, 3, hs), gates_of(r, 3, hs)
    bg = gates_of(b, 3, hs) if b else [[0.0] * hs] * 3
    rbg = gates_of(rb, 3, hs) if rb else [[0.0] * hs] * 3
    k = {name: order.index(name) for name in "zrn"}
    f, g = ACT[acts[0]], ACT[acts[1]]

    def pre(name, state):
        xi = matvec(wg[k[name]], x)
        hi = matvec(rg[k[name]], state)
        return [a + bb + c + d for a, bb, c, d in
                zip(xi, bg[k[name]], hi, rbg[k[name]])]

    z = [f(v) for v in pre("z", h)]
    rr = [f(v) for v in pre("r", h)]
    xn = [a + bb for a, bb in zip(matvec(wg[k["n"]], x), bg[k["n"]])]
    if reset_after:
        hn = [a + bb for a, bb in zip(matvec(rg[k["n"]], h), rbg[k["n"]])]
        n = [g(a + ri * c) for a, ri, c in zip(xn, rr, hn)]
    else:
        rh = [ri * hi for ri, hi in zip(rr, h)]
        hn = [a + bb for a, bb in zip(matvec(rg[k["n"]], rh), rbg[k["n"]])]
        n = [g(a + c) for a, c in zip(xn, hn)]
    return [zi * hi + (1 - zi) * ni for zi, hi, ni in zip(z, h, n)]


def lstm_step(x, h, c, w, r, b, rb, p, hs, layout, acts):
    k = {name: layout.index(name) for name in "iofg"}
    wg, rg = gates_of(w, 4, hs), gates_of(r, 4, hs)
    bg = gates_of(b, 4, hs) if b else [[0.0] * hs] * 4
    rbg = gates_of(rb, 4, hs) if rb else [[0.0] * hs] * 4
    peep = gates_of(p, 3, hs) if p else [[0.0] * hs] * 3
    pk = {"i": 0, "o": 1, "f": 2}
    f, g, ha = ACT[acts[0]], ACT[acts[1]], ACT[acts[2]]

    def pre(name):
        xi, hi = matvec(wg[k[name]], x), matvec(rg[k[name]], h)
        total = [a + bb + cc + d for a, bb, cc, d in
                 zip(xi, bg[k[name]], hi, rbg[k[name]])]
        if name in pk:
            total = [t + pw * ci for t, pw, ci in zip(total, peep[pk[name]], c)]
        return total

    i = [f(v) for v in pre("i")]
    fg = [f(v) for v in pre("f")]
    gg = [g(v) for v in pre("g")]
    o = [f(v) for v in pre("o")]
    c2 = [a * ci + b2 * d for a, ci, b2, d in zip(fg, c, i, gg)]
    return [oi * ha(ci) for oi, ci in zip(o, c2)], c2


def reshape(flat, rows, cols):
    return [flat[k * cols:(k + 1) * cols] for k in range(rows)]


def tensor(data, shape, dtype, constant=True):
    entry = {"data": data, "descriptor": {"shape": shape, "dataType": dtype}}
    if constant:
        entry["constant"] = True
    return entry


def network(rng, name, kind, steps, batch, size, hs, dtype="float32",
            direction="forward", layout=None, bias=False, recurrent_bias=False,
            peephole=False, initial=False, sequence=False, reset_after=True,
            activations=None):
    gates = 4 if kind == "lstm" else 3
    layout = layout or ("iofg" if kind == "lstm" else "zrn")
    acts = activations or (["sigmoid", "tanh", "tanh"] if kind == "lstm"
                           else ["sigmoid", "tanh"])
    dirs = 2 if direction == "both" else 1
    x = values(rng, steps * batch * size, dtype)
    w = values(rng, dirs * gates * hs * size, dtype)
    r = values(rng, dirs * gates * hs * hs, dtype)
    b = values(rng, dirs * gates * hs, dtype) if bias else None
    rb = values(rng, dirs * gates * hs, dtype) if recurrent_bias else None
    p = values(rng, dirs * 3 * hs, dtype) if peephole else None
    h0 = values(rng, dirs * batch * hs, dtype) if initial else None
    c0 = values(rng, dirs * batch * hs, dtype) if initial and kind == "lstm" else None

    def part(flat, d, count):
        return flat[d * count:(d + 1) * count] if flat else None

    hidden, cell = [], []
    seq = [[None] * dirs for _ in range(steps)]
    for d in range(dirs):
        wd = reshape(part(w, d, gates * hs * size), gates * hs, size)
        rd = reshape(part(r, d, gates * hs * hs), gates * hs, hs)
        bd, rbd = part(b, d, gates * hs), part(rb, d, gates * hs)
        pd = part(p, d, 3 * hs)
        hb = [part(h0, d * batch + n, hs) or [0.0] * hs for n in range(batch)]
        cb = [part(c0, d * batch + n, hs) or [0.0] * hs for n in range(batch)]
        backward = direction == "backward" or (direction == "both" and d == 1)
        for s in range(steps):
            t = steps - 1 - s if backward else s
            for n in range(batch):
                xt = x[(t * batch + n) * size:(t * batch + n + 1) * size]
                if kind == "lstm":
                    hb[n], cb[n] = lstm_step(xt, hb[n], cb[n], wd, rd, bd, rbd,
                                             pd, hs, layout, acts)
                else:
                    hb[n] = gru_step(xt, hb[n], wd, rd, bd, rbd, hs, layout,
                                     reset_after, acts)
            seq[t][d] = [list(v) for v in hb]
        hidden.append(hb)
        cell.append(cb)

    flat = lambda nested: [v for a in nested for bb in a for v in bb]
    inputs = {"x": tensor(x, [steps, batch, size], dtype, constant=False),
              "w": tensor(w, [dirs, gates * hs, size], dtype),
              "r": tensor(r, [dirs, gates * hs, hs], dtype)}
    options = {"direction": direction, "layout": layout, "activations": acts,
               "returnSequence": sequence}
    if kind == "gru":
        options["resetAfter"] = reset_after
    for key, value, shape in (("bias", b, [dirs, gates * hs]),
                              ("recurrentBias", rb, [dirs, gates * hs]),
                              ("peepholeWeight", p, [dirs, 3 * hs]),
                              ("initialHiddenState", h0, [dirs, batch, hs]),
                              ("initialCellState", c0, [dirs, batch, hs])):
        if value:
            inputs[key] = tensor(value, shape, dtype)
            options[key] = key
    state = [dirs, batch, hs]
    expected = {"h": (flat(hidden), state)}
    outputs = ["h"]
    if kind == "lstm":
        expected["c"] = (flat(cell), state)
        outputs.append("c")
    if sequence:
        expected["sequence"] = (
            [v for step in seq for d in step for n in d for v in n],
            [steps, dirs, batch, hs])
        outputs.append("sequence")
    return test(name, kind, inputs,
                [{"input": "x"}, {"weight": "w"}, {"recurrentWeight": "r"},
                 {"steps": steps}, {"hiddenSize": hs}, {"options": options}],
                outputs, expected, dtype)


def cell(rng, name, kind, batch, size, hs, dtype="float32", layout=None,
         peephole=False, reset_after=True, activations=None):
    gates = 4 if kind == "lstm" else 3
    layout = layout or ("iofg" if kind == "lstm" else "zrn")
    acts = activations or (["sigmoid", "tanh", "tanh"] if kind == "lstm"
                           else ["sigmoid", "tanh"])
    x = values(rng, batch * size, dtype)
    w = values(rng, gates * hs * size, dtype)
    r = values(rng, gates * hs * hs, dtype)
    b = values(rng, gates * hs, dtype)
    rb = values(rng, gates * hs, dtype)
    p = values(rng, 3 * hs, dtype) if peephole else None
    h = values(rng, batch * hs, dtype)
    c = values(rng, batch * hs, dtype)
    wd, rd = reshape(w, gates * hs, size), reshape(r, gates * hs, hs)
    out_h, out_c = [], []
    for n in range(batch):
        xn, hn = x[n * size:(n + 1) * size], h[n * hs:(n + 1) * hs]
        if kind == "lstm":
            hh, cc = lstm_step(xn, hn, c[n * hs:(n + 1) * hs], wd, rd, b, rb,
                               p, hs, layout, acts)
            out_c += cc
        else:
            hh = gru_step(xn, hn, wd, rd, b, rb, hs, layout, reset_after, acts)
        out_h += hh
    inputs = {"x": tensor(x, [batch, size], dtype, constant=False),
              "w": tensor(w, [gates * hs, size], dtype),
              "r": tensor(r, [gates * hs, hs], dtype),
              "h0": tensor(h, [batch, hs], dtype, constant=False),
              "b": tensor(b, [gates * hs], dtype),
              "rb": tensor(rb, [gates * hs], dtype)}
    options = {"bias": "b", "recurrentBias": "rb", "layout": layout,
               "activations": acts}
    arguments = [{"input": "x"}, {"weight": "w"}, {"recurrentWeight": "r"},
                 {"hiddenState": "h0"}]
    expected = {"h": (out_h, [batch, hs])}
    outputs = "h"
    if kind == "lstm":
        inputs["c0"] = tensor(c, [batch, hs], dtype, constant=False)
        arguments.append({"cellState": "c0"})
        expected["c"] = (out_c, [batch, hs])
        outputs = ["h", "c"]
        if p:
            inputs["p"] = tensor(p, [3 * hs], dtype)
            options["peepholeWeight"] = "p"
    else:
        options["resetAfter"] = reset_after
    arguments += [{"hiddenSize": hs}, {"options": options}]
    return test(name, kind + "Cell", inputs, arguments, outputs, expected,
                dtype)


def test(name, op, inputs, arguments, outputs, expected, dtype):
    return {
        "name": name,
        "graph": {
            "inputs": inputs,
            "operators": [{"name": op, "arguments": arguments,
                           "outputs": outputs}],
            "expectedOutputs": {
                key: {"data": [round(v, 7) for v in data],
                      "descriptor": {"shape": shape, "dataType": dtype}}
                for key, (data, shape) in expected.items()},
        },
        "tolerance": {"metricType": "ATOL",
                      "value": 2e-2 if dtype == "float16" else 1e-5},
    }


def main():
    rng = random.Random(11)
    tests = [
        network(rng, "lstm both directions, ifgo, peepholes, initial states, "
                "sequence, activations tanh relu sigmoid", "lstm", 3, 2, 3, 2,
                direction="both", layout="ifgo", bias=True,
                recurrent_bias=True, peephole=True, initial=True,
                sequence=True, activations=["tanh", "relu", "sigmoid"]),
        network(rng, "lstm backward, no biases, sequence", "lstm", 4, 1, 2, 3,
                direction="backward", sequence=True),
        network(rng, "lstm forward hidden 5, batch 3, biases and peepholes",
                "lstm", 4, 3, 4, 5, bias=True, recurrent_bias=True,
                peephole=True, sequence=True),
        network(rng, "gru both directions, rzn, resetAfter false, initial "
                "state, sequence", "gru", 3, 2, 3, 2, direction="both",
                layout="rzn", bias=True, recurrent_bias=True, initial=True,
                sequence=True, reset_after=False),
        network(rng, "gru backward, recurrent bias only, activations relu "
                "tanh", "gru", 4, 2, 2, 3, direction="backward",
                recurrent_bias=True, activations=["relu", "tanh"]),
        network(rng, "gru float16 both directions", "gru", 2, 1, 3, 2,
                dtype="float16", direction="both", bias=True,
                recurrent_bias=True, sequence=True),
        cell(rng, "gruCell rzn resetAfter false float16", "gru", 2, 3, 4,
             dtype="float16", layout="rzn", reset_after=False),
        cell(rng, "lstmCell ifgo with peepholes", "lstm", 2, 3, 3,
             layout="ifgo", peephole=True),
    ]
    doc = {"source": "written from the WebNN definitions of gru, gruCell, "
                     "lstm and lstmCell (recurrent.py)",
           "title": "recurrent option combinations", "tests": tests}
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
