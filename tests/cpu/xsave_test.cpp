// src/cpu/xsave.cpp: FXSAVE/FXRSTOR (SDM Vol. 2 FXSAVE, Table 10-2) and XSAVE/XRSTOR/XGETBV/
// XSETBV for the x87 and SSE components (Vol. 1 Chapter 13).
#include <catch2/catch.hpp>

#include "cpu/x87.hpp"
#include "harness.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {

constexpr uint64_t AREA = DATA + 0x400;  // 64-byte aligned

void fill(Flat& f, uint64_t la, size_t n, uint8_t v) {
    for (size_t k = 0; k < n; ++k) f.poke<uint8_t>(la + k, v);
}
bool untouched(Flat& f, uint64_t la, size_t n, uint8_t v) {
    for (size_t k = 0; k < n; ++k)
        if (f.mem<uint8_t>(la + k) != v) return false;
    return true;
}

// A recognisable state: 1.0 pushed by an FLD1 at CODE, XMM3 and MXCSR set.
void set_state(Flat& f) {
    REQUIRE(Flat::ok(f.exec({0xd9, 0xe8})));  // fld1
    f.cpu.s.xmm[3] = Xmm{{0x0123456789abcdefull, 0xfedcba9876543210ull}};
    f.cpu.s.mxcsr = 0x1fc0;  // DAZ
    f.cpu.s.fdp = 0x1122334455667788ull;
}

}  // namespace

TEST_CASE("FXSAVE64 stores x87, MXCSR and XMM state in the 512-byte layout", "[xsave]") {
    Flat f;
    set_state(f);
    fill(f, AREA, 512, 0xaa);
    f.set(RBX, AREA);
    REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xae, 0x03})));  // fxsave64 [rbx]
    CHECK(f.mem<uint16_t>(AREA + 0) == 0x037f);
    CHECK(f.mem<uint16_t>(AREA + 2) == 0x3800);  // TOP 7
    CHECK(f.mem<uint8_t>(AREA + 4) == 0x80);     // abridged tags: R7 in use
    CHECK(f.mem<uint8_t>(AREA + 5) == 0);
    CHECK(f.mem<uint16_t>(AREA + 6) == 0);       // FOP
    CHECK(f.mem<uint64_t>(AREA + 8) == CODE);    // FIP
    CHECK(f.mem<uint64_t>(AREA + 16) == 0x1122334455667788ull);
    CHECK(f.mem<uint32_t>(AREA + 24) == 0x1fc0);
    CHECK(f.mem<uint32_t>(AREA + 28) == 0xffff);  // MXCSR_MASK: DAZ supported
    CHECK(f.mem<uint64_t>(AREA + 32) == 0x8000000000000000ull);  // ST(0) = 1.0
    CHECK(f.mem<uint16_t>(AREA + 40) == 0x3fff);
    CHECK(untouched(f, AREA + 42, 6, 0));  // the rest of the 16-byte slot is zero
    CHECK(f.mem<uint64_t>(AREA + 160 + 48) == 0x0123456789abcdefull);
    CHECK(f.mem<uint64_t>(AREA + 160 + 56) == 0xfedcba9876543210ull);
    CHECK(untouched(f, AREA + 416, 96, 0xaa));  // bytes 416..511 are not written

    SECTION("without REX.W the pointers are 32-bit, FCS and FDS 0") {
        f.cpu.s.fip = 0x123456789ull;
        REQUIRE(Flat::ok(f.exec({0x0f, 0xae, 0x03})));  // fxsave [rbx]
        CHECK(f.mem<uint64_t>(AREA + 8) == 0x23456789);
        CHECK(f.mem<uint64_t>(AREA + 16) == 0x55667788);
    }
    SECTION("a misaligned area is #GP(0), a read-only one #PF, and nothing is written") {
        f.set(RBX, AREA + 8);
        auto s = f.exec({0x0f, 0xae, 0x03});
        REQUIRE(Flat::faulted(s, Vec::GP));
        CHECK(s.fault.error == 0);
        f.cpu.mmu.protect(DATA, 0x1000, perm::R);
        f.set(RBX, AREA);
        fill(f, AREA, 16, 0);
        s = f.exec({0x0f, 0xae, 0x03});
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == AREA + 511);  // the last byte is checked first
    }
}

TEST_CASE("FXRSTOR loads an image; tags come from the contents", "[xsave]") {
    Flat f;
    fill(f, AREA, 512, 0);
    f.poke<uint16_t>(AREA + 0, 0x027f);
    f.poke<uint16_t>(AREA + 2, 0x2000 | x87::sw::PE);  // TOP 4
    f.poke<uint8_t>(AREA + 4, 0x30);                     // R4 and R5 in use
    f.poke<uint16_t>(AREA + 6, 0xffff);                  // FOP keeps 11 bits
    f.poke<uint64_t>(AREA + 8, 0x0123456789abcdefull);   // FIP keeps 57 bits, sign-extended
    f.poke<uint64_t>(AREA + 16, 0xfedcba9876543210ull);
    f.poke<uint32_t>(AREA + 24, 0x9fc0);
    f.poke<uint64_t>(AREA + 32 + 16, 0x8000000000000000ull);  // ST(1) = R5 = 2.0; ST(0) = +0
    f.poke<uint16_t>(AREA + 32 + 24, 0x4000);
    f.poke<uint64_t>(AREA + 160, 0x5555);
    f.set(RBX, AREA);
    REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xae, 0x0b})));  // fxrstor64 [rbx]
    const CpuState& s = f.cpu.s;
    CHECK(s.fcw == 0x027f);
    CHECK(s.fsw == (0x2000 | x87::sw::PE));
    CHECK(s.ftw == 0xf1ff);  // R5 valid, R4 zero, the rest empty
    CHECK(s.fop == 0x7ff);
    CHECK(s.fip == 0xff23456789abcdefull);
    CHECK(s.fdp == 0xfedcba9876543210ull);
    CHECK(s.mxcsr == 0x9fc0);
    CHECK(s.st[5].sign_exp == 0x4000);
    CHECK(s.xmm[0].q[0] == 0x5555);

    SECTION("without REX.W the pointers are zero-extended 32-bit values") {
        REQUIRE(Flat::ok(f.exec({0x0f, 0xae, 0x0b})));  // fxrstor [rbx]
        CHECK(s.fip == 0x89abcdef);
        CHECK(s.fdp == 0x76543210);
    }
    SECTION("a reserved MXCSR bit is #GP(0) and changes nothing") {
        f.poke<uint32_t>(AREA + 24, 0x10000);
        f.poke<uint16_t>(AREA + 0, 0x0000);
        REQUIRE(Flat::faulted(f.exec({0x0f, 0xae, 0x0b}), Vec::GP));
        CHECK(s.fcw == 0x027f);
        CHECK(s.mxcsr == 0x9fc0);
    }
    SECTION("an unmasked exception flag in the image is pending afterwards") {
        f.poke<uint16_t>(AREA + 0, 0x037e);
        f.poke<uint16_t>(AREA + 2, x87::sw::IE);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xae, 0x0b})));
        CHECK(s.fsw == (x87::sw::B | x87::sw::ES | x87::sw::IE));
        CHECK(Flat::faulted(f.exec({0x9b}), Vec::MF));  // fwait
    }
}

TEST_CASE("XSAVE, XRSTOR and XGETBV need CR4.OSXSAVE", "[xsave]") {
    Flat f;
    f.set(RBX, AREA);
    f.set(RAX, 3);
    CHECK(Flat::faulted(f.exec({0x0f, 0xae, 0x23}), Vec::UD));  // xsave [rbx]
    CHECK(Flat::faulted(f.exec({0x0f, 0xae, 0x2b}), Vec::UD));  // xrstor [rbx]
    CHECK(Flat::faulted(f.exec({0x0f, 0x01, 0xd0}), Vec::UD));  // xgetbv
    f.cpu.s.cr4 |= cr4::OSXSAVE;
    f.set(RCX, 0);
    f.set(RAX, ~0ull);
    f.set(RDX, ~0ull);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x01, 0xd0})));
    CHECK(f.r(RAX) == 3);  // XCR0 = x87 | SSE
    CHECK(f.r(RDX) == 0);
    f.set(RCX, 1);  // XINUSE: CPUID.(0xD,1).EAX[2] is clear
    CHECK(Flat::faulted(f.exec({0x0f, 0x01, 0xd0}), Vec::GP));
    f.cpu.s.cr0 |= cr0::TS;
    CHECK(Flat::faulted(f.exec({0x0f, 0xae, 0x23}), Vec::NM));
}

TEST_CASE("XSAVE writes the requested components and their XSTATE_BV bits", "[xsave]") {
    Flat f;
    set_state(f);
    f.cpu.s.cr4 |= cr4::OSXSAVE;
    f.set(RBX, AREA);
    f.set(RDX, 0);
    SECTION("x87 only") {
        fill(f, AREA, 576, 0xaa);
        f.set(RAX, 1);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xae, 0x23})));  // xsave64 [rbx]
        CHECK(f.mem<uint16_t>(AREA) == 0x037f);
        CHECK(f.mem<uint64_t>(AREA + 32) == 0x8000000000000000ull);
        CHECK(untouched(f, AREA + 24, 8, 0xaa));    // MXCSR goes with SSE
        CHECK(untouched(f, AREA + 160, 352, 0xaa));
        CHECK(f.mem<uint64_t>(AREA + 512) == 0xaaaaaaaaaaaaaaabull);  // bit 0 set, the rest kept
        CHECK(untouched(f, AREA + 520, 56, 0xaa));  // the rest of the header is not written
    }
    SECTION("SSE only, with XSAVEOPT") {
        fill(f, AREA, 576, 0);
        f.set(RAX, 2 | 4);  // AVX is not in XCR0 and is ignored
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xae, 0x33})));  // xsaveopt64 [rbx]
        CHECK(untouched(f, AREA, 24, 0));
        CHECK(f.mem<uint32_t>(AREA + 24) == 0x1fc0);
        CHECK(f.mem<uint32_t>(AREA + 28) == 0xffff);
        CHECK(f.mem<uint64_t>(AREA + 160 + 48) == 0x0123456789abcdefull);
        CHECK(f.mem<uint64_t>(AREA + 512) == 2);
    }
    SECTION("the area must be 64-byte aligned") {
        f.set(RBX, AREA + 16);
        f.set(RAX, 3);
        CHECK(Flat::faulted(f.exec({0x0f, 0xae, 0x23}), Vec::GP));
    }
}

TEST_CASE("XRSTOR loads or initialises each requested component", "[xsave]") {
    Flat f;
    set_state(f);
    f.cpu.s.cr4 |= cr4::OSXSAVE;
    f.set(RBX, AREA);
    f.set(RDX, 0);
    fill(f, AREA, 576, 0);
    f.poke<uint32_t>(AREA + 24, 0x1fa0);  // MXCSR with PE set
    SECTION("XSTATE_BV clear: the initial configuration, MXCSR still from memory") {
        f.set(RAX, 3);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xae, 0x2b})));  // xrstor [rbx]
        CHECK(f.cpu.s.fcw == 0x037f);
        CHECK(f.cpu.s.fsw == 0);
        CHECK(f.cpu.s.ftw == 0xffff);
        CHECK(f.cpu.s.fip == 0);
        CHECK(f.cpu.s.st[7].mantissa == 0);  // registers zeroed
        CHECK(f.cpu.s.xmm[3].q[0] == 0);
        CHECK(f.cpu.s.mxcsr == 0x1fa0);
    }
    SECTION("a component outside RFBM is left alone") {
        f.set(RAX, 2);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xae, 0x2b})));
        CHECK(f.cpu.s.ftw != 0xffff);
        CHECK(f.cpu.s.xmm[3].q[0] == 0);
    }
    SECTION("a round trip through XSAVE") {
        f.set(RAX, 3);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xae, 0x23})));  // xsave64
        const CpuState saved = f.cpu.s;
        REQUIRE(Flat::ok(f.exec({0xdb, 0xe3})));              // fninit
        f.cpu.s.xmm[3] = Xmm{};
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xae, 0x2b})));  // xrstor64
        CHECK(f.cpu.s.ftw == saved.ftw);
        CHECK(f.cpu.s.fip == saved.fip);
        CHECK(f.cpu.s.st[7].sign_exp == 0x3fff);
        CHECK(f.cpu.s.xmm[3].q[1] == 0xfedcba9876543210ull);
    }
    SECTION("a header naming an unsupported component, or compacted, is #GP(0)") {
        f.set(RAX, 3);
        f.poke<uint64_t>(AREA + 512, 4);
        CHECK(Flat::faulted(f.exec({0x0f, 0xae, 0x2b}), Vec::GP));
        f.poke<uint64_t>(AREA + 512, 0);
        f.poke<uint64_t>(AREA + 520, 1ull << 63);
        CHECK(Flat::faulted(f.exec({0x0f, 0xae, 0x2b}), Vec::GP));
        CHECK(f.cpu.s.fcw == 0x037f);
        CHECK(f.cpu.s.ftw != 0xffff);
    }
}

TEST_CASE("XSETBV is CPL 0 only and accepts XCR0 = x87|SSE", "[xsave]") {
    Flat f;
    f.cpu.s.cr4 |= cr4::OSXSAVE;
    f.set(RCX, 0);
    f.set(RDX, 0);
    f.set(RAX, 3);
    CHECK(Flat::faulted(f.exec({0x0f, 0x01, 0xd1}), Vec::GP));  // CPL 3
    f.cpu.s.cpl = 0;
    CHECK(Flat::ok(f.exec({0x0f, 0x01, 0xd1})));
    f.set(RAX, 7);  // AVX: not supported
    CHECK(Flat::faulted(f.exec({0x0f, 0x01, 0xd1}), Vec::GP));
    f.set(RAX, 2);  // SSE without x87
    CHECK(Flat::faulted(f.exec({0x0f, 0x01, 0xd1}), Vec::GP));
    f.set(RAX, 3);
    f.set(RCX, 1);
    CHECK(Flat::faulted(f.exec({0x0f, 0x01, 0xd1}), Vec::GP));
}
