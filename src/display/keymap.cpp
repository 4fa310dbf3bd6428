// Scan code set 1 values from the IBM PC/AT keyboard tables (set 1 is the XT's codes, which the
// 8042 produces from set 2 when it translates); break codes are make | 0x80, and keys added
// with the 101-key keyboard send an 0xE0 prefix first. HID usages from the USB HID Usage
// Tables, keyboard/keypad page.
#include "display/keymap.hpp"

#include <array>
#include <stdexcept>
#include <utility>

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

std::vector<KeyEvent> key_events_for(const std::vector<KeyStroke>& keys) {
    std::vector<KeyEvent> events;
    for (const KeyStroke& k : keys) {
        if (k.ctrl) events.push_back({hid::LEFT_CTRL, true});
        if (k.shift) events.push_back({hid::LEFT_SHIFT, true});
        events.push_back({k.usage, true});
        events.push_back({k.usage, false});
        if (k.shift) events.push_back({hid::LEFT_SHIFT, false});
        if (k.ctrl) events.push_back({hid::LEFT_CTRL, false});
    }
    return events;
}

namespace {

// \{NAME}: keys that type no character.
std::optional<uint8_t> named_key(const std::string& name) {
    static constexpr std::pair<const char*, uint8_t> NAMES[] = {
        {"up", 82}, {"down", 81}, {"left", 80}, {"right", 79}, {"home", 74}, {"end", 77},
        {"insert", 73}, {"delete", 76}, {"pgup", 75}, {"pgdn", 78}, {"capslock", 57},
    };
    for (const auto& [n, usage] : NAMES)
        if (name == n) return usage;
    if (name.size() >= 2 && name.size() <= 3 && name[0] == 'f' && name.find_first_not_of("0123456789", 1) == std::string::npos) {
        const int f = std::stoi(name.substr(1));
        if (f >= 1 && f <= 12) return uint8_t(57 + f);  // F1 is usage 58
    }
    return std::nullopt;
}

char escaped_char(char c) {
    switch (c) {
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'b': return '\b';
    case 'e': return '\x1b';
    case '\\': return '\\';
    default: throw std::invalid_argument(std::string("--type: unknown escape \\") + c + " (use \\n \\r \\t \\b \\e \\\\ or \\{KEY})");
    }
}

}  // namespace

std::vector<KeyStroke> parse_typed_keys(const std::string& text) {
    std::vector<KeyStroke> keys;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\') {
            if (++i == text.size()) throw std::invalid_argument("--type: a lone backslash at the end");
            if (text[i] == '{') {
                const size_t close = text.find('}', i);
                if (close == std::string::npos) throw std::invalid_argument("--type: \\{ without its }");
                const std::string name = text.substr(i + 1, close - i - 1);
                const std::optional<uint8_t> usage = named_key(name);
                if (!usage) throw std::invalid_argument("--type: unknown key \\{" + name + "}");
                keys.push_back(KeyStroke{*usage});
                i = close;
                continue;
            }
            c = escaped_char(text[i]);
        }
        const std::optional<KeyStroke> k = keystroke_for(static_cast<unsigned char>(c));
        if (!k) throw std::invalid_argument("--type: there is no key for the byte " + std::to_string(static_cast<unsigned char>(c)));
        keys.push_back(*k);
    }
    return keys;
}

}  // namespace lstar::display
