// src/cpu/stack.cpp. Expected values follow the SDM (Vol. 2 PUSH/POP/ENTER/LEAVE); the 16-bit
// ENTER results, ENTER's order of pushes and reads, its check of the final RSP, what its faults
// leave behind and PUSH FS writing 8 bytes were also observed natively on the host Xeon.
#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace lstar;
using namespace lstar::test;

TEST_CASE("PUSH and POP registers", "[stack]") {
    Flat f;
    const uint64_t sp = f.r(RSP);
    SECTION("64-bit push rax; pop rbx") {
        f.set(RAX, 0x1122334455667788ull);
        REQUIRE(Flat::ok(f.exec({0x50})));  // push rax
        CHECK(f.r(RSP) == sp - 8);
        CHECK(f.mem<uint64_t>(sp - 8) == 0x1122334455667788ull);
        REQUIRE(Flat::ok(f.exec({0x5b})));  // pop rbx
        CHECK(f.r(RSP) == sp);
        CHECK(f.r(RBX) == 0x1122334455667788ull);
    }
    SECTION("REX registers: push r12; pop r13") {
        f.set(R12, 0xabcdef);
        REQUIRE(Flat::ok(f.exec({0x41, 0x54, 0x41, 0x5d})));
        CHECK(f.r(R13) == 0xabcdef);
        CHECK(f.r(RSP) == sp);
    }
    SECTION("16-bit push ax; pop cx move 2 bytes and keep the upper bits") {
        f.set(RAX, 0xaaaaaaaaaaaa1234ull);
        f.set(RCX, 0xcccccccccccccccc);
        f.poke<uint64_t>(sp - 8, 0);
        REQUIRE(Flat::ok(f.exec({0x66, 0x50})));  // push ax
        CHECK(f.r(RSP) == sp - 2);
        CHECK(f.mem<uint64_t>(sp - 8) == 0x1234000000000000ull);
        REQUIRE(Flat::ok(f.exec({0x66, 0x59})));  // pop cx
        CHECK(f.r(RSP) == sp);
        CHECK(f.r(RCX) == 0xcccccccccccc1234ull);
    }
    SECTION("push rsp pushes the old value") {
        REQUIRE(Flat::ok(f.exec({0x54})));  // push rsp
        CHECK(f.r(RSP) == sp - 8);
        CHECK(f.mem<uint64_t>(sp - 8) == sp);
    }
    SECTION("pop rsp keeps the popped value, not the increment") {
        f.poke<uint64_t>(sp, 0x123458);
        REQUIRE(Flat::ok(f.exec({0x5c})));  // pop rsp
        CHECK(f.r(RSP) == 0x123458);
    }
    SECTION("16-bit pop sp replaces SP of the incremented RSP") {
        f.poke<uint16_t>(sp, 0x1230);
        REQUIRE(Flat::ok(f.exec({0x66, 0x5c})));  // pop sp
        CHECK(f.r(RSP) == (((sp + 2) & ~0xffffull) | 0x1230));
    }
}

TEST_CASE("PUSH immediates are sign-extended to the operand size", "[stack]") {
    Flat f;
    const uint64_t sp = f.r(RSP);
    f.poke<uint64_t>(sp - 8, 0);
    SECTION("push imm8") {
        REQUIRE(Flat::ok(f.exec({0x6a, 0x80})));  // push -128
        CHECK(f.r(RSP) == sp - 8);
        CHECK(f.mem<uint64_t>(sp - 8) == 0xffffffffffffff80ull);
    }
    SECTION("pushw imm8") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x6a, 0x80})));  // pushw -128
        CHECK(f.r(RSP) == sp - 2);
        CHECK(f.mem<uint64_t>(sp - 8) == 0xff80000000000000ull);
    }
    SECTION("push imm32") {
        REQUIRE(Flat::ok(f.exec({0x68, 0xff, 0xff, 0xff, 0x7f})));  // push 0x7fffffff
        CHECK(f.mem<uint64_t>(sp - 8) == 0x7fffffffull);
        REQUIRE(Flat::ok(f.exec({0x68, 0x00, 0x00, 0x00, 0x80})));  // push -0x80000000
        CHECK(f.mem<uint64_t>(sp - 16) == 0xffffffff80000000ull);
    }
}

// A run of PUSH r64 and PUSH imm moves as one (stack.cpp push_run) when its slots share a page;
// otherwise one by one, so that a fault stops at the push that takes it.
TEST_CASE("a run of register and immediate PUSHes stores each value and faults where one would", "[stack]") {
    Flat f;
    f.set(RAX, 0x1111);
    f.set(RBX, 0x2222);
    //   6a 2b                push 0x2b
    //   50                   push rax
    //   6a da                push -38
    //   53                   push rbx
    //   68 78 56 34 12       push 0x12345678
    const std::initializer_list<uint8_t> run = {0x6a, 0x2b, 0x50, 0x6a, 0xda, 0x53, 0x68, 0x78, 0x56, 0x34, 0x12};
    SECTION("in one page") {
        const uint64_t sp = f.r(RSP);
        for (int pass = 0; pass < 2; ++pass) {  // the second with the stack page in the TLB
            f.set(RSP, sp);
            f.poke<uint64_t>(sp - 24, 0);
            REQUIRE(Flat::ok(f.exec(run)));
            CHECK(f.r(RSP) == sp - 40);
            CHECK(f.mem<uint64_t>(sp - 8) == 0x2b);
            CHECK(f.mem<uint64_t>(sp - 16) == 0x1111);
            CHECK(f.mem<uint64_t>(sp - 24) == ~uint64_t(37));
            CHECK(f.mem<uint64_t>(sp - 32) == 0x2222);
            CHECK(f.mem<uint64_t>(sp - 40) == 0x12345678);
        }
    }
    SECTION("the third push would go below the stack") {
        const uint64_t bottom = STACK_TOP - 0x10000;  // nothing is mapped below it
        f.set(RSP, bottom + 16);
        auto s = f.exec(run);
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(f.cpu.rip() == CODE + 3);  // push -38
        CHECK(f.r(RSP) == bottom);
        CHECK(f.mem<uint64_t>(bottom + 8) == 0x2b);
        CHECK(f.mem<uint64_t>(bottom) == 0x1111);
    }
}

TEST_CASE("PUSH and POP memory operands", "[stack]") {
    Flat f;
    const uint64_t sp = f.r(RSP);
    SECTION("push qword [rbx]") {
        f.set(RBX, DATA);
        f.poke<uint64_t>(DATA, 0x0102030405060708ull);
        REQUIRE(Flat::ok(f.exec({0xff, 0x33})));
        CHECK(f.mem<uint64_t>(sp - 8) == 0x0102030405060708ull);
    }
    SECTION("push qword [rsp] reads at the old RSP") {
        f.poke<uint64_t>(sp, 0xfeedface);
        REQUIRE(Flat::ok(f.exec({0xff, 0x34, 0x24})));
        CHECK(f.r(RSP) == sp - 8);
        CHECK(f.mem<uint64_t>(sp - 8) == 0xfeedface);
    }
    SECTION("push qword [rip+disp]") {
        f.poke<uint64_t>(CODE + 6 + 0x20, 0x5555aaaa);
        REQUIRE(Flat::ok(f.exec({0xff, 0x35, 0x20, 0x00, 0x00, 0x00})));
        CHECK(f.mem<uint64_t>(sp - 8) == 0x5555aaaa);
    }
    SECTION("pop qword [rsp] writes at the incremented RSP") {
        f.poke<uint64_t>(sp, 0xaaaa);
        f.poke<uint64_t>(sp + 8, 0xbbbb);
        REQUIRE(Flat::ok(f.exec({0x8f, 0x04, 0x24})));
        CHECK(f.r(RSP) == sp + 8);
        CHECK(f.mem<uint64_t>(sp + 8) == 0xaaaa);
    }
    SECTION("pop qword [rsp+8]") {
        f.poke<uint64_t>(sp, 0xaaaa);
        REQUIRE(Flat::ok(f.exec({0x8f, 0x44, 0x24, 0x08})));
        CHECK(f.r(RSP) == sp + 8);
        CHECK(f.mem<uint64_t>(sp + 16) == 0xaaaa);
    }
    SECTION("16-bit pop word [rbx]") {
        f.set(RBX, DATA);
        f.poke<uint64_t>(DATA, ~0ull);
        f.poke<uint16_t>(sp, 0x4321);
        REQUIRE(Flat::ok(f.exec({0x66, 0x8f, 0x03})));  // pop word [rbx]
        CHECK(f.r(RSP) == sp + 2);
        CHECK(f.mem<uint64_t>(DATA) == 0xffffffffffff4321ull);
    }
}

TEST_CASE("PUSH and POP FS and GS", "[stack]") {
    Flat f;
    const uint64_t sp = f.r(RSP);
    f.cpu.s.seg[FS].selector = 0x2b;
    f.cpu.s.seg[GS].selector = 0x33;
    f.poke<uint64_t>(sp - 8, ~0ull);
    SECTION("64-bit push fs writes the zero-extended selector") {
        REQUIRE(Flat::ok(f.exec({0x0f, 0xa0})));  // push fs
        CHECK(f.r(RSP) == sp - 8);
        CHECK(f.mem<uint64_t>(sp - 8) == 0x2b);
    }
    SECTION("16-bit push gs writes 2 bytes") {
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xa8})));  // pushw gs
        CHECK(f.r(RSP) == sp - 2);
        CHECK(f.mem<uint64_t>(sp - 8) == 0x0033ffffffffffffull);
    }
    SECTION("pop fs loads the selector and keeps the base here") {
        f.cpu.s.seg[FS].base = 0x7000;
        f.poke<uint64_t>(sp, 0xffffffffffff0063ull);
        REQUIRE(Flat::ok(f.exec({0x0f, 0xa1})));  // pop fs
        CHECK(f.r(RSP) == sp + 8);
        CHECK(f.cpu.s.seg[FS].selector == 0x63);
        CHECK(f.cpu.s.seg[FS].base == 0x7000);
    }
    SECTION("16-bit pop gs") {
        f.poke<uint16_t>(sp, 0x5b);
        REQUIRE(Flat::ok(f.exec({0x66, 0x0f, 0xa9})));  // popw gs
        CHECK(f.r(RSP) == sp + 2);
        CHECK(f.cpu.s.seg[GS].selector == 0x5b);
    }
}

TEST_CASE("stack faults are precise", "[stack]") {
    Flat f;
    SECTION("push into an unmapped page: #PF, RSP unchanged") {
        f.set(RSP, STACK_TOP - 0x10000);
        auto s = f.exec({0x50});  // push rax
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == STACK_TOP - 0x10000 - 8);
        CHECK((s.fault.error & pferr::W) != 0);
        CHECK(f.r(RSP) == STACK_TOP - 0x10000);
        CHECK(f.cpu.rip() == CODE);
    }
    SECTION("push with a non-canonical RSP: #SS") {
        f.set(RSP, 0x0000800000000008ull);
        auto s = f.exec({0x6a, 0x01});  // push 1
        REQUIRE(Flat::faulted(s, Vec::SS));
        CHECK(f.r(RSP) == 0x0000800000000008ull);
    }
    SECTION("pop from a non-canonical RSP: #SS, nothing changes") {
        f.set(RSP, 0x0000800000000000ull);
        f.set(RAX, 9);
        auto s = f.exec({0x58});  // pop rax
        REQUIRE(Flat::faulted(s, Vec::SS));
        CHECK(f.r(RSP) == 0x0000800000000000ull);
        CHECK(f.r(RAX) == 9);
    }
    SECTION("pop into an unmapped memory destination: RSP unchanged") {
        const uint64_t sp = f.r(RSP);
        f.set(RBX, 0x900000);
        auto s = f.exec({0x8f, 0x03});  // pop qword [rbx]
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == 0x900000);
        CHECK(f.r(RSP) == sp);
    }
    SECTION("pop into a read-only page: #PF with W, RSP unchanged") {
        const uint64_t sp = f.r(RSP);
        f.cpu.mmu.protect(DATA, 0x1000, perm::R);
        f.set(RBX, DATA);
        auto s = f.exec({0x8f, 0x03});  // pop qword [rbx]
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.error == (pferr::P | pferr::W | pferr::U));
        CHECK(f.r(RSP) == sp);
    }
}

namespace {
// A caller's frame-pointer display at DATA: eight quadwords, RBP pointing at the seventh.
constexpr uint64_t DISPLAY_RBP = DATA + 48;
uint64_t display_entry(unsigned k) { return 0x0101010100000000ull * (k + 1) + 0x1011 * (k + 1); }
void fill_display(Flat& f) {
    for (unsigned k = 0; k < 8; ++k) f.poke<uint64_t>(DATA + 8 * k, display_entry(k));
    f.set(RBP, DISPLAY_RBP);
}
}  // namespace

TEST_CASE("ENTER", "[stack]") {
    Flat f;
    const uint64_t sp = f.r(RSP);
    fill_display(f);
    SECTION("level 0: push rbp, rbp = frame, allocate") {
        REQUIRE(Flat::ok(f.exec({0xc8, 0x20, 0x00, 0x00})));  // enter 0x20, 0
        CHECK(f.mem<uint64_t>(sp - 8) == DISPLAY_RBP);
        CHECK(f.r(RBP) == sp - 8);
        CHECK(f.r(RSP) == sp - 8 - 0x20);
    }
    SECTION("level 1 pushes the new frame pointer") {
        REQUIRE(Flat::ok(f.exec({0xc8, 0x10, 0x00, 0x01})));  // enter 0x10, 1
        CHECK(f.mem<uint64_t>(sp - 8) == DISPLAY_RBP);
        CHECK(f.mem<uint64_t>(sp - 16) == sp - 8);
        CHECK(f.r(RBP) == sp - 8);
        CHECK(f.r(RSP) == sp - 16 - 0x10);
    }
    SECTION("level 3 copies two frame pointers of the caller's display") {
        REQUIRE(Flat::ok(f.exec({0xc8, 0x20, 0x00, 0x03})));  // enter 0x20, 3
        CHECK(f.mem<uint64_t>(sp - 8) == DISPLAY_RBP);
        CHECK(f.mem<uint64_t>(sp - 16) == display_entry(5));  // [rbp-8]
        CHECK(f.mem<uint64_t>(sp - 24) == display_entry(4));  // [rbp-16]
        CHECK(f.mem<uint64_t>(sp - 32) == sp - 8);
        CHECK(f.r(RBP) == sp - 8);
        CHECK(f.r(RSP) == sp - 64);
    }
    SECTION("the level is taken modulo 32") {
        REQUIRE(Flat::ok(f.exec({0xc8, 0x10, 0x00, 0x21})));  // enter 0x10, 33 = level 1
        CHECK(f.mem<uint64_t>(sp - 16) == sp - 8);
        CHECK(f.r(RSP) == sp - 16 - 0x10);
    }
    SECTION("16-bit, level 3: word pushes, only BP is written") {
        f.poke<uint64_t>(sp - 8, ~0ull);
        REQUIRE(Flat::ok(f.exec({0x66, 0xc8, 0x20, 0x00, 0x03})));  // enterw 0x20, 3
        // [sp-2] BP, [sp-4] [rbp-2], [sp-6] [rbp-4], [sp-8] FrameTemp = SP - 2.
        const uint64_t bp = DISPLAY_RBP & 0xffff, frame = (sp - 2) & 0xffff;
        const uint64_t w1 = (display_entry(5) >> 48) & 0xffff, w2 = (display_entry(5) >> 32) & 0xffff;
        CHECK(f.mem<uint64_t>(sp - 8) == (bp << 48 | w1 << 32 | w2 << 16 | frame));
        CHECK(f.r(RBP) == ((DISPLAY_RBP & ~0xffffull) | frame));
        CHECK(f.r(RSP) == sp - 8 - 0x20);
    }
    SECTION("display reads see the pushes made before them (host)") {
        f.set(RBP, sp);
        REQUIRE(Flat::ok(f.exec({0xc8, 0x00, 0x00, 0x03})));  // enter 0, 3
        // [rbp-8] and [rbp-16] are read after the pushes that wrote them.
        CHECK(f.mem<uint64_t>(sp - 8) == sp);
        CHECK(f.mem<uint64_t>(sp - 16) == sp);
        CHECK(f.mem<uint64_t>(sp - 24) == sp);
        CHECK(f.mem<uint64_t>(sp - 32) == sp - 8);
        CHECK(f.r(RBP) == sp - 8);
        CHECK(f.r(RSP) == sp - 32);
    }
    // On a fault the host leaves RSP and RBP but keeps the pushes it has already stored.
    const uint64_t bottom = STACK_TOP - 0x10000;  // lowest mapped stack byte
    SECTION("a faulting final RSP keeps the pushed RBP (host)") {
        const uint64_t low = bottom + 0x40;
        f.set(RSP, low);
        f.poke<uint64_t>(low - 8, 0x5a5a);
        auto s = f.exec({0xc8, 0x00, 0x01, 0x00});  // enter 0x100, 0
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == low - 8 - 0x100);
        CHECK(s.fault.error == (pferr::W | pferr::U));
        CHECK(f.r(RSP) == low);
        CHECK(f.r(RBP) == DISPLAY_RBP);
        CHECK(f.mem<uint64_t>(low - 8) == DISPLAY_RBP);
    }
    SECTION("a faulting push keeps the pushes before it (host)") {
        f.set(RSP, bottom + 16);
        auto s = f.exec({0xc8, 0x00, 0x00, 0x04});  // enter 0, 4
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == bottom - 8);
        CHECK(f.r(RSP) == bottom + 16);
        CHECK(f.r(RBP) == DISPLAY_RBP);
        CHECK(f.mem<uint64_t>(bottom + 8) == DISPLAY_RBP);
        CHECK(f.mem<uint64_t>(bottom) == display_entry(5));
    }
    SECTION("a faulting display read keeps the pushed RBP (host)") {
        f.set(RBP, 0x900010);
        auto s = f.exec({0xc8, 0x00, 0x00, 0x02});  // enter 0, 2
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == 0x900008);
        CHECK(s.fault.error == pferr::U);
        CHECK(f.r(RSP) == sp);
        CHECK(f.r(RBP) == 0x900010);
        CHECK(f.mem<uint64_t>(sp - 8) == 0x900010);
    }
}

TEST_CASE("LEAVE", "[stack]") {
    Flat f;
    const uint64_t sp = f.r(RSP);
    SECTION("64-bit") {
        f.set(RBP, sp - 0x40);
        f.poke<uint64_t>(sp - 0x40, 0x1234);
        REQUIRE(Flat::ok(f.exec({0xc9})));  // leave
        CHECK(f.r(RSP) == sp - 0x38);
        CHECK(f.r(RBP) == 0x1234);
    }
    SECTION("16-bit pops BP and keeps RBP[63:16]") {
        f.set(RBP, sp - 0x40);
        f.poke<uint64_t>(sp - 0x40, 0xffffffffffffabcdull);
        REQUIRE(Flat::ok(f.exec({0x66, 0xc9})));  // leavew
        CHECK(f.r(RSP) == sp - 0x3e);
        CHECK(f.r(RBP) == (((sp - 0x40) & ~0xffffull) | 0xabcd));
    }
    SECTION("enter; leave restores RSP and RBP") {
        f.set(RBP, 0x4242);
        REQUIRE(Flat::ok(f.exec({0xc8, 0x30, 0x00, 0x00, 0xc9})));  // enter 0x30, 0; leave
        CHECK(f.r(RSP) == sp);
        CHECK(f.r(RBP) == 0x4242);
    }
    SECTION("a faulting load changes nothing") {
        f.set(RBP, 0x900000);
        auto s = f.exec({0xc9});
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(f.r(RSP) == sp);
        CHECK(f.r(RBP) == 0x900000);
    }
}
