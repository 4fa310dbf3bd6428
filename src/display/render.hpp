// Pure C++ rendering of the VGA text screen (no SDL): a snapshot of what the VGA would show,
// taken from guest memory and the VGA registers, drawn into an RGB image with the font.
// The window (sdl_window.cpp) and the headless screenshots (--screenshot) both use it, so the
// two always agree.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "machine/vga.hpp"

namespace lstar::display {

// Mode 3 refreshes at 70 Hz. Characters with the blink attribute show for 16 frames and hide
// for 16; the cursor shows for 8 and hides for 8 (IBM VGA Technical Reference, CRTC cursor).
constexpr uint64_t FRAMES_PER_SECOND = 70;
inline uint64_t frame_at(uint64_t nanoseconds) { return nanoseconds * FRAMES_PER_SECOND / 1000000000; }

struct TextScreen {
    static constexpr unsigned COLUMNS = Vga::COLUMNS, ROWS = Vga::ROWS, CELL_HEIGHT = 16;
    std::array<uint16_t, COLUMNS * ROWS> cells{};  // character | attribute << 8
    std::array<uint32_t, 16> palette{};            // attribute colour -> 0xRRGGBB
    bool blink = true;          // attribute bit 7 blinks (else it selects bright backgrounds)
    bool nine_dots = true;      // 9-pixel-wide cells (sequencer clocking mode bit 0 clear)
    bool line_graphics = true;  // 0xC0-0xDF repeat their 8th column into the 9th
    int cursor = -1;            // cell index of the cursor, -1 when off or off screen
    unsigned cursor_start = 0, cursor_end = 0;  // scan lines, inclusive

    unsigned cell_width() const { return nine_dots ? 9 : 8; }
    unsigned width() const { return COLUMNS * cell_width(); }
    unsigned height() const { return ROWS * CELL_HEIGHT; }
    bool operator==(const TextScreen&) const = default;
};

// What the VGA shows now: the cells from `text_memory` (the guest's 32 KiB at 0xB8000), from
// the CRTC start address on, and the registers that decide how they look.
TextScreen capture(const Vga& vga, const uint8_t* text_memory);

struct Image {
    unsigned width = 0, height = 0;
    std::vector<uint32_t> pixels;  // 0xRRGGBB, row by row
};

// Draws `screen` as the VGA would at refresh `frame` (which decides the blink phases).
void render(const TextScreen& screen, uint64_t frame, Image& out);

}  // namespace lstar::display
