// src/cpu/io.cpp: IN, OUT, INS and OUTS with the IOPL and I/O-permission-bitmap checks (SDM
// Vol. 1 §19.5, Vol. 2 IN/OUT/INS/OUTS). Encodings are from GNU as.
#include <catch2/catch.hpp>

#include "cpu/machine_fixture.hpp"

using namespace lstar;
using namespace lstar::test;

TEST_CASE("IN and OUT with the IOPL and I/O-bitmap checks", "[system]") {
    Machine m;
    m.bus.in_value = 0xa5a5a5a5;
    SECTION("ring 0 reaches the bus") {
        m.cpu.s.gpr[RAX] = 0x42;
        CHECK(m.krun({0xe6, 0x80, 0xe4, 0x60}) == -1);  // out 0x80, al; in al, 0x60
        REQUIRE(m.bus.outs.size() == 1);
        CHECK(m.bus.outs[0].port == 0x80);
        CHECK(m.bus.outs[0].size == 1);
        CHECK(m.bus.outs[0].value == 0x42);
        CHECK(m.bus.ins == std::vector<uint16_t>{0x60});
        CHECK(m.cpu.s.gpr[RAX] == 0xa5);
    }
    SECTION("ring 3 with IOPL 3") {
        m.enter_user();
        m.cpu.set_rflags(fl::FIXED1 | fl::IOPL);
        m.cpu.s.gpr[RDX] = 0x3f8;
        CHECK(m.urun({0xed}) == -1);  // in eax, dx
        CHECK(m.cpu.s.gpr[RAX] == 0xa5a5a5a5);
    }
    SECTION("ring 3 with IOPL 0 and no bitmap (TSS limit 0x67)") {
        m.enter_user();
        m.cpu.s.gpr[RDX] = 0x3f8;
        CHECK(m.urun({0xee}) == 13);
        CHECK(m.bus.outs.empty());
    }
    SECTION("ring 3 with IOPL 0 and a bitmap allowing port 0x3f8 only") {
        for (uint64_t k = 0; k <= 0x2000; ++k) m.put<uint8_t>(lm::TSS + 0x68 + k, 0xff);
        m.put<uint8_t>(lm::TSS + 0x68 + 0x3f8 / 8, 0xfe);
        m.set_tss_limit(0x68 + 0x2000);
        m.enter_user();
        m.cpu.s.gpr[RDX] = 0x3f8;
        CHECK(m.urun({0xee}) == -1);  // out dx, al
        CHECK(m.bus.outs.size() == 1);
        m.enter_user();
        CHECK(m.urun({0x66, 0xef}) == 13);  // out dx, ax covers 0x3f9 too
        m.enter_user();
        m.cpu.s.gpr[RDX] = 0x3f9;
        CHECK(m.urun({0xee}) == 13);
        m.set_tss_limit(0x68 + 0x3f8 / 8);  // the bitmap's second byte is beyond the limit
        m.enter_user();
        m.cpu.s.gpr[RDX] = 0x3f8;
        CHECK(m.urun({0xee}) == 13);
        CHECK(m.bus.outs.size() == 1);
    }
    SECTION("REP OUTSB and REP INSB") {
        m.enter_user();
        m.cpu.set_rflags(fl::FIXED1 | fl::IOPL);
        m.bytes(lm::UDATA, {1, 2, 3});
        m.cpu.s.gpr[RSI] = lm::UDATA;
        m.cpu.s.gpr[RDI] = lm::UDATA + 0x100;
        m.cpu.s.gpr[RCX] = 3;
        m.cpu.s.gpr[RDX] = 0x3f8;
        CHECK(m.urun({0xf3, 0x6e}) == -1);
        REQUIRE(m.bus.outs.size() == 3);
        CHECK(m.bus.outs[2].value == 3);
        CHECK(m.cpu.s.gpr[RSI] == lm::UDATA + 3);
        m.cpu.s.gpr[RCX] = 2;
        m.enter_user();
        m.cpu.set_rflags(fl::FIXED1 | fl::IOPL);
        CHECK(m.urun({0xf3, 0x6c}) == -1);
        CHECK(m.get<uint16_t>(lm::UDATA + 0x100) == 0xa5a5);
        CHECK(m.cpu.s.gpr[RDI] == lm::UDATA + 0x102);
        CHECK(m.cpu.s.gpr[RCX] == 0);
    }
}
