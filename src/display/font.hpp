// The VGA character generator's glyphs: 256 characters of 8x16 pixels in code page 437 order,
// converted at build time from a Debian console font (cmake/font.cmake, cmake/fontgen.cpp).
// Row r of character c is VGA_FONT[c][r]; bit 7 is the leftmost pixel.
#pragma once
#include <cstdint>

namespace lstar::display {

extern const uint8_t VGA_FONT[256][16];

}  // namespace lstar::display
