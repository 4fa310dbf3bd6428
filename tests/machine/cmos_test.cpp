// src/machine/cmos.cpp. The clock starts at 2024-02-29 23:59:58 UTC (a Thursday, a leap day) so
// a two-second step crosses day, month and weekday. Register layout per the MC146818A
// datasheet; memory bytes as QEMU's pc_cmos_init sets them.
#include <catch2/catch.hpp>

#include <vector>

#include "machine/cmos.hpp"

using namespace lstar;

namespace {

constexpr int64_t START = 1709251198;  // 2024-02-29 23:59:58 UTC
constexpr Nanos SECOND = 1'000'000'000;

struct IrqLog : IrqSink {
    std::vector<std::pair<unsigned, bool>> events;
    void set_irq(unsigned irq, bool level) override { events.push_back({irq, level}); }
};

struct Bench {
    IrqLog irqs;
    Nanos now = 0;
    Cmos cmos;
    explicit Bench(uint64_t ram = 128ull << 20)
        : cmos(irqs, [this] { return now; }, START, ram) {}

    unsigned get(uint8_t index) {
        cmos.out(0x70, 1, index);
        return cmos.in(0x71, 1) & 0xFF;
    }
    void set(uint8_t index, uint8_t v) {
        cmos.out(0x70, 1, index);
        cmos.out(0x71, 1, v);
    }
};

}  // namespace

TEST_CASE("CMOS: BCD 24-hour time by default", "[machine][cmos]") {
    Bench b;
    CHECK(b.get(0x0A) == 0x26);
    CHECK(b.get(0x0B) == 0x02);
    CHECK(b.get(0x0D) == 0x80);
    CHECK(b.get(0x00) == 0x58);
    CHECK(b.get(0x02) == 0x59);
    CHECK(b.get(0x04) == 0x23);
    CHECK(b.get(0x06) == 5);  // Thursday (Sunday = 1)
    CHECK(b.get(0x07) == 0x29);
    CHECK(b.get(0x08) == 0x02);
    CHECK(b.get(0x09) == 0x24);
    CHECK(b.get(0x32) == 0x20);

    b.now = 2 * SECOND;  // 2024-03-01 00:00:00, Friday
    CHECK(b.get(0x00) == 0x00);
    CHECK(b.get(0x02) == 0x00);
    CHECK(b.get(0x04) == 0x00);
    CHECK(b.get(0x06) == 6);
    CHECK(b.get(0x07) == 0x01);
    CHECK(b.get(0x08) == 0x03);
}

TEST_CASE("CMOS: binary and 12-hour formats", "[machine][cmos]") {
    Bench b;
    b.set(0x0B, 0x06);  // binary, 24-hour
    CHECK(b.get(0x00) == 58);
    CHECK(b.get(0x04) == 23);
    CHECK(b.get(0x09) == 24);
    CHECK(b.get(0x32) == 20);
    b.set(0x0B, 0x04);  // binary, 12-hour: 11 PM
    CHECK(b.get(0x04) == (0x80 | 11));
    b.set(0x0B, 0x00);  // BCD, 12-hour
    CHECK(b.get(0x04) == 0x91);
    b.now = 2 * SECOND;  // midnight is 12 AM
    CHECK(b.get(0x04) == 0x12);
}

TEST_CASE("CMOS: UIP is set just before each update", "[machine][cmos]") {
    Bench b;
    b.now = 500'000'000;
    CHECK((b.get(0x0A) & 0x80) == 0);
    b.now = 999'800'000;
    CHECK((b.get(0x0A) & 0x80) == 0x80);
    b.now = SECOND;
    CHECK((b.get(0x0A) & 0x80) == 0);
    b.set(0x0A, 0xA6);  // UIP is read-only
    CHECK(b.get(0x0A) == 0x26);
}

TEST_CASE("CMOS: memory size bytes as QEMU sets them", "[machine][cmos]") {
    Bench big;  // 128 MiB
    CHECK(big.get(0x15) == 0x80);  // 640 KiB base memory
    CHECK(big.get(0x16) == 0x02);
    CHECK(big.get(0x17) == 0xFF);  // 127 MiB above 1 MiB does not fit: 65535 KiB
    CHECK(big.get(0x18) == 0xFF);
    CHECK(big.get(0x30) == 0xFF);
    CHECK(big.get(0x31) == 0xFF);
    CHECK(big.get(0x34) == 0x00);  // (128 - 16) MiB in 64 KiB units: 1792 = 0x700
    CHECK(big.get(0x35) == 0x07);
    CHECK(big.get(0x5B) == 0);

    Bench small(32ull << 20);
    CHECK(small.get(0x17) == 0x00);  // 31 MiB = 31744 KiB = 0x7C00
    CHECK(small.get(0x18) == 0x7C);
    CHECK(small.get(0x34) == 0x00);  // 16 MiB = 256 units
    CHECK(small.get(0x35) == 0x01);

    Bench huge(4ull << 30);  // 3 GiB below 4 GiB, 1 GiB above: 16384 units of 64 KiB
    CHECK(huge.get(0x5B) == 0x00);
    CHECK(huge.get(0x5C) == 0x40);
    CHECK(huge.get(0x5D) == 0x00);
}

TEST_CASE("CMOS: NVRAM bytes and the NMI-disable bit", "[machine][cmos]") {
    Bench b;
    b.set(0x40, 0x5A);
    CHECK_FALSE(b.cmos.nmi_disabled());
    b.cmos.out(0x70, 1, 0x80 | 0x40);
    CHECK(b.cmos.nmi_disabled());
    CHECK(b.cmos.in(0x71, 1) == 0x5A);  // the index ignores bit 7
    CHECK(b.cmos.in(0x70, 1) == 0xFF);
}

TEST_CASE("CMOS: setting the time with SET", "[machine][cmos]") {
    Bench b;
    b.now = 300'000'000;
    b.set(0x0B, 0x82);  // SET: the registers stop and take writes
    b.set(0x04, 0x10);
    b.set(0x02, 0x20);
    b.set(0x00, 0x30);
    b.now = 5 * SECOND;
    CHECK(b.get(0x00) == 0x30);  // frozen while SET
    b.set(0x0B, 0x02);
    CHECK(b.get(0x04) == 0x10);
    CHECK(b.get(0x02) == 0x20);
    CHECK(b.get(0x00) == 0x30);
    CHECK(b.get(0x07) == 0x29);  // the date was kept
    b.now = 6 * SECOND;
    CHECK(b.get(0x00) == 0x31);
}

TEST_CASE("CMOS: the periodic interrupt on IRQ8", "[machine][cmos]") {
    Bench b;
    CHECK(b.cmos.next_event(0) == ~Nanos(0));  // nothing enabled
    b.set(0x0B, 0x42);                          // PIE at the default 1024 Hz
    CHECK(b.cmos.next_event(0) == 976'563);     // 32 ticks of 32768 Hz
    b.now = 976'563;
    b.cmos.tick(b.now);
    REQUIRE(b.irqs.events.size() == 2);
    CHECK(b.irqs.events[0] == std::pair<unsigned, bool>{8, true});
    CHECK(b.cmos.next_event(b.now) == ~Nanos(0));  // until C is read
    CHECK(b.get(0x0C) == 0xC0);                     // IRQF | PF
    CHECK(b.get(0x0C) == 0x00);
    CHECK(b.cmos.next_event(b.now) == 1'953'125);

    b.set(0x0A, 0x2F);  // rate 15: 2 Hz
    CHECK(b.cmos.next_event(b.now) == 500'000'000);
}

TEST_CASE("CMOS: update-ended and alarm interrupts", "[machine][cmos]") {
    Bench b;
    b.set(0x0A, 0x20);  // periodic rate 0: PF would otherwise be set 1024 times a second
    b.set(0x01, 0x59);  // alarm at 23:59:59
    b.set(0x03, 0x59);
    b.set(0x05, 0x23);
    b.set(0x0B, 0x32);  // AIE | UIE
    CHECK(b.cmos.next_event(0) == SECOND);
    b.now = SECOND;
    b.cmos.tick(b.now);
    CHECK(b.irqs.events.size() == 2);
    CHECK(b.get(0x0C) == 0xB0);  // IRQF | AF | UF
    b.now = 2 * SECOND;
    b.cmos.tick(b.now);
    CHECK(b.get(0x0C) == 0x90);  // IRQF | UF: 00:00:00 does not match
    b.set(0x01, 0xC0);           // "don't care" in all three: every second
    b.set(0x03, 0xC0);
    b.set(0x05, 0xC0);
    b.now = 3 * SECOND;
    CHECK(b.get(0x0C) == 0xB0);
    // Without the enables the flags still appear, but no interrupt.
    b.set(0x0B, 0x02);
    size_t before = b.irqs.events.size();
    b.now = 4 * SECOND;
    CHECK(b.get(0x0C) == 0x30);
    CHECK(b.irqs.events.size() == before);
}
