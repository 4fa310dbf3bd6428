// src/machine/ps2.cpp: the 8042 command set and the keyboard's, as Linux's i8042 and atkbd
// drivers use them.
#include <catch2/catch.hpp>

#include <vector>

#include "machine/ps2.hpp"

using namespace lstar;

namespace {

struct IrqLog : IrqSink {
    std::vector<std::pair<unsigned, bool>> events;
    void set_irq(unsigned irq, bool level) override { events.push_back({irq, level}); }
    size_t rising(unsigned irq) const {
        size_t n = 0;
        for (auto& e : events) n += e.first == irq && e.second;
        return n;
    }
};

struct Bench {
    IrqLog irqs;
    int resets = 0;
    Ps2 ps2{irqs, [this] { ++resets; }};

    uint8_t status() { return uint8_t(ps2.in(0x64, 1)); }
    void command(uint8_t c) { ps2.out(0x64, 1, c); }
    void data(uint8_t d) { ps2.out(0x60, 1, d); }
    // Read everything waiting, as a driver does: poll OBF, read 0x60.
    std::vector<uint8_t> drain() {
        std::vector<uint8_t> v;
        while (status() & 0x01) v.push_back(uint8_t(ps2.in(0x60, 1)));
        return v;
    }
};

using Bytes = std::vector<uint8_t>;

}  // namespace

TEST_CASE("PS/2: controller self-test and interface tests", "[machine][ps2]") {
    Bench b;
    CHECK(b.status() == 0x14);  // empty, system flag, not inhibited
    b.command(0xAA);
    CHECK(b.status() == 0x1D);  // output full, last write was a command
    CHECK(b.drain() == Bytes{0x55});
    b.command(0xAB);
    CHECK(b.drain() == Bytes{0x00});
    b.command(0xA9);
    CHECK(b.drain() == Bytes{0x00});
}

TEST_CASE("PS/2: the configuration byte", "[machine][ps2]") {
    Bench b;
    b.command(0x20);
    CHECK(b.drain() == Bytes{0x61});  // keyboard interrupt, aux off, translation
    b.command(0x60);
    b.data(0x47);
    CHECK((b.status() & 0x08) == 0);  // data write
    b.command(0x20);
    CHECK(b.drain() == Bytes{0x47});
    b.command(0xA7);
    b.command(0xAD);
    CHECK(b.ps2.config() == 0x77);
    b.command(0xA8);
    b.command(0xAE);
    CHECK(b.ps2.config() == 0x47);
}

TEST_CASE("PS/2: keyboard reset answers ACK and self-test passed on IRQ1", "[machine][ps2]") {
    Bench b;
    b.data(0xFF);
    CHECK(b.irqs.rising(1) == 1);
    CHECK(b.ps2.in(0x60, 1) == 0xFA);
    CHECK(b.irqs.rising(1) == 2);  // the next byte is a new interrupt
    CHECK(b.ps2.in(0x60, 1) == 0xAA);
    CHECK((b.status() & 0x01) == 0);
    CHECK(b.irqs.events.back() == std::pair<unsigned, bool>{1, false});
    CHECK(b.ps2.in(0x60, 1) == 0xAA);  // an empty buffer reads the last byte again
}

TEST_CASE("PS/2: keyboard commands", "[machine][ps2]") {
    Bench b;
    b.data(0xF2);
    CHECK(b.drain() == Bytes{0xFA, 0xAB, 0x41});  // MF2, translated
    b.data(0xEE);
    CHECK(b.drain() == Bytes{0xEE});
    b.data(0xED);
    b.data(0x07);
    CHECK(b.drain() == Bytes{0xFA, 0xFA});
    CHECK(b.ps2.leds() == 7);
    b.data(0xF0);
    b.data(0x00);
    CHECK(b.drain() == Bytes{0xFA, 0xFA, 0x41});  // set 2, as seen through translation
    b.data(0xF0);
    b.data(0x01);
    b.data(0xF0);
    b.data(0x00);
    CHECK(b.drain() == Bytes{0xFA, 0xFA, 0xFA, 0xFA, 0x43});
    b.data(0xF3);
    b.data(0x20);
    CHECK(b.drain() == Bytes{0xFA, 0xFA});
    b.data(0xFE);
    CHECK(b.drain() == Bytes{0xFA});  // resend the last byte
    b.data(0x01);
    CHECK(b.drain() == Bytes{0xFE});  // unknown command
}

TEST_CASE("PS/2: scancodes from the host", "[machine][ps2]") {
    Bench b;
    b.ps2.key_scancode(0x1E);  // 'a' make
    CHECK(b.irqs.rising(1) == 1);
    b.ps2.key_scancode(0x9E);  // 'a' break
    CHECK(b.drain() == Bytes{0x1E, 0x9E});

    b.data(0xF5);  // disable scanning
    CHECK(b.drain() == Bytes{0xFA});
    b.ps2.key_scancode(0x1E);
    CHECK(b.drain().empty());
    b.data(0xF4);
    CHECK(b.drain() == Bytes{0xFA});

    b.command(0xAD);  // keyboard interface off: keys wait in the keyboard
    b.ps2.key_scancode(0x30);
    CHECK((b.status() & 0x01) == 0);
    b.command(0xAE);
    CHECK(b.drain() == Bytes{0x30});

    b.command(0x60);
    b.data(0x60);  // keyboard interrupt off
    size_t before = b.irqs.rising(1);
    b.ps2.key_scancode(0x2C);
    CHECK((b.status() & 0x01) == 0x01);
    CHECK(b.irqs.rising(1) == before);
    CHECK(b.drain() == Bytes{0x2C});
}

TEST_CASE("PS/2: auxiliary port loopback and no mouse", "[machine][ps2]") {
    Bench b;
    b.command(0xA8);  // aux on
    b.command(0x60);
    b.data(0x43);     // both interrupts
    b.command(0xD3);
    b.data(0x5A);
    CHECK(b.status() == 0x35);  // output full from aux
    CHECK(b.irqs.rising(12) == 1);
    CHECK(b.ps2.in(0x60, 1) == 0x5A);
    b.command(0xD4);
    b.data(0xFF);
    CHECK(b.drain() == Bytes{0xFE});
}

TEST_CASE("PS/2: reset pulse and output port", "[machine][ps2]") {
    Bench b;
    b.command(0xD0);
    CHECK(b.drain() == Bytes{0x03});
    b.command(0xFE);
    CHECK(b.resets == 1);
    b.command(0xFF);  // pulses nothing
    CHECK(b.resets == 1);
    b.command(0xD1);
    b.data(0xFE);     // reset line low
    CHECK(b.resets == 2);
}
