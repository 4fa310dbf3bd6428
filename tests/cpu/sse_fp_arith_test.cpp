// src/cpu/sse_fp_arith.cpp: SSE floating-point arithmetic, compares, rounding and dot products.
// Exact values come from IEEE 754 arithmetic and the SDM; the approximations (RCPPS, RSQRTPS)
// and NaN choices are the values the host CPU (an Intel Xeon) gives for the same instruction.
#include <catch2/catch.hpp>

#include "sse_fp_harness.hpp"

using namespace lstar;
using namespace lstar::test;

TEST_CASE("ADDPS/ADDSS: packed lanes, scalar keeps the upper lanes", "[sse_fp]") {
    Flat f;
    set_xmm32(f, 1, F_ONE, F_TWO, F_THREE, 0xbf800000);   // 1 2 3 -1
    set_xmm32(f, 2, F_HALF, F_HALF, F_ONE, F_ONE);        // .5 .5 1 1
    SECTION("packed") {
        REQUIRE(Flat::ok(f.exec({0x0f, 0x58, 0xca})));  // addps xmm1, xmm2
        CHECK(xmm32(f, 1, 0) == 0x3fc00000);             // 1.5
        CHECK(xmm32(f, 1, 1) == 0x40200000);             // 2.5
        CHECK(xmm32(f, 1, 2) == 0x40800000);             // 4
        CHECK(xmm32(f, 1, 3) == 0);                      // -1 + 1 = +0 when rounding to nearest
        CHECK(mx_flags(f) == 0);
    }
    SECTION("scalar register and m32 forms") {
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x58, 0xca})));  // addss xmm1, xmm2
        CHECK(xmm32(f, 1, 0) == 0x3fc00000);
        CHECK((xmm32(f, 1, 1) == F_TWO && xmm32(f, 1, 3) == 0xbf800000));
        f.set(RAX, DATA + 1);  // m32 needs no alignment
        f.poke<uint32_t>(DATA + 1, F_HALF);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x58, 0x08})));  // addss xmm1, [rax]
        CHECK(xmm32(f, 1, 0) == F_TWO);
    }
    SECTION("a misaligned m128 operand raises #GP(0)") {
        f.set(RAX, DATA + 8);
        CHECK(Flat::faulted(f.exec({0x0f, 0x58, 0x08}), Vec::GP));  // addps xmm1, [rax]
        CHECK(xmm32(f, 1, 0) == F_ONE);
    }
}

TEST_CASE("SUBSD/MULPD/DIVPD on doubles", "[sse_fp]") {
    Flat f;
    set_xmm64(f, 1, D_TWO, 0x4008000000000000ull);  // 2 3
    set_xmm64(f, 2, D_ONE, 0x3fe0000000000000ull);  // 1 .5
    SECTION("subsd keeps the upper lane") {
        REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0x5c, 0xca})));
        CHECK(xmm64(f, 1, 0) == D_ONE);
        CHECK(xmm64(f, 1, 1) == 0x4008000000000000ull);
    }
    SECTION("mulpd") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x59, 0xca})));
        CHECK(xmm64(f, 1, 0) == D_TWO);
        CHECK(xmm64(f, 1, 1) == 0x3ff8000000000000ull);  // 1.5
    }
    SECTION("divpd by zero gives infinity and ZE") {
        set_xmm64(f, 2, 0, 0x8000000000000000ull);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x5e, 0xca})));
        CHECK(xmm64(f, 1, 0) == 0x7ff0000000000000ull);
        CHECK(xmm64(f, 1, 1) == 0xfff0000000000000ull);
        CHECK(mx_flags(f) == MX_ZE);
    }
}

TEST_CASE("MXCSR rounding control: 1/3 in the four modes", "[sse_fp]") {
    const uint32_t rc = GENERATE(0u, MX_RD, MX_RU, MX_RZ);
    const uint32_t expected = (rc == 0 || rc == MX_RU) ? 0x3eaaaaab : 0x3eaaaaaa;
    Flat f;
    f.cpu.s.mxcsr = MXCSR_DEFAULT | rc;
    set_xmm32(f, 1, F_ONE, 7, 7, 7);
    set_xmm32(f, 2, F_THREE, 0, 0, 0);
    REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x5e, 0xca})));  // divss xmm1, xmm2
    CHECK(xmm32(f, 1, 0) == expected);
    CHECK(xmm32(f, 1, 1) == 7);
    CHECK(mx_flags(f) == MX_PE);
}

TEST_CASE("NaN propagation: first source QNaN, SNaN quieted, default NaN", "[sse_fp]") {
    Flat f;
    SECTION("addps") {
        set_xmm32(f, 1, 0x7fc00001, 0x7fa00002, F_ONE, 0xffc00003);
        set_xmm32(f, 2, 0x7fc00004, 0x7fc00005, 0x7fa00006, F_INF);
        REQUIRE(Flat::ok(f.exec({0x0f, 0x58, 0xca})));
        CHECK(xmm32(f, 1, 0) == 0x7fc00001);  // both QNaN: the destination's
        CHECK(xmm32(f, 1, 1) == 0x7fe00002);  // an SNaN first operand wins, quieted
        CHECK(xmm32(f, 1, 2) == 0x7fe00006);  // the only NaN, quieted
        CHECK(xmm32(f, 1, 3) == 0xffc00003);
        CHECK(mx_flags(f) == MX_IE);
    }
    SECTION("0 * inf and sqrt(-1) give the default NaN") {
        set_xmm32(f, 1, 0, F_ONE, 0, 0);
        set_xmm32(f, 2, F_INF, 0, 0, 0);
        REQUIRE(Flat::ok(f.exec({0x0f, 0x59, 0xca})));  // mulps
        CHECK(xmm32(f, 1, 0) == F_INDEF);
        set_xmm32(f, 2, 0xbf800000, 0, 0, 0);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x51, 0xca})));  // sqrtss
        CHECK(xmm32(f, 1, 0) == F_INDEF);
        CHECK(xmm32(f, 1, 1) == 0);
        CHECK(mx_flags(f) == MX_IE);
    }
    SECTION("MINPS/MAXPS return the second operand for a NaN or two zeros") {
        set_xmm32(f, 1, 0x7fc00001, 0x80000000, F_ONE, 0);
        set_xmm32(f, 2, F_ONE, 0, 0x7fc00002, 0x80000000);
        set_xmm32(f, 3, 0x7fc00001, 0x80000000, F_ONE, 0);
        REQUIRE(Flat::ok(f.exec({0x0f, 0x5d, 0xca})));  // minps xmm1, xmm2
        CHECK((xmm32(f, 1, 0) == F_ONE && xmm32(f, 1, 1) == 0 && xmm32(f, 1, 2) == 0x7fc00002 && xmm32(f, 1, 3) == 0x80000000));
        CHECK(mx_flags(f) == MX_IE);  // MIN/MAX signal on QNaNs too
        REQUIRE(Flat::ok(f.exec({0x0f, 0x5f, 0xda})));  // maxps xmm3, xmm2
        CHECK((xmm32(f, 3, 0) == F_ONE && xmm32(f, 3, 1) == 0 && xmm32(f, 3, 2) == 0x7fc00002 && xmm32(f, 3, 3) == 0x80000000));
    }
}

TEST_CASE("DAZ and FTZ", "[sse_fp]") {
    Flat f;
    set_xmm32(f, 1, 0x00400000, 0, 0, 0);  // a denormal
    set_xmm32(f, 2, 0x00400000, 0, 0, 0);
    SECTION("without DAZ: DE, and the exact sum is the smallest normal") {
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x58, 0xca})));  // addss
        CHECK(xmm32(f, 1, 0) == 0x00800000);
        CHECK(mx_flags(f) == MX_DE);
    }
    SECTION("DAZ reads denormals as zero, without DE") {
        f.cpu.s.mxcsr |= MX_DAZ;
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x58, 0xca})));
        CHECK(xmm32(f, 1, 0) == 0);
        CHECK(mx_flags(f) == 0);
    }
    SECTION("FTZ flushes a tiny result to zero with UE and PE") {
        f.cpu.s.mxcsr |= MX_FTZ;
        set_xmm32(f, 1, 0x00800000, 0, 0, 0);
        set_xmm32(f, 2, F_HALF, 0, 0, 0);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x59, 0xca})));  // mulss
        CHECK(xmm32(f, 1, 0) == 0);
        CHECK(mx_flags(f) == (MX_UE | MX_PE));
    }
}

TEST_CASE("SQRTPS, and RCPPS/RSQRTPS as the host computes them", "[sse_fp]") {
    Flat f;
    set_xmm32(f, 2, F_TWO, 0x40800000, 0, 0x80000000);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x51, 0xca})));  // sqrtps
    CHECK((xmm32(f, 1, 0) == 0x3fb504f3 && xmm32(f, 1, 1) == F_TWO && xmm32(f, 1, 2) == 0 && xmm32(f, 1, 3) == 0x80000000));
    CHECK(mx_flags(f) == MX_PE);
    f.cpu.s.mxcsr = MXCSR_DEFAULT;
    set_xmm32(f, 2, F_ONE, F_THREE, 0, 0x80000001);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x53, 0xca})));  // rcpps: denormals read as zero, no flags
    CHECK((xmm32(f, 1, 0) == 0x3f7ff000 && xmm32(f, 1, 1) == 0x3eaaa000 && xmm32(f, 1, 2) == F_INF && xmm32(f, 1, 3) == 0xff800000));
    set_xmm32(f, 2, F_ONE, F_THREE, 0x40800000, 0xbf800000);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x52, 0xca})));  // rsqrtps
    CHECK((xmm32(f, 1, 0) == 0x3f7ff000 && xmm32(f, 1, 1) == 0x3f13c800 && xmm32(f, 1, 2) == 0x3efff000 && xmm32(f, 1, 3) == F_INDEF));
    CHECK(mx_flags(f) == 0);
}

TEST_CASE("HADDPS HSUBPS ADDSUBPS HADDPD ADDSUBPD", "[sse_fp]") {
    Flat f;
    set_xmm32(f, 1, F_ONE, F_THREE, F_TWO, 0x40800000);      // 1 3 2 4
    set_xmm32(f, 2, 0x40a00000, F_ONE, 0xbf800000, F_ONE);   // 5 1 -1 1
    SECTION("haddps") {
        REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0x7c, 0xca})));
        CHECK((xmm32(f, 1, 0) == 0x40800000 && xmm32(f, 1, 1) == 0x40c00000 && xmm32(f, 1, 2) == 0x40c00000 && xmm32(f, 1, 3) == 0));
    }
    SECTION("hsubps") {
        REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0x7d, 0xca})));
        CHECK((xmm32(f, 1, 0) == 0xc0000000 && xmm32(f, 1, 1) == 0xc0000000 && xmm32(f, 1, 2) == 0x40800000 && xmm32(f, 1, 3) == 0xc0000000));
    }
    SECTION("addsubps: subtract in even lanes, add in odd") {
        REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0xd0, 0xca})));
        CHECK((xmm32(f, 1, 0) == 0xc0800000 && xmm32(f, 1, 1) == 0x40800000 && xmm32(f, 1, 2) == 0x40400000 && xmm32(f, 1, 3) == 0x40a00000));
    }
    SECTION("haddpd and addsubpd") {
        set_xmm64(f, 1, D_ONE, D_TWO);
        set_xmm64(f, 2, D_TWO, D_TWO);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x7c, 0xca})));  // (1+2, 2+2)
        CHECK((xmm64(f, 1, 0) == 0x4008000000000000ull && xmm64(f, 1, 1) == 0x4010000000000000ull));
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xd0, 0xca})));  // (3-2, 4+2)
        CHECK((xmm64(f, 1, 0) == D_ONE && xmm64(f, 1, 1) == 0x4018000000000000ull));
    }
}

TEST_CASE("CMPPS/CMPSS/CMPPD/CMPSD predicates", "[sse_fp]") {
    Flat f;
    // lanes: equal, less, greater, unordered
    set_xmm32(f, 2, F_ONE, F_TWO, F_ONE, F_ONE);
    const uint32_t a[4] = {F_ONE, F_ONE, F_TWO, F_QNAN};
    // predicate p: EQ LT LE UNORD NEQ NLT NLE ORD, each lane's result (1 = all ones)
    const unsigned expect[8][4] = {{1, 0, 0, 0}, {0, 1, 0, 0}, {1, 1, 0, 0}, {0, 0, 0, 1},
                                   {0, 1, 1, 1}, {1, 0, 1, 1}, {0, 0, 1, 1}, {1, 1, 1, 0}};
    for (uint8_t p = 0; p < 8; ++p) {
        set_xmm32(f, 1, a[0], a[1], a[2], a[3]);
        f.cpu.s.mxcsr = MXCSR_DEFAULT;
        REQUIRE(Flat::ok(f.exec({0x0f, 0xc2, 0xca, p})));  // cmpps xmm1, xmm2, p
        for (unsigned k = 0; k < 4; ++k) CHECK(xmm32(f, 1, k) == (expect[p][k] ? 0xffffffffu : 0u));
        // LT LE NLT NLE signal on a QNaN; the others only on an SNaN.
        CHECK(mx_flags(f) == ((p % 4 == 1 || p % 4 == 2) ? MX_IE : 0));
    }
    SECTION("only imm8[2:0] counts in the legacy encoding") {
        set_xmm32(f, 1, a[0], a[1], a[2], a[3]);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xc2, 0xca, 0x0c})));  // cmpps xmm1, xmm2, 12 = NEQ
        CHECK((xmm32(f, 1, 0) == 0 && xmm32(f, 1, 3) == 0xffffffff));
    }
    SECTION("scalar forms keep the upper lanes") {
        set_xmm32(f, 1, F_ONE, 5, 6, 7);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0xc2, 0xca, 0x03})));  // cmpss xmm1, xmm2, unord
        CHECK((xmm32(f, 1, 0) == 0 && xmm32(f, 1, 1) == 5 && xmm32(f, 1, 3) == 7));
        set_xmm64(f, 1, D_ONE, 9);
        set_xmm64(f, 2, D_TWO, 0);
        REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0xc2, 0xca, 0x01})));  // cmpsd xmm1, xmm2, lt (SSE2 CMPSD)
        CHECK((xmm64(f, 1, 0) == ~0ull && xmm64(f, 1, 1) == 9));
        f.set(RAX, DATA + 4);
        f.poke<uint64_t>(DATA + 4, D_ONE);
        set_xmm64(f, 1, D_ONE, 9);
        REQUIRE(Flat::ok(f.exec({0xf2, 0x0f, 0xc2, 0x08, 0x00})));  // cmpsd xmm1, [rax], eq
        CHECK(xmm64(f, 1, 0) == ~0ull);
    }
    SECTION("cmppd neq") {
        set_xmm64(f, 1, D_ONE, D_ONE);
        set_xmm64(f, 2, D_ONE, D_TWO);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xc2, 0xca, 0x04})));
        CHECK((xmm64(f, 1, 0) == 0 && xmm64(f, 1, 1) == ~0ull));
    }
}

TEST_CASE("COMISS/UCOMISS/COMISD/UCOMISD set ZF PF CF and clear OF SF AF", "[sse_fp]") {
    Flat f;
    constexpr uint64_t STATUS = fl::CF | fl::PF | fl::AF | fl::ZF | fl::SF | fl::OF;
    auto status = [&] { return f.flags() & STATUS; };
    f.cpu.set_rflags(fl::FIXED1 | fl::OF | fl::SF | fl::AF);
    set_xmm32(f, 1, F_ONE, 0, 0, 0);
    set_xmm32(f, 2, F_TWO, 0, 0, 0);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x2f, 0xca})));  // comiss: 1 < 2
    CHECK(status() == fl::CF);
    set_xmm32(f, 2, F_ONE, 0, 0, 0);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x2f, 0xca})));  // equal
    CHECK(status() == fl::ZF);
    set_xmm32(f, 2, 0xbf800000, 0, 0, 0);
    REQUIRE(Flat::ok(f.exec({0x0f, 0x2e, 0xca})));  // ucomiss: greater
    CHECK(status() == 0);
    SECTION("a QNaN: unordered; UCOMISS stays quiet, COMISS signals") {
        set_xmm32(f, 2, F_QNAN, 0, 0, 0);
        REQUIRE(Flat::ok(f.exec({0x0f, 0x2e, 0xca})));
        CHECK(status() == (fl::ZF | fl::PF | fl::CF));
        CHECK(mx_flags(f) == 0);
        REQUIRE(Flat::ok(f.exec({0x0f, 0x2f, 0xca})));
        CHECK(mx_flags(f) == MX_IE);
    }
    SECTION("doubles") {
        set_xmm64(f, 1, D_TWO, 0);
        set_xmm64(f, 2, D_ONE, 0);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x2f, 0xca})));  // comisd
        CHECK(status() == 0);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x2e, 0xd1})));  // ucomisd xmm2, xmm1
        CHECK(status() == fl::CF);
    }
    SECTION("an unmasked invalid exception leaves RFLAGS alone") {
        f.cpu.s.mxcsr = unmask(MX_IE);
        set_xmm32(f, 2, F_QNAN, 0, 0, 0);
        f.cpu.set_rflags(fl::FIXED1 | fl::SF);
        CHECK(Flat::faulted(f.exec({0x0f, 0x2f, 0xca}), Vec::XM));
        CHECK(status() == fl::SF);
    }
}

TEST_CASE("ROUNDPS/ROUNDSS/ROUNDSD", "[sse_fp]") {
    Flat f;
    set_xmm32(f, 2, 0x3fc00000, 0x40200000, 0xbfc00000, 0x40b00000);  // 1.5 2.5 -1.5 5.5
    const uint32_t nearest[4] = {F_TWO, F_TWO, 0xc0000000, 0x40c00000};
    const uint32_t down[4] = {F_ONE, F_TWO, 0xc0000000, 0x40a00000};
    const uint32_t up[4] = {F_TWO, 0x40400000, 0xbf800000, 0x40c00000};
    const uint32_t zero[4] = {F_ONE, F_TWO, 0xbf800000, 0x40a00000};
    const uint32_t* by_mode[4] = {nearest, down, up, zero};
    for (uint8_t mode = 0; mode < 4; ++mode) {
        f.cpu.s.mxcsr = MXCSR_DEFAULT;
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x08, 0xca, mode})));  // roundps xmm1, xmm2, mode
        for (unsigned k = 0; k < 4; ++k) CHECK(xmm32(f, 1, k) == by_mode[mode][k]);
        CHECK(mx_flags(f) == MX_PE);
    }
    SECTION("imm bit 2 takes MXCSR.RC; bit 3 suppresses PE") {
        f.cpu.s.mxcsr = MXCSR_DEFAULT | MX_RU;
        set_xmm32(f, 1, 0, 7, 7, 7);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x0a, 0xca, 0x04})));  // roundss xmm1, xmm2, 4
        CHECK((xmm32(f, 1, 0) == F_TWO && xmm32(f, 1, 1) == 7));
        CHECK(mx_flags(f) == MX_PE);
        f.cpu.s.mxcsr = MXCSR_DEFAULT | MX_RU;
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x0a, 0xca, 0x0c})));  // roundss xmm1, xmm2, 12
        CHECK(xmm32(f, 1, 0) == F_TWO);
        CHECK(mx_flags(f) == 0);
    }
    SECTION("roundsd toward -inf, precision suppressed") {
        set_xmm64(f, 2, 0xc004000000000000ull, 0);  // -2.5
        set_xmm64(f, 1, 0, 5);
        f.cpu.s.mxcsr = MXCSR_DEFAULT;
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x0b, 0xca, 0x09})));
        CHECK((xmm64(f, 1, 0) == 0xc008000000000000ull && xmm64(f, 1, 1) == 5));
        CHECK(mx_flags(f) == 0);
    }
}

TEST_CASE("DPPS/DPPD", "[sse_fp]") {
    Flat f;
    set_xmm32(f, 1, F_ONE, F_TWO, F_THREE, 0x40800000);  // 1 2 3 4
    set_xmm32(f, 2, F_TWO, F_TWO, F_TWO, F_TWO);
    SECTION("all products, result in lane 0 only") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x40, 0xca, 0xf1})));
        CHECK((xmm32(f, 1, 0) == 0x41a00000 && xmm32(f, 1, 1) == 0 && xmm32(f, 1, 3) == 0));  // 20
    }
    SECTION("products of lanes 0-2, broadcast") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x40, 0xca, 0x7f})));
        for (unsigned k = 0; k < 4; ++k) CHECK(xmm32(f, 1, k) == 0x41400000);  // 12
    }
    SECTION("dppd") {
        set_xmm64(f, 1, D_TWO, 0x4008000000000000ull);
        set_xmm64(f, 2, D_TWO, D_TWO);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x41, 0xca, 0x31})));
        CHECK((xmm64(f, 1, 0) == 0x4024000000000000ull && xmm64(f, 1, 1) == 0));  // 10
    }
    SECTION("lanes the immediate leaves out raise nothing") {
        set_xmm32(f, 1, 0x7fa00000, F_ONE, F_ONE, F_ONE);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x3a, 0x40, 0xca, 0xe1})));
        CHECK(xmm32(f, 1, 0) == 0x40c00000);  // 6
        CHECK(mx_flags(f) == 0);
    }
}
