// src/cpu/alu.cpp and the lazy flags behind it. Expected values are worked out by hand from the
// SDM's definitions of each flag.
#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {
constexpr uint64_t STATUS = fl::CF | fl::PF | fl::AF | fl::ZF | fl::SF | fl::OF;
uint64_t status_of(const Flat& f) { return f.flags() & STATUS; }
}  // namespace

TEST_CASE("ADD sets every status flag at each width", "[alu]") {
    Flat f;
    SECTION("8-bit signed overflow: 0x7f + 1") {
        f.set(RAX, 0x7f);
        REQUIRE(Flat::ok(f.exec({0x04, 0x01})));  // add al, 1
        CHECK(f.r(RAX) == 0x80);
        CHECK(status_of(f) == (fl::OF | fl::SF | fl::AF));  // 0x80 has odd parity: PF=0
    }
    SECTION("16-bit carry out and zero: 0xffff + 1") {
        f.set(RAX, 0xabcd0000ffffull);
        REQUIRE(Flat::ok(f.exec({0x66, 0x83, 0xc0, 0x01})));  // add ax, 1
        CHECK(f.r(RAX) == 0xabcd00000000ull);               // upper bits kept
        CHECK(status_of(f) == (fl::CF | fl::ZF | fl::PF | fl::AF));
    }
    SECTION("32-bit write zero-extends") {
        f.set(RAX, 0xffffffff00000001ull);
        f.set(RBX, 1);
        REQUIRE(Flat::ok(f.exec({0x01, 0xd8})));  // add eax, ebx
        CHECK(f.r(RAX) == 2);
        CHECK(status_of(f) == 0);  // 2 = 0b10: one bit set, odd parity
    }
    SECTION("64-bit: 0x8000000000000000 + 0x8000000000000000") {
        f.set(RAX, 0x8000000000000000ull);
        f.set(RBX, 0x8000000000000000ull);
        REQUIRE(Flat::ok(f.exec({0x48, 0x01, 0xd8})));  // add rax, rbx
        CHECK(f.r(RAX) == 0);
        CHECK(status_of(f) == (fl::CF | fl::OF | fl::ZF | fl::PF));
    }
}

TEST_CASE("ADC and SBB use the carry in", "[alu]") {
    Flat f;
    f.cpu.set_rflags(fl::FIXED1 | fl::CF);
    f.set(RAX, 0xff);
    f.set(RBX, 0);
    REQUIRE(Flat::ok(f.exec({0x10, 0xd8})));  // adc al, bl: 0xff + 0 + 1
    CHECK((f.r(RAX) & 0xff) == 0);
    CHECK(status_of(f) == (fl::CF | fl::ZF | fl::PF | fl::AF));

    f.cpu.set_rflags(fl::FIXED1 | fl::CF);
    f.set(RAX, 5);
    f.set(RBX, 5);
    REQUIRE(Flat::ok(f.exec({0x48, 0x19, 0xd8})));  // sbb rax, rbx: 5 - 5 - 1
    CHECK(f.r(RAX) == ~0ull);
    CHECK(status_of(f) == (fl::CF | fl::SF | fl::PF | fl::AF));
}

TEST_CASE("SUB, CMP and NEG borrow rules", "[alu]") {
    Flat f;
    f.set(RAX, 0x80000000);
    f.set(RBX, 1);
    REQUIRE(Flat::ok(f.exec({0x39, 0xd8})));  // cmp eax, ebx: 0x80000000 - 1 overflows
    CHECK(f.r(RAX) == 0x80000000);              // CMP writes nothing
    CHECK(status_of(f) == (fl::OF | fl::AF | fl::PF));  // 0x7fffffff: low byte 0xff, even parity

    f.set(RCX, 0);
    REQUIRE(Flat::ok(f.exec({0x48, 0xf7, 0xd9})));  // neg rcx (0): CF = 0
    CHECK(status_of(f) == (fl::ZF | fl::PF));
    f.set(RCX, 1);
    REQUIRE(Flat::ok(f.exec({0x48, 0xf7, 0xd9})));  // neg rcx (1) = -1: CF = 1
    CHECK(f.r(RCX) == ~0ull);
    CHECK(status_of(f) == (fl::CF | fl::SF | fl::PF | fl::AF));
}

TEST_CASE("logic ops clear CF and OF", "[alu]") {
    Flat f;
    f.cpu.set_rflags(fl::FIXED1 | fl::CF | fl::OF);
    f.set(RAX, 0xf0);
    f.set(RBX, 0x0f);
    REQUIRE(Flat::ok(f.exec({0x84, 0xd8})));  // test al, bl
    CHECK(status_of(f) == (fl::ZF | fl::PF));
    REQUIRE(Flat::ok(f.exec({0x08, 0xd8})));  // or al, bl
    CHECK((f.r(RAX) & 0xff) == 0xff);
    CHECK(status_of(f) == (fl::SF | fl::PF));
    REQUIRE(Flat::ok(f.exec({0x30, 0xfc})));  // xor ah, bh: both zero
    CHECK(status_of(f) == (fl::ZF | fl::PF));
}

TEST_CASE("INC and DEC keep CF", "[alu]") {
    Flat f;
    f.cpu.set_rflags(fl::FIXED1 | fl::CF);
    f.set(RAX, 0x7fffffffffffffffull);
    REQUIRE(Flat::ok(f.exec({0x48, 0xff, 0xc0})));  // inc rax
    CHECK(status_of(f) == (fl::CF | fl::OF | fl::SF | fl::AF | fl::PF));
    f.cpu.set_rflags(fl::FIXED1);
    f.set(RBX, 0);
    REQUIRE(Flat::ok(f.exec({0xfe, 0xcb})));  // dec bl
    CHECK((f.r(RBX) & 0xff) == 0xff);
    CHECK(status_of(f) == (fl::SF | fl::AF | fl::PF));
}

TEST_CASE("memory destinations, LOCK, and precise faults", "[alu]") {
    Flat f;
    f.poke<uint32_t>(DATA, 41);
    f.set(RBX, DATA);
    REQUIRE(Flat::ok(f.exec({0xf0, 0x83, 0x03, 0x01})));  // lock add dword [rbx], 1
    CHECK(f.mem<uint32_t>(DATA) == 42);

    SECTION("LOCK with a register destination is #UD") {
        REQUIRE(Flat::faulted(f.exec({0xf0, 0x01, 0xd8}), Vec::UD));  // lock add eax, ebx
    }
    SECTION("a read-only destination faults with W set and changes nothing") {
        f.cpu.mmu.protect(DATA, 0x1000, perm::R);
        f.cpu.set_rflags(fl::FIXED1 | fl::CF);
        auto s = f.exec({0x83, 0x03, 0x01});  // add dword [rbx], 1
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.error == (pferr::P | pferr::W | pferr::U));
        CHECK(s.fault.cr2 == DATA);
        CHECK(f.mem<uint32_t>(DATA) == 42);
        CHECK(status_of(f) == fl::CF);
        CHECK(f.cpu.rip() == CODE);
    }
    SECTION("a non-canonical address is #GP(0)") {
        f.set(RBX, 0x0000800000000000ull);
        REQUIRE(Flat::faulted(f.exec({0x83, 0x03, 0x01}), Vec::GP));
    }
    SECTION("an access that splits across into an unmapped page faults before writing") {
        f.set(RBX, DATA + 0x10000 - 2);
        f.poke<uint16_t>(DATA + 0x10000 - 2, 0x1234);
        auto s = f.exec({0x83, 0x03, 0x01});  // add dword [rbx], 1 straddles the end
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == DATA + 0x10000);
        CHECK(f.mem<uint16_t>(DATA + 0x10000 - 2) == 0x1234);
    }
}

TEST_CASE("RIP-relative, SIB and 32-bit address size", "[alu]") {
    Flat f;
    f.poke<uint64_t>(DATA + 0x40, 7);
    f.set(RSI, DATA);
    f.set(RDI, 8);
    REQUIRE(Flat::ok(f.exec({0x48, 0x03, 0x44, 0xfe, 0x00})));  // add rax, [rsi+rdi*8+0]
    CHECK(f.r(RAX) == 7);
    // 0x67: the effective address wraps at 4 GiB: esi = 0xffffffff, +1 -> 0
    f.set(RSI, 0xffffffffull);
    f.set(RAX, 0);
    f.cpu.map(0, 0x1000, perm::R);
    f.poke<uint8_t>(0, 9);
    REQUIRE(Flat::ok(f.exec({0x67, 0x02, 0x46, 0x01})));  // add al, [esi+1]
    CHECK(f.r(RAX) == 9);
    // rip-relative: add rax, [rip+0] reads the INT3 that follows (0xcc) as its low byte
    f.set(RAX, 0);
    REQUIRE(Flat::ok(f.exec({0x02, 0x05, 0x00, 0x00, 0x00, 0x00})));  // add al, [rip+0]
    CHECK(f.r(RAX) == 0xcc);
}

TEST_CASE("GS override adds the segment base", "[alu]") {
    Flat f;
    f.cpu.s.seg[GS].base = DATA;
    f.poke<uint64_t>(DATA + 0x10, 0x1122334455667788ull);
    f.set(RAX, 1);
    REQUIRE(Flat::ok(f.exec({0x65, 0x48, 0x03, 0x04, 0x25, 0x10, 0x00, 0x00, 0x00})));  // add rax, gs:[0x10]
    CHECK(f.r(RAX) == 0x1122334455667789ull);
}
