# Writes a float32 .npy file without numpy: make-npy.py OUT DIM,DIM,... V V ...
import struct, sys
path, shape, values = sys.argv[1], [int(d) for d in sys.argv[2].split(',')], [float(v) for v in sys.argv[3:]]
dims = ', '.join(map(str, shape)) + (',' if len(shape) == 1 else '')
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }" % dims
header += ' ' * (63 - (10 + len(header)) % 64) + '\n'
with open(path, 'wb') as f:
    f.write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(header)) + header.encode())
    f.write(b''.join(struct.pack('<f', v) for v in values))
