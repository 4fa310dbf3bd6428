// Near branches (src/cpu/branch.cpp). Expected values follow the SDM Vol. 2 pseudo-code; the
// 32-bit-counter and zero-extension cases and CALL to a non-canonical target were checked on the
// host (Intel Xeon).
#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {
constexpr uint64_t BASE_FLAGS = fl::FIXED1 | fl::IF;
const uint64_t RSP0 = STACK_TOP - 0x100;  // the harness's initial RSP
}  // namespace

TEST_CASE("every Jcc condition, taken and not taken, rel8 and rel32", "[branch]") {
    // Each row: an even condition code, a flag setting, and whether that condition holds
    // (SDM Vol. 2 Table B-1). The odd code cc|1 must give the opposite answer.
    struct Row {
        uint8_t cc;
        uint64_t flags;
        bool holds;
    };
    const Row rows[] = {
        {0x0, fl::OF, true},          {0x0, 0, false},           {0x0, fl::ARITH & ~fl::OF, false},
        {0x2, fl::CF, true},          {0x2, 0, false},           {0x2, fl::ZF | fl::SF, false},
        {0x4, fl::ZF, true},          {0x4, 0, false},           {0x4, fl::CF | fl::PF, false},
        {0x6, fl::CF, true},          {0x6, fl::ZF, true},       {0x6, fl::CF | fl::ZF, true},
        {0x6, 0, false},              {0x6, fl::SF | fl::OF | fl::PF, false},
        {0x8, fl::SF, true},          {0x8, 0, false},           {0x8, fl::ZF | fl::OF, false},
        {0xa, fl::PF, true},          {0xa, 0, false},           {0xa, fl::CF | fl::ZF, false},
        {0xc, fl::SF, true},          {0xc, fl::OF, true},       {0xc, 0, false},
        {0xc, fl::SF | fl::OF, false}, {0xc, fl::ZF | fl::CF, false},
        {0xe, fl::ZF, true},          {0xe, fl::SF, true},       {0xe, fl::OF, true},
        {0xe, fl::ZF | fl::SF | fl::OF, true}, {0xe, 0, false}, {0xe, fl::SF | fl::OF, false},
    };
    Flat f;
    for (const Row& row : rows) {
        for (uint8_t cc : {row.cc, static_cast<uint8_t>(row.cc | 1)}) {
            const bool taken = (cc & 1) ? !row.holds : row.holds;
            INFO("cc=" << int(cc) << " flags=" << row.flags);
            // jcc +1; int3; int3   -- taken lands on the second INT3
            f.cpu.set_rflags(BASE_FLAGS | row.flags);
            auto s = f.exec({static_cast<uint8_t>(0x70 + cc), 0x01, 0xcc});
            REQUIRE(Flat::ok(s));
            CHECK(f.cpu.rip() == CODE + (taken ? 4 : 3));
            CHECK((f.flags() & fl::ARITH) == row.flags);  // Jcc reads the flags only
            // jcc rel32 +1 (0f 8x 01 00 00 00); int3; int3
            f.cpu.set_rflags(BASE_FLAGS | row.flags);
            s = f.exec({0x0f, static_cast<uint8_t>(0x80 + cc), 0x01, 0x00, 0x00, 0x00, 0xcc});
            REQUIRE(Flat::ok(s));
            CHECK(f.cpu.rip() == CODE + (taken ? 8 : 7));
        }
    }
}

TEST_CASE("jmp rel8 backward and rel32 forward", "[branch]") {
    Flat f;
    // 0: eb 03  jmp 5;  2: cc;  3: eb fd  jmp 2;  5: eb fc  jmp 3  -> 5 -> 3 -> 2 (int3)
    auto s = f.exec({0xeb, 0x03, 0xcc, 0xeb, 0xfd, 0xeb, 0xfc});
    REQUIRE(Flat::ok(s));
    CHECK(f.cpu.rip() == CODE + 3);
    CHECK(s.insns == 4);
    // e9 02 00 00 00  jmp +2;  cc cc;  (int3)
    s = f.exec({0xe9, 0x02, 0x00, 0x00, 0x00, 0xcc, 0xcc});
    REQUIRE(Flat::ok(s));
    CHECK(f.cpu.rip() == CODE + 8);
}

TEST_CASE("call rel32 pushes the next RIP; ret imm16 releases extra bytes", "[branch]") {
    Flat f;
    // 0: e8 01 00 00 00  call 6
    // 5: cc              int3
    // 6: c2 10 00        ret 16
    auto s = f.exec({0xe8, 0x01, 0x00, 0x00, 0x00, 0xcc, 0xc2, 0x10, 0x00});
    REQUIRE(Flat::ok(s));
    CHECK(s.insns == 3);
    CHECK(f.cpu.rip() == CODE + 6);
    CHECK(f.r(RSP) == RSP0 + 16);
    CHECK(f.mem<uint64_t>(RSP0 - 8) == CODE + 5);
    // Plain ret (c3) pops exactly 8 bytes.
    f.set(RSP, RSP0);
    s = f.exec({0xe8, 0x01, 0x00, 0x00, 0x00, 0xcc, 0xc3});
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RSP) == RSP0);
}

TEST_CASE("indirect jmp and call through registers and memory", "[branch]") {
    Flat f;
    SECTION("jmp qword [rbx]") {
        f.set(RBX, DATA);
        f.poke<uint64_t>(DATA, CODE + 3);
        auto s = f.exec({0xff, 0x23, 0xcc});  // jmp [rbx]; int3; int3
        REQUIRE(Flat::ok(s));
        CHECK(f.cpu.rip() == CODE + 4);
    }
    SECTION("call qword [rbx], then ret") {
        f.set(RBX, DATA);
        f.poke<uint64_t>(DATA, CODE + 3);
        auto s = f.exec({0xff, 0x13, 0xcc, 0xc3});  // call [rbx]; int3; ret
        REQUIRE(Flat::ok(s));
        CHECK(f.cpu.rip() == CODE + 3);
        CHECK(f.r(RSP) == RSP0);
        CHECK(f.mem<uint64_t>(RSP0 - 8) == CODE + 2);
    }
    SECTION("call qword [rsp] reads the target with the old RSP") {
        f.poke<uint64_t>(RSP0, CODE + 4);
        auto s = f.exec({0xff, 0x14, 0x24, 0xcc});  // call [rsp]; int3; int3
        REQUIRE(Flat::ok(s));
        CHECK(f.cpu.rip() == CODE + 5);
        CHECK(f.r(RSP) == RSP0 - 8);
        CHECK(f.mem<uint64_t>(RSP0 - 8) == CODE + 3);
        CHECK(f.mem<uint64_t>(RSP0) == CODE + 4);
    }
    SECTION("jmp rax / call rax") {
        f.set(RAX, CODE + 3);
        auto s = f.exec({0xff, 0xe0, 0xcc});  // jmp rax; int3; int3
        REQUIRE(Flat::ok(s));
        CHECK(f.cpu.rip() == CODE + 4);
        f.set(RAX, CODE + 3);
        s = f.exec({0xff, 0xd0, 0xcc, 0xc3});  // call rax; int3; ret
        REQUIRE(Flat::ok(s));
        CHECK(f.cpu.rip() == CODE + 3);
        CHECK(f.r(RSP) == RSP0);
    }
}

TEST_CASE("0x66 on near branches is ignored: 64-bit targets and stack slots", "[branch]") {
    Flat f;
    SECTION("66 jmp rax keeps all 64 bits of the target") {
        f.poke<uint8_t>(CODE + 0x100, 0xcc);
        f.set(RAX, CODE + 0x100);
        auto s = f.exec({0x66, 0xff, 0xe0});  // jmp rax (66-prefixed; objdump: jmp ax)
        REQUIRE(Flat::ok(s));
        CHECK(f.cpu.rip() == CODE + 0x101);
    }
    SECTION("66 call rel32 pushes 8 bytes; 66 ret pops 8") {
        f.poke<uint64_t>(RSP0 - 16, 0x1111111111111111);
        // 0: 66 e8 01 00 00 00  call 7;  6: cc;  7: 66 c3  ret
        auto s = f.exec({0x66, 0xe8, 0x01, 0x00, 0x00, 0x00, 0xcc, 0x66, 0xc3});
        REQUIRE(Flat::ok(s));
        CHECK(f.cpu.rip() == CODE + 7);
        CHECK(f.r(RSP) == RSP0);
        CHECK(f.mem<uint64_t>(RSP0 - 8) == CODE + 6);
        CHECK(f.mem<uint64_t>(RSP0 - 16) == 0x1111111111111111);
    }
    SECTION("66 jz rel32 uses a 32-bit displacement") {
        f.cpu.set_rflags(BASE_FLAGS | fl::ZF);
        // 66 0f 84 01 00 00 00  jz +1;  cc;  (int3)
        auto s = f.exec({0x66, 0x0f, 0x84, 0x01, 0x00, 0x00, 0x00, 0xcc});
        REQUIRE(Flat::ok(s));
        CHECK(f.cpu.rip() == CODE + 9);
    }
}

TEST_CASE("non-canonical branch targets fault at the branch", "[branch]") {
    Flat f;
    const uint64_t bad = 0x0000800000000000;
    f.poke<uint64_t>(RSP0 - 8, 0x5a5a5a5a5a5a5a5a);
    SECTION("jmp rax") {
        f.set(RAX, bad);
        auto s = f.exec({0xff, 0xe0});
        REQUIRE(Flat::faulted(s, Vec::GP));
        CHECK(s.fault.error == 0);
        CHECK(f.cpu.rip() == CODE);
    }
    SECTION("call rax: the return address is stored, then #GP(0) with RSP unchanged (host)") {
        f.set(RAX, bad);
        auto s = f.exec({0xff, 0xd0});
        REQUIRE(Flat::faulted(s, Vec::GP));
        CHECK(s.fault.error == 0);
        CHECK(f.cpu.rip() == CODE);
        CHECK(f.r(RSP) == RSP0);
        CHECK(f.mem<uint64_t>(RSP0 - 8) == CODE + 2);
    }
    SECTION("call rax: a faulting return-address store wins over the #GP (host)") {
        const uint64_t low = STACK_TOP - 0x10000;  // lowest mapped stack byte
        f.set(RAX, bad), f.set(RSP, low);
        auto s = f.exec({0xff, 0xd0});
        REQUIRE(Flat::faulted(s, Vec::PF));
        CHECK(s.fault.cr2 == low - 8);
        CHECK(s.fault.error == (pferr::W | pferr::U));
        CHECK(f.r(RSP) == low);
        f.set(RSP, 0x0000800000000010);  // the store's address is non-canonical: #SS(0)
        s = f.exec({0xff, 0xd0});
        REQUIRE(Flat::faulted(s, Vec::SS));
        CHECK(s.fault.error == 0);
        CHECK(f.r(RSP) == 0x0000800000000010);
    }
    SECTION("ret and ret imm16: RSP unchanged") {
        f.poke<uint64_t>(RSP0, 0xffff7fffffffffff);
        auto s = f.exec({0xc3});
        REQUIRE(Flat::faulted(s, Vec::GP));
        CHECK(f.cpu.rip() == CODE);
        CHECK(f.r(RSP) == RSP0);
        s = f.exec({0xc2, 0x08, 0x00});
        REQUIRE(Flat::faulted(s, Vec::GP));
        CHECK(f.r(RSP) == RSP0);
    }
    SECTION("jz and loop off the top of the lower half") {
        const uint64_t top = 0x00007ffffffff000;
        f.cpu.map(top, 0x1000, perm::R | perm::X);
        const uint8_t code[] = {0x74, 0x7f, 0xe2, 0x7f};  // jz +0x7f; loop +0x7f
        f.cpu.write_mem(top + 0xff0, code, sizeof code);
        f.cpu.set_rflags(BASE_FLAGS | fl::ZF);
        f.cpu.set_rip(top + 0xff0);
        auto s = f.cpu.run(10);
        REQUIRE(Flat::faulted(s, Vec::GP));
        CHECK(f.cpu.rip() == top + 0xff0);
        f.set(RCX, 5);
        f.cpu.set_rip(top + 0xff2);
        s = f.cpu.run(10);
        REQUIRE(Flat::faulted(s, Vec::GP));
        CHECK(f.cpu.rip() == top + 0xff2);
        CHECK(f.r(RCX) == 5);  // the decrement is undone with the rest of the instruction
    }
}

TEST_CASE("call with an unmapped stack faults with RSP unchanged", "[branch]") {
    Flat f;
    const uint64_t low = STACK_TOP - 0x10000;  // lowest mapped stack byte
    f.set(RSP, low);
    auto s = f.exec({0xe8, 0x00, 0x00, 0x00, 0x00});  // call +0
    REQUIRE(Flat::faulted(s, Vec::PF));
    CHECK(s.fault.cr2 == low - 8);
    CHECK(s.fault.error == (pferr::W | pferr::U));
    CHECK(f.cpu.rip() == CODE);
    CHECK(f.r(RSP) == low);
}

TEST_CASE("loop counts RCX down without touching the flags", "[branch]") {
    Flat f;
    const uint64_t flags = fl::CF | fl::ZF | fl::OF | fl::PF;
    f.cpu.set_rflags(BASE_FLAGS | flags);
    f.set(RCX, 5);
    auto s = f.exec({0xe2, 0xfe});  // l: loop l
    REQUIRE(Flat::ok(s));
    CHECK(s.insns == 5 + 1);
    CHECK(f.r(RCX) == 0);
    CHECK((f.flags() & fl::ARITH) == flags);
    // RCX = 0 wraps to 2^64-1 and branches (to the next instruction here).
    s = f.exec({0xe2, 0x00});  // loop +0
    REQUIRE(Flat::ok(s));
    CHECK(f.r(RCX) == ~0ull);
}

TEST_CASE("loop, loope and jecxz with 32-bit address size use ECX", "[branch]") {
    Flat f;
    SECTION("addr32 loop runs ECX times and zero-extends RCX") {
        f.set(RCX, 0xffffffff00000003);
        auto s = f.exec({0x67, 0xe2, 0xfd});  // l: addr32 loop l
        REQUIRE(Flat::ok(s));
        CHECK(s.insns == 3 + 1);
        CHECK(f.r(RCX) == 0);
    }
    SECTION("addr32 loop from ECX = 0 wraps to 0xffffffff") {
        f.set(RCX, 0xffffffff00000000);
        auto s = f.exec({0x67, 0xe2, 0x00});  // addr32 loop +0
        REQUIRE(Flat::ok(s));
        CHECK(f.r(RCX) == 0x00000000ffffffff);
    }
    SECTION("addr32 loope") {
        f.cpu.set_rflags(BASE_FLAGS | fl::ZF);
        f.set(RCX, 0x100000002);
        auto s = f.exec({0x67, 0xe1, 0xfd});  // l: addr32 loope l
        REQUIRE(Flat::ok(s));
        CHECK(s.insns == 2 + 1);
        CHECK(f.r(RCX) == 0);
    }
    SECTION("jecxz tests ECX, jrcxz tests RCX") {
        f.set(RCX, 0x100000000);
        auto s = f.exec({0x67, 0xe3, 0x01, 0xcc});  // jecxz +1; int3; int3
        REQUIRE(Flat::ok(s));
        CHECK(f.cpu.rip() == CODE + 5);
        s = f.exec({0xe3, 0x01, 0xcc});  // jrcxz +1; int3; int3
        REQUIRE(Flat::ok(s));
        CHECK(f.cpu.rip() == CODE + 3);
        f.set(RCX, 0);
        s = f.exec({0xe3, 0x01, 0xcc});
        REQUIRE(Flat::ok(s));
        CHECK(f.cpu.rip() == CODE + 4);
        CHECK(f.r(RCX) == 0);
    }
}

TEST_CASE("loope and loopne test ZF after the count", "[branch]") {
    Flat f;
    SECTION("loope runs while ZF=1") {
        f.cpu.set_rflags(BASE_FLAGS | fl::ZF);
        f.set(RCX, 4);
        auto s = f.exec({0xe1, 0xfe});  // l: loope l
        REQUIRE(Flat::ok(s));
        CHECK(s.insns == 4 + 1);
        f.cpu.set_rflags(BASE_FLAGS);
        f.set(RCX, 4);
        s = f.exec({0xe1, 0xfe});
        CHECK(s.insns == 1 + 1);
        CHECK(f.r(RCX) == 3);
    }
    SECTION("loopne runs while ZF=0") {
        f.cpu.set_rflags(BASE_FLAGS);
        f.set(RCX, 4);
        auto s = f.exec({0xe0, 0xfe});  // l: loopne l
        CHECK(s.insns == 4 + 1);
        f.cpu.set_rflags(BASE_FLAGS | fl::ZF);
        f.set(RCX, 4);
        s = f.exec({0xe0, 0xfe});
        CHECK(s.insns == 1 + 1);
        CHECK(f.r(RCX) == 3);
    }
    SECTION("loopne around scasb stops at the matching byte") {
        const char text[] = "abcdefg";
        f.cpu.write_mem(DATA, text, sizeof text);
        f.set(RAX, 'd');
        f.set(RDI, DATA);
        f.set(RCX, 10);
        auto s = f.exec({0xae, 0xe0, 0xfd});  // l: scasb; loopne l
        REQUIRE(Flat::ok(s));
        CHECK(f.r(RCX) == 6);
        CHECK(f.r(RDI) == DATA + 4);
    }
}
