#!/usr/bin/python3
"""Prints the tables of cpp/src/portable_math.cpp (exact to 60 digits, then rounded to double).

exp: 2^(j/32) for j = 0..31, each as hi + lo: hi the nearest double, lo the nearest double to the
rest. log (float32): 32 buckets of z in [0.6875, 1.375) (the bits of z from 0.6875's, 2^47 apart),
for each c (its centre; 1 for the two buckets beside 1), invc = 1/c rounded to 28 significant bits
(so z * invc is exact for a float z) and -log(invc) rounded to double.
Run: /usr/bin/python3 cpp/tools/portable_math_tables.py
"""
import decimal
import struct

decimal.getcontext().prec = 60
D = decimal.Decimal


def bits(x):
    return struct.unpack('<Q', struct.pack('<d', x))[0]


def from_bits(b):
    return struct.unpack('<d', struct.pack('<Q', b))[0]


def nearest(d):
    """The double nearest the Decimal d."""
    return float(d)  # Decimal -> float rounds correctly


def exp_table():
    ln2 = D(2).ln()
    rows = []
    for j in range(32):
        exact = (ln2 * j / 32).exp()
        hi = nearest(exact)
        lo = nearest(exact - D(hi))
        rows.append(f'    {{{hi.hex()}, {lo.hex()}}},')
    return rows


def round_to_bits(x, n):
    """x rounded to n significant bits."""
    m, e = __import__('math').frexp(x)
    return round(m * 2 ** n) / 2 ** n * 2.0 ** e


def log_table():
    off = bits(0.6875)
    rows = []
    for j in range(32):
        lo = from_bits(off + (j << 47))
        hi = from_bits(off + ((j + 1) << 47))
        if hi == 1.0 or lo == 1.0:
            c = 1.0
        else:
            c = (lo + hi) / 2
        invc = round_to_bits(1.0 / c, 28)
        logc = nearest(-D(invc).ln())
        rows.append(f'    {{{invc.hex()}, {logc.hex()}}},')
    return rows


print('// exp: {hi, lo} of 2^(j/32)')
print('\n'.join(exp_table()))
print('// log (float32): {invc, -log(invc)}')
print('\n'.join(log_table()))
