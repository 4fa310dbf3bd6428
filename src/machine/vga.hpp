// The VGA's I/O ports for 80x25 colour text mode. The text buffer itself is ordinary guest RAM
// at 0xB8000 (two bytes a cell: character, attribute) that the display reads directly, so this
// device only holds the registers: CRTC (cursor, start address), miscellaneous output,
// sequencer, graphics controller, attribute controller and DAC, reset to BIOS mode 3.
#pragma once
#include <array>
#include <cstdint>

#include "machine/pic.hpp"

namespace lstar {

class Vga : public ByteDevice {
public:
    static constexpr uint64_t TEXT_BASE = 0xB8000;
    static constexpr unsigned COLUMNS = 80, ROWS = 25;

    Vga();

    // For the display.
    uint16_t cursor_location() const { return uint16_t(crtc_[0x0E] << 8 | crtc_[0x0F]); }
    uint8_t cursor_start() const { return crtc_[0x0A] & 0x1F; }  // first scan line of the cursor
    uint8_t cursor_end() const { return crtc_[0x0B] & 0x1F; }
    bool cursor_enabled() const { return !(crtc_[0x0A] & 0x20); }
    uint16_t start_address() const { return uint16_t(crtc_[0x0C] << 8 | crtc_[0x0D]); }
    bool blink_enabled() const { return attr_[0x10] & 0x08; }  // else bit 7 = bright background
    uint8_t misc_output() const { return misc_; }
    // The colour of text attribute colour 0..15 through the palette registers and the DAC,
    // as 0xRRGGBB.
    uint32_t palette_rgb(unsigned color) const;

    uint8_t crtc(unsigned index) const { return crtc_[index & 0x1F]; }
    uint8_t attribute(unsigned index) const { return attr_[index & 0x1F]; }
    uint8_t sequencer(unsigned index) const { return seq_[index & 7]; }

protected:
    uint8_t read(uint16_t port) override;
    void write(uint16_t port, uint8_t value) override;

private:
    std::array<uint8_t, 32> crtc_{};
    std::array<uint8_t, 8> seq_{};
    std::array<uint8_t, 16> gfx_{};
    std::array<uint8_t, 32> attr_{};
    std::array<uint8_t, 256 * 3> dac_{};  // 6-bit components
    uint8_t crtc_index_ = 0, seq_index_ = 0, gfx_index_ = 0, attr_index_ = 0;
    bool attr_data_next_ = false;  // the 0x3C0 flip-flop
    uint8_t misc_ = 0x67, feature_ = 0, pel_mask_ = 0xFF;
    unsigned dac_read_ = 0, dac_write_ = 0;  // component positions (entry * 3 + component)
    bool dac_reading_ = false;
    bool retrace_ = false;  // toggled by every read of input status 1
};

}  // namespace lstar
