// src/cpu/interrupt.cpp, IRET: to the same privilege level, to ring 3 and to compatibility
// mode, with every check. Expected values follow the SDM (Vol. 2 IRET); encodings are from
// GNU as. The 32-bit protected-mode IRETD is in interrupt_test.cpp.
#include <catch2/catch.hpp>

#include "cpu/machine_fixture.hpp"

using namespace lstar;
using namespace lstar::test;

TEST_CASE("IRETQ to the same privilege level", "[interrupt]") {
    Machine m;
    const uint64_t target = lm::KCODE + 0x100;
    m.bytes(target, {0xf4});
    SECTION("pops RIP, CS, RFLAGS, RSP and SS") {
        m.cpu.s.gpr[RSP] = m.push_iret_frame(lm::KSTACK, target, sel::KERNEL_CS, 0x203, lm::KSTACK - 0x100, sel::KERNEL_DS);
        m.kexec({0x48, 0xcf});  // iretq
        REQUIRE(m.halted_at(target));
        CHECK(m.cpu.s.gpr[RSP] == lm::KSTACK - 0x100);
        CHECK(m.cpu.rflags() == 0x203);
        CHECK(m.cpu.s.seg[SS].selector == sel::KERNEL_DS);
        CHECK(m.cpu.s.seg[DS].selector == sel::KERNEL_DS);  // not nulled
    }
    SECTION("a null SS is allowed at CPL 0 in 64-bit mode") {
        m.cpu.s.gpr[RSP] = m.push_iret_frame(lm::KSTACK, target, sel::KERNEL_CS, 0x2, lm::KSTACK - 0x100, 0);
        m.kexec({0x48, 0xcf});
        REQUIRE(m.halted_at(target));
        CHECK(m.cpu.s.seg[SS].selector == 0);
    }
    SECTION("IRETD in 64-bit mode pops 4-byte slots, including SS:ESP") {
        const uint64_t sp = lm::KSTACK - 20;
        const uint32_t slots[] = {static_cast<uint32_t>(target), sel::KERNEL_CS, 0x246, lm::KSTACK - 0x80, sel::KERNEL_DS};
        for (int k = 0; k < 5; ++k) m.put<uint32_t>(sp + 4 * k, slots[k]);
        m.cpu.s.gpr[RSP] = sp;
        m.kexec({0xcf});  // iretd
        REQUIRE(m.halted_at(target));
        CHECK(m.cpu.s.gpr[RSP] == lm::KSTACK - 0x80);
        CHECK(m.cpu.rflags() == 0x246);
    }
    SECTION("IRETD in compatibility mode at the same privilege pops only EIP, CS and EFLAGS") {
        m.enter_user(true);
        const uint64_t sp = lm::USTACK - 0x20;
        m.put<uint32_t>(sp, lm::UCODE + 0x40);
        m.put<uint32_t>(sp + 4, sel::USER32_CS);
        m.put<uint32_t>(sp + 8, 0x202);
        m.bytes(lm::UCODE + 0x40, {0xcc});
        m.cpu.s.gpr[RSP] = sp;
        m.uexec({0xcf});
        REQUIRE(m.vector() == 3);
        CHECK(m.frame(false).rip == lm::UCODE + 0x41);
        CHECK(m.frame(false).rsp == sp + 12);
        CHECK(m.frame(false).cs == sel::USER32_CS);
    }
}

TEST_CASE("IRETQ to ring 3 and to compatibility mode", "[interrupt]") {
    Machine m;
    SECTION("to 64-bit ring 3: CPL 3, user SS:RSP, kernel data segments nulled") {
        m.cpu.s.gpr[RSP] = m.push_iret_frame(lm::KSTACK, lm::UCODE, sel::USER_CS, 0x202, lm::USTACK - 8, sel::USER_DS);
        m.bytes(lm::UCODE, {0xcc});
        m.bytes(lm::KCODE, {0x48, 0xcf});
        m.cpu.s.rip = lm::KCODE;
        REQUIRE(m.cpu.step().insns == 1);
        CHECK(m.cpu.s.cpl == 3);
        CHECK(m.cpu.s.rip == lm::UCODE);
        CHECK(m.cpu.s.seg[CS].selector == sel::USER_CS);
        CHECK(m.cpu.s.seg[SS].selector == sel::USER_DS);
        CHECK(m.cpu.s.gpr[RSP] == lm::USTACK - 8);
        CHECK(m.cpu.s.seg[DS].selector == 0);
        CHECK(m.cpu.s.seg[ES].selector == 0);
        CHECK(m.cpu.mode() == Mode::LONG64);
        CHECK(m.cpu.rflags() == 0x202);
        m.resume();  // int3 in ring 3 comes back through RSP0
        REQUIRE(m.vector() == 3);
        CHECK(m.frame(false).rip == lm::UCODE + 1);
        CHECK(m.cpu.s.gpr[RSP] == lm::RSP0 - 40);
    }
    SECTION("to compatibility mode") {
        m.cpu.s.gpr[RSP] = m.push_iret_frame(lm::KSTACK, lm::UCODE, sel::USER32_CS, 0x202, lm::USTACK - 4, sel::USER_DS);
        m.bytes(lm::KCODE, {0x48, 0xcf});
        m.cpu.s.rip = lm::KCODE;
        m.cpu.step();
        CHECK(m.cpu.s.cpl == 3);
        CHECK(m.cpu.mode() == Mode::COMPAT32);
        CHECK(m.cpu.s.rip == lm::UCODE);
        CHECK(m.cpu.s.gpr[RSP] == lm::USTACK - 4);
    }
    SECTION("to compatibility mode at CPL 0") {
        m.cpu.s.gpr[RSP] = m.push_iret_frame(lm::KSTACK, lm::KCODE + 0x80, sel::KERNEL32_CS, 0x2, lm::KSTACK - 0x40, sel::KERNEL_DS);
        m.bytes(lm::KCODE + 0x80, {0xf4});
        m.kexec({0x48, 0xcf});
        REQUIRE(m.halted_at(lm::KCODE + 0x80));
        CHECK(m.cpu.mode() == Mode::COMPAT32);
        CHECK(m.cpu.s.cpl == 0);
    }
}

TEST_CASE("IRET checks", "[interrupt]") {
    Machine m;
    auto iret_faults = [&](uint64_t rip, uint64_t cs, uint64_t flags, uint64_t rsp, uint64_t ss) {
        m.cpu.s.gpr[RSP] = m.push_iret_frame(lm::KSTACK, rip, cs, flags, rsp, ss);
        m.kexec({0x48, 0xcf});
        return m.vector();
    };
    SECTION("a return to a more privileged CS is #GP(selector)") {
        m.enter_user();
        m.cpu.s.gpr[RSP] = m.push_iret_frame(lm::USTACK, lm::KCODE, sel::KERNEL_CS, 2, lm::KSTACK, sel::KERNEL_DS);
        m.uexec({0x48, 0xcf});
        REQUIRE(m.vector() == 13);
        CHECK(m.frame(true).error == sel::KERNEL_CS);
        CHECK(m.frame(true).cs == sel::USER_CS);
    }
    SECTION("a data segment as CS is #GP(selector)") {
        REQUIRE(iret_faults(lm::KCODE, sel::KERNEL_DS, 2, lm::KSTACK, sel::KERNEL_DS) == 13);
        CHECK(m.frame(true).error == sel::KERNEL_DS);
    }
    SECTION("a not-present CS is #NP(selector)") {
        m.put<uint64_t>(lm::GDT + 0x30, Machine::GDT_ENTRIES[6] & ~(1ull << 47));
        REQUIRE(iret_faults(lm::UCODE, sel::USER_CS, 2, lm::USTACK, sel::USER_DS) == 11);
        CHECK(m.frame(true).error == 0x30);
    }
    SECTION("a CS with L and D set is #GP(selector)") {
        REQUIRE(iret_faults(lm::KCODE, sel::BAD_LD_CS, 2, lm::KSTACK, sel::KERNEL_DS) == 13);
        CHECK(m.frame(true).error == sel::BAD_LD_CS);
    }
    SECTION("a non-canonical RIP is #GP(0)") {
        REQUIRE(iret_faults(NONCANON, sel::USER_CS, 2, lm::USTACK, sel::USER_DS) == 13);
        CHECK(m.frame(true).error == 0);
    }
    SECTION("an EIP beyond the CS limit of a compatibility-mode segment is #GP(0)") {
        m.put<uint64_t>(lm::GDT + 0x20, 0x0040fb000000ffffull);  // USER32_CS with a 64 KiB limit
        REQUIRE(iret_faults(0x10000, sel::USER32_CS, 2, lm::USTACK, sel::USER_DS) == 13);
        CHECK(m.frame(true).error == 0);
    }
    SECTION("an SS whose RPL differs from the new CPL is #GP(SS), and nothing changed") {
        REQUIRE(iret_faults(lm::UCODE, sel::USER_CS, 2, lm::USTACK, sel::KERNEL_DS) == 13);
        CHECK(m.frame(true).error == sel::KERNEL_DS);
        CHECK(m.frame(true).cs == sel::KERNEL_CS);  // taken in ring 0, at the IRET
        CHECK(m.frame(true).rip == lm::KCODE);
        CHECK(m.cpu.s.gpr[RSP] == lm::KSTACK - 48 - 48);  // the kernel stack, aligned: no RSP0 switch
    }
    SECTION("a null SS for ring 3 is #GP(0)") {
        REQUIRE(iret_faults(lm::UCODE, sel::USER_CS, 2, lm::USTACK, 3) == 13);
        CHECK(m.frame(true).error == 0);
        CHECK(m.frame(true).cs == sel::KERNEL_CS);
    }
    SECTION("a read-only SS is #GP(SS)") {
        REQUIRE(iret_faults(lm::UCODE, sel::USER_CS, 2, lm::USTACK, sel::RO_DS) == 13);
        CHECK(m.frame(true).error == (sel::RO_DS & ~3));
    }
    SECTION("a not-present SS is #SS(SS)") {
        REQUIRE(iret_faults(lm::UCODE, sel::USER_CS, 2, lm::USTACK, sel::NP_DS) == 12);
        CHECK(m.frame(true).error == (sel::NP_DS & ~3));
        CHECK(m.frame(true).cs == sel::KERNEL_CS);
    }
    SECTION("NT set in IA-32e mode is #GP(0)") {
        m.cpu.set_rflags(fl::FIXED1 | fl::NT);
        REQUIRE(iret_faults(lm::KCODE + 0x80, sel::KERNEL_CS, 2, lm::KSTACK, sel::KERNEL_DS) == 13);
        CHECK(m.frame(true).error == 0);
        CHECK(m.frame(true).rip == lm::KCODE);
    }
    SECTION("at CPL 3 with IOPL 0, IRETQ changes neither IOPL nor IF") {
        m.enter_user();
        m.bytes(lm::UCODE + 0x40, {0xcc});
        m.cpu.s.gpr[RSP] = m.push_iret_frame(lm::USTACK, lm::UCODE + 0x40, sel::USER_CS, 0x3002 | fl::CF, lm::USTACK, sel::USER_DS);
        m.uexec({0x48, 0xcf});
        REQUIRE(m.vector() == 3);
        CHECK(m.frame(false).rflags == (fl::FIXED1 | fl::IF | fl::CF));
    }
    SECTION("at CPL 0, IRETQ loads IOPL and IF") {
        m.bytes(lm::KCODE + 0x80, {0xf4});
        REQUIRE(iret_faults(lm::KCODE + 0x80, sel::KERNEL_CS, 0x3202, lm::KSTACK, sel::KERNEL_DS) == -1);
        CHECK(m.halted_at(lm::KCODE + 0x80));
        CHECK(m.cpu.rflags() == 0x3202);
    }
}
