// src/display/render.cpp: what capture() takes from the VGA and how render() draws it. The
// whole-screen comparison against an independent renderer is tests/display/render_check.py;
// these cases pin the register-driven details one at a time.
#include <catch2/catch.hpp>

#include <vector>

#include "display/font.hpp"
#include "display/render.hpp"

using namespace lstar;
using namespace lstar::display;

namespace {

struct Screen {
    Vga vga;
    std::vector<uint8_t> mem = std::vector<uint8_t>(0x8000, 0);
    void cell(unsigned i, uint8_t ch, uint8_t attr) { mem[i * 2] = ch, mem[i * 2 + 1] = attr; }
    void crtc(uint8_t index, uint8_t value) { vga.out(0x3D4, 1, index), vga.out(0x3D5, 1, value); }
    Image draw(uint64_t frame) {
        Image img;
        render(capture(vga, mem.data()), frame, img);
        return img;
    }
};

// How many pixels of cell (col, row) have colour `rgb`.
unsigned count(const Image& img, unsigned col, unsigned row, uint32_t rgb, unsigned cell_w = 9) {
    unsigned n = 0;
    for (unsigned y = row * 16; y < row * 16 + 16; ++y)
        for (unsigned x = col * cell_w; x < col * cell_w + cell_w; ++x) n += img.pixels[y * img.width + x] == rgb;
    return n;
}

unsigned glyph_bits(uint8_t ch) {
    unsigned n = 0;
    for (unsigned r = 0; r < 16; ++r) n += unsigned(__builtin_popcount(VGA_FONT[ch][r]));
    return n;
}

constexpr uint32_t BLACK = 0x000000, BLUE = 0x0000AA, GREY = 0xAAAAAA, WHITE = 0xFFFFFF, RED = 0xAA0000;

}  // namespace

TEST_CASE("render: mode 3 is 720x400 and a glyph is drawn in its attribute's colours", "[display][render]") {
    Screen s;
    s.crtc(0x0A, 0x20);  // cursor off
    s.cell(0, 'A', 0x1F);  // white on blue
    Image img = s.draw(0);
    CHECK((img.width == 720 && img.height == 400));
    CHECK(count(img, 0, 0, WHITE) == glyph_bits('A'));
    CHECK(count(img, 0, 0, BLUE) == 9 * 16 - glyph_bits('A'));
    CHECK(glyph_bits('A') > 20);  // the font really has a glyph there
    CHECK(count(img, 1, 0, BLACK) == 9 * 16);
}

TEST_CASE("render: blink hides characters in the second half of each 32 frames", "[display][render]") {
    Screen s;
    s.crtc(0x0A, 0x20);
    s.cell(0, 'B', 0xC7);  // blinking grey on red
    CHECK(count(s.draw(0), 0, 0, GREY) == glyph_bits('B'));
    CHECK(count(s.draw(15), 0, 0, GREY) == glyph_bits('B'));
    CHECK(count(s.draw(16), 0, 0, RED) == 9 * 16);
    CHECK(count(s.draw(32), 0, 0, GREY) == glyph_bits('B'));
    // Blink off in the attribute mode control register: bit 7 is a bright background.
    s.vga.in(0x3DA, 1);
    s.vga.out(0x3C0, 1, 0x30);
    s.vga.out(0x3C0, 1, 0x04);
    CHECK(count(s.draw(16), 0, 0, 0xFF5555) == 9 * 16 - glyph_bits('B'));
}

TEST_CASE("render: the cursor's scan lines, blink, and the disable bit", "[display][render]") {
    Screen s;
    s.cell(81, ' ', 0x0E);  // yellow on black, row 1 column 1
    s.crtc(0x0E, 0), s.crtc(0x0F, 81);
    s.crtc(0x0A, 2), s.crtc(0x0B, 5);  // four scan lines, all 9 pixels wide
    CHECK(count(s.draw(0), 1, 1, 0xFFFF55) == 4 * 9);
    CHECK(count(s.draw(8), 1, 1, 0xFFFF55) == 0);  // the cursor's off phase
    s.crtc(0x0A, 6);  // start below end: no cursor
    CHECK(count(s.draw(0), 1, 1, 0xFFFF55) == 0);
    s.crtc(0x0A, 0x22);  // bit 5: cursor off
    CHECK(count(s.draw(0), 1, 1, 0xFFFF55) == 0);
}

TEST_CASE("render: the start address scrolls and the 9th column of line graphics", "[display][render]") {
    Screen s;
    s.crtc(0x0A, 0x20);
    s.cell(80, 0xC4, 0x07);  // ─ at text cell 80, shown at the top-left with start address 80
    s.cell(81, 0xB3, 0x07);  // │ is outside 0xC0-0xDF: its 9th column stays background
    s.crtc(0x0C, 0), s.crtc(0x0D, 80);
    Image img = s.draw(0);
    unsigned ninth_c4 = 0, ninth_b3 = 0;
    for (unsigned y = 0; y < 16; ++y) {
        ninth_c4 += img.pixels[y * img.width + 8] == GREY;
        ninth_b3 += img.pixels[y * img.width + 9 + 8] == GREY;
    }
    CHECK(ninth_c4 > 0);
    CHECK(ninth_b3 == 0);
    // 8-dot cells (sequencer clocking mode bit 0): 640 pixels wide.
    s.vga.out(0x3C4, 1, 0x01);
    s.vga.out(0x3C5, 1, 0x01);
    CHECK(s.draw(0).width == 640);
}
