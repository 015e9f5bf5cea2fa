#!/usr/bin/env python3
"""Draws the extension icon (128x128 PNG): a check mark over the three segments of a JWT.

usage: python3 scripts/make_icon.py [OUT]   (default: icon.png next to package.json)
Standard library only, so the icon can be redrawn anywhere; the output is deterministic.
"""
import math
import struct
import sys
import zlib
from pathlib import Path

SIZE = 128
SAMPLES = 4  # per axis: 16 samples a pixel smooth the edges

TOP, BOTTOM = (0x1D, 0x35, 0x57), (0x0B, 0x1D, 0x33)
CHECK = (0x4A, 0xDE, 0x80)
# The colours jwt.io-style tools give header, payload and signature.
SEGMENTS = [((44, 104), (0xFB, 0x71, 0x85)), ((64, 104), (0xC0, 0x84, 0xFC)), ((84, 104), (0x38, 0xBD, 0xF8))]
CHECK_POINTS = [(32, 56), (54, 78), (97, 34)]
CHECK_WIDTH = 15


def inside_rounded_square(x, y, radius=26):
    cx = min(max(x, radius), SIZE - radius)
    cy = min(max(y, radius), SIZE - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def distance_to_segment(px, py, a, b):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def colour_at(x, y):
    """The colour of one sample point, or None outside the icon."""
    if not inside_rounded_square(x, y):
        return None
    for centre, colour in SEGMENTS:
        if math.hypot(x - centre[0], y - centre[1]) <= 6.5:
            return colour
    if any(distance_to_segment(x, y, a, b) <= CHECK_WIDTH / 2 for a, b in zip(CHECK_POINTS, CHECK_POINTS[1:])):
        return CHECK
    t = y / SIZE
    return tuple(round(TOP[i] + (BOTTOM[i] - TOP[i]) * t) for i in range(3))


def pixel(px, py):
    r = g = b = a = 0
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            c = colour_at(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES)
            if c:
                r, g, b, a = r + c[0], g + c[1], b + c[2], a + 1
    if a == 0:
        return (0, 0, 0, 0)
    return (r // a, g // a, b // a, round(255 * a / SAMPLES ** 2))


def png(rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(v for p in row for v in p) for row in rows)
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "icon.png"
    out.write_bytes(png([[pixel(x, y) for x in range(SIZE)] for y in range(SIZE)]))
    print(f"wrote {out}")
