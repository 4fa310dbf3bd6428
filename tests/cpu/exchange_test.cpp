// Exchange instructions (src/cpu/exchange.cpp). Expected values follow the SDM; the register
// write-back details of CMPXCHG/CMPXCHG8B and XADD with its source in the address were checked
// on the host Intel Xeon.
#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {

constexpr uint64_t BUF = DATA + 0x1000;  // 16-byte aligned
constexpr uint64_t STATUS = fl::ARITH;

uint64_t status(const Flat& f) { return f.flags() & STATUS; }
void set_status(Flat& f, uint64_t st) { f.cpu.set_rflags(0x202 | st); }

}  // namespace

TEST_CASE("XCHG register forms", "[exchange]") {
    Flat f;
    SECTION("xchg ecx, eax zero-extends both") {
        f.set(RAX, 0xaaaa'aaaa'0000'0001), f.set(RCX, 0xcccc'cccc'0000'0002);
        REQUIRE(Flat::ok(f.exec({0x91})));  // xchg ecx, eax
        CHECK(f.r(RAX) == 2);
        CHECK(f.r(RCX) == 1);
    }
    SECTION("xchg r8, rax") {
        f.set(RAX, 0x1111'1111'1111'1111), f.set(R8, 0x8888'8888'8888'8888);
        REQUIRE(Flat::ok(f.exec({0x49, 0x90})));  // xchg r8, rax
        CHECK(f.r(RAX) == 0x8888'8888'8888'8888);
        CHECK(f.r(R8) == 0x1111'1111'1111'1111);
    }
    SECTION("xchg cx, ax and xchg al, ah keep the upper bits") {
        f.set(RAX, 0xaaaa'aaaa'aaaa'1234), f.set(RCX, 0xcccc'cccc'cccc'5678);
        REQUIRE(Flat::ok(f.exec({0x66, 0x91})));  // xchg cx, ax
        CHECK(f.r(RAX) == 0xaaaa'aaaa'aaaa'5678);
        CHECK(f.r(RCX) == 0xcccc'cccc'cccc'1234);
        REQUIRE(Flat::ok(f.exec({0x86, 0xe0})));  // xchg al, ah
        CHECK(f.r(RAX) == 0xaaaa'aaaa'aaaa'7856);
    }
    SECTION("87 C0 (xchg eax, eax) zero-extends RAX; 90 is NOP and does not") {
        f.set(RAX, 0xaaaa'aaaa'0000'0005);
        REQUIRE(Flat::ok(f.exec({0x90})));  // nop
        CHECK(f.r(RAX) == 0xaaaa'aaaa'0000'0005);
        REQUIRE(Flat::ok(f.exec({0x87, 0xc0})));  // xchg eax, eax
        CHECK(f.r(RAX) == 5);
    }
}

TEST_CASE("XCHG with memory", "[exchange]") {
    Flat f;
    f.set(RSI, BUF);
    f.poke<uint64_t>(BUF, 0x1111'2222'3333'4444);
    SECTION("each width") {
        f.set(RCX, 0xcccc'cccc'dddd'dddd);
        REQUIRE(Flat::ok(f.exec({0x87, 0x0e})));  // xchg dword [rsi], ecx
        CHECK(f.mem<uint64_t>(BUF) == 0x1111'2222'dddd'dddd);
        CHECK(f.r(RCX) == 0x3333'4444);
        f.set(RCX, 0x0123'4567'89ab'cdef);
        REQUIRE(Flat::ok(f.exec({0x48, 0x87, 0x0e})));  // xchg qword [rsi], rcx
        CHECK(f.mem<uint64_t>(BUF) == 0x0123'4567'89ab'cdef);
        CHECK(f.r(RCX) == 0x1111'2222'dddd'dddd);
        f.set(RBX, 0xbbbb'bbbb'bbbb'bb77);
        REQUIRE(Flat::ok(f.exec({0x86, 0x1e})));  // xchg byte [rsi], bl
        CHECK(f.mem<uint64_t>(BUF) == 0x0123'4567'89ab'cd77);
        CHECK(f.r(RBX) == 0xbbbb'bbbb'bbbb'bbef);
        f.set(RDX, 0xffff'ffff'ffff'5555);
        REQUIRE(Flat::ok(f.exec({0x66, 0xf0, 0x87, 0x16})));  // lock xchg word [rsi], dx
        CHECK(f.mem<uint64_t>(BUF) == 0x0123'4567'89ab'5555);
        CHECK(f.r(RDX) == 0xffff'ffff'ffff'cd77);
    }
    SECTION("a read-only page faults with W and changes nothing") {
        f.cpu.mmu.protect(DATA, 0x10000, perm::R);
        f.set(RCX, 7);
        auto s = f.exec({0x87, 0x0e});  // xchg dword [rsi], ecx
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK((s.fault.error & pferr::W) != 0);
        CHECK(f.r(RCX) == 7);
        CHECK(f.mem<uint64_t>(BUF) == 0x1111'2222'3333'4444);
    }
}

TEST_CASE("XADD", "[exchange]") {
    Flat f;
    set_status(f, 0);
    SECTION("xadd ecx, eax: flags as ADD") {
        f.set(RAX, 1), f.set(RCX, 0x7fff'ffff);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xc1, 0xc1})));  // xadd ecx, eax
        CHECK(f.r(RCX) == 0x8000'0000);
        CHECK(f.r(RAX) == 0x7fff'ffff);
        CHECK(status(f) == (fl::OF | fl::SF | fl::AF | fl::PF));
    }
    SECTION("xadd al, bl") {
        f.set(RAX, 0x12ff), f.set(RBX, 0x3401);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xc0, 0xd8})));  // xadd al, bl
        CHECK(f.r(RAX) == 0x1200);
        CHECK(f.r(RBX) == 0x34ff);
        CHECK(status(f) == (fl::CF | fl::ZF | fl::AF | fl::PF));
    }
    SECTION("xadd eax, eax leaves the sum") {
        f.set(RAX, 0xaaaa'aaaa'0000'0003);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xc1, 0xc0})));  // xadd eax, eax
        CHECK(f.r(RAX) == 6);
    }
    SECTION("memory destinations") {
        f.set(RSI, BUF);
        f.poke<uint64_t>(BUF, 0xffff'ffff'ffff'fff0);
        f.set(RCX, 0x20);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xc1, 0x0e})));  // xadd qword [rsi], rcx
        CHECK(f.mem<uint64_t>(BUF) == 0x10);
        CHECK(f.r(RCX) == 0xffff'ffff'ffff'fff0);
        CHECK(status(f) == fl::CF);
        f.set(RCX, 0xaaaa'aaaa'aaaa'0001);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xc1, 0x0e})));  // xadd word [rsi], cx
        CHECK(f.mem<uint64_t>(BUF) == 0x11);
        CHECK(f.r(RCX) == 0xaaaa'aaaa'aaaa'0010);
    }
    SECTION("the source register in the address: the address uses its old value (host)") {
        f.set(RBX, BUF);
        f.poke<uint64_t>(BUF, 0x10);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xc1, 0x1b})));  // xadd qword [rbx], rbx
        CHECK(f.mem<uint64_t>(BUF) == BUF + 0x10);
        CHECK(f.r(RBX) == 0x10);
        f.set(RBX, BUF + 0x10);
        f.poke<uint64_t>(BUF + 0x10, 0x05);
        f.poke<uint64_t>(BUF, 0x77);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xc0, 0x1b})));  // xadd byte [rbx], bl
        CHECK(f.mem<uint64_t>(BUF + 0x10) == 0x15);
        CHECK(f.mem<uint64_t>(BUF) == 0x77);
        CHECK(f.r(RBX) == BUF + 0x05);
    }
    SECTION("a read-only page faults before the register changes") {
        f.set(RSI, BUF), f.set(RCX, 1);
        f.cpu.mmu.protect(DATA, 0x10000, perm::R);
        auto s = f.exec({0x48, 0x0f, 0xc1, 0x0e});  // xadd qword [rsi], rcx
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(f.r(RCX) == 1);
    }
}

TEST_CASE("CMPXCHG with a register destination", "[exchange]") {
    Flat f;
    SECTION("equal, 32-bit: only the destination is written") {
        f.set(RAX, 0xaaaa'aaaa'0000'0005), f.set(RCX, 0xcccc'cccc'0000'0005);
        f.set(RDX, 0xdddd'dddd'0000'0009), set_status(f, 0);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xb1, 0xd1})));  // cmpxchg ecx, edx
        CHECK(f.r(RCX) == 9);
        CHECK(f.r(RAX) == 0xaaaa'aaaa'0000'0005);
        CHECK(status(f) == (fl::ZF | fl::PF));
    }
    SECTION("unequal, 32-bit: EAX is loaded and zero-extended, the destination is left") {
        f.set(RAX, 0xaaaa'aaaa'0000'0005), f.set(RCX, 0xcccc'cccc'0000'0007);
        f.set(RDX, 0xdddd'dddd'0000'0009);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xb1, 0xd1})));  // cmpxchg ecx, edx
        CHECK(f.r(RAX) == 7);
        CHECK(f.r(RCX) == 0xcccc'cccc'0000'0007);
        CHECK((status(f) & fl::ZF) == 0);
    }
    SECTION("flags as CMP EAX, ECX") {
        f.set(RAX, 1), f.set(RCX, 2), f.set(RBX, 7), set_status(f, 0);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xb1, 0xd9})));  // cmpxchg ecx, ebx
        CHECK(f.r(RAX) == 2);
        CHECK(status(f) == (fl::CF | fl::SF | fl::AF | fl::PF));
    }
    SECTION("cmpxchg eax, edx always matches and writes EAX") {
        f.set(RAX, 0xaaaa'aaaa'0000'0005), f.set(RDX, 0xdddd'dddd'0000'0009);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xb1, 0xd0})));  // cmpxchg eax, edx
        CHECK(f.r(RAX) == 9);
    }
    SECTION("8-bit and 64-bit") {
        f.set(RAX, 0x1155), f.set(RBX, 0x2255), f.set(RCX, 0x3366), set_status(f, STATUS);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xb0, 0xcb})));  // cmpxchg bl, cl
        CHECK(f.r(RBX) == 0x2266);
        CHECK(f.r(RAX) == 0x1155);
        CHECK(status(f) == (fl::ZF | fl::PF));
        f.set(RAX, 0), f.set(RBX, 9), f.set(RCX, 1ull << 63);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xb1, 0xd9})));  // cmpxchg rcx, rbx
        CHECK(f.r(RAX) == 1ull << 63);
        CHECK(f.r(RCX) == 1ull << 63);
        CHECK(status(f) == (fl::OF | fl::SF | fl::PF | fl::CF));
    }
}

TEST_CASE("CMPXCHG with a memory destination", "[exchange]") {
    Flat f;
    f.set(RSI, BUF);
    f.poke<uint64_t>(BUF, 0x1111'2222'0000'0005);
    SECTION("equal stores the source; RAX untouched") {
        f.set(RAX, 0xaaaa'aaaa'0000'0005), f.set(RCX, 7);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xb1, 0x0e})));  // cmpxchg dword [rsi], ecx
        CHECK(f.mem<uint64_t>(BUF) == 0x1111'2222'0000'0007);
        CHECK(f.r(RAX) == 0xaaaa'aaaa'0000'0005);
        CHECK((status(f) & fl::ZF) != 0);
    }
    SECTION("unequal loads EAX, zero-extended") {
        f.set(RAX, 0xaaaa'aaaa'0000'0006), f.set(RCX, 7);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xb1, 0x0e})));  // cmpxchg dword [rsi], ecx
        CHECK(f.mem<uint64_t>(BUF) == 0x1111'2222'0000'0005);
        CHECK(f.r(RAX) == 5);
        CHECK((status(f) & fl::ZF) == 0);
    }
    SECTION("lock, 64-bit and 16-bit") {
        f.set(RAX, 0x1111'2222'0000'0005), f.set(RCX, 0x42);
        REQUIRE(Flat::ok(f.exec({0xf0, 0x48, 0x0f, 0xb1, 0x0e})));  // lock cmpxchg [rsi], rcx
        CHECK(f.mem<uint64_t>(BUF) == 0x42);
        f.set(RAX, 0xaaaa'aaaa'aaaa'0041);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xb1, 0x0e})));  // cmpxchg word [rsi], cx
        CHECK(f.r(RAX) == 0xaaaa'aaaa'aaaa'0042);
        CHECK(f.mem<uint64_t>(BUF) == 0x42);
    }
    SECTION("a read-only page faults even when the comparison fails") {
        f.cpu.mmu.protect(DATA, 0x10000, perm::R);
        f.set(RAX, 6), f.set(RCX, 7), set_status(f, 0);
        auto s = f.exec({0x0f, 0xb1, 0x0e});  // cmpxchg dword [rsi], ecx
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK((s.fault.error & pferr::W) != 0);
        CHECK(f.r(RAX) == 6);
        CHECK(status(f) == 0);
    }
}

TEST_CASE("CMPXCHG8B", "[exchange]") {
    Flat f;
    f.set(RSI, BUF);
    f.poke<uint64_t>(BUF, 0x0000'0011'0000'0005);
    f.set(RBX, 0xbbbb'bbbb'0000'0001), f.set(RCX, 0xcccc'cccc'0000'0002);
    set_status(f, fl::CF | fl::SF | fl::OF);
    SECTION("equal stores ECX:EBX; EDX:EAX untouched") {
        f.set(RAX, 0xaaaa'aaaa'0000'0005), f.set(RDX, 0xdddd'dddd'0000'0011);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xc7, 0x0e})));  // cmpxchg8b [rsi]
        CHECK(f.mem<uint64_t>(BUF) == 0x0000'0002'0000'0001);
        CHECK(f.r(RAX) == 0xaaaa'aaaa'0000'0005);
        CHECK(f.r(RDX) == 0xdddd'dddd'0000'0011);
        CHECK(status(f) == (fl::ZF | fl::CF | fl::SF | fl::OF));
    }
    SECTION("unequal loads EDX:EAX, zero-extended; other flags kept") {
        f.set(RAX, 0xaaaa'aaaa'0000'0006), f.set(RDX, 0xdddd'dddd'0000'0011);
        REQUIRE(Flat::ok(f.exec({0xf0, 0x0f, 0xc7, 0x0e})));  // lock cmpxchg8b [rsi]
        CHECK(f.mem<uint64_t>(BUF) == 0x0000'0011'0000'0005);
        CHECK(f.r(RAX) == 5);
        CHECK(f.r(RDX) == 0x11);
        CHECK(status(f) == (fl::CF | fl::SF | fl::OF));
    }
    SECTION("a read-only page faults even when the comparison fails") {
        f.cpu.mmu.protect(DATA, 0x10000, perm::R);
        f.set(RAX, 6), f.set(RDX, 0);
        auto s = f.exec({0x0f, 0xc7, 0x0e});  // cmpxchg8b [rsi]
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(f.r(RAX) == 6);
    }
}

TEST_CASE("CMPXCHG16B", "[exchange]") {
    Flat f;
    f.set(RSI, BUF);
    f.poke<uint64_t>(BUF, 0x1111), f.poke<uint64_t>(BUF + 8, 0x2222);
    f.set(RBX, 0xb), f.set(RCX, 0xc);
    set_status(f, fl::CF | fl::PF);
    SECTION("equal stores RCX:RBX") {
        f.set(RAX, 0x1111), f.set(RDX, 0x2222);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xc7, 0x0e})));  // cmpxchg16b [rsi]
        CHECK(f.mem<uint64_t>(BUF) == 0xb);
        CHECK(f.mem<uint64_t>(BUF + 8) == 0xc);
        CHECK(status(f) == (fl::ZF | fl::CF | fl::PF));
    }
    SECTION("unequal loads RDX:RAX") {
        f.set(RAX, 0x1111), f.set(RDX, 0x2223);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xc7, 0x0e})));  // cmpxchg16b [rsi]
        CHECK(f.r(RAX) == 0x1111);
        CHECK(f.r(RDX) == 0x2222);
        CHECK(f.mem<uint64_t>(BUF + 8) == 0x2222);
        CHECK(status(f) == (fl::CF | fl::PF));
    }
    SECTION("a misaligned operand raises #GP(0) and changes nothing") {
        f.set(RAX, 0x1111), f.set(RDX, 0x2222), f.set(RSI, BUF - 8);
        auto s = f.exec({0xf0, 0x48, 0x0f, 0xc7, 0x4e, 0x10});  // lock cmpxchg16b [rsi+16]
        REQUIRE(Flat::faulted(s, Vec::GP));
        CHECK(s.fault.error == 0);
        CHECK(f.cpu.rip() == CODE);
        CHECK(f.mem<uint64_t>(BUF + 8) == 0x2222);
        CHECK(status(f) == (fl::CF | fl::PF));
    }
    SECTION("alignment is checked on the linear address (FS base 8)") {
        f.cpu.s.seg[FS].base = 8;
        f.set(RSI, BUF);
        auto s = f.exec({0x64, 0x48, 0x0f, 0xc7, 0x0e});  // cmpxchg16b fs:[rsi]
        REQUIRE(Flat::faulted(s, Vec::GP));
    }
    SECTION("a read-only page faults with #PF") {
        f.cpu.mmu.protect(DATA, 0x10000, perm::R);
        f.set(RAX, 0), f.set(RDX, 0);
        auto s = f.exec({0x48, 0x0f, 0xc7, 0x0e});  // cmpxchg16b [rsi]
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(f.r(RAX) == 0);
    }
}
