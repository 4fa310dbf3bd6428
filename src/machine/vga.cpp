// VGA register file. Reset values are the standard register set of BIOS mode 3 (80x25 text,
// 9x16 cells, colour addressing at 0x3Dx); the DAC holds the EGA-compatible 64-colour palette.
#include "machine/vga.hpp"

#include <algorithm>

namespace lstar {

namespace {
constexpr uint8_t MODE3_CRTC[25] = {0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00,
                                    0x4F, 0x0D, 0x0E, 0x00, 0x00, 0x00, 0x00, 0x9C, 0x8E,
                                    0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF};
constexpr uint8_t MODE3_SEQ[5] = {0x03, 0x00, 0x03, 0x00, 0x02};
constexpr uint8_t MODE3_GFX[9] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF};
constexpr uint8_t MODE3_ATTR[21] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38,
                                    0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x0C, 0x00,
                                    0x0F, 0x08, 0x00};
}  // namespace

Vga::Vga() {
    std::copy(std::begin(MODE3_CRTC), std::end(MODE3_CRTC), crtc_.begin());
    std::copy(std::begin(MODE3_SEQ), std::end(MODE3_SEQ), seq_.begin());
    std::copy(std::begin(MODE3_GFX), std::end(MODE3_GFX), gfx_.begin());
    std::copy(std::begin(MODE3_ATTR), std::end(MODE3_ATTR), attr_.begin());
    // EGA palette: bits 2/1/0 add 2/3 intensity of red/green/blue, bits 5/4/3 add 1/3.
    for (unsigned n = 0; n < 64; ++n) {
        dac_[n * 3 + 0] = uint8_t((n >> 2 & 1) * 42 + (n >> 5 & 1) * 21);
        dac_[n * 3 + 1] = uint8_t((n >> 1 & 1) * 42 + (n >> 4 & 1) * 21);
        dac_[n * 3 + 2] = uint8_t((n & 1) * 42 + (n >> 3 & 1) * 21);
    }
}

uint32_t Vga::palette_rgb(unsigned color) const {
    unsigned entry = attr_[color & 15] & 0x3F;
    if (attr_[0x10] & 0x80) entry = (entry & 0x0F) | (attr_[0x14] & 0x0F) << 4;  // P5/P4 select
    else entry |= (attr_[0x14] & 0x0C) << 4;                                    // color select
    entry &= pel_mask_;
    auto c8 = [&](unsigned i) { return uint32_t(dac_[entry * 3 + i] * 255 / 63); };
    return c8(0) << 16 | c8(1) << 8 | c8(2);
}

uint8_t Vga::read(uint16_t port) {
    switch (port) {
    case 0x3C0: return attr_index_;
    case 0x3C1: return attr_[attr_index_ & 0x1F];
    case 0x3C2: return 0x00;  // input status 0
    case 0x3C3: return 0x01;  // VGA enabled
    case 0x3C4: return seq_index_;
    case 0x3C5: return seq_[seq_index_ & 7];
    case 0x3C6: return pel_mask_;
    case 0x3C7: return dac_reading_ ? 0x03 : 0x00;
    case 0x3C8: return uint8_t(dac_write_ / 3);
    case 0x3C9: {
        uint8_t v = dac_[dac_read_];
        dac_read_ = (dac_read_ + 1) % dac_.size();
        return v;
    }
    case 0x3CA: return feature_;
    case 0x3CC: return misc_;
    case 0x3CE: return gfx_index_;
    case 0x3CF: return gfx_[gfx_index_ & 15];
    case 0x3D4: return crtc_index_;
    case 0x3D5: return crtc_[crtc_index_ & 0x1F];
    case 0x3DA:
        // Input status 1 resets the attribute flip-flop. Retrace and display-disable alternate
        // on every read, so "wait for retrace" loops end at once and deterministically.
        attr_data_next_ = false;
        retrace_ = !retrace_;
        return retrace_ ? 0x09 : 0x00;
    default: return 0xFF;
    }
}

void Vga::write(uint16_t port, uint8_t value) {
    switch (port) {
    case 0x3C0:
        if (attr_data_next_) {
            if ((attr_index_ & 0x1F) <= 0x14) attr_[attr_index_ & 0x1F] = value;
        } else {
            attr_index_ = value & 0x3F;  // bit 5: palette address source
        }
        attr_data_next_ = !attr_data_next_;
        break;
    case 0x3C2: misc_ = value; break;
    case 0x3C4: seq_index_ = value; break;
    case 0x3C5: seq_[seq_index_ & 7] = value; break;
    case 0x3C6: pel_mask_ = value; break;
    case 0x3C7: dac_read_ = value * 3u; dac_reading_ = true; break;
    case 0x3C8: dac_write_ = value * 3u; dac_reading_ = false; break;
    case 0x3C9:
        dac_[dac_write_] = value & 0x3F;
        dac_write_ = (dac_write_ + 1) % dac_.size();
        break;
    case 0x3CE: gfx_index_ = value; break;
    case 0x3CF: gfx_[gfx_index_ & 15] = value; break;
    case 0x3D4: crtc_index_ = value; break;
    case 0x3D5: {
        unsigned i = crtc_index_ & 0x1F;
        if (i <= 7 && (crtc_[0x11] & 0x80)) {
            // CR11 bit 7 write-protects CR0-CR7, except the line-compare bit of CR7.
            if (i == 7) crtc_[7] = uint8_t((crtc_[7] & ~0x10) | (value & 0x10));
            break;
        }
        crtc_[i] = value;
        break;
    }
    case 0x3DA: feature_ = value; break;
    default: break;
    }
}

}  // namespace lstar
