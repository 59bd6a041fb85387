"""A small, naive CMYK ICC profile for tests (ICC v2 output profile, Lab PCS, lut16).

No free FOGRA39 profile can be redistributed, so the tests make their own: CMYK behaves
like ideal inks (C = 1 − R…, with grey component replacement into K). Real print work uses
the profile the print shop supplies.
"""

from __future__ import annotations

import itertools
import struct

D50 = (0.9642, 1.0, 0.8249)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _srgb_to_lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    # sRGB to XYZ, Bradford-adapted to D50.
    x = 0.4360747 * r + 0.3850649 * g + 0.1430804 * b
    y = 0.2225045 * r + 0.7168786 * g + 0.0606169 * b
    z = 0.0139322 * r + 0.0971045 * g + 0.7141733 * b

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x / D50[0]), f(y / D50[1]), f(z / D50[2])
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _lab_to_srgb(lab: tuple[float, float, float]) -> tuple[float, float, float]:
    big_l, a, b = lab
    fy = (big_l + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200

    def finv(t: float) -> float:
        return t**3 if t**3 > 216 / 24389 else (116 * t - 16) / (24389 / 27)

    x, y, z = finv(fx) * D50[0], finv(fy) * D50[1], finv(fz) * D50[2]
    r = 3.1338561 * x - 1.6168667 * y - 0.4906146 * z
    g = -0.9787684 * x + 1.9161415 * y + 0.0334540 * z
    bl = 0.0719453 * x - 0.2289914 * y + 1.4052427 * z

    def gamma(c: float) -> float:
        c = min(1.0, max(0.0, c))
        return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055

    return gamma(r), gamma(g), gamma(bl)


def _lab16(lab: tuple[float, float, float]) -> list[int]:
    """ICC v2 (legacy) 16-bit Lab encoding."""
    big_l, a, b = lab
    return [
        max(0, min(0xFFFF, round(big_l / 100 * 0xFF00))),
        max(0, min(0xFFFF, round((a + 128) * 256))),
        max(0, min(0xFFFF, round((b + 128) * 256))),
    ]


def _lut16(inputs: int, outputs: int, grid: int, clut: list[list[int]]) -> bytes:
    identity = b"".join(_s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
    data = b"mft2" + b"\0" * 4 + bytes([inputs, outputs, grid, 0]) + identity
    data += struct.pack(">HH", 2, 2)
    data += struct.pack(">HH", 0, 0xFFFF) * inputs
    data += b"".join(struct.pack(f">{outputs}H", *entry) for entry in clut)
    data += struct.pack(">HH", 0, 0xFFFF) * outputs
    return data


def _a2b(grid: int = 5) -> bytes:
    steps = [i / (grid - 1) for i in range(grid)]
    clut = []
    for c, m, y, k in itertools.product(steps, repeat=4):
        rgb = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
        clut.append(_lab16(_srgb_to_lab(rgb)))
    return _lut16(4, 4 - 1, grid, clut)


def _b2a(grid: int = 17) -> bytes:
    clut = []
    for li, ai, bi in itertools.product(range(grid), repeat=3):
        lab = (
            li / (grid - 1) * 100 * 0xFFFF / 0xFF00,
            ai / (grid - 1) * 255.996 - 128,
            bi / (grid - 1) * 255.996 - 128,
        )
        r, g, b = _lab_to_srgb(lab)
        k = 1 - max(r, g, b)
        if k >= 1:
            cmyk = (0.0, 0.0, 0.0, 1.0)
        else:
            cmyk = ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k)
        clut.append([round(v * 0xFFFF) for v in cmyk])
    return _lut16(3, 4, grid, clut)


def _desc(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (
        b"desc"
        + b"\0" * 4
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + struct.pack(">II", 0, 0)
        + struct.pack(">HB", 0, 0)
        + b"\0" * 67
    )


def cmyk_profile(description: str = "vitrina test CMYK (naive inks)") -> bytes:
    """The bytes of an ICC profile that littleCMS (Pillow's ImageCms) accepts."""
    tags = [
        (b"desc", _desc(description)),
        (b"wtpt", b"XYZ " + b"\0" * 4 + b"".join(_s15(v) for v in D50)),
        (b"cprt", b"text" + b"\0" * 4 + b"No copyright: made by vitrina's tests\0"),
        (b"A2B0", _a2b()),
        (b"B2A0", _b2a()),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table = struct.pack(">I", len(tags))
    body = b""
    for signature, data in tags:
        while (offset + len(body)) % 4:
            body += b"\0"
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = 128 + len(table) + len(body)
    header = (
        struct.pack(">I", size)
        + b"\0" * 4
        + struct.pack(">I", 0x02100000)
        + b"prtr"
        + b"CMYK"
        + b"Lab "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 4
        + b"\0" * 4
        + b"\0" * 4
        + b"\0" * 4
        + b"\0" * 8
        + struct.pack(">I", 0)
        + b"".join(_s15(v) for v in D50)
        + b"\0" * 4
        + b"\0" * 16
        + b"\0" * 28
    )
    assert len(header) == 128
    return header + table + body
