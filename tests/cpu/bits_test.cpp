// Bit instructions (src/cpu/bits.cpp). Expected values follow the SDM; where the SDM leaves a
// flag undefined the test checks what the host Intel Xeon gives (inline-asm runs of the same
// instruction and inputs).
#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {

constexpr uint64_t BUF = DATA + 0x1000;  // RSI for memory forms; room for negative offsets
constexpr uint64_t STATUS = fl::ARITH;
constexpr uint64_t GARBAGE = 0xdead'beef'0000'0000;  // upper bits a 32-bit write must clear

uint64_t status(const Flat& f) { return f.flags() & STATUS; }
void set_status(Flat& f, uint64_t st) { f.cpu.set_rflags(0x202 | st); }

}  // namespace

TEST_CASE("BT register forms mask the offset to the width and set only CF", "[bits]") {
    Flat f;
    SECTION("bt eax, ecx: offset 63 selects bit 31") {
        f.set(RAX, 0x8000'0000), f.set(RCX, 63), set_status(f, 0);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xa3, 0xc8})));  // bt eax, ecx
        CHECK(status(f) == fl::CF);
    }
    SECTION("bt eax, ecx: a clear bit clears CF and keeps the other flags") {
        f.set(RAX, 0x8000'0000), f.set(RCX, 30), set_status(f, STATUS);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xa3, 0xc8})));  // bt eax, ecx
        CHECK(status(f) == (STATUS & ~fl::CF));
        CHECK(f.r(RAX) == 0x8000'0000);
    }
    SECTION("bt rax, rcx: offset 104 selects bit 40") {
        f.set(RAX, 1ull << 40), f.set(RCX, 104), set_status(f, 0);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xa3, 0xc8})));  // bt rax, rcx
        CHECK(status(f) == fl::CF);
    }
    SECTION("bt ax, cx: offset 31 selects bit 15") {
        f.set(RAX, 0x8000), f.set(RCX, 31), set_status(f, 0);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xa3, 0xc8})));  // bt ax, cx
        CHECK(status(f) == fl::CF);
    }
    SECTION("bt eax, 37 and bt rax, 37: the imm8 is masked to the width") {
        f.set(RAX, 0x20), set_status(f, 0);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xba, 0xe0, 0x25})));  // bt eax, 37
        CHECK(status(f) == fl::CF);
        f.set(RAX, 1ull << 37), set_status(f, 0);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xba, 0xe0, 0x25})));  // bt rax, 37
        CHECK(status(f) == fl::CF);
    }
}

TEST_CASE("BTS BTR BTC on registers", "[bits]") {
    Flat f;
    SECTION("bts ecx, 31 zero-extends RCX") {
        f.set(RCX, 0xffff'ffff'0000'0000), set_status(f, STATUS);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xba, 0xe9, 0x1f})));  // bts ecx, 31
        CHECK(f.r(RCX) == 0x8000'0000);
        CHECK(status(f) == (STATUS & ~fl::CF));
    }
    SECTION("btr rcx, 63") {
        f.set(RCX, ~0ull), set_status(f, 0);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xba, 0xf1, 0x3f})));  // btr rcx, 63
        CHECK(f.r(RCX) == 0x7fff'ffff'ffff'ffff);
        CHECK(status(f) == fl::CF);
    }
    SECTION("btc dx, 17 toggles bit 1 and keeps bits 16..63") {
        f.set(RDX, 0x1234'5678'0000'0002), set_status(f, 0);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xba, 0xfa, 0x11})));  // btc dx, 17
        CHECK(f.r(RDX) == 0x1234'5678'0000'0000);
        CHECK(status(f) == fl::CF);
    }
}

TEST_CASE("BT on memory with a register offset addresses a bit string", "[bits]") {
    Flat f;
    f.set(RSI, BUF), set_status(f, 0);
    SECTION("bt dword [rsi], ecx: offset -1 is bit 31 of the dword below") {
        f.poke<uint32_t>(BUF - 4, 0x8000'0000);
        f.set(RCX, 0xffff'ffff);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xa3, 0x0e})));  // bt dword [rsi], ecx
        CHECK(status(f) == fl::CF);
    }
    SECTION("bt dword [rsi], ecx: offset 100 is bit 4 of [rsi+12]; RCX[63:32] ignored") {
        f.poke<uint32_t>(BUF + 12, 0x10);
        f.set(RCX, 0xdead'0000'0000'0064);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xa3, 0x0e})));  // bt dword [rsi], ecx
        CHECK(status(f) == fl::CF);
    }
    SECTION("bt qword [rsi], rcx: offset -65 is bit 63 of [rsi-16]") {
        f.poke<uint64_t>(BUF - 16, 1ull << 63);
        f.set(RCX, static_cast<uint64_t>(-65));
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xa3, 0x0e})));  // bt qword [rsi], rcx
        CHECK(status(f) == fl::CF);
    }
    SECTION("bt qword [rsi], rcx: offset 0x4003 is bit 3 of [rsi+0x800]") {
        f.poke<uint64_t>(BUF + 0x800, 8);
        f.set(RCX, 0x4003);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xa3, 0x0e})));  // bt qword [rsi], rcx
        CHECK(status(f) == fl::CF);
    }
    SECTION("bt word [rsi], cx: offset 0xffff is -1, bit 15 of [rsi-2]") {
        f.poke<uint16_t>(BUF - 2, 0x8000);
        f.set(RCX, 0xdead'0000'0000'ffff);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xa3, 0x0e})));  // bt word [rsi], cx
        CHECK(status(f) == fl::CF);
    }
    SECTION("bt dword [esi], ecx: the 32-bit address size truncates the base") {
        f.poke<uint32_t>(BUF - 4, 0x8000'0000);
        f.set(RSI, 0xffff'ffff'0000'0000 | BUF), f.set(RCX, 0xffff'ffff);
        REQUIRE(Flat::ok(f.exec({0x67, 0x0f, 0xa3, 0x0e})));  // bt dword [esi], ecx
        CHECK(status(f) == fl::CF);
    }
    SECTION("an imm8 offset is masked and never leaves the operand") {
        f.poke<uint32_t>(BUF, 0x8);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xba, 0x26, 0x23})));  // bt dword [rsi], 35
        CHECK(status(f) == fl::CF);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xba, 0x2e, 0x46})));  // bts qword [rsi], 70
        CHECK(f.mem<uint64_t>(BUF) == 0x48);
        CHECK(status(f) == 0);  // bit 6 was clear
    }
}

TEST_CASE("BT bit-string offsets are signed at the operand width and may reach far", "[bits]") {
    Flat f;
    const uint64_t base = DATA + 0x100;  // DATA is mapped for 64 KiB, nothing below it
    f.set(RSI, base), set_status(f, 0);
    SECTION("16-bit offset 0x8000 is -32768 bits: 4 KiB below, unmapped") {
        f.set(RCX, 0x8000);
        auto s = f.exec({0x66, 0x0f, 0xa3, 0x0e});  // bt word [rsi], cx
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == base - 0x1000);
        CHECK(f.cpu.rip() == CODE);
    }
    SECTION("32-bit offset 0x7fffffff with garbage above bit 31") {
        f.set(RCX, GARBAGE | 0x7fff'ffff);
        auto s = f.exec({0x0f, 0xa3, 0x0e});  // bt dword [rsi], ecx
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == base + 0x0fff'fffc);
    }
    SECTION("64-bit offset +2^40 bits") {
        f.set(RCX, 1ull << 40);
        auto s = f.exec({0x48, 0x0f, 0xa3, 0x0e});  // bt qword [rsi], rcx
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == base + (1ull << 37));
    }
    SECTION("64-bit offset -2^40 bits") {
        f.set(RCX, static_cast<uint64_t>(-(1ll << 40)));
        auto s = f.exec({0x48, 0x0f, 0xa3, 0x0e});  // bt qword [rsi], rcx
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == base - (1ull << 37));
    }
}

TEST_CASE("BTS BTR BTC on memory", "[bits]") {
    Flat f;
    f.set(RSI, BUF), set_status(f, 0);
    SECTION("bts dword [rsi], ecx with offset -1 sets bit 31 of [rsi-4]") {
        f.set(RCX, 0xffff'ffff);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xab, 0x0e})));  // bts dword [rsi], ecx
        CHECK(f.mem<uint32_t>(BUF - 4) == 0x8000'0000);
        CHECK(f.mem<uint32_t>(BUF) == 0);
        CHECK(status(f) == 0);
    }
    SECTION("btr qword [rsi], rcx with offset 130 clears bit 2 of [rsi+16]") {
        f.poke<uint64_t>(BUF + 16, ~0ull);
        f.set(RCX, 130);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xb3, 0x0e})));  // btr qword [rsi], rcx
        CHECK(f.mem<uint64_t>(BUF + 16) == 0xffff'ffff'ffff'fffb);
        CHECK(status(f) == fl::CF);
    }
    SECTION("btc word [rsi], cx with offset -17 toggles bit 15 of [rsi-4]") {
        f.set(RCX, 0xffef);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xbb, 0x0e})));  // btc word [rsi], cx
        CHECK(f.mem<uint16_t>(BUF - 4) == 0x8000);
        CHECK(status(f) == 0);
    }
    SECTION("a read-only page: BT reads it, BTS faults with W before changing CF") {
        f.poke<uint32_t>(BUF, 1);
        f.cpu.mmu.protect(DATA, 0x10000, perm::R);
        f.set(RCX, 0);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xa3, 0x0e})));  // bt dword [rsi], ecx
        CHECK(status(f) == fl::CF);
        set_status(f, 0);
        auto s = f.exec({0x0f, 0xab, 0x0e});  // bts dword [rsi], ecx
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK((s.fault.error & pferr::W) != 0);
        CHECK(s.fault.cr2 == BUF);
        CHECK(status(f) == 0);
    }
}

TEST_CASE("BSF and BSR", "[bits]") {
    Flat f;
    set_status(f, STATUS);
    SECTION("bsf eax, ecx zero-extends") {
        f.set(RAX, GARBAGE | 0x1234'5678), f.set(RCX, 0xffff'ffff'0001'0100);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xbc, 0xc1})));  // bsf eax, ecx
        CHECK(f.r(RAX) == 8);
        CHECK((status(f) & fl::ZF) == 0);
    }
    SECTION("bsf eax, ecx with ECX = 0: ZF set, RAX unchanged, not even zero-extended") {
        f.set(RAX, GARBAGE | 0x1234'5678), f.set(RCX, 0xffff'ffff'0000'0000);
        set_status(f, 0);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xbc, 0xc1})));  // bsf eax, ecx
        CHECK(f.r(RAX) == (GARBAGE | 0x1234'5678));
        CHECK(status(f) == (fl::ZF | fl::PF));  // host: CF OF SF AF cleared, PF set
    }
    SECTION("bsf ax, cx and bsf rax, rcx") {
        f.set(RAX, 0x1111'2222'3333'4444), f.set(RCX, 0x8000);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xbc, 0xc1})));  // bsf ax, cx
        CHECK(f.r(RAX) == 0x1111'2222'3333'000f);
        f.set(RCX, 1ull << 63);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xbc, 0xc1})));  // bsf rax, rcx
        CHECK(f.r(RAX) == 63);
        CHECK(status(f) == fl::PF);  // host: PF from the index 63
    }
    SECTION("bsr eax, ecx; bsr rax, [rsi]; bsr ax, cx") {
        f.set(RAX, GARBAGE), f.set(RCX, 0x0001'0100);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xbd, 0xc1})));  // bsr eax, ecx
        CHECK(f.r(RAX) == 16);
        f.set(RSI, BUF), f.poke<uint64_t>(BUF, 0x0000'0100'0000'0001);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xbd, 0x06})));  // bsr rax, [rsi]
        CHECK(f.r(RAX) == 40);
        f.set(RAX, 0x1111'2222'3333'4444), f.set(RCX, 1);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xbd, 0xc1})));  // bsr ax, cx
        CHECK(f.r(RAX) == 0x1111'2222'3333'0000);
        CHECK((status(f) & fl::ZF) == 0);
    }
    SECTION("bsr rax, rcx with RCX = 0 leaves RAX") {
        f.set(RAX, 0x1111'2222'3333'4444), f.set(RCX, 0);
        REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xbd, 0xc1})));  // bsr rax, rcx
        CHECK(f.r(RAX) == 0x1111'2222'3333'4444);
        CHECK((status(f) & fl::ZF) != 0);
    }
}

TEST_CASE("POPCNT LZCNT TZCNT", "[bits]") {
    Flat f;
    f.set(RSI, BUF), set_status(f, STATUS);
    SECTION("popcnt clears the other flags") {
        f.set(RAX, ~0ull), f.set(RCX, 0xffff'ffff'0f0f'0001);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0xb8, 0xc1})));  // popcnt eax, ecx
        CHECK(f.r(RAX) == 9);
        CHECK(status(f) == 0);
        f.poke<uint64_t>(BUF, ~0ull);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x48, 0x0f, 0xb8, 0x06})));  // popcnt rax, [rsi]
        CHECK(f.r(RAX) == 64);
        f.set(RAX, 0x1111'2222'3333'4444), f.set(RCX, 0xffff'0000), set_status(f, STATUS);
        REQUIRE(Flat::ok(f.exec({0x66, 0xf3, 0x0f, 0xb8, 0xc1})));  // popcnt ax, cx
        CHECK(f.r(RAX) == 0x1111'2222'3333'0000);
        CHECK(status(f) == fl::ZF);
    }
    SECTION("lzcnt: CF for a zero source, ZF for a zero count") {
        f.set(RAX, ~0ull), f.set(RCX, 0xffff'ffff'0001'0000);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0xbd, 0xc1})));  // lzcnt eax, ecx
        CHECK(f.r(RAX) == 15);
        CHECK(status(f) == 0);
        f.set(RCX, 0);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0xbd, 0xc1})));  // lzcnt eax, ecx
        CHECK(f.r(RAX) == 32);
        CHECK(status(f) == fl::CF);
        f.set(RCX, 0x8000'0000);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0xbd, 0xc1})));  // lzcnt eax, ecx
        CHECK(f.r(RAX) == 0);
        CHECK(status(f) == fl::ZF);
        f.set(RCX, 1);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x48, 0x0f, 0xbd, 0xc1})));  // lzcnt rax, rcx
        CHECK(f.r(RAX) == 63);
        f.set(RAX, 0x1111'2222'3333'4444), f.set(RCX, 0xff);
        REQUIRE(Flat::ok(f.exec({0x66, 0xf3, 0x0f, 0xbd, 0xc1})));  // lzcnt ax, cx
        CHECK(f.r(RAX) == 0x1111'2222'3333'0008);
    }
    SECTION("tzcnt: CF for a zero source, ZF for a zero count") {
        f.set(RAX, ~0ull), f.set(RCX, 0x100);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0xbc, 0xc1})));  // tzcnt eax, ecx
        CHECK(f.r(RAX) == 8);
        CHECK(status(f) == 0);
        f.poke<uint64_t>(BUF, 0);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x48, 0x0f, 0xbc, 0x06})));  // tzcnt rax, [rsi]
        CHECK(f.r(RAX) == 64);
        CHECK(status(f) == fl::CF);
        f.set(RAX, 0x1111'2222'3333'4444), f.set(RCX, 0xffff'0000);
        REQUIRE(Flat::ok(f.exec({0x66, 0xf3, 0x0f, 0xbc, 0xc1})));  // tzcnt ax, cx
        CHECK(f.r(RAX) == 0x1111'2222'3333'0010);
        CHECK(status(f) == fl::CF);
        f.set(RCX, 1);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0xbc, 0xc1})));  // tzcnt eax, ecx
        CHECK(f.r(RAX) == 0);
        CHECK(status(f) == fl::ZF);
    }
}

TEST_CASE("BMI1: ANDN BEXTR BLSI BLSMSK BLSR", "[bits]") {
    Flat f;
    f.set(RSI, BUF), set_status(f, STATUS);
    SECTION("andn") {
        f.set(RAX, ~0ull), f.set(RCX, 0xff00'ff00), f.set(RDX, 0x0ff0'0ff0);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x70, 0xf2, 0xc2})));  // andn eax, ecx, edx
        CHECK(f.r(RAX) == 0x00f0'00f0);
        CHECK(status(f) == 0);
        f.poke<uint64_t>(BUF, 1ull << 63), f.set(RCX, 0);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xf0, 0xf2, 0x06})));  // andn rax, rcx, [rsi]
        CHECK(f.r(RAX) == 1ull << 63);
        CHECK(status(f) == fl::SF);
        f.set(RCX, 0xff), f.set(RDX, 0x0f);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x70, 0xf2, 0xc2})));  // andn eax, ecx, edx
        CHECK(f.r(RAX) == 0);
        CHECK(status(f) == fl::ZF);
    }
    SECTION("bextr: start in bits 0..7, length in bits 8..15 of the control") {
        f.set(RAX, ~0ull), f.set(RCX, 0x1234'5678), f.set(RDX, 0xffff'0000'0000'0804);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x68, 0xf7, 0xc1})));  // bextr eax, ecx, edx
        CHECK(f.r(RAX) == 0x67);
        CHECK(status(f) == 0);
        f.poke<uint64_t>(BUF, 0xfedc'ba98'7654'3210), f.set(RDX, 0x1038);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xe8, 0xf7, 0x06})));  // bextr rax, [rsi], rdx
        CHECK(f.r(RAX) == 0xfe);
        f.set(RDX, 0xff00);  // length past the width takes everything
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xe8, 0xf7, 0x06})));  // bextr rax, [rsi], rdx
        CHECK(f.r(RAX) == 0xfedc'ba98'7654'3210);
        f.set(RDX, 0x0840);  // start past the width gives 0
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xe8, 0xf7, 0x06})));  // bextr rax, [rsi], rdx
        CHECK(f.r(RAX) == 0);
        CHECK(status(f) == fl::ZF);
        f.set(RDX, 0x0004);  // length 0
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x68, 0xf7, 0xc1})));  // bextr eax, ecx, edx
        CHECK(f.r(RAX) == 0);
        CHECK(status(f) == fl::ZF);
    }
    SECTION("blsi: CF = source nonzero") {
        f.set(RAX, ~0ull), f.set(RCX, 0x58);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x78, 0xf3, 0xd9})));  // blsi eax, ecx
        CHECK(f.r(RAX) == 0x8);
        CHECK(status(f) == fl::CF);
        f.set(RCX, 0);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x78, 0xf3, 0xd9})));  // blsi eax, ecx
        CHECK(f.r(RAX) == 0);
        CHECK(status(f) == fl::ZF);
        f.set(RCX, 1ull << 63);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xf8, 0xf3, 0xd9})));  // blsi rax, rcx
        CHECK(f.r(RAX) == 1ull << 63);
        CHECK(status(f) == (fl::SF | fl::CF));
    }
    SECTION("blsmsk: CF = source zero, ZF always clear") {
        f.set(RAX, ~0ull), f.set(RCX, 0x28);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x78, 0xf3, 0xd1})));  // blsmsk eax, ecx
        CHECK(f.r(RAX) == 0xf);
        CHECK(status(f) == 0);
        f.set(RCX, 0);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x78, 0xf3, 0xd1})));  // blsmsk eax, ecx
        CHECK(f.r(RAX) == 0xffff'ffff);
        CHECK(status(f) == (fl::SF | fl::CF));
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xf8, 0xf3, 0xd1})));  // blsmsk rax, rcx
        CHECK(f.r(RAX) == ~0ull);
    }
    SECTION("blsr: CF = source zero") {
        f.set(RAX, ~0ull), f.set(RCX, 0x28);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x78, 0xf3, 0xc9})));  // blsr eax, ecx
        CHECK(f.r(RAX) == 0x20);
        CHECK(status(f) == 0);
        f.poke<uint64_t>(BUF, 1ull << 63);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xf8, 0xf3, 0x0e})));  // blsr rax, [rsi]
        CHECK(f.r(RAX) == 0);
        CHECK(status(f) == fl::ZF);
        f.set(RCX, 0);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x78, 0xf3, 0xc9})));  // blsr eax, ecx
        CHECK(status(f) == (fl::ZF | fl::CF));
    }
}

TEST_CASE("BMI2: BZHI", "[bits]") {
    Flat f;
    set_status(f, STATUS);
    f.set(RAX, ~0ull), f.set(RCX, 0xffff'ffff);
    // bzhi eax, ecx, edx = c4 e2 68 f5 c1; bzhi rax, rcx, rdx = c4 e2 e8 f5 c1
    f.set(RDX, 8);
    REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x68, 0xf5, 0xc1})));
    CHECK(f.r(RAX) == 0xff);
    CHECK(status(f) == 0);
    f.set(RDX, 0x108);  // only bits 0..7 of the index count
    REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x68, 0xf5, 0xc1})));
    CHECK(f.r(RAX) == 0xff);
    f.set(RDX, 0x120);  // index 32 > 31: CF, nothing cleared
    REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x68, 0xf5, 0xc1})));
    CHECK(f.r(RAX) == 0xffff'ffff);
    CHECK(status(f) == (fl::SF | fl::CF));
    f.set(RCX, ~0ull), f.set(RDX, 63);
    REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xe8, 0xf5, 0xc1})));
    CHECK(f.r(RAX) == 0x7fff'ffff'ffff'ffff);
    CHECK(status(f) == 0);
    f.set(RDX, 64);
    REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xe8, 0xf5, 0xc1})));
    CHECK(f.r(RAX) == ~0ull);
    CHECK(status(f) == (fl::SF | fl::CF));
    f.set(RDX, 0);
    REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xe8, 0xf5, 0xc1})));
    CHECK(f.r(RAX) == 0);
    CHECK(status(f) == fl::ZF);
}

TEST_CASE("BMI2: PDEP PEXT RORX SARX SHLX SHRX leave the flags alone", "[bits]") {
    Flat f;
    f.set(RSI, BUF);
    for (uint64_t st : {uint64_t{0}, STATUS}) {
        set_status(f, st);
        f.set(RAX, ~0ull), f.set(RCX, 5), f.set(RDX, 0x1a);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x73, 0xf5, 0xc2})));  // pdep eax, ecx, edx
        CHECK(f.r(RAX) == 0x12);
        f.poke<uint64_t>(BUF, 0xf000'0000'0000'000f), f.set(RCX, 0xff);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xf3, 0xf5, 0x06})));  // pdep rax, rcx, [rsi]
        CHECK(f.r(RAX) == 0xf000'0000'0000'000f);
        f.set(RAX, ~0ull), f.set(RCX, 0x1234'5678), f.set(RDX, 0xff00'ff00);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x72, 0xf5, 0xc2})));  // pext eax, ecx, edx
        CHECK(f.r(RAX) == 0x1256);
        f.set(RCX, 0x8000'0000'0000'0001), f.set(RDX, 0x8000'0000'0000'0001);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xf2, 0xf5, 0xc2})));  // pext rax, rcx, rdx
        CHECK(f.r(RAX) == 3);
        f.set(RAX, ~0ull), f.set(RCX, 0x1234'5678);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe3, 0x7b, 0xf0, 0xc1, 0x08})));  // rorx eax, ecx, 8
        CHECK(f.r(RAX) == 0x7812'3456);
        f.poke<uint64_t>(BUF, 0x0123'4567'89ab'cdef);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe3, 0xfb, 0xf0, 0x06, 0x44})));  // rorx rax, [rsi], 68
        CHECK(f.r(RAX) == 0xf012'3456'789a'bcde);
        f.set(RAX, ~0ull), f.set(RCX, 0x8000'0000), f.set(RDX, 33);  // count masked to 1
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x6a, 0xf7, 0xc1})));  // sarx eax, ecx, edx
        CHECK(f.r(RAX) == 0xc000'0000);
        f.set(RCX, static_cast<uint64_t>(-16)), f.set(RDX, 2);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xea, 0xf7, 0xc1})));  // sarx rax, rcx, rdx
        CHECK(f.r(RAX) == static_cast<uint64_t>(-4));
        f.set(RAX, ~0ull), f.set(RCX, 1), f.set(RDX, 31);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x69, 0xf7, 0xc1})));  // shlx eax, ecx, edx
        CHECK(f.r(RAX) == 0x8000'0000);
        f.poke<uint64_t>(BUF, 3), f.set(RDX, 126);  // count masked to 62
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xe9, 0xf7, 0x06})));  // shlx rax, [rsi], rdx
        CHECK(f.r(RAX) == 0xc000'0000'0000'0000);
        f.set(RAX, ~0ull), f.set(RCX, 0x8000'0000), f.set(RDX, 31);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0x6b, 0xf7, 0xc1})));  // shrx eax, ecx, edx
        CHECK(f.r(RAX) == 1);
        f.set(RCX, ~0ull), f.set(RDX, 60);
        REQUIRE(Flat::ok(f.exec({0xc4, 0xe2, 0xeb, 0xf7, 0xc1})));  // shrx rax, rcx, rdx
        CHECK(f.r(RAX) == 0xf);
        CHECK(status(f) == st);
    }
}

TEST_CASE("ADCX carries through CF only, ADOX through OF only", "[bits]") {
    Flat f;
    f.set(RSI, BUF), f.poke<uint64_t>(BUF, 7);
    SECTION("adcx") {
        f.set(RAX, 0xaaaa'aaaa'ffff'ffff), f.set(RCX, 0), set_status(f, fl::CF | fl::OF);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0x38, 0xf6, 0xc1})));  // adcx eax, ecx
        CHECK(f.r(RAX) == 0);
        CHECK(status(f) == (fl::CF | fl::OF));
        f.set(RAX, 5), set_status(f, fl::OF);
        REQUIRE(Flat::ok(f.exec({0x66, 0x48, 0x0f, 0x38, 0xf6, 0x06})));  // adcx rax, [rsi]
        CHECK(f.r(RAX) == 12);
        CHECK(status(f) == fl::OF);
        f.set(RAX, ~0ull), set_status(f, fl::CF);
        REQUIRE(Flat::ok(f.exec({0x66, 0x48, 0x0f, 0x38, 0xf6, 0x06})));  // adcx rax, [rsi]
        CHECK(f.r(RAX) == 7);
        CHECK(status(f) == fl::CF);
    }
    SECTION("adox") {
        f.set(RAX, 0x8000'0000), f.set(RCX, 0x8000'0000), set_status(f, fl::CF);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x0f, 0x38, 0xf6, 0xc1})));  // adox eax, ecx
        CHECK(f.r(RAX) == 0);
        CHECK(status(f) == (fl::CF | fl::OF));
        f.set(RAX, 1), f.set(RCX, 2), set_status(f, fl::OF | fl::ZF);
        REQUIRE(Flat::ok(f.exec({0xf3, 0x48, 0x0f, 0x38, 0xf6, 0xc1})));  // adox rax, rcx
        CHECK(f.r(RAX) == 4);
        CHECK(status(f) == fl::ZF);
    }
}

TEST_CASE("BSWAP", "[bits]") {
    Flat f;
    f.set(RAX, 0xaabb'ccdd'1122'3344);
    REQUIRE(Flat::ok(f.exec({0x0f, 0xc8})));  // bswap eax
    CHECK(f.r(RAX) == 0x4433'2211);
    f.set(RAX, 0x0102'0304'0506'0708);
    REQUIRE(Flat::ok(f.exec({0x48, 0x0f, 0xc8})));  // bswap rax
    CHECK(f.r(RAX) == 0x0807'0605'0403'0201);
    f.set(R9, 0x0102'0304'0506'0708);
    REQUIRE(Flat::ok(f.exec({0x41, 0x0f, 0xc9})));  // bswap r9d
    CHECK(f.r(R9) == 0x0807'0605);
    f.set(RAX, 0x1122'3344'5566'7788);
    REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xc8})));  // bswap ax: undefined; Intel zeroes AX
    CHECK(f.r(RAX) == 0x1122'3344'5566'0000);
}
