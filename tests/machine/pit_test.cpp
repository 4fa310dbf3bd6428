// src/machine/pit.cpp. Counter values and OUT follow the 8254 datasheet's mode waveforms; the
// input clock is 1193182 Hz of virtual time, so tick d happens at ceil(d * 1e9 / 1193182) ns.
#include <catch2/catch.hpp>

#include <vector>

#include "machine/pit.hpp"

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
    Nanos now = 0;
    Pit pit{irqs, [this] { return now; }};

    void at_tick(uint64_t d) { now = tick_time(d, Pit::HZ); }
    void program(unsigned ch, uint8_t mode_bits, uint16_t count) {
        pit.out(0x43, 1, uint8_t(ch << 6 | 0x30 | mode_bits));  // lo/hi access
        pit.out(uint16_t(0x40 + ch), 1, uint8_t(count));
        pit.out(uint16_t(0x40 + ch), 1, uint8_t(count >> 8));
    }
    uint16_t latched(unsigned ch) {
        pit.out(0x43, 1, uint8_t(ch << 6));  // counter latch command
        uint16_t lo = uint16_t(pit.in(uint16_t(0x40 + ch), 1));
        return uint16_t(lo | pit.in(uint16_t(0x40 + ch), 1) << 8);
    }
    uint8_t status(unsigned ch) {
        pit.out(0x43, 1, uint8_t(0xE0 | 2 << ch));  // read-back: status only
        return uint8_t(pit.in(uint16_t(0x40 + ch), 1));
    }
};

}  // namespace

TEST_CASE("PIT: virtual time converts to input clocks exactly", "[machine][pit]") {
    CHECK(ticks_at(999'847, Pit::HZ) == 1192);
    CHECK(ticks_at(999'848, Pit::HZ) == 1193);
    CHECK(tick_time(1193, Pit::HZ) == 999'848);
    CHECK(tick_time(0, Pit::HZ) == 0);
    // Far into a run the arithmetic must not overflow: 10 hours.
    CHECK(ticks_at(36'000'000'000'000ull, Pit::HZ) == 42'954'552'000ull);
}

TEST_CASE("PIT: mode 2 counts down from N and reloads", "[machine][pit]") {
    Bench b;
    b.program(0, 0x04, 1193);  // channel 0, mode 2: about 1 kHz
    CHECK(b.latched(0) == 1193);
    b.now = 100'000;  // 119 clocks
    CHECK(b.latched(0) == 1193 - 119);
    b.now = 1'000'000;  // 1193 clocks: reloaded
    CHECK(b.latched(0) == 1193);
    b.now = 1'500'000;  // 1789 clocks = 1193 + 596
    CHECK(b.latched(0) == 1193 - 596);

    // OUT is low only for the clock in which the count is 1.
    b.at_tick(1191);
    CHECK(b.pit.output(0));
    b.at_tick(1192);
    CHECK_FALSE(b.pit.output(0));
    b.at_tick(1193);
    CHECK(b.pit.output(0));
}

TEST_CASE("PIT: mode 2 raises IRQ0 on each rising edge of OUT", "[machine][pit]") {
    Bench b;
    b.program(0, 0x04, 1193);
    CHECK(b.pit.next_event(0) == 999'848);
    b.pit.tick(999'847);  // too early: nothing
    CHECK(b.irqs.rising(0) == 0);
    b.now = 999'848;
    b.pit.tick(b.now);
    CHECK(b.irqs.rising(0) == 1);
    CHECK(b.pit.next_event(b.now) == 1'999'695);
    // A late tick several periods on raises one interrupt and schedules the next edge.
    b.now = 5'500'000;
    b.pit.tick(b.now);
    CHECK(b.irqs.rising(0) == 2);
    CHECK(b.pit.next_event(b.now) == tick_time(6 * 1193, Pit::HZ));
}

TEST_CASE("PIT: mode 3 square wave, even and odd counts", "[machine][pit]") {
    Bench b;
    b.program(0, 0x06, 4);  // even: counts 4, 2 in each half
    uint16_t even[] = {4, 2, 4, 2, 4};
    bool even_out[] = {true, true, false, false, true};
    for (unsigned d = 0; d < 5; ++d) {
        b.at_tick(d);
        CHECK(b.latched(0) == even[d]);
        CHECK(b.pit.output(0) == even_out[d]);
    }
    b.now = 0;
    b.program(0, 0x06, 5);  // odd: high for 3 clocks (5, 4, 2), low for 2 (5, 2)
    uint16_t odd[] = {5, 4, 2, 5, 2, 5};
    bool odd_out[] = {true, true, true, false, false, true};
    for (unsigned d = 0; d < 6; ++d) {
        b.at_tick(d);
        CHECK(b.latched(0) == odd[d]);
        CHECK(b.pit.output(0) == odd_out[d]);
    }
    // The IRQ comes at the start of each high half.
    b.now = 0;
    b.program(0, 0x06, 11932);  // 100 Hz
    CHECK(b.pit.next_event(0) == tick_time(11932, Pit::HZ));
}

TEST_CASE("PIT: mode 0 one-shot on channel 2, seen through port 0x61", "[machine][pit]") {
    Bench b;
    CHECK((b.pit.in(0x61, 1) & 0x01) == 0);
    b.pit.out(0x61, 1, 0x01);  // gate 2 high, speaker off
    b.program(2, 0x00, 1000);
    CHECK((b.pit.in(0x61, 1) & 0x20) == 0);  // OUT2 low while counting
    b.at_tick(999);
    CHECK((b.pit.in(0x61, 1) & 0x20) == 0);
    CHECK(b.latched(2) == 1);
    b.at_tick(1000);
    CHECK((b.pit.in(0x61, 1) & 0x20) == 0x20);  // terminal count
    b.at_tick(1003);
    CHECK(b.latched(2) == 0xFFFD);  // keeps counting, wrapping
    CHECK(b.pit.next_event(b.now) == ~Nanos(0));  // channel 2 raises no IRQ

    // The gate pauses mode 0: low for 500 clocks delays the terminal count by 500.
    b.now = 0;
    b.program(2, 0x00, 1000);
    b.at_tick(400);
    b.pit.out(0x61, 1, 0x00);
    b.at_tick(900);
    CHECK(b.latched(2) == 600);
    b.pit.out(0x61, 1, 0x01);
    b.at_tick(1499);
    CHECK((b.pit.in(0x61, 1) & 0x20) == 0);
    b.at_tick(1500);
    CHECK((b.pit.in(0x61, 1) & 0x20) == 0x20);
}

TEST_CASE("PIT: mode 0 on channel 0 raises IRQ0 once", "[machine][pit]") {
    Bench b;
    b.program(0, 0x00, 1000);
    CHECK(b.pit.next_event(0) == 838'096);
    b.now = 838'096;
    b.pit.tick(b.now);
    CHECK(b.irqs.rising(0) == 1);
    CHECK(b.pit.next_event(b.now) == ~Nanos(0));
}

TEST_CASE("PIT: lobyte-only and hibyte-only access", "[machine][pit]") {
    Bench b;
    b.pit.out(0x43, 1, 0x10);  // channel 0, lobyte, mode 0
    b.pit.out(0x40, 1, 0x50);
    CHECK(b.pit.in(0x40, 1) == 0x50);
    b.pit.out(0x43, 1, 0x20);  // hibyte
    b.pit.out(0x40, 1, 0x12);
    CHECK(b.pit.in(0x40, 1) == 0x12);
    b.at_tick(0x100);
    b.pit.out(0x43, 1, 0x00);
    CHECK(b.pit.in(0x40, 1) == 0x11);  // latched 0x1100, hibyte access reads the high half
}

TEST_CASE("PIT: a latched count holds until read; read-back returns status", "[machine][pit]") {
    Bench b;
    b.pit.out(0x43, 1, 0x34);
    CHECK(b.status(0) == 0xF4);  // OUT high, null count (no count yet), lo/hi, mode 2
    b.pit.out(0x40, 1, 0x00);
    b.pit.out(0x40, 1, 0x10);  // 0x1000
    CHECK(b.status(0) == 0xB4);  // OUT high, count loaded

    b.at_tick(0x10);
    b.pit.out(0x43, 1, 0x00);
    b.at_tick(0x80);
    b.pit.out(0x43, 1, 0x00);  // ignored: the first latch is unread
    CHECK(b.pit.in(0x40, 1) == 0xF0);
    CHECK(b.pit.in(0x40, 1) == 0x0F);  // 0x0FF0, from the first latch
    CHECK(b.latched(0) == 0x0F80);

    // Read-back of count and status: status comes first.
    b.pit.out(0x43, 1, 0xC2);
    CHECK(b.pit.in(0x40, 1) == 0xB4);
    CHECK(b.pit.in(0x40, 1) == 0x80);
    CHECK(b.pit.in(0x40, 1) == 0x0F);
}

TEST_CASE("PIT: BCD counting", "[machine][pit]") {
    Bench b;
    b.pit.out(0x43, 1, 0x35);  // mode 2, BCD
    b.pit.out(0x40, 1, 0x00);
    b.pit.out(0x40, 1, 0x10);  // 1000 decimal
    b.at_tick(1);
    CHECK(b.latched(0) == 0x0999);
    b.at_tick(1000);
    CHECK(b.latched(0) == 0x1000);
}

TEST_CASE("PIT: the refresh bit of port 0x61 toggles with time", "[machine][pit]") {
    Bench b;
    uint8_t first = uint8_t(b.pit.in(0x61, 1) & 0x10);
    b.at_tick(18);
    CHECK(uint8_t(b.pit.in(0x61, 1) & 0x10) != first);
    b.at_tick(36);
    CHECK(uint8_t(b.pit.in(0x61, 1) & 0x10) == first);
}
