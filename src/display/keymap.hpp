// Host keys to the PS/2 keyboard's scan code set 1 (what the 8042 delivers with translation
// on). Keys are named by their USB HID usage (keyboard page 0x07), which is also SDL's
// SDL_Scancode, so this file needs no SDL and the window and --type share one table.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lstar::display {

namespace hid {
constexpr uint8_t ENTER = 40, ESCAPE = 41, BACKSPACE = 42, TAB = 43, SPACE = 44;
constexpr uint8_t LEFT_CTRL = 224, LEFT_SHIFT = 225, LEFT_ALT = 226;
}  // namespace hid

// The set-1 bytes for pressing (make) or releasing (break) the key with HID usage `usage`;
// empty for keys the PC keyboard does not have.
std::vector<uint8_t> set1_bytes(uint8_t usage, bool pressed);

// How to type one character on a US keyboard: the key and whether Shift or Ctrl is held.
// Control characters other than \b \t \n \r and ESC are Ctrl with a letter or symbol.
struct KeyStroke {
    uint8_t usage;
    bool shift = false, ctrl = false;
};
std::optional<KeyStroke> keystroke_for(unsigned char c);

// --type TEXT as keystrokes: each character, with the escapes \n \r \t \b \e \\ and the
// named keys \{up} \{down} \{left} \{right} \{home} \{end} \{insert} \{delete} \{pgup}
// \{pgdn} \{capslock} \{f1}..\{f12}. Throws std::invalid_argument naming what cannot be typed.
std::vector<KeyStroke> parse_typed_keys(const std::string& text);

// The usages to press and release, in order: modifiers down, the key down and up, modifiers up.
struct KeyEvent {
    uint8_t usage;
    bool pressed;
};
std::vector<KeyEvent> key_events_for(const std::vector<KeyStroke>& keys);

}  // namespace lstar::display
