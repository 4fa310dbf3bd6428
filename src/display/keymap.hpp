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

// The usages to press and release, in order, for each character of `text` ("pressed" usages
// with modifiers first). Throws std::invalid_argument naming a character that cannot be typed.
struct KeyEvent {
    uint8_t usage;
    bool pressed;
};
std::vector<KeyEvent> key_events_for(const std::string& text);

// --type TEXT with the escapes \n \r \t \b \e and \\ replaced by the characters they name.
// Throws std::invalid_argument for any other backslash escape.
std::string unescape_typed_text(const std::string& text);

}  // namespace lstar::display
