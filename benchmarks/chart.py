"""A bar chart of the benchmark ratios as a PNG, with the standard library alone.

Why not matplotlib: the chart is a handful of rectangles, and a PNG is a small format to
write by hand (RFC 2083 / the W3C PNG spec): an 8-byte signature, then chunks, each
``length, type, data, CRC-32`` — ``IHDR`` (width, height, bit depth 8, colour type 2 = RGB),
``IDAT`` (the rows, each prefixed with filter type 0 = none, compressed with zlib) and
``IEND``. ``zlib`` and ``struct`` do all the work.

The picture has no text (fonts are the part that would need a library): one horizontal bar
per comparison, in the order of the results table, its length the ratio; green where the
target is met, red where it is missed, grey where there is none. A black vertical line marks
1.0× (as fast as the real one), a short dark tick on each bar its target, and light grey lines
every 0.5×. The axis stops at ``limit`` (4×): a longer bar (chapter 02 against
``http.server`` is tens of times faster) runs to the edge with a white notch near its end,
so that the bars that decide a target stay readable. The markdown next to it names the bars
and gives every value.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

__all__ = ["Bar", "Canvas", "bar_chart", "png"]

Colour = tuple[int, int, int]
WHITE: Colour = (255, 255, 255)
BLACK: Colour = (0, 0, 0)
GRID: Colour = (220, 220, 220)
MET: Colour = (46, 160, 67)
MISSED: Colour = (207, 34, 46)
NO_TARGET: Colour = (140, 140, 140)
TICK: Colour = (40, 40, 40)


def png(width: int, height: int, rgb: bytes) -> bytes:
    """Encode ``rgb`` (``height`` rows of ``width`` RGB pixels, top row first) as a PNG file."""
    if len(rgb) != width * height * 3:
        raise ValueError(f"{len(rgb)} bytes of pixels for a {width}x{height} RGB image")
    stride = width * 3
    rows = b"".join(b"\x00" + rgb[y * stride : (y + 1) * stride] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


class Canvas:
    """An RGB image in a bytearray, with the one drawing operation a bar chart needs."""

    def __init__(self, width: int, height: int, background: Colour = WHITE) -> None:
        self.width, self.height = width, height
        self.pixels = bytearray(bytes(background) * (width * height))

    def fill(self, x0: int, y0: int, x1: int, y1: int, colour: Colour) -> None:
        """Paint the rectangle ``[x0, x1) × [y0, y1)``, clipped to the canvas."""
        x0, x1 = max(0, x0), min(self.width, x1)
        row = bytes(colour) * max(0, x1 - x0)
        for y in range(max(0, y0), min(self.height, y1)):
            start = (y * self.width + x0) * 3
            self.pixels[start : start + len(row)] = row

    def to_png(self) -> bytes:
        return png(self.width, self.height, bytes(self.pixels))


@dataclass(frozen=True)
class Bar:
    """One comparison: ours ÷ the reference, and the target it should reach (or None)."""

    ratio: float
    target: float | None = None

    @property
    def colour(self) -> Colour:
        if self.target is None:
            return NO_TARGET
        return MET if self.ratio >= self.target else MISSED


def bar_chart(
    bars: list[Bar], *, limit: float = 4.0, width: int = 640, bar_height: int = 24, gap: int = 10
) -> bytes:
    """Horizontal bars, top to bottom in ``bars`` order; the axis spans 0 to ``limit`` at most."""
    margin = 20
    values = [1.0, *(b.ratio for b in bars), *(b.target or 0.0 for b in bars)]
    largest = min(limit, max(values))
    scale = (width - 2 * margin) / (largest * 1.05)  # pixels per 1.0x
    height = 2 * margin + len(bars) * (bar_height + gap) - gap
    canvas = Canvas(width, height)
    grid = 0.5
    while grid <= largest * 1.05:
        x = margin + round(grid * scale)
        canvas.fill(x, margin // 2, x + 1, height - margin // 2, GRID)
        grid += 0.5
    for index, bar in enumerate(bars):
        top = margin + index * (bar_height + gap)
        end = margin + max(1, round(min(bar.ratio, largest * 1.05) * scale))
        canvas.fill(margin, top, end, top + bar_height, bar.colour)
        if bar.ratio > largest * 1.05:  # clipped: a notch says "goes on"
            canvas.fill(end - 14, top, end - 10, top + bar_height, WHITE)
        if bar.target is not None:
            x = margin + round(bar.target * scale)
            canvas.fill(x - 1, top - 3, x + 2, top + bar_height + 3, TICK)
    one = margin + round(scale)
    canvas.fill(one - 1, margin // 2, one + 1, height - margin // 2, BLACK)  # 1.0x: as fast
    canvas.fill(margin - 1, margin // 2, margin, height - margin // 2, BLACK)  # the axis
    return canvas.to_png()
