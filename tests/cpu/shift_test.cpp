// Shifts and rotates (src/cpu/shift.cpp). Expected values follow the SDM (Vol. 2 SAL/SAR/SHL/SHR,
// RCL/RCR/ROL/ROR, SHLD, SHRD); where the SDM leaves something undefined, the value checked is
// what the host Intel Xeon gave when the same instruction ran natively (marked "Intel").
#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {

constexpr uint64_t ALL_STATUS = fl::CF | fl::PF | fl::AF | fl::ZF | fl::SF | fl::OF;
constexpr uint64_t BASE_FLAGS = 0x202;  // IF and the fixed bit

uint64_t status(const Flat& f) { return f.flags() & fl::ARITH; }

// The SDM's RCL/RCR pseudocode, one bit at a time, for a w-bit operand.
struct Rotated {
    uint64_t value;
    bool cf;
};
Rotated sdm_rcl(uint64_t v, bool cf, unsigned count, unsigned w) {
    unsigned n = count & (w == 64 ? 0x3f : 0x1f);
    if (w == 8) n %= 9;
    if (w == 16) n %= 17;
    const uint64_t top = uint64_t{1} << (w - 1);
    const uint64_t mask = w == 64 ? ~0ull : (uint64_t{1} << w) - 1;
    for (; n; --n) {
        const bool out = v & top;
        v = ((v << 1) | cf) & mask;
        cf = out;
    }
    return {v, cf};
}
Rotated sdm_rcr(uint64_t v, bool cf, unsigned count, unsigned w) {
    unsigned n = count & (w == 64 ? 0x3f : 0x1f);
    if (w == 8) n %= 9;
    if (w == 16) n %= 17;
    for (; n; --n) {
        const bool out = v & 1;
        v = (v >> 1) | (uint64_t{cf} << (w - 1));
        cf = out;
    }
    return {v, cf};
}

}  // namespace

TEST_CASE("SHL: CF is the last bit out, SF ZF PF follow the result", "[shift]") {
    Flat f;
    SECTION("8-bit immediate count") {
        f.set(RAX, 0x31);
        REQUIRE(Flat::ok(f.exec({0xc0, 0xe0, 0x03})));  // shl al, 3
        CHECK(f.r(RAX) == 0x88);
        CHECK((status(f) & ~(fl::OF | fl::AF)) == (fl::CF | fl::SF | fl::PF));
    }
    SECTION("16-bit by CL=1 sets OF when the sign changes and keeps the upper bits") {
        f.set(RAX, 0xffffffffffff8001);
        f.set(RCX, 1);
        REQUIRE(Flat::ok(f.exec({0x66, 0xd3, 0xe0})));  // shl ax, cl
        CHECK(f.r(RAX) == 0xffffffffffff0002);
        CHECK((status(f) & ~fl::AF) == (fl::CF | fl::OF));
    }
    SECTION("32-bit by the constant 1 zero-extends") {
        f.set(RAX, 0xdead000040000000);
        REQUIRE(Flat::ok(f.exec({0xd1, 0xe0})));  // shl eax, 1
        CHECK(f.r(RAX) == 0x80000000);
        CHECK((status(f) & ~fl::AF) == (fl::OF | fl::SF | fl::PF));
    }
    SECTION("64-bit by CL=63") {
        f.set(RAX, 3);
        f.set(RCX, 63);
        REQUIRE(Flat::ok(f.exec({0x48, 0xd3, 0xe0})));  // shl rax, cl
        CHECK(f.r(RAX) == 0x8000000000000000);
        CHECK((status(f) & ~(fl::OF | fl::AF)) == (fl::CF | fl::SF | fl::PF));
    }
    SECTION("Intel: AF is cleared and OF is that of the first one-bit step") {
        f.cpu.set_rflags(BASE_FLAGS | fl::AF);
        f.set(RAX, 0x40);
        f.set(RCX, 3);
        REQUIRE(Flat::ok(f.exec({0xd2, 0xe0})));  // shl al, cl
        CHECK(f.r(RAX) == 0);
        CHECK(status(f) == (fl::OF | fl::ZF | fl::PF));
    }
}

TEST_CASE("SHL/SHR/SAR of 8-bit operands by counts of the width and more", "[shift]") {
    Flat f;
    f.set(RAX, 0x01);
    f.set(RCX, 8);
    REQUIRE(Flat::ok(f.exec({0xd2, 0xe0})));  // shl al, cl
    CHECK(f.r(RAX) == 0);
    CHECK((status(f) & (fl::CF | fl::ZF | fl::PF)) == (fl::CF | fl::ZF | fl::PF));

    // Intel: past the width the bit shifted out last is a zero (CF undefined in the SDM).
    f.set(RAX, 0xff);
    f.set(RCX, 9);
    REQUIRE(Flat::ok(f.exec({0xd2, 0xe0})));  // shl al, cl
    CHECK(f.r(RAX) == 0);
    CHECK((status(f) & fl::CF) == 0);

    f.set(RAX, 0x80);
    f.set(RCX, 8);
    REQUIRE(Flat::ok(f.exec({0xd2, 0xe8})));  // shr al, cl
    CHECK(f.r(RAX) == 0);
    CHECK((status(f) & fl::CF) == fl::CF);

    // SAR fills with the sign: the result is 0 or -1 and CF is the sign.
    f.set(RAX, 0x80);
    f.set(RCX, 31);
    REQUIRE(Flat::ok(f.exec({0xd2, 0xf8})));  // sar al, cl
    CHECK(f.r(RAX) == 0xff);
    CHECK((status(f) & (fl::CF | fl::SF | fl::ZF)) == (fl::CF | fl::SF));
    f.set(RAX, 0x7f);
    REQUIRE(Flat::ok(f.exec({0xd2, 0xf8})));  // sar al, cl
    CHECK(f.r(RAX) == 0);
    CHECK((status(f) & (fl::CF | fl::SF | fl::ZF)) == fl::ZF);
}

TEST_CASE("SHR: OF is the original sign, zero fill", "[shift]") {
    Flat f;
    f.set(RAX, 0x81);
    REQUIRE(Flat::ok(f.exec({0xd0, 0xe8})));  // shr al, 1
    CHECK(f.r(RAX) == 0x40);
    CHECK((status(f) & ~fl::AF) == (fl::CF | fl::OF));

    f.set(RAX, 0xffffffff80000003);
    f.set(RCX, 2);
    REQUIRE(Flat::ok(f.exec({0xd3, 0xe8})));  // shr eax, cl
    CHECK(f.r(RAX) == 0x20000000);
    CHECK((status(f) & ~(fl::OF | fl::AF)) == (fl::CF | fl::PF));
}

TEST_CASE("SAR: sign fill, OF cleared", "[shift]") {
    Flat f;
    f.cpu.set_rflags(BASE_FLAGS | fl::OF);
    f.set(RAX, 0x80000001);
    f.set(RCX, 1);
    REQUIRE(Flat::ok(f.exec({0xd3, 0xf8})));  // sar eax, cl
    CHECK(f.r(RAX) == 0xc0000000);
    CHECK((status(f) & ~fl::AF) == (fl::CF | fl::SF | fl::PF));

    f.set(RAX, 0x8000000000000000);
    REQUIRE(Flat::ok(f.exec({0x48, 0xc1, 0xf8, 0x3f})));  // sar rax, 63
    CHECK(f.r(RAX) == ~0ull);
    CHECK((status(f) & ~(fl::OF | fl::AF)) == (fl::SF | fl::PF));
}

TEST_CASE("a masked count of 0 changes no flag", "[shift]") {
    Flat f;
    for (uint64_t pattern : {ALL_STATUS, uint64_t{0}, fl::CF | fl::ZF, fl::OF | fl::AF}) {
        f.cpu.set_rflags(BASE_FLAGS | pattern);
        f.set(RAX, 0xfedcba9876543210);
        f.set(RBX, 0x0123456789abcdef);
        f.set(RCX, 0x20);  // 32: masked to 0 for 8-, 16- and 32-bit operands
        REQUIRE(Flat::ok(f.exec({0xd2, 0xe0})));  // shl al, cl
        CHECK(f.r(RAX) == 0xfedcba9876543210);
        REQUIRE(Flat::ok(f.exec({0x66, 0xd3, 0xd0})));  // rcl ax, cl
        CHECK(f.r(RAX) == 0xfedcba9876543210);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xa5, 0xd8})));  // shld ax, bx, cl
        CHECK(f.r(RAX) == 0xfedcba9876543210);
        f.set(RCX, 0x40);  // 64: masked to 0 for 64-bit operands
        REQUIRE(Flat::ok(f.exec({0x48, 0xd3, 0xc0})));  // rol rax, cl
        CHECK(f.r(RAX) == 0xfedcba9876543210);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xad, 0xd8})));  // shrd rax, rbx, cl
        CHECK(f.r(RAX) == 0xfedcba9876543210);
        REQUIRE(Flat::ok(f.exec({0xc1, 0xf8, 0x00})));  // sar eax, 0
        // Intel: the 32-bit destination is still written, which clears its upper half.
        CHECK(f.r(RAX) == 0x76543210);
        CHECK(status(f) == pattern);
    }
}

TEST_CASE("shift memory forms", "[shift]") {
    Flat f;
    f.set(RDI, DATA);
    SECTION("shl dword [rdi], cl") {
        f.poke<uint32_t>(DATA, 0x81);
        f.set(RCX, 4);
        REQUIRE(Flat::ok(f.exec({0xd3, 0x27})));
        CHECK(f.mem<uint32_t>(DATA) == 0x810);
        CHECK((status(f) & fl::CF) == 0);
    }
    SECTION("sar qword [rdi], 4") {
        f.poke<uint64_t>(DATA, 0xfffffffffffffef8);
        REQUIRE(Flat::ok(f.exec({0x48, 0xc1, 0x3f, 0x04})));
        CHECK(f.mem<uint64_t>(DATA) == 0xffffffffffffffef);
        CHECK((status(f) & (fl::CF | fl::SF)) == (fl::CF | fl::SF));
    }
    SECTION("ror word [rip+0x100], 4") {
        const uint64_t at = CODE + 8 + 0x100;  // the instruction is 8 bytes long
        f.poke<uint16_t>(at, 0x1234);
        REQUIRE(Flat::ok(f.exec({0x66, 0xc1, 0x0d, 0x00, 0x01, 0x00, 0x00, 0x04})));
        CHECK(f.mem<uint16_t>(at) == 0x4123);
        CHECK((status(f) & fl::CF) == 0);
    }
    SECTION("shrd qword [rdi], rbx, cl") {
        f.poke<uint64_t>(DATA, 0x0123456789abcdef);
        f.set(RBX, 0xfedcba9876543210);
        f.set(RCX, 16);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xad, 0x1f})));
        CHECK(f.mem<uint64_t>(DATA) == 0x32100123456789ab);
        CHECK((status(f) & fl::CF) == fl::CF);
    }
    SECTION("a count of 0 still reads a read-only destination for writing, and faults") {
        constexpr uint64_t RO = 0x700000;
        f.cpu.map(RO, 0x1000, perm::R);
        f.set(RDI, RO);
        f.cpu.set_rflags(BASE_FLAGS | fl::CF);
        auto s = f.exec({0xc0, 0x27, 0x00});  // shl byte [rdi], 0
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK((s.fault.error & pferr::W) != 0);
        CHECK(f.cpu.rip() == CODE);
        CHECK(status(f) == fl::CF);
    }
    SECTION("a faulting store leaves the flags alone") {
        constexpr uint64_t RO = 0x700000;
        f.cpu.map(RO, 0x1000, perm::R);
        f.set(RDI, RO);
        f.set(RCX, 1);
        f.cpu.set_rflags(BASE_FLAGS);
        auto s = f.exec({0xd3, 0x27});  // shl dword [rdi], cl
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(status(f) == 0);
    }
}

TEST_CASE("ROL/ROR change only CF and OF", "[shift]") {
    Flat f;
    const uint64_t others = fl::PF | fl::AF | fl::ZF | fl::SF;
    f.cpu.set_rflags(BASE_FLAGS | others);
    f.set(RAX, 0x81);
    f.set(RCX, 1);
    REQUIRE(Flat::ok(f.exec({0xd2, 0xc0})));  // rol al, cl
    CHECK(f.r(RAX) == 0x03);
    CHECK(status(f) == (others | fl::CF | fl::OF));

    // A count that is a multiple of the width still sets CF from the result (SDM ROL).
    f.set(RAX, 0x81);
    f.set(RCX, 8);
    REQUIRE(Flat::ok(f.exec({0xd2, 0xc0})));  // rol al, cl
    CHECK(f.r(RAX) == 0x81);
    CHECK((status(f) & (fl::CF | others)) == (fl::CF | others));

    f.set(RAX, 0x01);
    f.set(RCX, 1);
    REQUIRE(Flat::ok(f.exec({0xd2, 0xc8})));  // ror al, cl
    CHECK(f.r(RAX) == 0x80);
    CHECK(status(f) == (others | fl::CF | fl::OF));

    f.cpu.set_rflags(BASE_FLAGS);
    f.set(RAX, 0x1e);
    f.set(RCX, 4);
    REQUIRE(Flat::ok(f.exec({0xd2, 0xc8})));  // ror al, cl
    CHECK(f.r(RAX) == 0xe1);
    CHECK((status(f) & ~fl::OF) == fl::CF);

    f.set(RAX, 0xf000000000000001);
    f.set(RCX, 4 + 64);  // masked to 4
    REQUIRE(Flat::ok(f.exec({0x48, 0xd3, 0xc0})));  // rol rax, cl
    CHECK(f.r(RAX) == 0x1f);
    CHECK((status(f) & ~fl::OF) == fl::CF);
}

TEST_CASE("RCL/RCR 8-bit rotate 9 bits through CF, for every count", "[shift]") {
    Flat f;
    for (unsigned count = 0; count < 64; ++count) {
        for (bool cf : {false, true}) {
            const uint64_t before = BASE_FLAGS | fl::ZF | fl::OF | (cf ? fl::CF : 0);
            const Rotated l = sdm_rcl(0xb5, cf, count, 8);
            f.cpu.set_rflags(before);
            f.set(RAX, 0x11b5);
            f.set(RCX, count);
            REQUIRE(Flat::ok(f.exec({0xd2, 0xd0})));  // rcl al, cl
            CHECK(f.r(RAX) == (0x1100 | l.value));
            CHECK(f.cpu.cf() == l.cf);
            CHECK((status(f) & fl::ZF) == fl::ZF);  // rotates leave ZF alone

            const Rotated r = sdm_rcr(0xb5, cf, count, 8);
            f.cpu.set_rflags(before);
            f.set(RAX, 0x11b5);
            REQUIRE(Flat::ok(f.exec({0xd2, 0xd8})));  // rcr al, cl
            CHECK(f.r(RAX) == (0x1100 | r.value));
            CHECK(f.cpu.cf() == r.cf);
            // Intel: a count that reduces to 0 modulo 9 changes no flag at all.
            if ((count & 0x1f) % 9 == 0) CHECK(f.flags() == before);
        }
    }
}

TEST_CASE("RCL/RCR 16-, 32- and 64-bit against the SDM pseudocode", "[shift]") {
    Flat f;
    for (unsigned count = 0; count < 70; count += 3) {
        for (bool cf : {false, true}) {
            const Rotated l16 = sdm_rcl(0x8421, cf, count, 16);
            f.cpu.set_rflags(BASE_FLAGS | (cf ? fl::CF : 0));
            f.set(RAX, 0xaaaa8421);
            f.set(RCX, count);
            REQUIRE(Flat::ok(f.exec({0x66, 0xd3, 0xd0})));  // rcl ax, cl
            CHECK(f.r(RAX) == (0xaaaa0000 | l16.value));
            CHECK(f.cpu.cf() == l16.cf);

            const Rotated r16 = sdm_rcr(0x8421, cf, count, 16);
            f.cpu.set_rflags(BASE_FLAGS | (cf ? fl::CF : 0));
            f.set(RAX, 0xaaaa8421);
            REQUIRE(Flat::ok(f.exec({0x66, 0xd3, 0xd8})));  // rcr ax, cl
            CHECK(f.r(RAX) == (0xaaaa0000 | r16.value));
            CHECK(f.cpu.cf() == r16.cf);

            const Rotated l32 = sdm_rcl(0x80000001, cf, count, 32);
            f.cpu.set_rflags(BASE_FLAGS | (cf ? fl::CF : 0));
            f.set(RAX, 0x80000001);
            REQUIRE(Flat::ok(f.exec({0xd3, 0xd0})));  // rcl eax, cl
            CHECK(f.r(RAX) == l32.value);
            CHECK(f.cpu.cf() == l32.cf);

            const Rotated r64 = sdm_rcr(0x8000000000000003, cf, count, 64);
            f.cpu.set_rflags(BASE_FLAGS | (cf ? fl::CF : 0));
            f.set(RAX, 0x8000000000000003);
            REQUIRE(Flat::ok(f.exec({0x48, 0xd3, 0xd8})));  // rcr rax, cl
            CHECK(f.r(RAX) == r64.value);
            CHECK(f.cpu.cf() == r64.cf);
        }
    }
}

TEST_CASE("RCL/RCR by one set OF", "[shift]") {
    Flat f;
    f.cpu.set_rflags(BASE_FLAGS);
    f.set(RAX, 0x8000000000000000);
    REQUIRE(Flat::ok(f.exec({0x48, 0xd1, 0xd0})));  // rcl rax, 1
    CHECK(f.r(RAX) == 0);
    CHECK(status(f) == (fl::CF | fl::OF));  // OF = MSB(result) xor CF

    f.cpu.set_rflags(BASE_FLAGS | fl::CF);
    f.set(RAX, 0x01);
    f.set(RCX, 1);
    REQUIRE(Flat::ok(f.exec({0xd2, 0xd8})));  // rcr al, cl
    CHECK(f.r(RAX) == 0x80);
    CHECK(status(f) == (fl::CF | fl::OF));  // OF = old MSB xor old CF
}

TEST_CASE("SHLD/SHRD fill from the source register", "[shift]") {
    Flat f;
    f.cpu.set_rflags(BASE_FLAGS);
    SECTION("shld eax, ebx, cl") {
        f.set(RAX, 0x12345678);
        f.set(RBX, 0x9abcdef0);
        f.set(RCX, 8);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xa5, 0xd8})));
        CHECK(f.r(RAX) == 0x3456789a);
        CHECK((status(f) & ~(fl::OF | fl::AF)) == fl::PF);
    }
    SECTION("shld eax, ebx, cl by 1 sets OF on a sign change") {
        f.set(RAX, 0x40000000);
        f.set(RCX, 1);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xa5, 0xd8})));
        CHECK(f.r(RAX) == 0x80000000);
        CHECK((status(f) & ~fl::AF) == (fl::OF | fl::SF | fl::PF));
    }
    SECTION("shld rax, rbx, 12") {
        f.set(RAX, 0x0123456789abcdef);
        f.set(RBX, 0xfedcba9876543210);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xa4, 0xd8, 0x0c})));
        CHECK(f.r(RAX) == 0x3456789abcdeffed);
        CHECK((status(f) & ~(fl::OF | fl::AF)) == fl::PF);
    }
    SECTION("shrd eax, ebx, 4") {
        f.set(RAX, 0x12345678);
        f.set(RBX, 0xf);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xac, 0xd8, 0x04})));
        CHECK(f.r(RAX) == 0xf1234567);
        CHECK((status(f) & ~(fl::OF | fl::AF)) == (fl::CF | fl::SF));
    }
    SECTION("16-bit by 16 gives the source") {
        f.set(RAX, 0x1234);
        f.set(RBX, 0xabcd);
        f.set(RCX, 16);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xa5, 0xd8})));  // shld ax, bx, cl
        CHECK(f.r(RAX) == 0xabcd);
        CHECK((status(f) & fl::CF) == 0);  // bit 0 of the old AX
    }
    SECTION("Intel: 16-bit counts above 16 shift the 48-bit dst:src:dst") {
        f.set(RAX, 0x1234);
        f.set(RBX, 0xabcd);
        f.set(RCX, 20);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xa5, 0xd8})));  // shld ax, bx, cl
        CHECK(f.r(RAX) == 0xbcd1);
        CHECK(status(f) == (fl::SF | fl::PF));
        f.set(RAX, 0x1234);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xad, 0xd8})));  // shrd ax, bx, cl
        CHECK(f.r(RAX) == 0x4abc);
        CHECK(status(f) == (fl::CF | fl::OF));
    }
}
