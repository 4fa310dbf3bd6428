// src/cpu/interrupt.cpp, the fast system calls: SYSCALL/SYSRET and SYSENTER/SYSEXIT (SDM Vol. 2
// SYSCALL, SYSRET, SYSENTER, SYSEXIT; Vol. 3 §5.8.7-5.8.8). Where Intel and AMD differ, Intel.
// Encodings are from GNU as.
#include <catch2/catch.hpp>

#include "cpu/machine_fixture.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {
void setup_syscall(Machine& m) {
    m.cpu.s.star = (uint64_t{0x23} << 48) | (uint64_t{sel::KERNEL_CS} << 32);  // as Linux
    m.cpu.s.lstar = lm::KCODE + 0x200;
    m.cpu.s.cstar = lm::KCODE + 0x300;
    m.cpu.s.sfmask = fl::TF | fl::DF | fl::IF | fl::IOPL | fl::AC | fl::NT;
}
}  // namespace

// ---------------------------------------------------------------- SYSCALL / SYSRET

TEST_CASE("SYSCALL from 64-bit mode", "[interrupt]") {
    Machine m;
    setup_syscall(m);
    m.enter_user();
    const uint64_t user_flags = fl::FIXED1 | fl::IF | fl::DF | fl::CF | fl::AC | fl::RF;
    m.cpu.set_rflags(user_flags);
    m.bytes(lm::UCODE, {0x0f, 0x05});  // syscall
    m.cpu.s.rip = lm::UCODE;
    REQUIRE(m.cpu.step().insns == 1);
    CHECK(m.cpu.s.rip == lm::KCODE + 0x200);
    CHECK(m.cpu.s.gpr[RCX] == lm::UCODE + 2);
    CHECK(m.cpu.s.gpr[R11] == (user_flags & ~fl::RF));
    CHECK(m.cpu.rflags() == (fl::FIXED1 | fl::CF));  // FMASK applied, RF cleared
    CHECK(m.cpu.s.cpl == 0);
    CHECK(m.cpu.mode() == Mode::LONG64);
    const Segment& cs = m.cpu.s.seg[CS];
    CHECK(cs.selector == sel::KERNEL_CS);
    CHECK(cs.base == 0);
    CHECK((cs.attr & 0xff) == 0x9b);  // present, DPL 0, code, execute/read, accessed
    CHECK((cs.attr & segattr::L) != 0);
    CHECK((cs.attr & segattr::DB) == 0);
    const Segment& ss = m.cpu.s.seg[SS];
    CHECK(ss.selector == sel::KERNEL_DS);
    CHECK((ss.attr & 0xff) == 0x93);
    CHECK((ss.attr & segattr::DB) != 0);
    CHECK(m.cpu.s.gpr[RSP] == lm::USTACK);  // SYSCALL leaves RSP alone
}

TEST_CASE("SYSCALL from compatibility mode is #UD (Intel; AMD would use CSTAR)", "[interrupt]") {
    Machine m;
    setup_syscall(m);
    m.enter_user(true);
    m.uexec({0x0f, 0x05});
    REQUIRE(m.vector() == 6);
    CHECK(m.frame(false).rip == lm::UCODE);
    CHECK(m.frame(false).cs == sel::USER32_CS);
}

TEST_CASE("SYSCALL and SYSRET raise #UD without EFER.SCE", "[interrupt]") {
    Machine m;
    setup_syscall(m);
    m.cpu.s.efer &= ~msr::efer::SCE;
    SECTION("SYSCALL") {
        m.enter_user();
        m.uexec({0x0f, 0x05});
        CHECK(m.vector() == 6);
    }
    SECTION("SYSRET") {
        m.cpu.s.gpr[RCX] = lm::UCODE;
        m.kexec({0x48, 0x0f, 0x07});
        CHECK(m.vector() == 6);
    }
}

TEST_CASE("SYSRET", "[interrupt]") {
    Machine m;
    setup_syscall(m);
    SECTION("SYSRETQ: RIP from RCX, RFLAGS from R11, selectors from STAR[63:48]") {
        m.cpu.s.gpr[RCX] = lm::UCODE + 0x10;
        m.cpu.s.gpr[R11] = 0x30ed5;  // RF and VM set, bit 1 clear
        m.bytes(lm::KCODE, {0x48, 0x0f, 0x07});  // sysretq
        m.cpu.s.rip = lm::KCODE;
        REQUIRE(m.cpu.step().insns == 1);
        CHECK(m.cpu.s.rip == lm::UCODE + 0x10);
        CHECK(m.cpu.rflags() == 0xed7);
        CHECK(m.cpu.s.cpl == 3);
        CHECK(m.cpu.mode() == Mode::LONG64);
        CHECK(m.cpu.s.seg[CS].selector == sel::USER_CS);
        CHECK((m.cpu.s.seg[CS].attr & 0xff) == 0xfb);
        CHECK(m.cpu.s.seg[SS].selector == sel::USER_DS);
        CHECK((m.cpu.s.seg[SS].attr & 0xff) == 0xf3);
    }
    SECTION("SYSRETD returns to compatibility mode with a 32-bit RIP") {
        m.cpu.s.gpr[RCX] = 0xffffffff00201000ull;
        m.cpu.s.gpr[R11] = 0x202;
        m.bytes(lm::KCODE, {0x0f, 0x07});  // sysretd
        m.cpu.s.rip = lm::KCODE;
        m.cpu.step();
        CHECK(m.cpu.s.rip == 0x201000);
        CHECK(m.cpu.mode() == Mode::COMPAT32);
        CHECK(m.cpu.s.seg[CS].selector == sel::USER32_CS);
        CHECK(m.cpu.s.seg[SS].selector == sel::USER_DS);
        CHECK(m.cpu.s.cpl == 3);
    }
    SECTION("a non-canonical RCX is #GP(0) in ring 0, at the SYSRET, on the kernel stack") {
        m.cpu.s.gpr[RCX] = NONCANON;
        m.cpu.s.gpr[R11] = 0x202;
        m.kexec({0x48, 0x0f, 0x07});
        REQUIRE(m.vector() == 13);
        CHECK(m.frame(true).error == 0);
        CHECK(m.frame(true).cs == sel::KERNEL_CS);
        CHECK(m.frame(true).rip == lm::KCODE);
        CHECK(m.cpu.s.gpr[RSP] == lm::KSTACK - 48);
    }
    SECTION("at CPL 3 it is #GP(0)") {
        m.enter_user();
        m.cpu.s.gpr[RCX] = lm::UCODE;
        m.uexec({0x48, 0x0f, 0x07});
        REQUIRE(m.vector() == 13);
        CHECK(m.frame(true).error == 0);
        CHECK(m.frame(true).cs == sel::USER_CS);
    }
    SECTION("outside 64-bit mode it is #UD") {
        m.enter_kernel_compat();
        m.kexec({0x0f, 0x07});
        CHECK(m.vector() == 6);
    }
}

// ---------------------------------------------------------------- SYSENTER / SYSEXIT

TEST_CASE("SYSENTER and SYSEXIT", "[interrupt]") {
    Machine m;
    m.cpu.s.sysenter_cs = sel::KERNEL_CS;
    m.cpu.s.sysenter_esp = lm::KSTACK - 0x40;
    m.cpu.s.sysenter_eip = lm::KCODE + 0x300;
    SECTION("SYSENTER from compatibility mode enters 64-bit ring 0 with IF clear") {
        m.enter_user(true);
        m.bytes(lm::UCODE, {0x0f, 0x34});
        m.cpu.s.rip = lm::UCODE;
        m.cpu.step();
        CHECK(m.cpu.s.rip == lm::KCODE + 0x300);
        CHECK(m.cpu.s.gpr[RSP] == lm::KSTACK - 0x40);
        CHECK(m.cpu.s.cpl == 0);
        CHECK(m.cpu.mode() == Mode::LONG64);
        CHECK(m.cpu.s.seg[CS].selector == sel::KERNEL_CS);
        CHECK(m.cpu.s.seg[SS].selector == sel::KERNEL_DS);
        CHECK((m.cpu.rflags() & fl::IF) == 0);
    }
    SECTION("SYSENTER with a null SYSENTER_CS is #GP(0)") {
        m.cpu.s.sysenter_cs = 0;
        m.enter_user(true);
        m.uexec({0x0f, 0x34});
        REQUIRE(m.vector() == 13);
        CHECK(m.frame(true).error == 0);
    }
    SECTION("SYSEXIT returns to compatibility mode: CS = SYSENTER_CS+16, SS = +24") {
        m.cpu.s.gpr[RCX] = lm::USTACK - 0x10;
        m.cpu.s.gpr[RDX] = lm::UCODE + 0x20;
        m.bytes(lm::KCODE, {0x0f, 0x35});
        m.cpu.s.rip = lm::KCODE;
        m.cpu.step();
        CHECK(m.cpu.s.rip == lm::UCODE + 0x20);
        CHECK(m.cpu.s.gpr[RSP] == lm::USTACK - 0x10);
        CHECK(m.cpu.s.cpl == 3);
        CHECK(m.cpu.mode() == Mode::COMPAT32);
        CHECK(m.cpu.s.seg[CS].selector == sel::USER32_CS);
        CHECK(m.cpu.s.seg[SS].selector == sel::USER_DS);
    }
    SECTION("SYSEXITQ returns to 64-bit mode: CS = SYSENTER_CS+32, SS = +40") {
        m.cpu.s.gpr[RCX] = 0x00007fff00000000ull;
        m.cpu.s.gpr[RDX] = lm::UCODE + 0x20;
        m.bytes(lm::KCODE, {0x48, 0x0f, 0x35});
        m.cpu.s.rip = lm::KCODE;
        m.cpu.step();
        CHECK(m.cpu.s.rip == lm::UCODE + 0x20);
        CHECK(m.cpu.s.gpr[RSP] == 0x00007fff00000000ull);
        CHECK(m.cpu.mode() == Mode::LONG64);
        CHECK(m.cpu.s.seg[CS].selector == sel::USER_CS);
        CHECK(m.cpu.s.seg[SS].selector == 0x3b);
    }
    SECTION("SYSEXITQ to a non-canonical RDX is #GP(0)") {
        m.cpu.s.gpr[RDX] = NONCANON;
        m.kexec({0x48, 0x0f, 0x35});
        REQUIRE(m.vector() == 13);
        CHECK(m.frame(true).cs == sel::KERNEL_CS);
    }
    SECTION("SYSEXIT at CPL 3 is #GP(0)") {
        m.enter_user();
        m.uexec({0x0f, 0x35});
        REQUIRE(m.vector() == 13);
        CHECK(m.frame(true).cs == sel::USER_CS);
    }
}
