// src/cpu/segment.cpp: segment loads with their selector error codes, limits in compatibility
// mode, and far JMP/CALL/RET between 64-bit and compatibility mode and across privilege levels.
// Expected values follow the SDM (Vol. 2 MOV, JMP, CALL, RET; Vol. 3 ch. 3 and 5); encodings
// are from GNU as.
#include <catch2/catch.hpp>

#include "cpu/machine_fixture.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {
// mov ds, ecx / mov ss, ecx / mov fs, ecx with the selector in RCX.
int load_ds(Machine& m, uint16_t s, bool user) {
    m.cpu.s.gpr[RCX] = s;
    return user ? m.urun({0x8e, 0xd9}) : m.krun({0x8e, 0xd9});
}
int load_ss(Machine& m, uint16_t s, bool user) {
    m.cpu.s.gpr[RCX] = s;
    return user ? m.urun({0x8e, 0xd1}) : m.krun({0x8e, 0xd1});
}
}  // namespace

TEST_CASE("data segment loads: checks and selector error codes", "[segment]") {
    Machine m;
    SECTION("at CPL 3") {
        m.enter_user();
        CHECK(load_ds(m, sel::USER_DS, true) == -1);
        CHECK(m.cpu.s.seg[DS].selector == sel::USER_DS);
        CHECK(load_ds(m, 0x28, true) == -1);  // RPL 0 <= DPL 3
        CHECK(load_ds(m, sel::USER32_CS, true) == -1);  // readable code
        CHECK(load_ds(m, 0, true) == -1);  // null is allowed
        CHECK(m.cpu.s.seg[DS].selector == 0);
        CHECK(load_ds(m, 0x93, true) == 13);  // beyond the GDT limit
        CHECK(m.frame(true).error == 0x90);
        CHECK(m.frame(true).rip == lm::UCODE);
        m.enter_user();
        CHECK(load_ds(m, sel::KERNEL_DS, true) == 13);  // DPL 0 < CPL 3
        CHECK(m.frame(true).error == sel::KERNEL_DS);
        m.enter_user();
        CHECK(load_ds(m, sel::XONLY_CS, true) == 13);  // execute-only code
        CHECK(m.frame(true).error == (sel::XONLY_CS & ~3));
        m.enter_user();
        CHECK(load_ds(m, sel::NP_DS, true) == 11);
        CHECK(m.frame(true).error == (sel::NP_DS & ~3));
        m.enter_user();
        CHECK(load_ds(m, sel::TSS | 3, true) == 13);
        CHECK(m.frame(true).error == sel::TSS);
    }
    SECTION("at CPL 0") {
        CHECK(load_ds(m, sel::USER_DS, false) == -1);
        CHECK(load_ds(m, sel::TSS, false) == 13);  // a system descriptor is never a data segment
        CHECK(m.frame(true).error == sel::TSS);
        CHECK(load_ds(m, sel::LDT, false) == 13);
        CHECK(m.frame(true).error == sel::LDT);
    }
    SECTION("the accessed bit is set in the descriptor") {
        m.put<uint64_t>(lm::GDT + 0x28, Machine::GDT_ENTRIES[5] & ~(1ull << 40));
        m.enter_user();
        CHECK(load_ds(m, sel::USER_DS, true) == -1);
        CHECK((m.q(lm::GDT + 0x28) & (1ull << 40)) != 0);
    }
}

TEST_CASE("RPL greater than DPL is refused for data segments", "[segment]") {
    Machine m;
    CHECK(load_ds(m, sel::KERNEL_DS | 3, false) == 13);
    CHECK(m.frame(true).error == sel::KERNEL_DS);
}

TEST_CASE("SS loads: RPL = DPL = CPL, writable, present", "[segment]") {
    Machine m;
    SECTION("at CPL 3") {
        m.enter_user();
        CHECK(load_ss(m, sel::USER_DS, true) == -1);
        m.enter_user();
        CHECK(load_ss(m, sel::RO_DS, true) == 13);
        CHECK(m.frame(true).error == (sel::RO_DS & ~3));
        m.enter_user();
        CHECK(load_ss(m, 0x28, true) == 13);  // RPL 0 != CPL 3
        CHECK(m.frame(true).error == 0x28);
        m.enter_user();
        CHECK(load_ss(m, sel::KERNEL_DS, true) == 13);
        m.enter_user();
        CHECK(load_ss(m, sel::USER_CS, true) == 13);  // code
        CHECK(m.frame(true).error == 0x30);
        m.enter_user();
        CHECK(load_ss(m, sel::NP_DS, true) == 12);  // #SS, not #NP
        CHECK(m.frame(true).error == 0x38);
        m.enter_user();
        CHECK(load_ss(m, 3, true) == 13);  // null at CPL 3
        CHECK(m.frame(true).error == 0);
    }
    SECTION("a null SS at CPL 0 in 64-bit mode needs RPL 0") {
        CHECK(load_ss(m, 0, false) == -1);
        CHECK(m.cpu.s.seg[SS].selector == 0);
        CHECK(load_ss(m, 1, false) == 13);
    }
    SECTION("a null SS in compatibility mode is #GP(0)") {
        m.enter_kernel_compat();
        CHECK(load_ss(m, 0, false) == 13);
        CHECK(m.frame(true).error == 0);
    }
}

TEST_CASE("FS and GS loads take the base from the descriptor; DS's base is ignored in 64-bit mode", "[segment]") {
    Machine m;
    m.put<uint64_t>(lm::UDATA + 8, 0x0123456789abcdefull);
    m.put<uint32_t>(lm::UDATA + 0x10, 0x11111111);
    m.enter_user();
    m.cpu.s.gpr[RCX] = sel::SMALL_DS;  // base 0x210000
    m.cpu.s.gpr[RBX] = lm::UDATA + 0x10;
    // mov fs, ecx; mov rax, fs:[8]; mov ds, ecx; mov edx, [rbx]
    CHECK(m.urun({0x8e, 0xe1, 0x64, 0x48, 0x8b, 0x04, 0x25, 0x08, 0x00, 0x00, 0x00, 0x8e, 0xd9, 0x8b, 0x13}) == -1);
    CHECK(m.cpu.s.seg[FS].base == lm::UDATA);
    CHECK(m.cpu.s.gpr[RAX] == 0x0123456789abcdefull);
    CHECK(m.cpu.s.gpr[RDX] == 0x11111111);  // [UDATA+0x10], not [2*UDATA+0x10]
}

TEST_CASE("segment limits and types in compatibility mode", "[segment]") {
    Machine m;
    m.enter_user(true);
    m.cpu.s.gpr[RCX] = sel::SMALL_DS;  // base UDATA, limit 0xfff
    SECTION("DS: the last dword in the limit, and the first beyond it") {
        m.put<uint32_t>(lm::UDATA + 0xffc, 0xfeedf00d);
        // mov ds, ecx; mov eax, [0xffc]
        CHECK(m.urun({0x8e, 0xd9, 0xa1, 0xfc, 0x0f, 0x00, 0x00}) == -1);
        CHECK(m.cpu.s.gpr[RAX] == 0xfeedf00d);
        m.enter_user(true);
        CHECK(m.urun({0x8e, 0xd9, 0xa1, 0xfd, 0x0f, 0x00, 0x00}) == 13);
        CHECK(m.frame(true).error == 0);
        CHECK(m.frame(true).rip == lm::UCODE + 2);
    }
    SECTION("SS: beyond the limit is #SS(0)") {
        m.cpu.s.gpr[RSP] = 0x1000;
        // mov ss, ecx; mov eax, [esp]
        CHECK(m.urun({0x8e, 0xd1, 0x8b, 0x04, 0x24}) == 12);
        CHECK(m.frame(true).error == 0);
    }
    SECTION("a write to a read-only segment is #GP(0)") {
        m.cpu.s.gpr[RCX] = sel::RO_DS;
        m.cpu.s.gpr[RBX] = lm::UDATA;
        // mov ds, ecx; mov eax, [ebx]; mov [ebx], eax
        CHECK(m.urun({0x8e, 0xd9, 0x8b, 0x03, 0x89, 0x03}) == 13);
        CHECK(m.frame(true).rip == lm::UCODE + 4);
    }
    SECTION("a null DS is #GP(0) on use") {
        m.cpu.s.gpr[RCX] = 0;
        m.cpu.s.gpr[RBX] = lm::UDATA;
        CHECK(m.urun({0x8e, 0xd9, 0x8b, 0x03}) == 13);
        CHECK(m.frame(true).rip == lm::UCODE + 2);
    }
    SECTION("in 64-bit mode the limit does not apply") {
        m.enter_user(false);
        m.cpu.s.gpr[RBX] = lm::UDATA + 0x2000;
        CHECK(m.urun({0x8e, 0xd9, 0x8b, 0x03}) == -1);
    }
}

// ---------------------------------------------------------------- far transfers

TEST_CASE("far JMP between 64-bit and compatibility mode", "[segment]") {
    Machine m;
    m.put<uint32_t>(lm::KDATA, lm::KCODE + 0x40);  // m16:32 = 0x08:KCODE+0x40
    m.put<uint16_t>(lm::KDATA + 4, sel::KERNEL32_CS);
    m.cpu.s.gpr[RAX] = lm::KDATA;
    m.bytes(lm::KCODE, {0xff, 0x28});  // jmp far [rax]
    m.bytes(lm::KCODE + 0x40, {0xea, 0x80, 0x00, 0x10, 0x00, 0x10, 0x00});  // jmp 0x10:KCODE+0x80
    m.bytes(lm::KCODE + 0x80, {0xf4});
    m.cpu.s.rip = lm::KCODE;
    m.cpu.step();
    CHECK(m.cpu.mode() == Mode::COMPAT32);
    CHECK(m.cpu.s.rip == lm::KCODE + 0x40);
    CHECK(m.cpu.s.seg[CS].selector == sel::KERNEL32_CS);
    m.resume();
    CHECK(m.halted_at(lm::KCODE + 0x80));
    CHECK(m.cpu.mode() == Mode::LONG64);
    CHECK(m.cpu.s.seg[CS].selector == sel::KERNEL_CS);
}

TEST_CASE("far CALL and RET", "[segment]") {
    Machine m;
    m.cpu.s.gpr[RAX] = lm::KDATA;
    SECTION("CALL m16:32 into compatibility mode, RETF back") {
        m.put<uint32_t>(lm::KDATA, lm::KCODE + 0x40);
        m.put<uint16_t>(lm::KDATA + 4, sel::KERNEL32_CS);
        m.bytes(lm::KCODE, {0xff, 0x18, 0xf4});  // call far [rax]; hlt
        m.bytes(lm::KCODE + 0x40, {0xcb});      // retf (32-bit)
        m.cpu.s.rip = lm::KCODE;
        m.cpu.step();
        CHECK(m.cpu.mode() == Mode::COMPAT32);
        CHECK(m.cpu.s.gpr[RSP] == lm::KSTACK - 8);
        CHECK(m.get<uint32_t>(lm::KSTACK - 8) == lm::KCODE + 2);
        CHECK(m.get<uint32_t>(lm::KSTACK - 4) == sel::KERNEL_CS);
        m.resume();
        CHECK(m.halted_at(lm::KCODE + 2));
        CHECK(m.cpu.mode() == Mode::LONG64);
        CHECK(m.cpu.s.gpr[RSP] == lm::KSTACK);
    }
    SECTION("CALL m16:64 and RETFQ in 64-bit mode") {
        m.put<uint64_t>(lm::KDATA, lm::KCODE + 0x40);
        m.put<uint16_t>(lm::KDATA + 8, sel::KERNEL_CS);
        m.bytes(lm::KCODE + 0x40, {0x48, 0xcb});  // retfq
        CHECK(m.krun({0x48, 0xff, 0x18}) == -1);   // rex.w call far [rax]
        CHECK(m.cpu.s.gpr[RSP] == lm::KSTACK);
        CHECK(m.q(lm::KSTACK - 16) == lm::KCODE + 3);
        CHECK(m.q(lm::KSTACK - 8) == sel::KERNEL_CS);
    }
    SECTION("RETFQ to ring 3 pops SS:RSP and nulls the kernel's data segments") {
        const uint64_t sp = lm::KSTACK - 32;
        m.put<uint64_t>(sp, lm::UCODE);
        m.put<uint64_t>(sp + 8, sel::USER_CS);
        m.put<uint64_t>(sp + 16, lm::USTACK - 8);
        m.put<uint64_t>(sp + 24, sel::USER_DS);
        m.cpu.s.gpr[RSP] = sp;
        m.bytes(lm::UCODE, {0xcc});
        m.bytes(lm::KCODE, {0x48, 0xcb});
        m.cpu.s.rip = lm::KCODE;
        m.cpu.step();
        CHECK(m.cpu.s.cpl == 3);
        CHECK(m.cpu.s.rip == lm::UCODE);
        CHECK(m.cpu.s.gpr[RSP] == lm::USTACK - 8);
        CHECK(m.cpu.s.seg[SS].selector == sel::USER_DS);
        CHECK(m.cpu.s.seg[DS].selector == 0);
        m.resume();
        CHECK(m.vector() == 3);
    }
    SECTION("RETF (32-bit) to compatibility-mode ring 3") {
        const uint64_t sp = lm::KSTACK - 16;
        const uint32_t slots[] = {static_cast<uint32_t>(lm::UCODE), sel::USER32_CS, lm::USTACK - 4, sel::USER_DS};
        for (int k = 0; k < 4; ++k) m.put<uint32_t>(sp + 4 * k, slots[k]);
        m.cpu.s.gpr[RSP] = sp;
        m.bytes(lm::KCODE, {0xcb});
        m.cpu.s.rip = lm::KCODE;
        m.cpu.step();
        CHECK(m.cpu.s.cpl == 3);
        CHECK(m.cpu.mode() == Mode::COMPAT32);
        CHECK(m.cpu.s.gpr[RSP] == lm::USTACK - 4);
    }
    SECTION("RETFQ to ring 3 with a bad SS is #GP(SS) in ring 0, and nothing changed") {
        const uint64_t sp = lm::KSTACK - 32;
        m.put<uint64_t>(sp, lm::UCODE);
        m.put<uint64_t>(sp + 8, sel::USER_CS);
        m.put<uint64_t>(sp + 16, lm::USTACK);
        m.put<uint64_t>(sp + 24, sel::KERNEL_DS);
        m.cpu.s.gpr[RSP] = sp;
        CHECK(m.krun({0x48, 0xcb}) == 13);
        CHECK(m.frame(true).error == sel::KERNEL_DS);
        CHECK(m.frame(true).cs == sel::KERNEL_CS);
        CHECK(m.frame(true).rsp == sp);
        CHECK(m.cpu.s.seg[DS].selector == sel::KERNEL_DS);
    }
    SECTION("RETFQ to a more privileged CS is #GP(selector)") {
        m.enter_user();
        m.put<uint64_t>(lm::USTACK - 16, lm::KCODE);
        m.put<uint64_t>(lm::USTACK - 8, sel::KERNEL_CS);
        m.cpu.s.gpr[RSP] = lm::USTACK - 16;
        CHECK(m.urun({0x48, 0xcb}) == 13);
        CHECK(m.frame(true).error == sel::KERNEL_CS);
    }
}

TEST_CASE("far JMP checks", "[segment]") {
    Machine m;
    m.cpu.s.gpr[RAX] = lm::KDATA;
    auto jmp_to = [&](uint16_t s, uint64_t off) {
        m.put<uint64_t>(lm::KDATA, off);
        m.put<uint16_t>(lm::KDATA + 8, s);
        return m.krun({0x48, 0xff, 0x28});  // rex.w jmp far [rax]
    };
    m.bytes(lm::KCODE + 0x40, {0xf4});
    SECTION("null selector: #GP(0)") {
        CHECK(jmp_to(0, lm::KCODE + 0x40) == 13);
        CHECK(m.frame(true).error == 0);
    }
    SECTION("a data segment: #GP(selector)") {
        CHECK(jmp_to(sel::KERNEL_DS, lm::KCODE + 0x40) == 13);
        CHECK(m.frame(true).error == sel::KERNEL_DS);
    }
    SECTION("a non-conforming segment of another DPL: #GP(selector)") {
        CHECK(jmp_to(sel::USER_CS, lm::KCODE + 0x40) == 13);
        CHECK(m.frame(true).error == 0x30);
    }
    SECTION("RPL above CPL: #GP(selector)") {
        CHECK(jmp_to(sel::KERNEL_CS | 3, lm::KCODE + 0x40) == 13);
        CHECK(m.frame(true).error == sel::KERNEL_CS);
    }
    SECTION("L and D both set: #GP(selector)") {
        CHECK(jmp_to(sel::BAD_LD_CS, lm::KCODE + 0x40) == 13);
        CHECK(m.frame(true).error == sel::BAD_LD_CS);
    }
    SECTION("not present: #NP(selector)") {
        m.put<uint64_t>(lm::GDT + 0x08, Machine::GDT_ENTRIES[1] & ~(1ull << 47));
        CHECK(jmp_to(sel::KERNEL32_CS, lm::KCODE + 0x40) == 11);
        CHECK(m.frame(true).error == sel::KERNEL32_CS);
    }
    SECTION("a non-canonical 64-bit target: #GP(0), before CS changes") {
        CHECK(jmp_to(sel::KERNEL_CS, NONCANON) == 13);
        CHECK(m.frame(true).error == 0);
        CHECK(m.frame(true).rip == lm::KCODE);
    }
    SECTION("a target beyond a compatibility-mode limit: #GP(0)") {
        m.put<uint64_t>(lm::GDT + 0x08, 0x00409b000000ffffull);  // 64 KiB limit
        CHECK(jmp_to(sel::KERNEL32_CS, 0x10000) == 13);
        CHECK(m.frame(true).error == 0);
    }
    SECTION("a conforming segment keeps the CPL") {
        m.enter_user();
        m.put<uint64_t>(lm::UDATA, lm::UCODE + 0x40);
        m.put<uint16_t>(lm::UDATA + 8, sel::CONFORM_CS);
        m.bytes(lm::UCODE + 0x40, {0xcc});
        m.cpu.s.gpr[RAX] = lm::UDATA;
        CHECK(m.urun({0x48, 0xff, 0x28}) == 3);
        CHECK(m.frame(false).cs == (sel::CONFORM_CS | 3));
        CHECK(m.frame(false).rip == lm::UCODE + 0x41);
    }
}
