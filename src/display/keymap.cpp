// Scan code set 1 values from the IBM PC/AT keyboard tables (set 1 is the XT's codes, which the
// 8042 produces from set 2 when it translates); break codes are make | 0x80, and keys added
// with the 101-key keyboard send an 0xE0 prefix first. HID usages from the USB HID Usage
// Tables, keyboard/keypad page.
#include "display/keymap.hpp"

#include <array>
#include <stdexcept>

namespace lstar::display {

namespace {

constexpr uint16_t E0 = 0x100;  // the key sends the 0xE0 prefix
constexpr uint16_t PRINT_SCREEN = 0x200, PAUSE = 0x201;  // keys with their own sequences

constexpr std::array<uint16_t, 256> make_table() {
    std::array<uint16_t, 256> t{};
    // a..z (usages 4..29)
    const uint8_t letters[26] = {0x1E, 0x30, 0x2E, 0x20, 0x12, 0x21, 0x22, 0x23, 0x17, 0x24, 0x25, 0x26, 0x32,
                                 0x31, 0x18, 0x19, 0x10, 0x13, 0x1F, 0x14, 0x16, 0x2F, 0x11, 0x2D, 0x15, 0x2C};
    for (int i = 0; i < 26; ++i) t[4 + i] = letters[i];
    for (int i = 0; i < 10; ++i) t[30 + i] = uint16_t(0x02 + i);  // 1..9, 0
    const uint8_t row[] = {0x1C, 0x01, 0x0E, 0x0F, 0x39, 0x0C, 0x0D, 0x1A, 0x1B, 0x2B, 0x2B,
                           0x27, 0x28, 0x29, 0x33, 0x34, 0x35, 0x3A};  // usages 40..57
    for (int i = 0; i < 18; ++i) t[40 + i] = row[i];
    for (int i = 0; i < 10; ++i) t[58 + i] = uint16_t(0x3B + i);  // F1..F10
    t[68] = 0x57, t[69] = 0x58;                                    // F11, F12
    t[70] = PRINT_SCREEN, t[71] = 0x46, t[72] = PAUSE;
    t[73] = E0 | 0x52, t[74] = E0 | 0x47, t[75] = E0 | 0x49;  // Insert, Home, Page Up
    t[76] = E0 | 0x53, t[77] = E0 | 0x4F, t[78] = E0 | 0x51;  // Delete, End, Page Down
    t[79] = E0 | 0x4D, t[80] = E0 | 0x4B, t[81] = E0 | 0x50, t[82] = E0 | 0x48;  // arrows
    t[83] = 0x45, t[84] = E0 | 0x35, t[85] = 0x37, t[86] = 0x4A, t[87] = 0x4E, t[88] = E0 | 0x1C;
    const uint8_t keypad[11] = {0x4F, 0x50, 0x51, 0x4B, 0x4C, 0x4D, 0x47, 0x48, 0x49, 0x52, 0x53};
    for (int i = 0; i < 11; ++i) t[89 + i] = keypad[i];  // KP 1..9, 0, .
    t[100] = 0x56, t[101] = E0 | 0x5D;                    // the key left of Z, Menu
    t[224] = 0x1D, t[225] = 0x2A, t[226] = 0x38, t[227] = E0 | 0x5B;  // left Ctrl Shift Alt GUI
    t[228] = E0 | 0x1D, t[229] = 0x36, t[230] = E0 | 0x38, t[231] = E0 | 0x5C;
    return t;
}
constexpr std::array<uint16_t, 256> SET1 = make_table();

// US layout: the unshifted and shifted characters of the keys in usage order 30..56.
constexpr char PLAIN[] = "1234567890\n\x1b\b\t -=[]\\\\;'`,./";
constexpr char SHIFTED[] = "!@#$%^&*()\n\x1b\b\t _+{}||:\"~<>?";

}  // namespace

std::vector<uint8_t> set1_bytes(uint8_t usage, bool pressed) {
    const uint16_t code = SET1[usage];
    if (code == PRINT_SCREEN)
        return pressed ? std::vector<uint8_t>{0xE0, 0x2A, 0xE0, 0x37} : std::vector<uint8_t>{0xE0, 0xB7, 0xE0, 0xAA};
    if (code == PAUSE)  // make only: Pause has no break code
        return pressed ? std::vector<uint8_t>{0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5} : std::vector<uint8_t>{};
    if (code == 0) return {};
    const uint8_t b = uint8_t((code & 0x7F) | (pressed ? 0 : 0x80));
    if (code & E0) return {0xE0, b};
    return {b};
}

std::optional<KeyStroke> keystroke_for(unsigned char c) {
    if (c >= 'a' && c <= 'z') return KeyStroke{uint8_t(4 + c - 'a')};
    if (c >= 'A' && c <= 'Z') return KeyStroke{uint8_t(4 + c - 'A'), true};
    if (c == '\r') return KeyStroke{hid::ENTER};
    for (unsigned i = 0; PLAIN[i]; ++i) {
        if (PLAIN[i] == c) return KeyStroke{uint8_t(30 + i)};
        if (SHIFTED[i] == c) return KeyStroke{uint8_t(30 + i), true};
    }
    // Ctrl-@ .. Ctrl-_ : the control characters, one per letter or symbol key.
    if (c < 0x20) {
        if (auto k = keystroke_for(uint8_t(c + 0x60 >= 'a' && c + 0x60 <= 'z' ? c + 0x60 : c + 0x40))) {
            k->ctrl = true;
            k->shift = false;
            return k;
        }
    }
    return std::nullopt;
}

std::vector<KeyEvent> key_events_for(const std::string& text) {
    std::vector<KeyEvent> events;
    for (unsigned char c : text) {
        const std::optional<KeyStroke> k = keystroke_for(c);
        if (!k) throw std::invalid_argument("--type: there is no key for the character " + std::to_string(unsigned(c)));
        if (k->ctrl) events.push_back({hid::LEFT_CTRL, true});
        if (k->shift) events.push_back({hid::LEFT_SHIFT, true});
        events.push_back({k->usage, true});
        events.push_back({k->usage, false});
        if (k->shift) events.push_back({hid::LEFT_SHIFT, false});
        if (k->ctrl) events.push_back({hid::LEFT_CTRL, false});
    }
    return events;
}

std::string unescape_typed_text(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            out += text[i];
            continue;
        }
        if (++i == text.size()) throw std::invalid_argument("--type: a lone backslash at the end");
        switch (text[i]) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'b': out += '\b'; break;
        case 'e': out += '\x1b'; break;
        case '\\': out += '\\'; break;
        default: throw std::invalid_argument(std::string("--type: unknown escape \\") + text[i] + " (use \\n \\r \\t \\b \\e \\\\)");
        }
    }
    return out;
}

}  // namespace lstar::display
