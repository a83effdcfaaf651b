#!/usr/bin/env python3
"""Writes hostile_indices.json: gathers and scatters fed out-of-range indices
(negative, huge, the int32/uint32/int64 extremes) as graph inputs, so that
the compiled code sees them only at run time.

The expected values follow the compiler's documented rule for an index
outside [-size, size): it is clamped into range after negative indices are
counted from the end (docs/dialect.md). Scatter targets are distinct after
clamping, so the result does not depend on the order of the updates.
"""
import itertools
import json
import sys

I32_MIN, I32_MAX = -2**31, 2**31 - 1
U32_MAX = 2**32 - 1
I64_MIN, I64_MAX = -2**63, 2**63 - 1


def clamp(index, size, unsigned=False):
    if not unsigned and index < 0:
        index += size
    return min(max(index, 0), size - 1)


def shape_of(shape):
    return list(itertools.product(*[range(d) for d in shape]))


def flat(shape, coords):
    offset = 0
    for d, c in zip(shape, coords):
        offset = offset * d + c
    return offset


def tensor(data, shape, data_type):
    return {"data": data, "descriptor": {"shape": shape, "dataType": data_type}}


def test(name, inputs, op, arguments, options, output, out_shape, out_type):
    args = [{k: v} for k, v in arguments]
    if options:
        args.append({"options": options})
    return {
        "name": name,
        "graph": {
            "inputs": inputs,
            "operators": [{"name": op, "arguments": args, "outputs": "y"}],
            "expectedOutputs": {"y": tensor(output, out_shape, out_type)},
        },
    }


def gather(data, shape, indices, index_shape, index_type, axis):
    unsigned = index_type.startswith("u")
    out_shape = shape[:axis] + index_shape + shape[axis + 1:]
    out = []
    for p in shape_of(out_shape):
        before = p[:axis]
        idx = indices[flat(index_shape, p[axis:axis + len(index_shape)])]
        after = p[axis + len(index_shape):]
        src = before + (clamp(idx, shape[axis], unsigned),) + after
        out.append(data[flat(shape, src)])
    return out, out_shape


def gather_elements(data, shape, indices, index_shape, index_type, axis):
    unsigned = index_type.startswith("u")
    out = []
    for p in shape_of(index_shape):
        src = list(p)
        src[axis] = clamp(indices[flat(index_shape, p)], shape[axis], unsigned)
        out.append(data[flat(shape, src)])
    return out


def gather_nd(data, shape, indices, index_shape, index_type):
    unsigned = index_type.startswith("u")
    k = index_shape[-1]
    batch = index_shape[:-1]
    out_shape = batch + shape[k:]
    out = []
    for p in shape_of(out_shape):
        b, s = p[:len(batch)], p[len(batch):]
        start = [clamp(indices[flat(batch, b) * k + j], shape[j], unsigned)
                 for j in range(k)]
        out.append(data[flat(shape, start + list(s))])
    return out, out_shape


def scatter_elements(data, shape, indices, index_shape, index_type, updates,
                     axis):
    unsigned = index_type.startswith("u")
    out = list(data)
    targets = set()
    for p in shape_of(index_shape):
        dst = list(p)
        dst[axis] = clamp(indices[flat(index_shape, p)], shape[axis], unsigned)
        target = flat(shape, dst)
        assert target not in targets, "scatter targets must be distinct"
        targets.add(target)
        out[target] = updates[flat(index_shape, p)]
    return out


def scatter_nd(data, shape, indices, index_shape, index_type, updates):
    unsigned = index_type.startswith("u")
    k = index_shape[-1]
    batch = index_shape[:-1]
    update_shape = batch + shape[k:]
    out = list(data)
    targets = set()
    for p in shape_of(update_shape):
        b, s = p[:len(batch)], p[len(batch):]
        start = [clamp(indices[flat(batch, b) * k + j], shape[j], unsigned)
                 for j in range(k)]
        target = flat(shape, start + list(s))
        assert target not in targets, "scatter targets must be distinct"
        targets.add(target)
        out[target] = updates[flat(update_shape, p)]
    return out


def main():
    tests = []
    data = [float(v) for v in range(1, 25)]  # shape [2, 3, 4]
    shape = [2, 3, 4]

    for index_type, values in [
        ("int64", [I64_MIN, -1, I64_MAX, 3, -4, 2**40]),
        ("int32", [I32_MIN, -3, I32_MAX, 1, -5, 7]),
        ("uint32", [U32_MAX, 0, 2**31, 3, 4, 2]),
    ]:
        out, out_shape = gather(data, shape, values, [6], index_type, 2)
        tests.append(test(
            f"gather {index_type} indices out of range, axis 2",
            {"input": tensor(data, shape, "float32"),
             "indices": tensor(values, [6], index_type)},
            "gather", [("input", "input"), ("indices", "indices")],
            {"axis": 2}, out, out_shape, "float32"))

    index_shape = [2, 3, 3]
    for index_type, values in [
        ("int64", [I64_MIN, I64_MAX, -1, 4, -5, 2**62, 0, 1, 2] * 2),
        ("int32", [I32_MIN, I32_MAX, -2, 9, -9, 3, 0, 1, 2] * 2),
        ("uint32", [U32_MAX, 2**31, 0, 7, 1, 3, 2, 1, 0] * 2),
    ]:
        out = gather_elements(data, shape, values, index_shape, index_type, 2)
        tests.append(test(
            f"gatherElements {index_type} indices out of range, axis 2",
            {"input": tensor(data, shape, "float32"),
             "indices": tensor(values, index_shape, index_type)},
            "gatherElements", [("input", "input"), ("indices", "indices")],
            {"axis": 2}, out, index_shape, "float32"))

    for index_type, values, index_shape in [
        ("int64", [I64_MIN, I64_MAX, -1, 2**40, 5, -7], [3, 2]),
        ("int32", [I32_MIN, I32_MAX, -3, -1, 1, 2, 9, -9, 0], [3, 3]),
        ("uint32", [U32_MAX, 2**31, 1, 0], [4, 1]),
    ]:
        out, out_shape = gather_nd(data, shape, values, index_shape,
                                   index_type)
        tests.append(test(
            f"gatherND {index_type} indices out of range",
            {"input": tensor(data, shape, "float32"),
             "indices": tensor(values, index_shape, index_type)},
            "gatherND", [("input", "input"), ("indices", "indices")],
            None, out, out_shape, "float32"))

    # scatterElements on axis 1 of [2, 3, 4] with indices [2, 2, 4]: each
    # (i, k) column gets two updates whose clamped rows differ.
    index_shape = [2, 2, 4]
    for index_type, rows in [
        ("int64", [(I64_MIN, I64_MAX), (-1, 0), (2**40, -2**40), (1, -1)]),
        ("int32", [(I32_MAX, I32_MIN), (-3, 7), (0, -1), (-2, 2)]),
        ("uint32", [(U32_MAX, 0), (1, 2**31), (0, 1), (2, 1)]),
    ]:
        values = []
        for j in range(2):
            for k in range(4):
                values.append(rows[k][j])
        values = values * 2
        updates = [float(100 + v) for v in range(16)]
        out = scatter_elements(data, shape, values, index_shape, index_type,
                               updates, 1)
        tests.append(test(
            f"scatterElements {index_type} indices out of range, axis 1",
            {"input": tensor(data, shape, "float32"),
             "indices": tensor(values, index_shape, index_type),
             "updates": tensor(updates, index_shape, "float32")},
            "scatterElements",
            [("input", "input"), ("indices", "indices"),
             ("updates", "updates")],
            {"axis": 1}, out, shape, "float32"))

    for index_type, values, index_shape in [
        ("int64", [I64_MIN, I64_MAX, I64_MAX, I64_MIN, -1, 1], [3, 2]),
        ("int32", [I32_MAX, I32_MIN], [2, 1]),
        ("uint32", [U32_MAX, 0, 2**31, 1, 0, 0], [2, 3]),
    ]:
        k = index_shape[-1]
        update_shape = index_shape[:-1] + shape[k:]
        count = 1
        for d in update_shape:
            count *= d
        updates = [float(-v - 1) for v in range(count)]
        out = scatter_nd(data, shape, values, index_shape, index_type,
                         updates)
        tests.append(test(
            f"scatterND {index_type} indices out of range",
            {"input": tensor(data, shape, "float32"),
             "indices": tensor(values, index_shape, index_type),
             "updates": tensor(updates, update_shape, "float32")},
            "scatterND",
            [("input", "input"), ("indices", "indices"),
             ("updates", "updates")],
            None, out, shape, "float32"))

    for t in tests:
        t["tolerance"] = {"metricType": "ULP", "value": 0}
    document = {
        "source": "written from the WebNN specification and the compiler's "
                  "rule for out-of-range indices (hostile_indices.py)",
        "title": "gathers and scatters with out-of-range indices",
        "tests": tests,
    }
    json.dump(document, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
