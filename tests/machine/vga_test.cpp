// src/machine/vga.cpp: the registers a text-mode kernel touches. Reset values are BIOS mode 3.
#include <catch2/catch.hpp>

#include "machine/vga.hpp"

using namespace lstar;

TEST_CASE("VGA: mode 3 reset values", "[machine][vga]") {
    Vga vga;
    CHECK(vga.in(0x3CC, 1) == 0x67);  // colour addressing, 28 MHz clock
    CHECK(vga.cursor_start() == 0x0D);
    CHECK(vga.cursor_end() == 0x0E);
    CHECK(vga.cursor_enabled());
    CHECK(vga.cursor_location() == 0);
    CHECK(vga.start_address() == 0);
    CHECK(vga.blink_enabled());
    vga.out(0x3D4, 1, 0x09);
    CHECK(vga.in(0x3D5, 1) == 0x4F);  // 16 scan lines a character
}

TEST_CASE("VGA: the cursor through CRTC index and data", "[machine][vga]") {
    Vga vga;
    vga.out(0x3D4, 1, 0x0E);
    vga.out(0x3D5, 1, 0x01);
    vga.out(0x3D4, 1, 0x0F);
    vga.out(0x3D5, 1, 0x23);
    CHECK(vga.cursor_location() == 0x0123);
    vga.out(0x3D4, 2, 0x450F);  // one 16-bit write: index 0x0F, then data 0x45
    CHECK(vga.cursor_location() == 0x0145);
    CHECK(vga.in(0x3D4, 1) == 0x0F);
    vga.out(0x3D4, 2, 0x200A);  // cursor disable bit
    CHECK_FALSE(vga.cursor_enabled());
    vga.out(0x3D4, 2, 0x500C);
    vga.out(0x3D4, 2, 0x000D);
    CHECK(vga.start_address() == 0x5000);
}

TEST_CASE("VGA: CR11 bit 7 write-protects CR0-CR7", "[machine][vga]") {
    Vga vga;
    vga.out(0x3D4, 2, 0x0011 | 0x8E00);  // protect on (the mode-3 value)
    vga.out(0x3D4, 2, 0x0001 | 0x1200);
    CHECK(vga.crtc(1) == 0x4F);
    vga.out(0x3D4, 2, 0x0007 | 0x0000);  // only bit 4 of CR7 may change
    CHECK(vga.crtc(7) == 0x0F);
    vga.out(0x3D4, 2, 0x0011 | 0x0E00);  // protect off
    vga.out(0x3D4, 2, 0x0001 | 0x1200);
    CHECK(vga.crtc(1) == 0x12);
}

TEST_CASE("VGA: input status 1 toggles retrace so polling loops end", "[machine][vga]") {
    Vga vga;
    int reads = 0;
    while (vga.in(0x3DA, 1) & 0x08) ++reads;     // wait for the end of retrace
    while (!(vga.in(0x3DA, 1) & 0x08)) ++reads;  // wait for the start of the next
    CHECK(reads <= 2);
}

TEST_CASE("VGA: attribute controller flip-flop and blink", "[machine][vga]") {
    Vga vga;
    vga.in(0x3DA, 1);          // reset the flip-flop to "index"
    vga.out(0x3C0, 1, 0x10);   // mode control, palette access (PAS = 0)
    CHECK(vga.in(0x3C1, 1) == 0x0C);
    vga.out(0x3C0, 1, 0x04);   // data: blink off
    CHECK_FALSE(vga.blink_enabled());
    vga.out(0x3C0, 1, 0x20);   // index again: PAS back on
    CHECK(vga.in(0x3C0, 1) == 0x20);
    vga.in(0x3DA, 1);
    vga.out(0x3C0, 1, 0x10);
    vga.out(0x3C0, 1, 0x0C);
    CHECK(vga.blink_enabled());
}

TEST_CASE("VGA: palette, DAC and storage registers", "[machine][vga]") {
    Vga vga;
    CHECK(vga.palette_rgb(0) == 0x000000);
    CHECK(vga.palette_rgb(1) == 0x0000AA);
    CHECK(vga.palette_rgb(6) == 0xAA5500);  // brown, through attribute palette entry 0x14
    CHECK(vga.palette_rgb(7) == 0xAAAAAA);
    CHECK(vga.palette_rgb(8) == 0x555555);
    CHECK(vga.palette_rgb(15) == 0xFFFFFF);
    vga.out(0x3C8, 1, 0x01);  // rewrite DAC entry 1 as pure green
    vga.out(0x3C9, 1, 0);
    vga.out(0x3C9, 1, 63);
    vga.out(0x3C9, 1, 0);
    CHECK(vga.palette_rgb(1) == 0x00FF00);
    vga.out(0x3C7, 1, 0x01);
    CHECK(vga.in(0x3C9, 1) == 0);
    CHECK(vga.in(0x3C9, 1) == 63);
    vga.out(0x3C4, 2, 0x0F02);  // sequencer map mask
    CHECK(vga.in(0x3C5, 1) == 0x0F);
    vga.out(0x3CE, 2, 0x0506);
    CHECK(vga.in(0x3CF, 1) == 0x05);
    vga.out(0x3C2, 1, 0x63);
    CHECK(vga.misc_output() == 0x63);
}
