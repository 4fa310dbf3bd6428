// src/cpu/sse_fp_exceptions.cpp and the exception rules of sse_fp_ops.hpp: unmasked SIMD
// floating-point exceptions. The expected MXCSR flags are what an Intel Xeon reports in the
// signal frame of the #XM for the same instruction and operands (SDM Vol. 1 §11.5.2 describes
// the pre- and post-computation split; the overflow/underflow details are measured).
#include <catch2/catch.hpp>

#include "sse_fp_harness.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {
constexpr uint32_t F_SNAN = 0x7fa00000, F_BIG = 0x7f000000, F_DEN = 0x00000001;  // F_BIG = 2^127

// Runs `code` with MXCSR = `mx`; true when it raised #XM and left XMM1 as it was.
bool traps(Flat& f, uint32_t mx, std::initializer_list<uint8_t> code) {
    f.cpu.s.mxcsr = mx;
    const Xmm before = f.cpu.s.xmm[1];
    const StopInfo s = f.exec(code);
    return Flat::faulted(s, Vec::XM) && f.cpu.s.xmm[1].q[0] == before.q[0] && f.cpu.s.xmm[1].q[1] == before.q[1];
}
}  // namespace

TEST_CASE("Packed: an unmasked pre-computation exception reports only IE DE ZE", "[sse_fp]") {
    Flat f;
    set_xmm32(f, 1, F_SNAN, F_BIG, F_ONE, F_DEN);  // lane 0 invalid, lane 1 overflows, lane 3 denormal
    set_xmm32(f, 2, F_ONE, F_BIG, F_ONE, F_ONE);
    const std::initializer_list<uint8_t> addps = {0x0f, 0x58, 0xca};
    SECTION("all masked") {
        f.cpu.s.mxcsr = MXCSR_DEFAULT;
        REQUIRE(Flat::ok(f.exec(addps)));
        CHECK(mx_flags(f) == (MX_IE | MX_DE | MX_OE | MX_PE));
        CHECK(xmm32(f, 1, 0) == 0x7fe00000);
        CHECK(xmm32(f, 1, 1) == F_INF);
    }
    SECTION("IE unmasked") {
        CHECK(traps(f, unmask(MX_IE), addps));
        CHECK(mx_flags(f) == (MX_IE | MX_DE));
    }
    SECTION("DE unmasked") {
        CHECK(traps(f, unmask(MX_DE), addps));
        CHECK(mx_flags(f) == (MX_IE | MX_DE));
    }
    SECTION("OE or PE unmasked: a post-computation exception reports every flag") {
        CHECK(traps(f, unmask(MX_OE), addps));
        CHECK(mx_flags(f) == (MX_IE | MX_DE | MX_OE | MX_PE));
        CHECK(traps(f, unmask(MX_PE), addps));
        CHECK(mx_flags(f) == (MX_IE | MX_DE | MX_OE | MX_PE));
    }
    SECTION("CR4.OSXMMEXCPT clear turns #XM into #UD") {
        f.cpu.s.cr4 &= ~cr4::OSXMMEXCPT;
        f.cpu.s.mxcsr = unmask(MX_IE);
        CHECK(Flat::faulted(f.exec(addps), Vec::UD));
        CHECK(mx_flags(f) == (MX_IE | MX_DE));
        CHECK(xmm32(f, 1, 0) == F_SNAN);
    }
    SECTION("divide by zero") {
        set_xmm32(f, 2, F_ONE, 0, F_ONE, F_ONE);
        CHECK(traps(f, unmask(MX_ZE), {0x0f, 0x5e, 0xca}));  // divps xmm1, xmm2
        CHECK(mx_flags(f) == (MX_IE | MX_DE | MX_ZE));
    }
}

TEST_CASE("Unmasked overflow: PE follows the unbounded-exponent result", "[sse_fp]") {
    Flat f;
    const std::initializer_list<uint8_t> mulss = {0xf3, 0x0f, 0x59, 0xca};
    SECTION("2^127 * 2 is exact") {
        set_xmm32(f, 1, F_BIG, 0, 0, 0);
        set_xmm32(f, 2, F_TWO, 0, 0, 0);
        CHECK(traps(f, unmask(MX_OE), mulss));
        CHECK(mx_flags(f) == MX_OE);
        CHECK(traps(f, unmask(MX_OE) | MX_RZ, mulss));
        CHECK(mx_flags(f) == MX_OE);
        CHECK(traps(f, unmask(MX_PE), mulss));  // OE masked: the masked result is inexact
        CHECK(mx_flags(f) == (MX_OE | MX_PE));
    }
    SECTION("max * (1 + 2^-23) is not") {
        set_xmm32(f, 1, 0x7f7fffff, 0, 0, 0);
        set_xmm32(f, 2, 0x3f800001, 0, 0, 0);
        CHECK(traps(f, unmask(MX_OE), mulss));
        CHECK(mx_flags(f) == (MX_OE | MX_PE));
    }
    SECTION("doubles: max + max") {
        set_xmm64(f, 1, 0x7fefffffffffffffull, 0);
        set_xmm64(f, 2, 0x7fefffffffffffffull, 0);
        CHECK(traps(f, unmask(MX_OE), {0xf2, 0x0f, 0x58, 0xca}));  // addsd: 2^1025 - 2^972, exact
        CHECK(mx_flags(f) == MX_OE);
    }
}

TEST_CASE("Unmasked underflow: every tiny result traps, FTZ or not", "[sse_fp]") {
    Flat f;
    SECTION("an exact denormal difference") {
        set_xmm32(f, 1, 0x00c00000, 0, 0, 0);
        set_xmm32(f, 2, 0x00800000, 0, 0, 0);
        const std::initializer_list<uint8_t> subss = {0xf3, 0x0f, 0x5c, 0xca};
        f.cpu.s.mxcsr = MXCSR_DEFAULT;
        REQUIRE(Flat::ok(f.exec(subss)));  // masked: exact, so no flag at all
        CHECK(xmm32(f, 1, 0) == 0x00400000);
        CHECK(mx_flags(f) == 0);
        set_xmm32(f, 1, 0x00c00000, 0, 0, 0);
        CHECK(traps(f, unmask(MX_UE), subss));
        CHECK(mx_flags(f) == MX_UE);
        CHECK(traps(f, unmask(MX_UE) | MX_FTZ, subss));
        CHECK(mx_flags(f) == MX_UE);
    }
    SECTION("tiny, inexact as a denormal but exact with an unbounded exponent") {
        set_xmm32(f, 1, 0x00800001, 0, 0, 0);
        set_xmm32(f, 2, F_HALF, 0, 0, 0);
        const std::initializer_list<uint8_t> mulss = {0xf3, 0x0f, 0x59, 0xca};
        CHECK(traps(f, unmask(MX_UE), mulss));
        CHECK(mx_flags(f) == MX_UE);
        CHECK(traps(f, unmask(MX_PE), mulss));
        CHECK(mx_flags(f) == (MX_UE | MX_PE));
    }
    SECTION("a denormal operand plus zero is a tiny result too") {
        set_xmm32(f, 1, 0x00400000, 0, 0, 0);
        set_xmm32(f, 2, 0, 0, 0, 0);
        CHECK(traps(f, unmask(MX_UE), {0xf3, 0x0f, 0x58, 0xca}));  // addss
        CHECK(mx_flags(f) == (MX_DE | MX_UE));
        f.cpu.s.mxcsr = unmask(MX_UE);
        set_xmm32(f, 2, F_ONE, 0, 0, 0);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x5d, 0xca})));  // minss: no arithmetic result
    }
    SECTION("tininess is detected after rounding (CVTSD2SS)") {
        set_xmm64(f, 2, 0x380ffffffc000000ull, 0);  // 2^-126 * (1 - 2^-27)
        const std::initializer_list<uint8_t> cvtsd2ss = {0xf2, 0x0f, 0x5a, 0xca};
        f.cpu.s.mxcsr = unmask(MX_UE);
        REQUIRE(Flat::ok(f.exec(cvtsd2ss)));  // rounds up to 2^-126: not tiny
        CHECK(xmm32(f, 1, 0) == 0x00800000);
        CHECK(mx_flags(f) == MX_PE);
        CHECK(traps(f, unmask(MX_UE) | MX_RZ, cvtsd2ss));
        CHECK(mx_flags(f) == (MX_UE | MX_PE));
    }
    SECTION("a denormal double converted to single") {
        set_xmm64(f, 2, 1, 0);
        CHECK(traps(f, unmask(MX_UE), {0xf2, 0x0f, 0x5a, 0xca}));
        CHECK(mx_flags(f) == (MX_DE | MX_UE));
    }
}

TEST_CASE("DPPS traps after the step that raised the unmasked exception", "[sse_fp]") {
    Flat f;
    const std::initializer_list<uint8_t> dpps = {0x66, 0x0f, 0x3a, 0x40, 0xca, 0xff};
    SECTION("inexact product, then inf - inf in the sums") {
        set_xmm32(f, 1, F_INF, 0xff800000, 0x3f800001, F_ONE);
        set_xmm32(f, 2, F_ONE, F_ONE, 0x3f800001, F_ONE);
        CHECK(traps(f, unmask(MX_IE), dpps));
        CHECK(mx_flags(f) == (MX_IE | MX_PE));
    }
    SECTION("PE unmasked stops after the products, before the sum overflows") {
        set_xmm32(f, 1, 0x7f7fffff, 0x7f7fffff, 0x3f800001, F_ONE);
        set_xmm32(f, 2, F_ONE, F_ONE, 0x3f800001, F_ONE);
        CHECK(traps(f, unmask(MX_PE), dpps));
        CHECK(mx_flags(f) == MX_PE);
    }
    SECTION("an exact product overflows") {
        set_xmm32(f, 1, F_BIG, F_ONE, F_ONE, F_ONE);
        set_xmm32(f, 2, F_BIG, F_ONE, F_ONE, F_ONE);
        CHECK(traps(f, unmask(MX_OE), dpps));
        CHECK(mx_flags(f) == MX_OE);
    }
    SECTION("an exact tiny product") {
        set_xmm32(f, 1, 0x00800001, 0, 0, 0);
        set_xmm32(f, 2, F_HALF, 0, 0, 0);
        CHECK(traps(f, unmask(MX_UE), dpps));
        CHECK(mx_flags(f) == MX_UE);
    }
}

TEST_CASE("Conversions to integers: IE and PE", "[sse_fp]") {
    Flat f;
    set_xmm32(f, 1, F_QNAN, 0x3fc00000, 0, 0);
    f.set(RAX, 0x1234);
    SECTION("cvtss2si of a NaN: integer indefinite, or #XM with the GPR unchanged") {
        f.cpu.s.mxcsr = MXCSR_DEFAULT;
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x2d, 0xc1})));  // cvtss2si eax, xmm1
        CHECK(f.r(RAX) == 0x80000000);
        CHECK(mx_flags(f) == MX_IE);
        f.set(RAX, 0x1234);
        f.cpu.s.mxcsr = unmask(MX_IE);
        CHECK(Flat::faulted(f.exec({0xf3, 0x0f, 0x2d, 0xc1}), Vec::XM));
        CHECK(f.r(RAX) == 0x1234);
    }
    SECTION("cvtps2dq: IE is a pre-computation exception") {
        set_xmm32(f, 2, F_QNAN, 0x3fc00000, 0, 0);
        CHECK(traps(f, unmask(MX_IE), {0x66, 0x0f, 0x5b, 0xca}));
        CHECK(mx_flags(f) == MX_IE);
        CHECK(traps(f, unmask(MX_PE), {0x66, 0x0f, 0x5b, 0xca}));
        CHECK(mx_flags(f) == (MX_IE | MX_PE));
    }
}
