// src/display/keymap.cpp: host keys to scan code set 1. The expected codes are those of the
// IBM PC/AT keyboard tables (set 1 = the XT's codes), written out here by hand.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <vector>

#include "display/keymap.hpp"
#include "machine/ps2.hpp"

using namespace lstar::display;
using Bytes = std::vector<uint8_t>;

TEST_CASE("keymap: make and break codes of ordinary keys", "[display][keymap]") {
    CHECK(set1_bytes(4, true) == Bytes{0x1E});    // A
    CHECK(set1_bytes(4, false) == Bytes{0x9E});
    CHECK(set1_bytes(29, true) == Bytes{0x2C});   // Z
    CHECK(set1_bytes(30, true) == Bytes{0x02});   // 1
    CHECK(set1_bytes(39, true) == Bytes{0x0B});   // 0
    CHECK(set1_bytes(hid::ENTER, true) == Bytes{0x1C});
    CHECK(set1_bytes(hid::ESCAPE, true) == Bytes{0x01});
    CHECK(set1_bytes(hid::BACKSPACE, true) == Bytes{0x0E});
    CHECK(set1_bytes(hid::SPACE, false) == Bytes{0xB9});
    CHECK(set1_bytes(57, true) == Bytes{0x3A});   // Caps Lock
    CHECK(set1_bytes(58, true) == Bytes{0x3B});   // F1
    CHECK(set1_bytes(69, true) == Bytes{0x58});   // F12
    CHECK(set1_bytes(hid::LEFT_SHIFT, true) == Bytes{0x2A});
    CHECK(set1_bytes(229, true) == Bytes{0x36});  // right Shift
}

TEST_CASE("keymap: extended keys send E0 first", "[display][keymap]") {
    CHECK(set1_bytes(82, true) == Bytes{0xE0, 0x48});   // Up
    CHECK(set1_bytes(82, false) == Bytes{0xE0, 0xC8});
    CHECK(set1_bytes(80, true) == Bytes{0xE0, 0x4B});   // Left
    CHECK(set1_bytes(76, true) == Bytes{0xE0, 0x53});   // Delete
    CHECK(set1_bytes(228, true) == Bytes{0xE0, 0x1D});  // right Ctrl
    CHECK(set1_bytes(88, true) == Bytes{0xE0, 0x1C});   // keypad Enter
    CHECK(set1_bytes(70, true) == Bytes{0xE0, 0x2A, 0xE0, 0x37});  // Print Screen
    CHECK(set1_bytes(72, true) == Bytes{0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5});  // Pause
    CHECK(set1_bytes(72, false).empty());
    CHECK(set1_bytes(0, true).empty());    // no key
    CHECK(set1_bytes(200, true).empty());  // not on a PC keyboard
}

TEST_CASE("keymap: characters to keystrokes on a US keyboard", "[display][keymap]") {
    auto k = keystroke_for('a');
    REQUIRE(k);
    CHECK((k->usage == 4 && !k->shift && !k->ctrl));
    k = keystroke_for('Q');
    CHECK((k && k->usage == 20 && k->shift));
    k = keystroke_for('?');
    CHECK((k && k->usage == 56 && k->shift));
    k = keystroke_for('"');
    CHECK((k && k->usage == 52 && k->shift));
    k = keystroke_for('\n');
    CHECK((k && k->usage == hid::ENTER && !k->shift));
    k = keystroke_for(3);  // Ctrl-C
    CHECK((k && k->usage == 6 && k->ctrl && !k->shift));
    CHECK(!keystroke_for(0x80));

    // Shift is pressed around the key and released after it.
    std::vector<KeyEvent> ev = key_events_for("A");
    REQUIRE(ev.size() == 4);
    CHECK((ev[0].usage == hid::LEFT_SHIFT && ev[0].pressed));
    CHECK((ev[1].usage == 4 && ev[1].pressed));
    CHECK((ev[2].usage == 4 && !ev[2].pressed));
    CHECK((ev[3].usage == hid::LEFT_SHIFT && !ev[3].pressed));
    CHECK_THROWS_AS(key_events_for("\xe9"), std::invalid_argument);
}

TEST_CASE("keymap: --type escapes", "[display][keymap]") {
    CHECK(unescape_typed_text("a\\nb\\t\\e\\\\") == "a\nb\t\x1b\\");
    CHECK_THROWS_AS(unescape_typed_text("x\\q"), std::invalid_argument);
    CHECK_THROWS_AS(unescape_typed_text("x\\"), std::invalid_argument);
}

TEST_CASE("keymap: the keyboard backlog the display waits on", "[display][keymap]") {
    struct NoIrq : lstar::IrqSink {
        void set_irq(unsigned, bool) override {}
    } irq;
    lstar::Ps2 ps2(irq, nullptr);
    CHECK(ps2.keyboard_backlog() == 0);
    ps2.key_scancode(0x1E);
    ps2.key_scancode(0x9E);
    CHECK(ps2.keyboard_backlog() == 2);  // one in the output buffer, one queued
    (void)ps2.in(0x60, 1);
    CHECK(ps2.keyboard_backlog() == 1);
}
