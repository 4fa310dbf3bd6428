// Multiply and divide (src/cpu/muldiv.cpp). Expected values are worked out from the SDM
// (Vol. 2 MUL, IMUL, DIV, IDIV, MULX); the flags the SDM leaves undefined after MUL/IMUL are
// checked against what the host Intel Xeon gave natively (marked "Intel").
#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {

constexpr uint64_t ALL_STATUS = fl::CF | fl::PF | fl::AF | fl::ZF | fl::SF | fl::OF;
constexpr uint64_t BASE_FLAGS = 0x202;  // IF and the fixed bit
constexpr uint64_t CF_OF = fl::CF | fl::OF;

uint64_t status(const Flat& f) { return f.flags() & fl::ARITH; }
uint64_t carry_overflow(const Flat& f) { return f.flags() & CF_OF; }

}  // namespace

TEST_CASE("MUL: unsigned product into AX, DX:AX, EDX:EAX, RDX:RAX", "[muldiv]") {
    Flat f;
    SECTION("8-bit overflowing into AH") {
        f.set(RAX, 0x1111111111112280);
        f.set(RBX, 0x02);
        REQUIRE(Flat::ok(f.exec({0xf6, 0xe3})));  // mul bl
        CHECK(f.r(RAX) == 0x1111111111110100);
        // Intel: SF and PF from the low half, ZF and AF clear (even for a zero low half).
        CHECK(status(f) == (CF_OF | fl::PF));
    }
    SECTION("8-bit fitting in AL") {
        f.cpu.set_rflags(BASE_FLAGS | ALL_STATUS);
        f.set(RAX, 0x0f);
        f.set(RBX, 0x0f);
        REQUIRE(Flat::ok(f.exec({0xf6, 0xe3})));  // mul bl
        CHECK(f.r(RAX) == 0xe1);
        CHECK(status(f) == (fl::SF | fl::PF));  // Intel, as above
    }
    SECTION("16-bit") {
        f.set(RAX, 0xffff);
        f.set(RBX, 0xffff);
        f.set(RDX, 0x1234567800000000);
        REQUIRE(Flat::ok(f.exec({0x66, 0xf7, 0xe3})));  // mul bx
        CHECK(f.r(RDX) == 0x123456780000fffe);
        CHECK(f.r(RAX) == 0x0001);
        CHECK(carry_overflow(f) == CF_OF);
    }
    SECTION("32-bit writes zero-extend both halves") {
        f.set(RAX, 0xaaaaaaaaffffffff);
        f.set(RBX, 2);
        f.set(RDX, ~0ull);
        REQUIRE(Flat::ok(f.exec({0xf7, 0xe3})));  // mul ebx
        CHECK(f.r(RDX) == 1);
        CHECK(f.r(RAX) == 0xfffffffe);
        CHECK(carry_overflow(f) == CF_OF);
    }
    SECTION("64-bit") {
        f.set(RAX, ~0ull);
        f.set(RBX, ~0ull);
        REQUIRE(Flat::ok(f.exec({0x48, 0xf7, 0xe3})));  // mul rbx
        CHECK(f.r(RDX) == 0xfffffffffffffffe);
        CHECK(f.r(RAX) == 1);
        CHECK(carry_overflow(f) == CF_OF);
    }
    SECTION("64-bit with no high half") {
        f.cpu.set_rflags(BASE_FLAGS | CF_OF);
        f.set(RAX, 0xffffffff);
        f.set(RBX, 0xffffffff);
        f.set(RDX, 5);
        REQUIRE(Flat::ok(f.exec({0x48, 0xf7, 0xe3})));  // mul rbx
        CHECK(f.r(RDX) == 0);
        CHECK(f.r(RAX) == 0xfffffffe00000001);
        CHECK(carry_overflow(f) == 0);
    }
    SECTION("memory source") {
        f.set(RDI, DATA);
        f.poke<uint64_t>(DATA, 0x100000000);
        f.set(RAX, 0x100000000);
        REQUIRE(Flat::ok(f.exec({0x48, 0xf7, 0x27})));  // mul qword [rdi]
        CHECK(f.r(RDX) == 1);
        CHECK(f.r(RAX) == 0);
        CHECK(status(f) == (CF_OF | fl::PF));  // Intel: ZF stays clear
    }
    SECTION("a faulting memory source changes nothing") {
        f.set(RDI, 0x900000);  // unmapped
        f.set(RAX, 7);
        f.set(RDX, 9);
        f.cpu.set_rflags(BASE_FLAGS | fl::ZF);
        auto s = f.exec({0x48, 0xf7, 0x27});  // mul qword [rdi]
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(f.r(RAX) == 7);
        CHECK(f.r(RDX) == 9);
        CHECK(status(f) == fl::ZF);
    }
}

TEST_CASE("IMUL, one operand: signed product into the accumulator pair", "[muldiv]") {
    Flat f;
    SECTION("8-bit -128 * -1 does not fit AL") {
        f.set(RAX, 0x80);
        f.set(RBX, 0xff);
        REQUIRE(Flat::ok(f.exec({0xf6, 0xeb})));  // imul bl
        CHECK(f.r(RAX) == 0x0080);
        CHECK(status(f) == (CF_OF | fl::SF));  // Intel: SF from AL
    }
    SECTION("8-bit -1 * -1") {
        f.cpu.set_rflags(BASE_FLAGS | CF_OF);
        f.set(RAX, 0xff);
        f.set(RBX, 0xff);
        REQUIRE(Flat::ok(f.exec({0xf6, 0xeb})));  // imul bl
        CHECK(f.r(RAX) == 0x0001);
        CHECK(carry_overflow(f) == 0);
    }
    SECTION("16-bit") {
        f.set(RAX, 0x8000);
        f.set(RBX, 2);
        REQUIRE(Flat::ok(f.exec({0x66, 0xf7, 0xeb})));  // imul bx
        CHECK(f.r(RDX) == 0xffff);
        CHECK(f.r(RAX) == 0);
        CHECK(carry_overflow(f) == CF_OF);
    }
    SECTION("32-bit negative result that fits") {
        f.set(RAX, 0xfffffffd);  // -3
        f.set(RBX, 5);
        f.set(RDX, 0x5555555555555555);
        REQUIRE(Flat::ok(f.exec({0xf7, 0xeb})));  // imul ebx
        CHECK(f.r(RDX) == 0xffffffff);  // sign extension of -15, zero-extended to 64 bits
        CHECK(f.r(RAX) == 0xfffffff1);
        CHECK(carry_overflow(f) == 0);
    }
    SECTION("64-bit INT64_MIN * -1") {
        f.set(RAX, 0x8000000000000000);
        f.set(RBX, ~0ull);
        REQUIRE(Flat::ok(f.exec({0x48, 0xf7, 0xeb})));  // imul rbx
        CHECK(f.r(RDX) == 0);
        CHECK(f.r(RAX) == 0x8000000000000000);
        CHECK(carry_overflow(f) == CF_OF);
    }
}

TEST_CASE("IMUL, two operands: dst *= src, truncated", "[muldiv]") {
    Flat f;
    f.set(RAX, 0xffffffff00010000);
    f.set(RBX, 0x10000);
    REQUIRE(Flat::ok(f.exec({0x0f, 0xaf, 0xc3})));  // imul eax, ebx
    CHECK(f.r(RAX) == 0);
    CHECK(carry_overflow(f) == CF_OF);
    CHECK((status(f) & fl::ZF) == 0);  // Intel

    f.set(RAX, 0x123456789abcfffe);  // AX = -2
    f.set(RBX, 3);
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xaf, 0xc3})));  // imul ax, bx
    CHECK(f.r(RAX) == 0x123456789abcfffa);
    CHECK(carry_overflow(f) == 0);

    f.set(RDI, DATA);
    f.poke<uint64_t>(DATA, 0x20);
    f.set(RAX, static_cast<uint64_t>(-4));
    REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xaf, 0x07})));  // imul rax, qword [rdi]
    CHECK(f.r(RAX) == static_cast<uint64_t>(-128));
    CHECK(carry_overflow(f) == 0);
}

TEST_CASE("IMUL, three operands: dst = src * imm", "[muldiv]") {
    Flat f;
    f.set(RBX, 0x10);
    REQUIRE(Flat::ok(f.exec({0x69, 0xc3, 0x78, 0x56, 0x34, 0x12})));  // imul eax, ebx, 0x12345678
    CHECK(f.r(RAX) == 0x23456780);
    CHECK(carry_overflow(f) == CF_OF);

    f.set(RBX, 5);
    REQUIRE(Flat::ok(f.exec({0x48, 0x6b, 0xc3, 0xfd})));  // imul rax, rbx, -3
    CHECK(f.r(RAX) == static_cast<uint64_t>(-15));
    CHECK(carry_overflow(f) == 0);
    CHECK((status(f) & fl::SF) == fl::SF);  // Intel: SF from the result

    f.set(RBX, 0x7fffffffffffffff);
    REQUIRE(Flat::ok(f.exec({0x48, 0x6b, 0xc3, 0xfd})));  // imul rax, rbx, -3
    CHECK(f.r(RAX) == 0x8000000000000003);
    CHECK(carry_overflow(f) == CF_OF);

    f.set(RAX, 0xaaaa);
    f.set(RBX, 0x1000);
    REQUIRE(Flat::ok(f.exec({0x66, 0x6b, 0xc3, 0x07})));  // imul ax, bx, 7
    CHECK(f.r(RAX) == 0x7000);
    CHECK(carry_overflow(f) == 0);
    f.set(RBX, 0x2000);
    REQUIRE(Flat::ok(f.exec({0x66, 0x6b, 0xc3, 0x07})));  // imul ax, bx, 7
    CHECK(f.r(RAX) == 0xe000);
    CHECK(carry_overflow(f) == CF_OF);

    f.set(RDI, DATA);
    f.poke<uint32_t>(DATA, static_cast<uint32_t>(-5));
    f.set(RCX, ~0ull);
    REQUIRE(Flat::ok(f.exec({0x6b, 0x0f, 0x64})));  // imul ecx, dword [rdi], 100
    CHECK(f.r(RCX) == 0xfffffe0c);  // -500, zero-extended
    CHECK(carry_overflow(f) == 0);
}

TEST_CASE("DIV: quotient and remainder, flags unchanged", "[muldiv]") {
    Flat f;
    f.cpu.set_rflags(BASE_FLAGS | fl::CF | fl::ZF | fl::AF);
    const uint64_t flags = f.flags();
    SECTION("8-bit: AX / r8 -> AL, AH") {
        f.set(RAX, 0x5555555555550203);  // 515
        f.set(RBX, 0x10);
        REQUIRE(Flat::ok(f.exec({0xf6, 0xf3})));  // div bl
        CHECK(f.r(RAX) == 0x5555555555550320);
    }
    SECTION("16-bit") {
        f.set(RDX, 1);
        f.set(RAX, 0);
        f.set(RBX, 3);
        REQUIRE(Flat::ok(f.exec({0x66, 0xf7, 0xf3})));  // div bx
        CHECK(f.r(RAX) == 0x5555);
        CHECK(f.r(RDX) == 1);
    }
    SECTION("32-bit uses EDX only and zero-extends") {
        f.set(RDX, 0xffffffff00000001);
        f.set(RAX, 0xffffffff00000000);
        f.set(RBX, 0x10);
        REQUIRE(Flat::ok(f.exec({0xf7, 0xf3})));  // div ebx
        CHECK(f.r(RAX) == 0x10000000);
        CHECK(f.r(RDX) == 0);
    }
    SECTION("64-bit") {
        f.set(RDX, 5);
        f.set(RAX, 7);
        f.set(RBX, 10);
        REQUIRE(Flat::ok(f.exec({0x48, 0xf7, 0xf3})));  // div rbx
        CHECK(f.r(RAX) == 0x8000000000000000);
        CHECK(f.r(RDX) == 7);
    }
    SECTION("memory divisor") {
        f.set(RDI, DATA);
        f.poke<uint32_t>(DATA, 7);
        f.set(RDX, 0);
        f.set(RAX, 100);
        REQUIRE(Flat::ok(f.exec({0xf7, 0x37})));  // div dword [rdi]
        CHECK(f.r(RAX) == 14);
        CHECK(f.r(RDX) == 2);
    }
    CHECK(f.flags() == flags);
}

TEST_CASE("DIV raises #DE on a zero divisor or an oversized quotient, changing nothing",
          "[muldiv]") {
    Flat f;
    f.cpu.set_rflags(BASE_FLAGS | fl::SF);
    struct Case {
        const char* what;
        std::vector<uint8_t> code;
        uint64_t rax, rdx, rbx;
    };
    const Case cases[] = {
        {"div bl, 0x1000 / 0x10", {0xf6, 0xf3}, 0x1000, 0, 0x10},
        {"div bl by zero", {0xf6, 0xf3}, 0x10, 0, 0},
        {"div bx, 0x10000 / 1", {0x66, 0xf7, 0xf3}, 0, 1, 1},
        {"div ebx by zero", {0xf7, 0xf3}, 5, 0, 0xffffffff00000000},
        {"div rbx, rdx == rbx", {0x48, 0xf7, 0xf3}, 0, 10, 10},
        {"div rbx by zero", {0x48, 0xf7, 0xf3}, 1, 0, 0},
    };
    for (const Case& k : cases) {
        INFO(k.what);
        f.set(RAX, k.rax);
        f.set(RDX, k.rdx);
        f.set(RBX, k.rbx);
        f.cpu.write_mem(CODE, k.code.data(), k.code.size());
        f.cpu.set_rip(CODE);
        auto s = f.cpu.run(1);
        REQUIRE(Flat::faulted(s, Vec::DE));
        CHECK(f.cpu.rip() == CODE);
        CHECK(f.r(RAX) == k.rax);
        CHECK(f.r(RDX) == k.rdx);
        CHECK(status(f) == fl::SF);
    }
}

TEST_CASE("IDIV: truncates toward zero, remainder takes the dividend's sign", "[muldiv]") {
    Flat f;
    SECTION("8-bit") {
        f.set(RAX, 0xfff9);  // -7
        f.set(RBX, 2);
        REQUIRE(Flat::ok(f.exec({0xf6, 0xfb})));  // idiv bl
        CHECK(f.r(RAX) == 0xfffd);  // AH = -1, AL = -3
    }
    SECTION("8-bit quotient of exactly -128 fits") {
        f.set(RAX, 0xff00);  // -256
        f.set(RBX, 2);
        REQUIRE(Flat::ok(f.exec({0xf6, 0xfb})));  // idiv bl
        CHECK(f.r(RAX) == 0x0080);
    }
    SECTION("16-bit") {
        f.set(RDX, 0xfffe);  // DX:AX = -100000
        f.set(RAX, 0x7960);
        f.set(RBX, 7);
        REQUIRE(Flat::ok(f.exec({0x66, 0xf7, 0xfb})));  // idiv bx
        CHECK(f.r(RAX) == 0xc833);  // -14285
        CHECK(f.r(RDX) == 0xfffb);  // -5
    }
    SECTION("64-bit, negative divisor") {
        f.set(RDX, 0);
        f.set(RAX, 100);
        f.set(RBX, static_cast<uint64_t>(-7));
        REQUIRE(Flat::ok(f.exec({0x48, 0xf7, 0xfb})));  // idiv rbx
        CHECK(f.r(RAX) == static_cast<uint64_t>(-14));
        CHECK(f.r(RDX) == 2);
    }
    SECTION("64-bit memory divisor, negative dividend") {
        f.set(RDI, DATA);
        f.poke<uint64_t>(DATA, 7);
        f.set(RDX, ~0ull);
        f.set(RAX, static_cast<uint64_t>(-100));
        f.cpu.set_rflags(BASE_FLAGS | ALL_STATUS);
        REQUIRE(Flat::ok(f.exec({0x48, 0xf7, 0x3f})));  // idiv qword [rdi]
        CHECK(f.r(RAX) == static_cast<uint64_t>(-14));
        CHECK(f.r(RDX) == static_cast<uint64_t>(-2));
        CHECK(status(f) == ALL_STATUS);
    }
}

TEST_CASE("IDIV raises #DE for INT_MIN / -1, overflow and zero, changing nothing", "[muldiv]") {
    Flat f;
    f.cpu.set_rflags(BASE_FLAGS | fl::OF | fl::PF);
    struct Case {
        const char* what;
        std::vector<uint8_t> code;
        uint64_t rax, rdx, rbx;
    };
    const Case cases[] = {
        {"idiv bl, -128 / -1", {0xf6, 0xfb}, 0xff80, 0, 0xff},
        {"idiv bl, 128 / 1", {0xf6, 0xfb}, 0x0080, 0, 1},
        {"idiv bl by zero", {0xf6, 0xfb}, 5, 0, 0},
        {"idiv bx, -32768 / -1", {0x66, 0xf7, 0xfb}, 0x8000, 0xffff, 0xffff},
        {"idiv ebx, INT32_MIN / -1", {0xf7, 0xfb}, 0x80000000, 0xffffffff, 0xffffffff},
        {"idiv ebx, -2^33 / 2", {0xf7, 0xfb}, 0, 0xfffffffe, 2},
        {"idiv rbx, INT64_MIN / -1", {0x48, 0xf7, 0xfb}, 0x8000000000000000, ~0ull, ~0ull},
        {"idiv rbx, 2^63 / 1", {0x48, 0xf7, 0xfb}, 0x8000000000000000, 0, 1},
        {"idiv rbx by zero", {0x48, 0xf7, 0xfb}, 1, 0, 0},
    };
    for (const Case& k : cases) {
        INFO(k.what);
        f.set(RAX, k.rax);
        f.set(RDX, k.rdx);
        f.set(RBX, k.rbx);
        f.cpu.write_mem(CODE, k.code.data(), k.code.size());
        f.cpu.set_rip(CODE);
        auto s = f.cpu.run(1);
        REQUIRE(Flat::faulted(s, Vec::DE));
        CHECK(f.cpu.rip() == CODE);
        CHECK(f.r(RAX) == k.rax);
        CHECK(f.r(RDX) == k.rdx);
        CHECK(status(f) == (fl::OF | fl::PF));
    }
}

TEST_CASE("MULX: unsigned rDX * src into two destinations, no flags", "[muldiv]") {
    Flat f;
    f.cpu.set_rflags(BASE_FLAGS | fl::ZF | fl::CF);
    SECTION("64-bit") {
        f.set(RDX, ~0ull);
        f.set(RAX, 2);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xe3, 0xf6, 0xc8})));  // mulx rcx, rbx, rax
        CHECK(f.r(RCX) == 1);
        CHECK(f.r(RBX) == 0xfffffffffffffffe);
        CHECK(f.r(RDX) == ~0ull);
    }
    SECTION("32-bit zero-extends") {
        f.set(RDX, 0xffffffff80000000);
        f.set(RAX, 6);
        f.set(RCX, ~0ull);
        f.set(RBX, ~0ull);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x63, 0xf6, 0xc8})));  // mulx ecx, ebx, eax
        CHECK(f.r(RCX) == 3);
        CHECK(f.r(RBX) == 0);
    }
    SECTION("the same register for both halves keeps the high half") {
        f.set(RDX, 0x10);
        f.set(RAX, 0x1000000000000001);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xf3, 0xf6, 0xc8})));  // mulx rcx, rcx, rax
        CHECK(f.r(RCX) == 1);
    }
    SECTION("memory source") {
        f.set(RDI, DATA);
        f.poke<uint64_t>(DATA, 0x8000000000000000);
        f.set(RDX, 3);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xe3, 0xf6, 0x0f})));  // mulx rcx, rbx, [rdi]
        CHECK(f.r(RCX) == 1);
        CHECK(f.r(RBX) == 0x8000000000000000);
    }
    SECTION("a faulting memory source writes neither destination") {
        f.set(RDI, 0x900000);  // unmapped
        f.set(RDX, 3);
        f.set(RCX, 11);
        f.set(RBX, 12);
        auto s = f.exec({0xc4, 0xe2, 0xe3, 0xf6, 0x0f});  // mulx rcx, rbx, [rdi]
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(f.r(RCX) == 11);
        CHECK(f.r(RBX) == 12);
    }
    CHECK(status(f) == (fl::ZF | fl::CF));
}
