// src/cpu/sse_fp_convert.cpp: SSE conversions. Expected values follow from IEEE 754 rounding
// and the SDM's integer indefinite (0x80000000 / 0x8000000000000000); the MMX-mode switch of
// the MMX forms is as SDM Vol. 1 §9.5.1 and the host show it.
#include <catch2/catch.hpp>

#include "sse_fp_harness.hpp"

using namespace lstar;
using namespace lstar::test;

TEST_CASE("CVTSI2SS/CVTSI2SD from 32- and 64-bit sources", "[sse_fp]") {
    Flat f;
    set_xmm32(f, 1, 0, 7, 8, 9);
    SECTION("32-bit register, upper lanes kept") {
        f.set(RAX, 0xfffffffffffffffdull);  // eax = -3
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x2a, 0xc8})));  // cvtsi2ss xmm1, eax
        CHECK((xmm32(f, 1, 0) == 0xc0400000 && xmm32(f, 1, 1) == 7 && xmm32(f, 1, 3) == 9));
        CHECK(mx_flags(f) == 0);
    }
    SECTION("64-bit register rounds") {
        f.set(RAX, (1ull << 53) + 1);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x48, 0x0f, 0x2a, 0xc8})));  // cvtsi2ss xmm1, rax
        CHECK(xmm32(f, 1, 0) == 0x5a000000);  // 2^53
        CHECK(mx_flags(f) == MX_PE);
        f.cpu.s.mxcsr = MXCSR_DEFAULT;
        REQUIRE(Flat::ok(f.exec({0xf2, 0x48, 0x0f, 0x2a, 0xc8})));  // cvtsi2sd xmm1, rax: a tie, to even
        CHECK(xmm64(f, 1, 0) == 0x4340000000000000ull);
        CHECK(xmm64(f, 1, 1) == (8 | 9ull << 32));
        f.cpu.s.mxcsr = MXCSR_DEFAULT | MX_RU;
        REQUIRE(Flat::ok(f.exec({0xf2, 0x48, 0x0f, 0x2a, 0xc8})));
        CHECK(xmm64(f, 1, 0) == 0x4340000000000001ull);
    }
    SECTION("32-bit memory") {
        f.set(RAX, DATA + 3);
        f.poke<uint32_t>(DATA + 3, 0xffffffff);
        REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0x2a, 0x08})));  // cvtsi2sd xmm1, dword [rax]
        CHECK(xmm64(f, 1, 0) == 0xbff0000000000000ull);
    }
}

TEST_CASE("CVTSS2SI/CVTTSS2SI/CVTSD2SI/CVTTSD2SI", "[sse_fp]") {
    Flat f;
    f.set(RAX, ~0ull);
    SECTION("MXCSR rounding vs truncation; 32-bit results zero-extend") {
        set_xmm32(f, 1, 0x40200000, 0, 0, 0);  // 2.5
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x2d, 0xc1})));  // cvtss2si eax, xmm1
        CHECK(f.r(RAX) == 2);
        f.cpu.s.mxcsr = MXCSR_DEFAULT | MX_RU;
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x2d, 0xc1})));
        CHECK(f.r(RAX) == 3);
        set_xmm32(f, 1, 0xc02ccccd, 0, 0, 0);  // -2.7
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x2c, 0xc1})));  // cvttss2si eax, xmm1
        CHECK(f.r(RAX) == 0xfffffffe);
        CHECK(mx_flags(f) == MX_PE);
    }
    SECTION("64-bit results") {
        set_xmm32(f, 1, 0x501502f9, 0, 0, 0);  // 1e10
        REQUIRE(Flat::ok(f.exec({0xf3, 0x48, 0x0f, 0x2d, 0xc1})));  // cvtss2si rax, xmm1
        CHECK(f.r(RAX) == 10000000000ull);
        set_xmm64(f, 1, 0x7ff8000000000000ull, 0);
        REQUIRE(Flat::ok(f.exec({0xf2, 0x48, 0x0f, 0x2d, 0xc1})));  // cvtsd2si rax, xmm1
        CHECK(f.r(RAX) == 0x8000000000000000ull);
        CHECK(mx_flags(f) == MX_IE);
    }
    SECTION("out of range from memory") {
        f.set(RBX, DATA);
        f.poke<uint64_t>(DATA, 0x43e0000000000000ull);  // 2^63
        REQUIRE(Flat::ok(f.exec({0xf2, 0x48, 0x0f, 0x2c, 0x03})));  // cvttsd2si rax, [rbx]
        CHECK(f.r(RAX) == 0x8000000000000000ull);
        CHECK(mx_flags(f) == MX_IE);
    }
}

TEST_CASE("CVTSS2SD/CVTSD2SS/CVTPS2PD/CVTPD2PS", "[sse_fp]") {
    Flat f;
    SECTION("scalar widening keeps the upper lane; an SNaN is quieted") {
        set_xmm64(f, 1, 0, 0x55);
        set_xmm32(f, 2, 0x3fc00000, 0, 0, 0);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x5a, 0xca})));  // cvtss2sd xmm1, xmm2
        CHECK((xmm64(f, 1, 0) == 0x3ff8000000000000ull && xmm64(f, 1, 1) == 0x55));
        set_xmm32(f, 2, 0x7fa00000, 0, 0, 0);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x5a, 0xca})));
        CHECK(xmm64(f, 1, 0) == 0x7ffc000000000000ull);  // payload shifted up 29 bits, quiet bit set
        CHECK(mx_flags(f) == MX_IE);
    }
    SECTION("scalar narrowing rounds and keeps the upper lanes") {
        set_xmm32(f, 1, 0, 1, 2, 3);
        set_xmm64(f, 2, 0x3fd5555555555555ull, 0);  // 1/3
        REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0x5a, 0xca})));  // cvtsd2ss xmm1, xmm2
        CHECK((xmm32(f, 1, 0) == 0x3eaaaaab && xmm32(f, 1, 1) == 1 && xmm32(f, 1, 3) == 3));
        CHECK(mx_flags(f) == MX_PE);
    }
    SECTION("cvtps2pd reads 64 bits of memory, unaligned") {
        f.set(RAX, DATA + 4);
        f.poke<uint64_t>(DATA + 4, F_ONE | static_cast<uint64_t>(0xc0000000) << 32);
        REQUIRE(Flat::ok(f.exec({0x0f, 0x5a, 0x08})));
        CHECK((xmm64(f, 1, 0) == D_ONE && xmm64(f, 1, 1) == 0xc000000000000000ull));
    }
    SECTION("cvtpd2ps clears the upper quadword") {
        set_xmm32(f, 1, 9, 9, 9, 9);
        set_xmm64(f, 2, D_ONE, D_TWO);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x5a, 0xca})));
        CHECK((xmm32(f, 1, 0) == F_ONE && xmm32(f, 1, 1) == F_TWO && xmm64(f, 1, 1) == 0));
    }
}

TEST_CASE("Packed doubleword conversions", "[sse_fp]") {
    Flat f;
    SECTION("cvtdq2ps rounds 2^24 + 1 to even") {
        set_xmm32(f, 2, 1, 0xffffffff, 16777217, 0);
        REQUIRE(Flat::ok(f.exec({0x0f, 0x5b, 0xca})));
        CHECK((xmm32(f, 1, 0) == F_ONE && xmm32(f, 1, 1) == 0xbf800000 && xmm32(f, 1, 2) == 0x4b800000 && xmm32(f, 1, 3) == 0));
        CHECK(mx_flags(f) == MX_PE);
    }
    SECTION("cvtps2dq and cvttps2dq: NaN and out of range give the integer indefinite") {
        set_xmm32(f, 2, 0x40200000, 0xc0200000, F_QNAN, 0x501502f9);  // 2.5 -2.5 NaN 1e10
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x5b, 0xca})));
        CHECK((xmm32(f, 1, 0) == 2 && xmm32(f, 1, 1) == 0xfffffffe && xmm32(f, 1, 2) == 0x80000000 && xmm32(f, 1, 3) == 0x80000000));
        CHECK(mx_flags(f) == (MX_IE | MX_PE));
        set_xmm32(f, 2, 0x402ccccd, 0xc02ccccd, 0, 0);  // 2.7 -2.7
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x5b, 0xca})));
        CHECK((xmm32(f, 1, 0) == 2 && xmm32(f, 1, 1) == 0xfffffffe));
    }
    SECTION("cvtdq2pd, cvtpd2dq, cvttpd2dq") {
        set_xmm32(f, 2, 3, 0xfffffffc, 77, 77);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0xe6, 0xca})));
        CHECK((xmm64(f, 1, 0) == 0x4008000000000000ull && xmm64(f, 1, 1) == 0xc010000000000000ull));
        set_xmm64(f, 2, 0x4004000000000000ull, 0xc00c000000000000ull);  // 2.5 -3.5
        REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0xe6, 0xca})));
        CHECK((xmm32(f, 1, 0) == 2 && xmm32(f, 1, 1) == 0xfffffffc && xmm64(f, 1, 1) == 0));
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xe6, 0xca})));
        CHECK((xmm32(f, 1, 0) == 2 && xmm32(f, 1, 1) == 0xfffffffd && xmm64(f, 1, 1) == 0));
    }
}

TEST_CASE("MMX forms: CVTPI2PS CVTPI2PD CVTPS2PI CVTTPS2PI CVTPD2PI CVTTPD2PI", "[sse_fp]") {
    Flat f;
    f.cpu.s.fsw = 5 << 11;  // TOP = 5
    f.cpu.s.ftw = 0xffff;   // all empty
    f.cpu.s.st[2].mantissa = 5 | static_cast<uint64_t>(0xfffffffa) << 32;  // MM2 = (5, -6)
    set_xmm32(f, 1, 0, 0, 0x77, 0x88);
    SECTION("cvtpi2ps from MM2: upper quadword kept, x87 in MMX mode") {
        REQUIRE(Flat::ok(f.exec({0x0f, 0x2a, 0xca})));
        CHECK((xmm32(f, 1, 0) == 0x40a00000 && xmm32(f, 1, 1) == 0xc0c00000 && xmm32(f, 1, 2) == 0x77));
        CHECK(((f.cpu.s.fsw >> 11 & 7) == 0 && f.cpu.s.ftw == 0));
    }
    SECTION("cvtpi2ps from memory leaves the x87 state alone") {
        f.set(RAX, DATA);
        f.poke<uint64_t>(DATA, 1 | 2ull << 32);
        REQUIRE(Flat::ok(f.exec({0x0f, 0x2a, 0x08})));
        CHECK((xmm32(f, 1, 0) == F_ONE && xmm32(f, 1, 1) == F_TWO));
        CHECK(((f.cpu.s.fsw >> 11 & 7) == 5 && f.cpu.s.ftw == 0xffff));
    }
    SECTION("cvtpi2pd writes both doubles") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x2a, 0xca})));
        CHECK((xmm64(f, 1, 0) == 0x4014000000000000ull && xmm64(f, 1, 1) == 0xc018000000000000ull));
    }
    SECTION("cvtps2pi converts two lanes only and sets the register's exponent bits") {
        set_xmm32(f, 2, 0x3fc00000, 0xbfc00000, F_QNAN, F_QNAN);  // 1.5 -1.5 NaN NaN
        REQUIRE(Flat::ok(f.exec({0x0f, 0x2d, 0xca})));  // cvtps2pi mm1, xmm2
        CHECK(f.cpu.s.st[1].mantissa == (2 | static_cast<uint64_t>(0xfffffffe) << 32));
        CHECK(f.cpu.s.st[1].sign_exp == 0xffff);
        CHECK(mx_flags(f) == MX_PE);  // no IE from the NaNs in lanes 2 and 3
        REQUIRE(Flat::ok(f.exec({0x0f, 0x2c, 0xca})));  // cvttps2pi mm1, xmm2
        CHECK(f.cpu.s.st[1].mantissa == (1 | static_cast<uint64_t>(0xffffffff) << 32));
        CHECK(((f.cpu.s.fsw >> 11 & 7) == 0 && f.cpu.s.ftw == 0));
    }
    SECTION("cvtpd2pi and cvttpd2pi (an aligned m128)") {
        set_xmm64(f, 2, 0x4004000000000000ull, 0xc004000000000000ull);  // 2.5 -2.5
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x2d, 0xca})));
        CHECK(f.cpu.s.st[1].mantissa == (2 | static_cast<uint64_t>(0xfffffffe) << 32));
        f.set(RAX, DATA);
        f.poke<uint64_t>(DATA, 0x4004000000000000ull);
        f.poke<uint64_t>(DATA + 8, 0xc004000000000000ull);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x2c, 0x08})));
        CHECK(f.cpu.s.st[1].mantissa == (2 | static_cast<uint64_t>(0xfffffffe) << 32));
        f.set(RAX, DATA + 8);
        CHECK(Flat::faulted(f.exec({0x66, 0x0f, 0x2c, 0x08}), Vec::GP));
    }
    SECTION("a pending x87 exception: #MF for the register forms only") {
        f.cpu.s.fsw |= 0x80;  // ES
        CHECK(Flat::faulted(f.exec({0x0f, 0x2a, 0xca}), Vec::MF));     // cvtpi2ps xmm1, mm2
        CHECK(Flat::faulted(f.exec({0x0f, 0x2d, 0xca}), Vec::MF));     // cvtps2pi mm1, xmm2
        CHECK((f.cpu.s.fsw >> 11 & 7) == 5);
        f.set(RAX, DATA);
        REQUIRE(Flat::ok(f.exec({0x0f, 0x2a, 0x08})));                 // cvtpi2ps xmm1, [rax]
    }
    SECTION("an unmasked exception still switches to MMX mode first") {
        set_xmm32(f, 2, F_QNAN, 0, 0, 0);
        f.cpu.s.mxcsr = unmask(MX_IE);
        f.cpu.s.st[1].mantissa = 0x1234;
        CHECK(Flat::faulted(f.exec({0x0f, 0x2d, 0xca}), Vec::XM));
        CHECK(f.cpu.s.st[1].mantissa == 0x1234);
        CHECK(((f.cpu.s.fsw >> 11 & 7) == 0 && f.cpu.s.ftw == 0));
    }
}
