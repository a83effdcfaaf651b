# Writes a .npy file without numpy: make-npy.py [--int32] OUT DIM,DIM,... V V ...
# (float32 unless --int32).
import struct, sys
args = sys.argv[1:]
descr, fmt, conv = '<f4', '<f', float
if args[0] == '--int32':
    descr, fmt, conv = '<i4', '<i', int
    args = args[1:]
path, shape, values = args[0], [int(d) for d in args[1].split(',')], [conv(v) for v in args[2:]]
dims = ', '.join(map(str, shape)) + (',' if len(shape) == 1 else '')
header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (descr, dims)
header += ' ' * (63 - (10 + len(header)) % 64) + '\n'
with open(path, 'wb') as f:
    f.write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(header)) + header.encode())
    f.write(b''.join(struct.pack(fmt, v) for v in values))
