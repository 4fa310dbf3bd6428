// src/cpu/x87.cpp and x87_control.cpp: the x87 FPU. Expected values are worked out from the SDM
// (Vol. 1 Chapter 8, Vol. 2 instruction pages); the transcendentals are compared with the same
// instruction run natively.
#include <catch2/catch.hpp>

#include "cpu/x87.hpp"
#include "harness.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {

namespace sw = x87::sw;

// An 80-bit register image; the host's long double has the same format.
struct F80 {
    uint64_t m;
    uint16_t se;
    bool operator==(const F80&) const = default;
};
F80 f80(long double v) {
    F80 r;
    std::memcpy(&r.m, &v, 8);
    std::memcpy(&r.se, reinterpret_cast<const char*>(&v) + 8, 2);
    return r;
}
constexpr F80 INDEFINITE{0xc000000000000000ull, 0xffff};

unsigned top(const Flat& f) { return x87::top(f.cpu.s); }
F80 st(const Flat& f, unsigned i) {
    const X87Reg& r = f.cpu.s.st[(top(f) + i) & 7];
    return F80{r.mantissa, r.sign_exp};
}
unsigned tag(const Flat& f, unsigned i) { return (f.cpu.s.ftw >> (2 * ((top(f) + i) & 7))) & 3; }
uint16_t cond(const Flat& f) { return f.cpu.s.fsw & (sw::C0 | sw::C1 | sw::C2 | sw::C3); }
uint16_t flags(const Flat& f) { return f.cpu.s.fsw & (sw::EXC | sw::SF | sw::ES | sw::B); }

void poke80(Flat& f, uint64_t la, long double v) {
    const F80 b = f80(v);
    f.poke<uint64_t>(la, b.m);
    f.poke<uint16_t>(la + 8, b.se);
}
// Pushes values with FLD m80 from DATA+0x100.., the last one ends up in ST(0).
void push(Flat& f, std::initializer_list<long double> vs) {
    for (long double v : vs) {
        poke80(f, DATA + 0x100, v);
        f.set(RSI, DATA + 0x100);
        REQUIRE(Flat::ok(f.exec({0xdb, 0x2e})));  // fld tbyte [rsi]
    }
}

constexpr uint8_t FLD1[] = {0xd9, 0xe8};

}  // namespace

TEST_CASE("FLD and FSTP convert between the memory formats", "[x87]") {
    Flat f;
    f.set(RBX, DATA);
    SECTION("double in, single out, with the tag and TOP of a push") {
        f.poke<double>(DATA, 1.5);
        REQUIRE(Flat::ok(f.exec({0xdd, 0x03})));  // fld qword [rbx]
        CHECK(top(f) == 7);
        CHECK(st(f, 0) == F80{0xc000000000000000ull, 0x3fff});
        CHECK(tag(f, 0) == x87::tag::VALID);
        CHECK(tag(f, 1) == x87::tag::EMPTY);
        REQUIRE(Flat::ok(f.exec({0xd9, 0x5b, 0x10})));  // fstp dword [rbx+16]
        CHECK(f.mem<uint32_t>(DATA + 16) == 0x3fc00000);
        CHECK(top(f) == 0);
        CHECK(f.cpu.s.ftw == 0xffff);
    }
    SECTION("an 80-bit SNaN loads unchanged; a 32-bit one is quieted with IE") {
        f.poke<uint64_t>(DATA, 0x8000000000000001ull);
        f.poke<uint16_t>(DATA + 8, 0x7fff);
        REQUIRE(Flat::ok(f.exec({0xdb, 0x2b})));  // fld tbyte [rbx]
        CHECK(st(f, 0) == F80{0x8000000000000001ull, 0x7fff});
        CHECK(flags(f) == 0);
        CHECK(tag(f, 0) == x87::tag::SPECIAL);
        f.poke<uint32_t>(DATA, 0x7f800001);
        REQUIRE(Flat::ok(f.exec({0xd9, 0x03})));  // fld dword [rbx]
        CHECK(st(f, 0) == F80{0xc000010000000000ull, 0x7fff});
        CHECK(flags(f) == sw::IE);
    }
    SECTION("a masked overflow stores infinity and reports O and P") {
        f.poke<double>(DATA, 1e300);
        REQUIRE(Flat::ok(f.exec({0xdd, 0x03, 0xd9, 0x5b, 0x10})));  // fld qword; fstp dword [rbx+16]
        CHECK(f.mem<uint32_t>(DATA + 16) == 0x7f800000);
        CHECK(flags(f) == (sw::OE | sw::PE));
    }
    SECTION("FST ST(i) copies without popping") {
        push(f, {3.0L, 5.0L});
        REQUIRE(Flat::ok(f.exec({0xdd, 0xd3})));  // fst st(3)
        CHECK(st(f, 3) == f80(5.0L));
        CHECK(tag(f, 3) == x87::tag::VALID);
        REQUIRE(Flat::ok(f.exec({0xd9, 0xc2})));  // fld st(2)
        CHECK(st(f, 0) == INDEFINITE);           // ST(2) was empty: masked underflow
        CHECK(flags(f) == (sw::IE | sw::SF));
        CHECK(cond(f) == 0);  // C1 = 0: underflow
    }
}

TEST_CASE("integer loads and stores round as RC says; FISTTP truncates", "[x87]") {
    Flat f;
    f.set(RBX, DATA);
    f.poke<int16_t>(DATA, -5);
    REQUIRE(Flat::ok(f.exec({0xdf, 0x03})));  // fild word [rbx]
    CHECK(st(f, 0) == f80(-5.0L));
    REQUIRE(Flat::ok(f.exec({0xdf, 0x5b, 0x10})));  // fistp word [rbx+16]

    auto fist = [&](long double v, uint16_t fcw) {
        f.poke<uint16_t>(DATA + 8, fcw);
        push(f, {v});
        REQUIRE(Flat::ok(f.exec({0xd9, 0x6b, 0x08, 0xdb, 0x5b, 0x10})));  // fldcw [rbx+8]; fistp dword [rbx+16]
        return f.mem<int32_t>(DATA + 16);
    };
    CHECK(fist(2.5L, 0x037f) == 2);   // nearest, ties to even
    CHECK(fist(3.5L, 0x037f) == 4);
    CHECK(fist(2.5L, 0x0b7f) == 3);   // up
    CHECK(fist(-2.5L, 0x077f) == -3); // down
    CHECK(fist(-2.7L, 0x0f7f) == -2); // toward zero
    CHECK(flags(f) == sw::PE);

    f.poke<uint16_t>(DATA + 8, 0x037f);
    push(f, {-2.75L});
    REQUIRE(Flat::ok(f.exec({0xd9, 0x6b, 0x08, 0xdb, 0x4b, 0x10})));  // fisttp dword [rbx+16]
    CHECK(f.mem<int32_t>(DATA + 16) == -2);

    push(f, {40000.0L});
    REQUIRE(Flat::ok(f.exec({0xdf, 0x5b, 0x10})));  // fistp word [rbx+16]: out of range
    CHECK(f.mem<uint16_t>(DATA + 16) == 0x8000);      // the integer indefinite
    CHECK((flags(f) & sw::IE) != 0);
}

TEST_CASE("FBLD and FBSTP convert packed BCD", "[x87]") {
    Flat f;
    f.set(RBX, DATA);
    f.poke<uint64_t>(DATA, 0x1234);  // digits ...001234, sign byte 0
    f.poke<uint16_t>(DATA + 8, 0);
    REQUIRE(Flat::ok(f.exec({0xdf, 0x23})));  // fbld [rbx]
    CHECK(st(f, 0) == f80(1234.0L));
    push(f, {-99.0L});
    REQUIRE(Flat::ok(f.exec({0xdf, 0x73, 0x10})));  // fbstp [rbx+16]
    CHECK(f.mem<uint64_t>(DATA + 16) == 0x99);
    CHECK(f.mem<uint16_t>(DATA + 24) == 0x8000);  // sign in bit 79
}

TEST_CASE("precision control rounds the significand to 24, 53 or 64 bits", "[x87]") {
    Flat f;
    f.set(RBX, DATA);
    auto third = [&](uint16_t fcw) {
        f.cpu.s.fcw = fcw;
        push(f, {3.0L});
        REQUIRE(Flat::ok(f.exec({0xd9, 0xe8, 0xd8, 0xf1})));  // fld1; fdiv st, st(1): 1/3
        const F80 r = st(f, 0);
        REQUIRE(Flat::ok(f.exec({0xdb, 0xe3})));  // fninit
        return r;
    };
    // 1/3 = 0x3ffd : AAAA...; the bits after the cut decide the rounding.
    CHECK(third(0x007f) == F80{0xaaaaab0000000000ull, 0x3ffd});  // single: rounds up
    CHECK(third(0x027f) == F80{0xaaaaaaaaaaaaa800ull, 0x3ffd});  // double: rounds down
    CHECK(third(0x037f) == F80{0xaaaaaaaaaaaaaaabull, 0x3ffd});  // extended: rounds up
}

TEST_CASE("the constants round as RC says", "[x87]") {
    Flat f;
    // pi = C90FDAA2 2168C234 C4C6...: nearest and up round up, down and zero truncate.
    f.cpu.s.fcw = 0x037f;
    REQUIRE(Flat::ok(f.exec({0xd9, 0xeb})));  // fldpi
    CHECK(st(f, 0) == F80{0xc90fdaa22168c235ull, 0x4000});
    f.cpu.s.fcw = 0x077f;
    REQUIRE(Flat::ok(f.exec({0xd9, 0xeb})));
    CHECK(st(f, 0) == F80{0xc90fdaa22168c234ull, 0x4000});
    REQUIRE(Flat::ok(f.exec({0xd9, 0xee, 0xd9, 0xe8})));  // fldz; fld1
    CHECK(st(f, 0) == f80(1.0L));
    CHECK(st(f, 1) == F80{0, 0});
    CHECK(tag(f, 1) == x87::tag::ZERO);
}

TEST_CASE("arithmetic: every operand order, popping form and memory type", "[x87]") {
    Flat f;
    f.set(RBX, DATA);
    auto run = [&](std::initializer_list<uint8_t> code) {
        REQUIRE(Flat::ok(f.exec({0xdb, 0xe3})));  // fninit
        push(f, {2.0L, 8.0L});                     // ST(0) = 8, ST(1) = 2
        REQUIRE(Flat::ok(f.exec(code)));
    };
    run({0xd8, 0xe1});  // fsub st, st(1)
    CHECK(st(f, 0) == f80(6.0L));
    run({0xd8, 0xe9});  // fsubr st, st(1)
    CHECK(st(f, 0) == f80(-6.0L));
    run({0xdc, 0xc1});  // fadd st(1), st
    CHECK(st(f, 1) == f80(10.0L));
    CHECK(top(f) == 6);
    run({0xde, 0xe9});  // fsubp st(1), st: ST(1) - ST(0), pop
    CHECK(st(f, 0) == f80(-6.0L));
    CHECK(top(f) == 7);
    CHECK(tag(f, 7) == x87::tag::EMPTY);
    run({0xde, 0xe1});  // fsubrp st(1), st: ST(0) - ST(1), pop
    CHECK(st(f, 0) == f80(6.0L));
    run({0xde, 0xf9});  // fdivp st(1), st
    CHECK(st(f, 0) == f80(0.25L));
    run({0xde, 0xf1});  // fdivrp st(1), st
    CHECK(st(f, 0) == f80(4.0L));
    run({0xd8, 0xc9});  // fmul st, st(1)
    CHECK(st(f, 0) == f80(16.0L));

    f.poke<double>(DATA, 0.5);
    run({0xdc, 0x03});  // fadd qword [rbx]
    CHECK(st(f, 0) == f80(8.5L));
    f.poke<int32_t>(DATA, -3);
    run({0xda, 0x03});  // fiadd dword [rbx]
    CHECK(st(f, 0) == f80(5.0L));
    f.poke<float>(DATA, 2.0f);
    run({0xd8, 0x3b});  // fdivr dword [rbx]: m32 / ST(0)
    CHECK(st(f, 0) == f80(0.25L));
    f.poke<int16_t>(DATA, 10);
    run({0xde, 0x23});  // fisub word [rbx]
    CHECK(st(f, 0) == f80(-2.0L));
    CHECK(flags(f) == 0);
}

TEST_CASE("stack faults: masked responses and C1", "[x87]") {
    Flat f;
    SECTION("underflow: the destination gets the indefinite, C1 = 0") {
        REQUIRE(Flat::ok(f.exec({0xd8, 0xc1})));  // fadd st, st(1) on an empty stack
        CHECK(st(f, 0) == INDEFINITE);
        CHECK(flags(f) == (sw::IE | sw::SF));
        CHECK(cond(f) == 0);
        CHECK(top(f) == 0);
    }
    SECTION("overflow: a ninth push loads the indefinite, C1 = 1") {
        for (int k = 0; k < 8; ++k) REQUIRE(Flat::ok(f.exec({0xd9, 0xe8})));  // fld1
        CHECK(top(f) == 0);
        CHECK(flags(f) == 0);
        REQUIRE(Flat::ok(f.exec({0xd9, 0xee})));  // fldz
        CHECK(top(f) == 7);
        CHECK(st(f, 0) == INDEFINITE);
        CHECK(flags(f) == (sw::IE | sw::SF));
        CHECK(cond(f) == sw::C1);
    }
    SECTION("unmasked: nothing changes but the flags, and the next waiting instruction faults") {
        for (int k = 0; k < 8; ++k) REQUIRE(Flat::ok(f.exec({0xd9, 0xe8})));
        f.cpu.s.fcw = 0x037e;  // IM clear
        REQUIRE(Flat::ok(f.exec({0xd9, 0xe8})));
        CHECK(top(f) == 0);
        CHECK(st(f, 0) == f80(1.0L));
        CHECK(f.cpu.s.fsw == (sw::B | sw::C1 | sw::ES | sw::SF | sw::IE));
        const uint64_t fip = f.cpu.s.fip;
        CHECK(Flat::faulted(f.exec({0xd9, 0xe8}), Vec::MF));  // fld1 waits first
        CHECK(f.cpu.s.fip == fip);                            // and never ran
        CHECK(Flat::faulted(f.exec({0x9b}), Vec::MF));        // fwait
        REQUIRE(Flat::ok(f.exec({0xdf, 0xe0})));              // fnstsw ax does not wait
        CHECK((f.r(RAX) & 0xffff) == 0x82c1);
        REQUIRE(Flat::ok(f.exec({0xdb, 0xe2, 0x9b})));  // fnclex; fwait
        CHECK(f.cpu.s.fsw == sw::C1);                   // condition codes and TOP stay
    }
}

TEST_CASE("an unmasked exception on a store leaves memory alone", "[x87]") {
    Flat f;
    f.set(RBX, DATA);
    f.poke<double>(DATA, 1e300);
    f.poke<uint32_t>(DATA + 16, 0x12345678);
    f.poke<uint16_t>(DATA + 8, 0x0377);  // OM clear
    REQUIRE(Flat::ok(f.exec({0xdd, 0x03, 0xd9, 0x6b, 0x08, 0xd9, 0x5b, 0x10})));  // fld; fldcw; fstp dword
    CHECK(f.mem<uint32_t>(DATA + 16) == 0x12345678);
    CHECK((f.cpu.s.fsw & (sw::OE | sw::ES)) == (sw::OE | sw::ES));
    CHECK(tag(f, 0) == x87::tag::VALID);  // and no pop
}

TEST_CASE("compares set C0, C2, C3 or ZF, PF, CF", "[x87]") {
    Flat f;
    auto compare = [&](long double a, long double b, std::initializer_list<uint8_t> code) {
        REQUIRE(Flat::ok(f.exec({0xdb, 0xe3})));
        push(f, {b, a});  // ST(0) = a, ST(1) = b
        REQUIRE(Flat::ok(f.exec(code)));
    };
    const long double qnan = __builtin_nanl("");
    compare(1, 2, {0xd8, 0xd1});  // fcom st(1): less
    CHECK(cond(f) == sw::C0);
    compare(2, 2, {0xd8, 0xd1});
    CHECK(cond(f) == sw::C3);
    compare(3, 2, {0xd8, 0xd1});
    CHECK(cond(f) == 0);
    compare(qnan, 2, {0xdd, 0xe1});  // fucom st(1): unordered, a QNaN is no invalid operation
    CHECK(cond(f) == (sw::C3 | sw::C2 | sw::C0));
    CHECK(flags(f) == 0);
    compare(qnan, 2, {0xd8, 0xd1});  // fcom: any NaN is
    CHECK(flags(f) == sw::IE);
    compare(1, 2, {0xde, 0xd9});  // fcompp pops both
    CHECK(cond(f) == sw::C0);
    CHECK(f.cpu.s.ftw == 0xffff);

    f.cpu.set_rflags(fl::FIXED1 | fl::OF | fl::SF | fl::AF);
    compare(1, 2, {0xdb, 0xe9});  // fucomi st, st(1)
    CHECK((f.flags() & fl::ARITH) == fl::CF);
    compare(2, 2, {0xdf, 0xf1});  // fcomip st, st(1)
    CHECK((f.flags() & fl::ARITH) == fl::ZF);
    CHECK(top(f) == 7);
    compare(qnan, 2, {0xdf, 0xe9});  // fucomip
    CHECK((f.flags() & fl::ARITH) == (fl::ZF | fl::PF | fl::CF));

    compare(-0.5L, 0, {0xd9, 0xe4});  // ftst: against 0
    CHECK(cond(f) == sw::C0);
}

TEST_CASE("FXAM classifies, empty registers included", "[x87]") {
    Flat f;
    REQUIRE(Flat::ok(f.exec({0xd9, 0xe5})));  // empty (ST(0) of a fresh FPU holds +0)
    CHECK(cond(f) == (sw::C3 | sw::C0));
    push(f, {-0.0L});
    REQUIRE(Flat::ok(f.exec({0xd9, 0xe5})));
    CHECK(cond(f) == (sw::C3 | sw::C1));  // zero, negative
    push(f, {1.0L});
    REQUIRE(Flat::ok(f.exec({0xd9, 0xe5})));
    CHECK(cond(f) == sw::C2);  // normal
    push(f, {__builtin_infl()});
    REQUIRE(Flat::ok(f.exec({0xd9, 0xe5})));
    CHECK(cond(f) == (sw::C2 | sw::C0));  // infinity
}

TEST_CASE("FPREM and FPREM1 report the low quotient bits", "[x87]") {
    Flat f;
    push(f, {2.0L, 7.0L});
    REQUIRE(Flat::ok(f.exec({0xd9, 0xf8})));  // fprem: 7 = 3*2 + 1
    CHECK(st(f, 0) == f80(1.0L));
    CHECK(cond(f) == (sw::C3 | sw::C1));  // Q1 in C3, Q0 in C1; C2 = 0: complete
    REQUIRE(Flat::ok(f.exec({0xdb, 0xe3})));
    push(f, {2.0L, 7.0L});
    REQUIRE(Flat::ok(f.exec({0xd9, 0xf5})));  // fprem1: 7 = 4*2 - 1 (3.5 rounds to even)
    CHECK(st(f, 0) == f80(-1.0L));
    CHECK(cond(f) == sw::C0);  // Q2
}

TEST_CASE("FSQRT, FRNDINT, FSCALE, FXTRACT, FCHS and FABS", "[x87]") {
    Flat f;
    push(f, {2.0L});
    REQUIRE(Flat::ok(f.exec({0xd9, 0xfa})));  // fsqrt
    CHECK(st(f, 0) == F80{0xb504f333f9de6484ull, 0x3fff});  // sqrt 2, round to nearest
    CHECK(flags(f) == sw::PE);
    push(f, {-2.5L});
    REQUIRE(Flat::ok(f.exec({0xd9, 0xfc})));  // frndint: ties to even
    CHECK(st(f, 0) == f80(-2.0L));
    push(f, {3.0L, 1.5L});
    REQUIRE(Flat::ok(f.exec({0xd9, 0xfd})));  // fscale: 1.5 * 2^3
    CHECK(st(f, 0) == f80(12.0L));
    REQUIRE(Flat::ok(f.exec({0xd9, 0xf4})));  // fxtract: 12 = 1.5 * 2^3
    CHECK(st(f, 0) == f80(1.5L));
    CHECK(st(f, 1) == f80(3.0L));
    REQUIRE(Flat::ok(f.exec({0xd9, 0xe0, 0xd9, 0xe1, 0xd9, 0xe0})));  // fchs; fabs; fchs
    CHECK(st(f, 0) == f80(-1.5L));
}

namespace {
// The host's own result for a unary transcendental on ST(0).
long double host_unary(long double x, int which) {
    switch (which) {
    case 0: asm("fsin" : "+t"(x)); break;
    case 1: asm("fcos" : "+t"(x)); break;
    default: asm("f2xm1" : "+t"(x)); break;
    }
    return x;
}
}  // namespace

TEST_CASE("transcendentals give the host FPU's results bit for bit", "[x87]") {
    Flat f;
    const long double xs[] = {0.5L, -0.25L, 1e-5L, 0.999L};
    const uint8_t ops[3][2] = {{0xd9, 0xfe}, {0xd9, 0xff}, {0xd9, 0xf0}};  // fsin fcos f2xm1
    for (int op = 0; op < 3; ++op) {
        for (long double x : xs) {
            REQUIRE(Flat::ok(f.exec({0xdb, 0xe3})));
            push(f, {x});
            REQUIRE(Flat::ok(f.exec({ops[op][0], ops[op][1]})));
            CHECK(st(f, 0) == f80(host_unary(x, op)));
        }
    }
    SECTION("FPTAN pushes 1; FSINCOS pushes the cosine; FPATAN and FYL2X pop") {
        long double s = 0.5L, c = 0.5L, t = 0.5L, one;
        asm("fsincos" : "=t"(c), "=u"(s) : "0"(c));
        asm("fptan" : "=t"(one), "=u"(t) : "0"(t));
        REQUIRE(Flat::ok(f.exec({0xdb, 0xe3})));
        push(f, {0.5L});
        REQUIRE(Flat::ok(f.exec({0xd9, 0xfb})));  // fsincos
        CHECK(st(f, 0) == f80(c));
        CHECK(st(f, 1) == f80(s));
        REQUIRE(Flat::ok(f.exec({0xdb, 0xe3})));
        push(f, {0.5L});
        REQUIRE(Flat::ok(f.exec({0xd9, 0xf2})));  // fptan
        CHECK(st(f, 0) == f80(1.0L));
        CHECK(st(f, 1) == f80(t));
        long double y = 3.0L, x = 8.0L, r;
        asm("fyl2x" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
        REQUIRE(Flat::ok(f.exec({0xdb, 0xe3})));
        push(f, {3.0L, 8.0L});
        REQUIRE(Flat::ok(f.exec({0xd9, 0xf1})));  // fyl2x: 3 * log2 8
        CHECK(st(f, 0) == f80(r));
        CHECK(st(f, 0) == f80(9.0L));
        CHECK(top(f) == 7);
    }
}

TEST_CASE("FXCH, FCMOVcc, FFREE, FINCSTP and FDECSTP", "[x87]") {
    Flat f;
    push(f, {1.0L, 2.0L});
    REQUIRE(Flat::ok(f.exec({0xd9, 0xc9})));  // fxch st(1)
    CHECK(st(f, 0) == f80(1.0L));
    CHECK(st(f, 1) == f80(2.0L));
    f.cpu.set_rflags(fl::FIXED1 | fl::CF);
    REQUIRE(Flat::ok(f.exec({0xdb, 0xc9})));  // fcmovne st, st(1): ZF = 0, moves
    CHECK(st(f, 0) == f80(2.0L));
    push(f, {5.0L});
    REQUIRE(Flat::ok(f.exec({0xda, 0xc1})));  // fcmovb st, st(1): CF = 1, moves
    CHECK(st(f, 0) == f80(2.0L));
    REQUIRE(Flat::ok(f.exec({0xdd, 0xc1})));  // ffree st(1)
    CHECK(tag(f, 1) == x87::tag::EMPTY);
    CHECK(top(f) == 5);
    REQUIRE(Flat::ok(f.exec({0xd9, 0xf7, 0xd9, 0xf7})));  // fincstp twice: TOP only, no tags
    CHECK(top(f) == 7);
    CHECK(tag(f, 6) == x87::tag::VALID);  // the register that was ST(0)
    REQUIRE(Flat::ok(f.exec({0xd9, 0xf6})));  // fdecstp
    CHECK(top(f) == 6);
}

TEST_CASE("FLDCW, FNSTCW, FNSTSW and FNINIT", "[x87]") {
    Flat f;
    f.set(RBX, DATA);
    f.poke<uint16_t>(DATA, 0xffff);
    REQUIRE(Flat::ok(f.exec({0xd9, 0x2b, 0xd9, 0x7b, 0x10})));  // fldcw [rbx]; fnstcw [rbx+16]
    CHECK(f.mem<uint16_t>(DATA + 16) == 0x1f7f);  // bits 15:13 read as 0, bit 6 as 1
    f.poke<uint16_t>(DATA, 0);
    REQUIRE(Flat::ok(f.exec({0xd9, 0x2b, 0xd9, 0x7b, 0x10})));
    CHECK(f.mem<uint16_t>(DATA + 16) == 0x0040);

    // A flag that FLDCW unmasks is pending for the next waiting instruction.
    f.cpu.s.fcw = 0x037f;
    f.cpu.s.fsw = sw::ZE;
    f.poke<uint16_t>(DATA, 0x037b);
    REQUIRE(Flat::ok(f.exec({0xd9, 0x2b})));  // fldcw
    CHECK(f.cpu.s.fsw == (sw::B | sw::ES | sw::ZE));
    CHECK(Flat::faulted(f.exec({0xd9, 0xe8}), Vec::MF));
    REQUIRE(Flat::ok(f.exec({0xdd, 0x7b, 0x10})));  // fnstsw [rbx+16]
    CHECK(f.mem<uint16_t>(DATA + 16) == 0x8084);

    f.cpu.s.fip = 0x1234, f.cpu.s.fdp = 0x5678, f.cpu.s.fop = 0x123;
    REQUIRE(Flat::ok(f.exec({0xdb, 0xe3})));  // fninit
    CHECK(f.cpu.s.fcw == 0x037f);
    CHECK(f.cpu.s.fsw == 0);
    CHECK(f.cpu.s.ftw == 0xffff);
    CHECK((f.cpu.s.fip | f.cpu.s.fdp | f.cpu.s.fop) == 0);
}

TEST_CASE("FIP changes with every arithmetic instruction; FOP and FDP only on unmasked exceptions", "[x87]") {
    Flat f;
    f.set(RBX, DATA);
    f.cpu.s.fdp = 0x77;
    REQUIRE(Flat::ok(f.exec({0xd9, 0xe8, 0xd9, 0x7b, 0x10})));  // fld1; fnstcw [rbx+16]
    CHECK(f.cpu.s.fip == CODE);  // the FLD1, not the control instruction after it
    CHECK(f.cpu.s.fop == 0);
    CHECK(f.cpu.s.fdp == 0x77);
    f.poke<double>(DATA, 0.0);
    f.cpu.s.fcw = 0x037b;  // ZM clear
    REQUIRE(Flat::ok(f.exec({0x90, 0xdc, 0x33})));  // nop; fdiv qword [rbx]
    CHECK(f.cpu.s.fip == CODE + 1);
    CHECK(f.cpu.s.fop == 0x433);  // DC 33: low 3 bits of the opcode, then ModRM
    CHECK(f.cpu.s.fdp == DATA);
    CHECK(st(f, 0) == f80(1.0L));  // a divide by zero is detected before the result is written
}

TEST_CASE("FNSTENV and FLDENV, FNSAVE and FRSTOR", "[x87]") {
    Flat f;
    f.set(RBX, DATA);
    push(f, {1.0L, 0.0L});
    f.cpu.s.fsw |= sw::PE | sw::C2;
    f.cpu.s.fcw = 0x0b7e;  // IM clear, no exception pending
    f.cpu.s.fip = 0x401000, f.cpu.s.fdp = 0x602000, f.cpu.s.fop = 0x5ab;
    SECTION("the 28-byte layout, and all exceptions masked afterwards") {
        REQUIRE(Flat::ok(f.exec({0xd9, 0x73, 0x10})));  // fnstenv [rbx+16]
        CHECK(f.mem<uint32_t>(DATA + 16) == 0xffff0b7e);
        CHECK(f.mem<uint32_t>(DATA + 20) == 0xffff3420);  // TOP 6, C2, PE
        CHECK(f.mem<uint32_t>(DATA + 24) == 0xffff1fff);  // R7 valid, R6 zero, the rest empty
        CHECK(f.mem<uint32_t>(DATA + 28) == 0x401000);
        CHECK(f.mem<uint32_t>(DATA + 32) == 0x05ab0000);  // FCS 0, FOP
        CHECK(f.mem<uint32_t>(DATA + 36) == 0x602000);
        CHECK(f.mem<uint32_t>(DATA + 40) == 0xffff0000);
        CHECK(f.cpu.s.fcw == 0x0b7f);
        // FLDENV restores it, the registers untouched.
        push(f, {7.0L});
        REQUIRE(Flat::ok(f.exec({0xd9, 0x63, 0x10})));  // fldenv [rbx+16]
        CHECK(f.cpu.s.fcw == 0x0b7e);
        CHECK(top(f) == 6);
        CHECK(st(f, 0) == F80{0, 0});
        CHECK(f.cpu.s.fop == 0x5ab);
    }
    SECTION("the 16-bit layout holds 16-bit pointer offsets") {
        REQUIRE(Flat::ok(f.exec({0x66, 0xd9, 0x73, 0x10})));  // data16 fnstenv [rbx+16]
        CHECK(f.mem<uint16_t>(DATA + 16) == 0x0b7e);
        CHECK(f.mem<uint16_t>(DATA + 22) == 0x1000);
        CHECK(f.mem<uint16_t>(DATA + 26) == 0x2000);
    }
    SECTION("FNSAVE stores the registers in stack order and initialises; FRSTOR undoes it") {
        const CpuState before = f.cpu.s;
        REQUIRE(Flat::ok(f.exec({0xdd, 0x73, 0x10})));  // fnsave [rbx+16]
        CHECK(f.mem<uint64_t>(DATA + 16 + 28) == 0);                     // ST(0) = 0
        CHECK(f.mem<uint64_t>(DATA + 16 + 38) == 0x8000000000000000ull);  // ST(1) = 1
        CHECK(f.mem<uint16_t>(DATA + 16 + 46) == 0x3fff);
        CHECK(f.cpu.s.fcw == 0x037f);
        CHECK(f.cpu.s.ftw == 0xffff);
        f.set(RBX, DATA + 16);
        REQUIRE(Flat::ok(f.exec({0xdd, 0x23})));  // frstor [rbx]
        CHECK(f.cpu.s.fcw == before.fcw);
        CHECK(f.cpu.s.fsw == before.fsw);
        CHECK(f.cpu.s.ftw == before.ftw);
        CHECK(st(f, 1) == f80(1.0L));
        CHECK(f.cpu.s.fip == before.fip);
    }
    SECTION("a save area running into an unmapped page faults before anything is written") {
        f.set(RBX, DATA + 0x10000 - 20);
        auto s = f.exec({0xd9, 0x33});  // fnstenv [rbx]
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == DATA + 0x10000 + 7);  // the last byte is checked after the first
        CHECK(f.mem<uint32_t>(DATA + 0x10000 - 20) == 0);
        CHECK(f.cpu.s.fcw == 0x0b7e);
    }
}

TEST_CASE("#NM: CR0.EM or CR0.TS for x87 instructions, CR0.MP and CR0.TS for WAIT", "[x87]") {
    Flat f;
    f.cpu.s.cr0 &= ~cr0::MP;
    f.cpu.s.cr0 |= cr0::TS;
    CHECK(Flat::faulted(f.exec({0xd9, 0xe8}), Vec::NM));  // fld1
    CHECK(Flat::faulted(f.exec({0xdf, 0xe0}), Vec::NM));  // fnstsw ax
    CHECK(Flat::ok(f.exec({0x9b})));                      // fwait: MP is clear
    f.cpu.s.cr0 |= cr0::MP;
    CHECK(Flat::faulted(f.exec({0x9b}), Vec::NM));
    f.cpu.s.cr0 &= ~(cr0::TS | cr0::MP);
    f.cpu.s.cr0 |= cr0::EM;
    CHECK(Flat::faulted(f.exec({0xd9, 0xe8}), Vec::NM));
    CHECK(Flat::ok(f.exec({0x9b})));  // WAIT ignores EM
    CHECK(f.cpu.s.ftw == 0xffff);
}
