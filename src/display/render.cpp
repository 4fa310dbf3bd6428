// Text-mode rendering as the VGA's attribute controller does it (IBM VGA Technical Reference:
// attribute byte, blink, cursor, 9-dot cells with line graphics).
#include "display/render.hpp"

#include <cstddef>

#include "display/font.hpp"

namespace lstar::display {

namespace {
constexpr unsigned TEXT_CELLS = 0x4000;  // 32 KiB of text memory: 16 Ki cells, then it wraps
}

TextScreen capture(const Vga& vga, const uint8_t* text_memory) {
    TextScreen s;
    const unsigned start = vga.start_address();
    for (unsigned i = 0; i < s.cells.size(); ++i) {
        const unsigned at = (start + i) % TEXT_CELLS * 2;
        s.cells[i] = uint16_t(text_memory[at] | text_memory[at + 1] << 8);
    }
    for (unsigned c = 0; c < 16; ++c) s.palette[c] = vga.palette_rgb(c);
    s.blink = vga.blink_enabled();
    s.nine_dots = !(vga.sequencer(1) & 0x01);
    s.line_graphics = vga.attribute(0x10) & 0x04;
    // The cursor counts from the start of text memory, the screen from the start address.
    const unsigned pos = (vga.cursor_location() - start) % TEXT_CELLS;
    s.cursor_start = vga.cursor_start();
    s.cursor_end = vga.cursor_end();
    // A start line below the end line shows no cursor; lines past the cell are not drawn.
    if (vga.cursor_enabled() && pos < s.cells.size() && s.cursor_start <= s.cursor_end &&
        s.cursor_start < TextScreen::CELL_HEIGHT)
        s.cursor = int(pos);
    return s;
}

namespace {

// One cell: the glyph's rows in the foreground colour on the background colour.
void draw_cell(const TextScreen& s, unsigned index, uint64_t frame, Image& out) {
    const uint8_t ch = uint8_t(s.cells[index]), attr = uint8_t(s.cells[index] >> 8);
    const uint32_t fg = s.palette[attr & 0x0F];
    const uint32_t bg = s.palette[s.blink ? (attr >> 4) & 0x07 : attr >> 4];
    const bool hidden = s.blink && (attr & 0x80) && (frame >> 4 & 1);
    const bool cursor_shown = int(index) == s.cursor && !(frame >> 3 & 1);
    const bool extend = s.line_graphics && ch >= 0xC0 && ch <= 0xDF;
    const unsigned w = s.cell_width();
    const unsigned x0 = index % TextScreen::COLUMNS * w, y0 = index / TextScreen::COLUMNS * TextScreen::CELL_HEIGHT;
    for (unsigned row = 0; row < TextScreen::CELL_HEIGHT; ++row) {
        unsigned bits = hidden ? 0 : VGA_FONT[ch][row];
        if (cursor_shown && row >= s.cursor_start && row <= s.cursor_end) bits = 0xFF;
        const unsigned ninth = (extend || (cursor_shown && row >= s.cursor_start && row <= s.cursor_end)) ? bits & 1 : 0;
        uint32_t* px = &out.pixels[std::size_t(y0 + row) * out.width + x0];
        for (unsigned col = 0; col < 8; ++col) px[col] = (bits >> (7 - col) & 1) ? fg : bg;
        if (w == 9) px[8] = ninth ? fg : bg;
    }
}

}  // namespace

void render(const TextScreen& s, uint64_t frame, Image& out) {
    out.width = s.width();
    out.height = s.height();
    out.pixels.resize(std::size_t(out.width) * out.height);
    for (unsigned i = 0; i < s.cells.size(); ++i) draw_cell(s, i, frame, out);
}

}  // namespace lstar::display
