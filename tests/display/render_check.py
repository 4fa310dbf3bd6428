#!/usr/bin/env python3
"""render_check.py - checks a screenshot from `lstar --screenshot` pixel by pixel against the
screen the VGA must show, computed here independently of lstar's code: the glyphs are read from
the Debian console fonts (PSF1, through their Unicode tables and Python's cp437 codec), the
colours are the VGA's standard 16, and text mode is drawn as the IBM VGA documents it (9-dot
cells, line graphics for 0xC0-0xDF, blink phases at 70 Hz, the cursor's scan lines).

usage: render_check.py SCREEN.png MODE FONT.psf.gz [FALLBACK.psf.gz ...]
  MODE kernel          the screen of tests/display/vga_kernel.c (blink on)
       kernel-noblink  the same with the blink bit off (bright backgrounds)
       colors          the screen of tests/display/colors.c through the guest's vgacon
Exit status 0 when every pixel matches; otherwise the first differing cells are listed."""
import gzip
import struct
import sys
import zlib

COLS, ROWS, CELL_H = 80, 25, 16
# The 16 text colours of the VGA's default palette (EGA compatible): 0xAA and 0x55 levels,
# with brown (6) as dark yellow with half green.
VGA_COLOURS = [0x000000, 0x0000AA, 0x00AA00, 0x00AAAA, 0xAA0000, 0xAA00AA, 0xAA5500, 0xAAAAAA,
               0x555555, 0x5555FF, 0x55FF55, 0x55FFFF, 0xFF5555, 0xFF55FF, 0xFFFF55, 0xFFFFFF]
# Code page 437's graphic characters for 0x01-0x1F and 0x7F (the codec gives control codes).
CP437_LOW = [0x263A, 0x263B, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022, 0x25D8, 0x25CB, 0x25D9,
             0x2642, 0x2640, 0x266A, 0x266B, 0x263C, 0x25BA, 0x25C4, 0x2195, 0x203C, 0x00B6,
             0x00A7, 0x25AC, 0x21A8, 0x2191, 0x2193, 0x2192, 0x2190, 0x221F, 0x2194, 0x25B2,
             0x25BC]
STAND_INS = {0x25BA: 0x25B6, 0x25C4: 0x25C0}  # console fonts' pointers for 0x10 and 0x11


def cp437_unicode(code):
    if code == 0:
        return None
    if code < 0x20:
        return CP437_LOW[code - 1]
    if code == 0x7F:
        return 0x2302
    return ord(bytes([code]).decode("cp437"))


def read_psf1(path):
    data = gzip.open(path).read()
    assert data[:2] == b"\x36\x04", f"{path}: not a PSF1 font"
    mode, height = data[2], data[3]
    assert height == 16 and mode & 2, f"{path}: not an 8x16 font with a Unicode table"
    count = 512 if mode & 1 else 256
    glyphs = [data[4 + g * 16: 4 + g * 16 + 16] for g in range(count)]
    table, at = {}, 4 + count * 16
    for g in range(count):
        in_seq = False
        while True:
            (u,) = struct.unpack_from("<H", data, at)
            at += 2
            if u == 0xFFFF:
                break
            if u == 0xFFFE:
                in_seq = True
            elif not in_seq:
                table.setdefault(u, glyphs[g])
    return table


def build_font(paths):
    tables = [read_psf1(p) for p in paths]
    font = [bytes(16)]
    for code in range(1, 256):
        u = cp437_unicode(code)
        glyph = next((t[u] for t in tables if u in t), None)
        if glyph is None and u in STAND_INS:
            glyph = next((t[STAND_INS[u]] for t in tables if STAND_INS[u] in t), None)
        assert glyph is not None, f"no glyph for CP437 {code:#x}"
        font.append(glyph)
    return font


def read_png(path):
    """Width, height, rows of (r, g, b) pixel values, and the tEXt chunks."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    at, idat, text = 8, b"", {}
    while at < len(data):
        (length,) = struct.unpack_from(">I", data, at)
        kind = data[at + 4: at + 8]
        body = data[at + 8: at + 8 + length]
        (crc,) = struct.unpack_from(">I", data, at + 8 + length)
        assert zlib.crc32(kind + body) == crc, f"bad CRC in chunk {kind}"
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack_from(">IIBB", body)
            assert depth == 8 and colour == 2, "expected 8-bit RGB"
        elif kind == b"IDAT":
            idat += body
        elif kind == b"tEXt":
            key, value = body.split(b"\0", 1)
            text[key.decode()] = value.decode()
        at += 12 + length
    raw = zlib.decompress(idat)
    stride, rows, prev = width * 3, [], bytearray(width * 3)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1: (y + 1) * (stride + 1)])
        for i in range(stride):  # undo the five PNG filters
            a = line[i - 3] if i >= 3 else 0
            b, c = prev[i], prev[i - 3] if i >= 3 else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([line[x * 3] << 16 | line[x * 3 + 1] << 8 | line[x * 3 + 2] for x in range(width)])
        prev = line
    return width, height, rows, text


def kernel_screen(blink):
    """vga_kernel.c: text memory cell i holds char i*7, attribute i*13 + i/80; the screen starts
    at cell 80; the cursor is on screen cell 1000, scan lines 3-9."""
    cells = []
    for s in range(COLS * ROWS):
        i = s + 80
        cells.append(((i * 7) & 255, (i * 13 + i // 80) & 255))
    return {"cells": cells, "blink": blink, "cursor": (1000, 3, 9)}


def colors_screen():
    """colors.c printed through the guest kernel's vgacon, in order (see colors.c)."""
    cells = [(0x20, 0x07)] * (COLS * ROWS)
    def put(row, col, text, attr):
        for k, ch in enumerate(text):
            cells[row * COLS + col + k] = (ch if isinstance(ch, int) else ord(ch), attr)
    put(0, 0, "plain text", 0x07)
    put(1, 0, "red", 0x04)
    put(1, 4, "bright green", 0x0A)
    put(1, 17, "brown on blue", 0x16)
    put(1, 31, "reverse", 0x70)
    put(2, 0, "tab", 0x07)
    put(2, 8, "end", 0x07)
    put(3, 0, "bacX", 0x07)
    put(4, 0, [0xC9, 0xCD, 0xCD, 0xBB, 0xB0, 0xDB], 0x07)  # the 0x01 between is not shown
    put(5, 0, "blink", 0x8F)
    put(6, 0, "erased", 0x07)          # "erased tail" then ESC[K after "erased"
    return {"cells": cells, "blink": True, "cursor": (7 * COLS, 14, 15)}


def expected_pixels(screen, font, frame):
    width = COLS * 9
    pixels = [[0] * width for _ in range(ROWS * CELL_H)]
    cursor_cell, cur_start, cur_end = screen["cursor"]
    for index, (ch, attr) in enumerate(screen["cells"]):
        fg = VGA_COLOURS[attr & 15]
        bg = VGA_COLOURS[(attr >> 4) & 7] if screen["blink"] else VGA_COLOURS[attr >> 4]
        hidden = screen["blink"] and attr & 0x80 and (frame // 16) % 2 == 1
        cursor_here = index == cursor_cell and (frame // 8) % 2 == 0
        x0, y0 = (index % COLS) * 9, (index // COLS) * CELL_H
        for row in range(CELL_H):
            bits = [(font[ch][row] >> (7 - k)) & 1 for k in range(8)]
            if hidden:
                bits = [0] * 8
            ninth = bits[7] if 0xC0 <= ch <= 0xDF else 0
            if cursor_here and cur_start <= row <= cur_end:
                bits, ninth = [1] * 8, 1
            for k, bit in enumerate(bits + [ninth]):
                pixels[y0 + row][x0 + k] = fg if bit else bg
    return pixels


def main():
    png, mode, fonts = sys.argv[1], sys.argv[2], sys.argv[3:]
    screen = {"kernel": lambda: kernel_screen(True), "kernel-noblink": lambda: kernel_screen(False),
              "colors": colors_screen}[mode]()
    width, height, rows, text = read_png(png)
    frame = int(text["lstar-vga-frame"])
    if (width, height) != (COLS * 9, ROWS * CELL_H):
        print(f"render_check: the screenshot is {width}x{height}, expected 720x400")
        return 1
    want = expected_pixels(screen, build_font(fonts), frame)
    bad = sorted({(y // CELL_H, x // 9) for y in range(height) for x in range(width) if rows[y][x] != want[y][x]})
    phase = "hidden" if (frame // 16) % 2 else "shown"
    if bad:
        print(f"render_check: {len(bad)} cells differ from the expected rendering (frame {frame}), first: {bad[:8]}")
        return 1
    print(f"render_check: {mode}: all {width * height} pixels match (frame {frame}: blinking characters {phase})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
