// src/cpu/interrupt.cpp: delivery through 64-bit IDT gates and 32-bit protected-mode gates, #DF
// and triple faults, external interrupts, the STI shadow and TF single-step. IRET is in
// iret_test.cpp, SYSCALL/SYSRET and SYSENTER/SYSEXIT in syscall_test.cpp.
// Expected values follow the SDM (Vol. 3 ch. 6 and §17.3.1.4; Vol. 2 INT n); encodings are
// from GNU as. Where Intel and AMD differ, Intel.
#include <catch2/catch.hpp>

#include <algorithm>

#include "cpu/machine_fixture.hpp"

using namespace lstar;
using namespace lstar::test;

// ---------------------------------------------------------------- the frame of every vector

TEST_CASE("every exception vector is delivered with the frame of SDM Figure 6-9", "[interrupt]") {
    // The vectors that push an error code (SDM Vol. 3 Table 6-1).
    const std::vector<unsigned> with_error = {8, 10, 11, 12, 13, 14, 17, 21};
    for (unsigned v = 0; v < 32; ++v) {
        CAPTURE(v);
        Machine m;
        const bool err = std::find(with_error.begin(), with_error.end(), v) != with_error.end();
        m.cpu.s.rip = lm::KCODE + 0x10;
        m.cpu.s.gpr[RSP] = lm::KSTACK - 8;  // not 16-byte aligned
        m.cpu.set_rflags(fl::FIXED1 | fl::CF | fl::ZF);
        m.cpu.deliver_fault(GuestFault{static_cast<Vec>(v), 0x1238, 0, false});
        CHECK(m.cpu.s.rip == Machine::stub(v));
        // #DF runs on IST1; the others on the current stack, aligned down to 16 bytes.
        const uint64_t top = v == 8 ? lm::IST1 : lm::KSTACK - 16;
        CHECK(m.cpu.s.gpr[RSP] == top - (err ? 48 : 40));
        const Machine::Frame f = m.frame(err);
        if (err) CHECK(f.error == 0x1238);
        CHECK(f.rip == lm::KCODE + 0x10);
        CHECK(f.cs == sel::KERNEL_CS);
        CHECK(f.rflags == (fl::FIXED1 | fl::CF | fl::ZF));
        CHECK(f.rsp == lm::KSTACK - 8);
        CHECK(f.ss == sel::KERNEL_DS);
    }
}

TEST_CASE("exceptions raised by instructions: vector, error code and saved RIP", "[interrupt]") {
    Machine m;
    SECTION("#DE is a fault at the DIV") {
        m.cpu.s.gpr[RCX] = 0;
        m.kexec({0xf7, 0xf1});  // div ecx
        CHECK(m.vector() == 0);
        CHECK(m.frame(false).rip == lm::KCODE);
    }
    SECTION("#BP is a trap after the INT3") {
        m.kexec({0x90, 0xcc});  // nop; int3
        CHECK(m.vector() == 3);
        CHECK(m.frame(false).rip == lm::KCODE + 2);
    }
    SECTION("#UD from UD2") {
        m.kexec({0x0f, 0x0b});
        CHECK(m.vector() == 6);
        CHECK(m.frame(false).rip == lm::KCODE);
    }
    SECTION("#NM from an SSE instruction with CR0.TS") {
        m.cpu.s.cr0 |= cr0::TS;
        m.kexec({0x0f, 0x28, 0xc1});  // movaps xmm0, xmm1
        CHECK(m.vector() == 7);
    }
    SECTION("#MF from FWAIT with an unmasked x87 exception pending") {
        m.cpu.s.fcw = 0x37e;           // IM clear
        m.cpu.s.fsw = 0x0001 | 0x80;  // IE and ES
        m.kexec({0x9b});               // fwait
        CHECK(m.vector() == 16);
        CHECK(m.frame(false).rip == lm::KCODE);
    }
    SECTION("#XM from an unmasked SIMD exception with CR4.OSXMMEXCPT, else #UD") {
        m.cpu.s.mxcsr = 0x1f80 & ~0x200u;  // ZM clear
        m.cpu.s.xmm[0].q[0] = 0x3f800000;  // 1.0f
        m.cpu.s.xmm[1].q[0] = 0;
        m.kexec({0xf3, 0x0f, 0x5e, 0xc1});  // divss xmm0, xmm1
        CHECK(m.vector() == 19);
        m.enter_kernel64();
        m.cpu.s.cr4 &= ~cr4::OSXMMEXCPT;
        m.run_at(lm::KCODE);
        CHECK(m.vector() == 6);
    }
    SECTION("#GP(0) for a non-canonical data address") {
        m.cpu.s.gpr[RBX] = NONCANON;
        m.kexec({0x48, 0x8b, 0x03});  // mov rax, [rbx]
        CHECK(m.vector() == 13);
        CHECK(m.frame(true).error == 0);
        CHECK(m.frame(true).rip == lm::KCODE);
    }
    SECTION("#SS(0) for a non-canonical stack address") {
        m.cpu.s.gpr[RBP] = NONCANON;
        m.kexec({0x48, 0x8b, 0x45, 0x00});  // mov rax, [rbp]
        CHECK(m.vector() == 12);
        CHECK(m.frame(true).error == 0);
    }
    SECTION("#PF with the error code and CR2") {
        m.cpu.s.gpr[RBX] = 0x18;  // page 0 is not present
        m.kexec({0x48, 0x8b, 0x03});
        CHECK(m.vector() == 14);
        CHECK(m.frame(true).error == 0);
        CHECK(m.cpu.s.cr2 == 0x18);
    }
    SECTION("#NP(selector) for a not-present segment") {
        m.cpu.s.gpr[RAX] = sel::NP_DS;
        m.kexec({0x8e, 0xc0});  // mov es, eax
        CHECK(m.vector() == 11);
        CHECK(m.frame(true).error == 0x38);
    }
    SECTION("#TS(TSS selector) when the IST slot lies beyond the TSS limit") {
        m.set_gate(0x21, Machine::stub(0x21), 0xe, 0, 1);
        m.set_tss_limit(0x2b);  // IST1 is at 0x24..0x2b: still inside
        m.kexec({0xcd, 0x21});  // int 0x21
        CHECK(m.vector() == 0x21);
        m.set_gate(0x21, Machine::stub(0x21), 0xe, 0, 2);  // IST2 at 0x2c..0x33: outside
        m.run_at(lm::KCODE);
        CHECK(m.vector() == 10);
        CHECK(m.frame(true).error == sel::TSS);
        CHECK(m.frame(true).rip == lm::KCODE);
    }
    SECTION("#AC(0) for a misaligned user access under CR0.AM and RFLAGS.AC") {
        m.cpu.s.cr0 |= cr0::AM;
        m.enter_user();
        m.cpu.set_rflags(fl::FIXED1 | fl::AC);
        m.cpu.s.gpr[RBX] = lm::UDATA + 2;
        m.uexec({0x8b, 0x03});  // mov eax, [rbx]
        REQUIRE(m.vector() == 17);
        CHECK(m.frame(true).error == 0);
        CHECK(m.frame(true).rip == lm::UCODE);
    }
    SECTION("#OF from INTO in compatibility mode is a trap") {
        m.enter_user(true);
        m.cpu.set_rflags(fl::FIXED1 | fl::OF);
        m.uexec({0xce});  // into
        CHECK(m.vector() == 4);
        CHECK(m.frame(false).rip == lm::UCODE + 1);
        CHECK(m.frame(false).cs == sel::USER32_CS);
    }
    SECTION("INTO without OF does nothing; in 64-bit mode it is #UD") {
        m.enter_user(true);
        m.bytes(lm::UCODE, {0xce, 0xcc});  // into; int3
        m.run_at(lm::UCODE);
        CHECK(m.vector() == 3);
        m.enter_user(false);
        m.cpu.set_rflags(fl::FIXED1 | fl::OF);
        m.run_at(lm::UCODE);
        CHECK(m.vector() == 6);
    }
}

// ---------------------------------------------------------------- stacks

TEST_CASE("a fault in ring 3 switches to RSP0 and pushes the user's SS:RSP", "[interrupt]") {
    Machine m;
    SECTION("from 64-bit mode") {
        m.enter_user();
        m.cpu.s.gpr[RSP] = lm::USTACK - 8;
        m.uexec({0x0f, 0x0b});  // ud2
        REQUIRE(m.vector() == 6);
        CHECK(m.cpu.s.gpr[RSP] == lm::RSP0 - 40);
        const Machine::Frame f = m.frame(false);
        CHECK(f.rip == lm::UCODE);
        CHECK(f.cs == sel::USER_CS);
        CHECK(f.rflags == (fl::FIXED1 | fl::IF));
        CHECK(f.rsp == lm::USTACK - 8);
        CHECK(f.ss == sel::USER_DS);
        CHECK(m.cpu.s.cpl == 0);
        CHECK(m.cpu.s.seg[CS].selector == sel::KERNEL_CS);
        CHECK(m.cpu.s.seg[SS].selector == 0);  // a null SS with RPL = new CPL (§6.14.4)
        CHECK(m.cpu.mode() == Mode::LONG64);
    }
    SECTION("from compatibility mode") {
        m.enter_user(true);
        m.uexec({0x0f, 0x0b});
        REQUIRE(m.vector() == 6);
        CHECK(m.frame(false).cs == sel::USER32_CS);
        CHECK(m.frame(false).rsp == lm::USTACK);
        CHECK(m.cpu.mode() == Mode::LONG64);
    }
    SECTION("an error code goes below RIP on the new stack") {
        m.enter_user();
        m.uexec({0xf4});  // hlt: #GP(0) at CPL 3
        REQUIRE(m.vector() == 13);
        CHECK(m.cpu.s.gpr[RSP] == lm::RSP0 - 48);
        CHECK(m.frame(true).error == 0);
        CHECK(m.frame(true).rip == lm::UCODE);
        CHECK(m.frame(true).ss == sel::USER_DS);
    }
    SECTION("no stack switch at the same privilege level") {
        m.kexec({0x0f, 0x0b});
        CHECK(m.cpu.s.gpr[RSP] == lm::KSTACK - 40);
        CHECK(m.cpu.s.seg[SS].selector == sel::KERNEL_DS);
    }
}

TEST_CASE("IST stack switch and 16-byte alignment", "[interrupt]") {
    Machine m;
    m.put<uint64_t>(lm::TSS + 0x2c, lm::IST2 + 8);  // IST2, deliberately misaligned
    m.set_gate(3, Machine::stub(3), 0xe, 3, 2);
    SECTION("IST at the same privilege level, aligned down") {
        m.cpu.s.gpr[RSP] = lm::KSTACK - 0x18;
        m.kexec({0xcc});
        REQUIRE(m.vector() == 3);
        CHECK(m.cpu.s.gpr[RSP] == lm::IST2 - 40);
        CHECK(m.frame(false).rsp == lm::KSTACK - 0x18);
        CHECK(m.frame(false).ss == sel::KERNEL_DS);
    }
    SECTION("IST takes precedence over RSP0 from ring 3") {
        m.enter_user();
        m.uexec({0xcc});
        REQUIRE(m.vector() == 3);
        CHECK(m.cpu.s.gpr[RSP] == lm::IST2 - 40);
        CHECK(m.frame(false).rsp == lm::USTACK);
    }
    SECTION("the old stack is aligned too when it is not switched") {
        m.set_gate(3, Machine::stub(3), 0xe, 3, 0);
        m.cpu.s.gpr[RSP] = lm::KSTACK - 0x18;
        m.kexec({0xcc});
        CHECK(m.cpu.s.gpr[RSP] == lm::KSTACK - 0x20 - 40);
        CHECK(m.frame(false).rsp == lm::KSTACK - 0x18);
    }
    SECTION("a non-canonical RSP0 is #SS, and #SS again on the same stack is #DF") {
        m.put<uint64_t>(lm::TSS + 4, NONCANON);
        m.enter_user();
        m.uexec({0x0f, 0x0b});
        CHECK(m.vector() == 8);
        CHECK(m.cpu.s.gpr[RSP] == lm::IST1 - 48);
    }
}

// ---------------------------------------------------------------- gates

TEST_CASE("INT n checks the gate's DPL; exceptions do not", "[interrupt]") {
    Machine m;
    m.enter_user();
    SECTION("INT n through a DPL-0 gate is #GP(n*8+2), reported at the INT") {
        m.uexec({0xcd, 0x21});  // int 0x21
        REQUIRE(m.vector() == 13);
        CHECK(m.frame(true).error == 0x21 * 8 + 2);
        CHECK(m.frame(true).rip == lm::UCODE);
    }
    SECTION("INT3 through a DPL-0 gate is #GP(0x1a)") {
        m.set_gate(3, Machine::stub(3), 0xe, 0);
        m.uexec({0xcc});
        REQUIRE(m.vector() == 13);
        CHECK(m.frame(true).error == 3 * 8 + 2);
    }
    SECTION("INT 0x80 through a DPL-3 trap gate") {
        m.uexec({0xcd, 0x80});
        REQUIRE(m.vector() == 0x80);
        CHECK(m.frame(false).rip == lm::UCODE + 2);
        CHECK((m.cpu.rflags() & fl::IF) != 0);
    }
    SECTION("a hardware exception through a DPL-0 gate") {
        m.uexec({0x0f, 0x0b});
        CHECK(m.vector() == 6);
    }
    SECTION("INT1 (ICEBP) is delivered like a debug exception, without the DPL check") {
        m.uexec({0xf1});
        REQUIRE(m.vector() == 1);
        CHECK(m.frame(false).rip == lm::UCODE + 1);
    }
    SECTION("INT 1 (CD 01) is a software interrupt and is checked") {
        m.uexec({0xcd, 0x01});
        REQUIRE(m.vector() == 13);
        CHECK(m.frame(true).error == 1 * 8 + 2);
    }
}

TEST_CASE("gate checks: not present, type, IDT limit, target", "[interrupt]") {
    Machine m;
    SECTION("INT n through a not-present gate is #NP(n*8+2)") {
        m.set_gate(0x21, Machine::stub(0x21), 0xe, 0, 0, false);
        m.kexec({0xcd, 0x21});
        REQUIRE(m.vector() == 11);
        CHECK(m.frame(true).error == 0x21 * 8 + 2);
        CHECK(m.frame(true).rip == lm::KCODE);
    }
    SECTION("an exception through a not-present gate: #NP with EXT set") {
        m.set_gate(6, Machine::stub(6), 0xe, 0, 0, false);
        m.kexec({0x0f, 0x0b});  // #UD is benign: the #NP is handled serially
        REQUIRE(m.vector() == 11);
        CHECK(m.frame(true).error == 6 * 8 + 2 + 1);
        CHECK(m.frame(true).rip == lm::KCODE);
    }
    SECTION("an external interrupt through a not-present gate: #NP with EXT set") {
        m.set_gate(0x40, Machine::stub(0x40), 0xe, 0, 0, false);
        m.cpu.set_rflags(fl::FIXED1 | fl::IF);
        m.cpu.intr = true;
        m.kexec({0x90, 0xf4});
        REQUIRE(m.vector() == 11);
        CHECK(m.frame(true).error == 0x40 * 8 + 2 + 1);
    }
    SECTION("a gate of another type is #GP(n*8+2)") {
        m.set_gate(0x21, Machine::stub(0x21), 0xc);  // a call gate
        m.kexec({0xcd, 0x21});
        REQUIRE(m.vector() == 13);
        CHECK(m.frame(true).error == 0x21 * 8 + 2);
    }
    SECTION("a vector beyond the IDT limit is #GP(n*8+2)") {
        m.cpu.s.idtr.limit = 0x21 * 16 - 1;
        m.kexec({0xcd, 0x21});
        REQUIRE(m.vector() == 13);
        CHECK(m.frame(true).error == 0x21 * 8 + 2);
    }
    SECTION("a gate whose selector is a data segment is #GP(selector)") {
        m.set_gate(0x21, Machine::stub(0x21), 0xe, 0, 0, true, sel::KERNEL_DS);
        m.kexec({0xcd, 0x21});
        REQUIRE(m.vector() == 13);
        CHECK(m.frame(true).error == sel::KERNEL_DS);
    }
    SECTION("a gate to a 32-bit code segment is #GP(selector)") {
        m.set_gate(0x21, Machine::stub(0x21), 0xe, 0, 0, true, sel::KERNEL32_CS);
        m.kexec({0xcd, 0x21});
        REQUIRE(m.vector() == 13);
        CHECK(m.frame(true).error == sel::KERNEL32_CS);
    }
    SECTION("a non-canonical handler address is #GP(0)") {
        m.set_gate(0x21, NONCANON);
        m.kexec({0xcd, 0x21});
        REQUIRE(m.vector() == 13);
        CHECK(m.frame(true).error == 0);
    }
}

TEST_CASE("interrupt gates clear IF, trap gates keep it; both clear TF, NT and RF", "[interrupt]") {
    Machine m;
    m.set_gate(0x31, Machine::stub(0x31), 0xf);
    const uint64_t before = fl::FIXED1 | fl::IF | fl::NT | fl::RF | fl::AC;
    SECTION("interrupt gate") {
        m.cpu.set_rflags(before);
        m.kexec({0xcd, 0x30});
        REQUIRE(m.vector() == 0x30);
        CHECK(m.frame(false).rflags == before);
        CHECK(m.cpu.rflags() == (fl::FIXED1 | fl::AC));
    }
    SECTION("trap gate") {
        m.cpu.set_rflags(before);
        m.kexec({0xcd, 0x31});
        REQUIRE(m.vector() == 0x31);
        CHECK(m.frame(false).rflags == before);
        CHECK(m.cpu.rflags() == (fl::FIXED1 | fl::IF | fl::AC));
    }
}

// ---------------------------------------------------------------- #DF and triple faults

TEST_CASE("double faults", "[interrupt]") {
    Machine m;
    SECTION("#PF while delivering #PF is #DF, on the IST1 stack, with error code 0") {
        m.put<uint64_t>(lm::TSS + 4, 0x1000);  // RSP0: the frame would go to page 0
        m.enter_user();
        m.uexec({0x48, 0x8b, 0x04, 0x25, 0x00, 0x00, 0x40, 0x00});  // mov rax, [0x400000]
        REQUIRE(m.vector() == 8);
        CHECK(m.cpu.s.gpr[RSP] == lm::IST1 - 48);
        CHECK(m.frame(true).error == 0);
        CHECK(m.frame(true).cs == sel::USER_CS);
        CHECK(m.frame(true).ss == sel::USER_DS);
    }
    SECTION("#GP while delivering #GP is #DF") {
        m.set_gate(13, Machine::stub(13), 0xe, 0, 0, false);  // #GP delivery raises #NP
        m.enter_user();
        m.uexec({0xf4});  // hlt at CPL 3
        CHECK(m.vector() == 8);
    }
    SECTION("#GP while delivering #PF is #DF") {
        m.set_gate(14, NONCANON);
        m.cpu.s.gpr[RBX] = 0;
        m.kexec({0x48, 0x8b, 0x03});
        CHECK(m.vector() == 8);
    }
    SECTION("#PF while delivering #GP is handled serially") {
        m.set_gate(13, Machine::stub(13), 0xe, 0, 2);  // #GP on IST2, which is not mapped
        m.put<uint64_t>(lm::TSS + 0x2c, 0x1000);
        m.cpu.s.gpr[RBX] = NONCANON;
        m.kexec({0x48, 0x8b, 0x03});
        REQUIRE(m.vector() == 14);
        CHECK(m.frame(true).error == pte::W);  // a supervisor write to a not-present page
        CHECK(m.cpu.s.cr2 == 0x1000 - 48);
    }
    SECTION("a fault while delivering #DF is a triple fault") {
        m.set_gate(8, Machine::stub(8), 0xe, 0, 1, false);
        m.put<uint64_t>(lm::TSS + 4, 0x1000);
        m.enter_user();
        const StopInfo s = m.uexec({0x48, 0x8b, 0x04, 0x25, 0x00, 0x00, 0x40, 0x00});
        CHECK(s.reason == StopInfo::Reason::TRIPLE_FAULT);
    }
    SECTION("an empty IDT ends in a triple fault") {
        m.cpu.s.idtr.limit = 0;
        const StopInfo s = m.kexec({0x0f, 0x0b});
        CHECK(s.reason == StopInfo::Reason::TRIPLE_FAULT);
    }
}

// ---------------------------------------------------------------- external interrupts

TEST_CASE("external interrupts, IF, the STI shadow and HLT", "[interrupt]") {
    Machine m;
    m.cpu.intr = true;
    SECTION("taken at an instruction boundary when IF is set") {
        m.cpu.set_rflags(fl::FIXED1 | fl::IF);
        m.kexec({0x90, 0xf4});
        REQUIRE(m.vector() == 0x40);
        CHECK(m.frame(false).rip == lm::KCODE);
        CHECK(m.bus.acks == 1);
        CHECK_FALSE(m.cpu.intr);
        CHECK((m.cpu.rflags() & fl::IF) == 0);
    }
    SECTION("held off while IF is clear") {
        m.kexec({0x90, 0xf4});
        CHECK(m.halted_at(lm::KCODE + 1));
        CHECK(m.bus.acks == 0);
    }
    SECTION("STI enables interrupts after the next instruction") {
        m.kexec({0xfb, 0x90, 0x90, 0xf4});  // sti; nop; nop; hlt
        REQUIRE(m.vector() == 0x40);
        CHECK(m.frame(false).rip == lm::KCODE + 2);
    }
    SECTION("STI; HLT halts, and the interrupt wakes the HLT") {
        m.kexec({0xfb, 0xf4, 0x90});
        REQUIRE(m.vector() == 0x40);
        CHECK(m.frame(false).rip == lm::KCODE + 2);
    }
    SECTION("HLT waits until the machine raises INTR") {
        m.cpu.intr = false;
        m.cpu.set_rflags(fl::FIXED1 | fl::IF);
        const StopInfo s = m.kexec({0xf4, 0x90});
        CHECK(s.reason == StopInfo::Reason::HALT);
        CHECK(m.halted_at(lm::KCODE));
        CHECK(m.cpu.run(10).reason == StopInfo::Reason::HALT);  // still halted
        m.cpu.intr = true;
        m.cpu.run(100);
        REQUIRE(m.vector() == 0x40);
        CHECK(m.frame(false).rip == lm::KCODE + 1);
    }
    SECTION("an interrupt in ring 3 switches to RSP0") {
        m.enter_user();
        m.uexec({0x90, 0x90, 0xeb, 0xfe});
        REQUIRE(m.vector() == 0x40);
        CHECK(m.cpu.s.gpr[RSP] == lm::RSP0 - 40);
        CHECK(m.frame(false).cs == sel::USER_CS);
    }
}

// ---------------------------------------------------------------- TF single-step

TEST_CASE("TF single-step raises #DB after the instruction", "[interrupt]") {
    Machine m;
    SECTION("in ring 0: #DB after one instruction, DR6.BS set, TF cleared in the handler") {
        m.cpu.set_rflags(fl::FIXED1 | fl::TF);
        m.kexec({0x90, 0x90, 0xf4});
        REQUIRE(m.vector() == 1);
        CHECK(m.frame(false).rip == lm::KCODE + 1);
        CHECK((m.frame(false).rflags & fl::TF) != 0);
        CHECK((m.cpu.rflags() & fl::TF) == 0);
        CHECK((m.cpu.s.dr[6] & (1u << 14)) != 0);
    }
    SECTION("IRETQ that sets TF: the trap follows the first instruction after it") {
        m.cpu.s.gpr[RSP] = m.push_iret_frame(lm::KSTACK, lm::UCODE, sel::USER_CS, 0x302, lm::USTACK, sel::USER_DS);
        m.bytes(lm::UCODE, {0x90, 0x90, 0x90});
        m.kexec({0x48, 0xcf});
        REQUIRE(m.vector() == 1);
        CHECK(m.frame(false).rip == lm::UCODE + 1);
        CHECK(m.frame(false).cs == sel::USER_CS);
        CHECK(m.cpu.s.gpr[RSP] == lm::RSP0 - 40);
    }
    SECTION("POPF that sets TF: the trap follows the next instruction") {
        // pushfq; or qword [rsp], 0x100; popfq; nop; nop
        m.kexec({0x9c, 0x48, 0x81, 0x0c, 0x24, 0x00, 0x01, 0x00, 0x00, 0x9d, 0x90, 0x90, 0xf4});
        REQUIRE(m.vector() == 1);
        CHECK(m.frame(false).rip == lm::KCODE + 11);
    }
    SECTION("a faulting instruction raises its fault, not #DB") {
        m.cpu.set_rflags(fl::FIXED1 | fl::TF);
        m.kexec({0x0f, 0x0b});
        CHECK(m.vector() == 6);
    }
    SECTION("INT1 sets no DR6 bit") {
        m.kexec({0xf1});
        REQUIRE(m.vector() == 1);
        CHECK((m.cpu.s.dr[6] & (1u << 14)) == 0);
    }
}

// ---------------------------------------------------------------- legacy protected mode

namespace {
// 32-bit protected mode without paging, with a 32-bit IDT (8-byte gates to the same stubs) and
// a 32-bit TSS whose SS0:ESP0 is KERNEL_DS:RSP0.
constexpr uint64_t IDT32 = 0x9000, TSS32 = 0xa000;
void enter_legacy(Machine& m) {
    CpuState& s = m.cpu.s;
    for (unsigned v = 0; v < 256; ++v) {
        const uint64_t t = Machine::stub(v);
        const uint8_t dpl = (v == 3 || v == 0x80) ? 3 : 0;
        m.put<uint64_t>(IDT32 + 8 * v, (t & 0xffff) | (uint64_t{sel::KERNEL32_CS} << 16) | (0xeull << 40) |
                                           (uint64_t{dpl} << 45) | (1ull << 47) | ((t >> 16) << 48));
    }
    m.put<uint32_t>(TSS32 + 4, lm::RSP0);
    m.put<uint32_t>(TSS32 + 8, sel::KERNEL_DS);
    m.enter_prot32();
    s.idtr = DescTable{IDT32, 0x7ff};
    s.tr = Segment{sel::TSS, TSS32, 0x67, 0x8b};
}
void enter_legacy_user(Machine& m) {
    m.cpu.s.seg[CS] = m.cache(sel::USER32_CS);
    for (uint8_t r : {SS, DS, ES}) m.cpu.s.seg[r] = m.cache(sel::USER_DS);
    m.cpu.s.cpl = 3;
    m.cpu.s.gpr[RSP] = lm::USTACK;
    m.cpu.set_rflags(fl::FIXED1 | fl::IF);
    m.cpu.update_mode();
}
uint32_t dword(Machine& m, unsigned k) { return m.get<uint32_t>(m.cpu.s.gpr[RSP] + 4 * k); }
}  // namespace

TEST_CASE("32-bit protected mode: delivery through 32-bit gates", "[interrupt]") {
    Machine m;
    enter_legacy(m);
    REQUIRE(m.cpu.mode() == Mode::PROT32);
    SECTION("same privilege: EIP, CS, EFLAGS on the current stack") {
        m.cpu.set_rflags(fl::FIXED1 | fl::IF | fl::CF);
        m.kexec({0x90, 0x0f, 0x0b});  // nop; ud2
        REQUIRE(m.vector() == 6);
        CHECK(m.cpu.s.gpr[RSP] == lm::KSTACK - 12);
        CHECK(dword(m, 0) == lm::KCODE + 1);
        CHECK(dword(m, 1) == sel::KERNEL32_CS);
        CHECK(dword(m, 2) == (fl::FIXED1 | fl::IF | fl::CF));
        CHECK((m.cpu.rflags() & fl::IF) == 0);
        CHECK(m.cpu.mode() == Mode::PROT32);
    }
    SECTION("an error code below EIP") {
        m.cpu.s.gpr[RAX] = sel::NP_DS;
        m.kexec({0x8e, 0xd8});  // mov ds, eax
        REQUIRE(m.vector() == 11);
        CHECK(m.cpu.s.gpr[RSP] == lm::KSTACK - 16);
        CHECK(dword(m, 0) == 0x38);
        CHECK(dword(m, 1) == lm::KCODE);
    }
    SECTION("from ring 3: SS0:ESP0 from the TSS, the user's SS:ESP pushed") {
        enter_legacy_user(m);
        m.uexec({0xcd, 0x80});  // int 0x80
        REQUIRE(m.vector() == 0x80);
        CHECK(m.cpu.s.gpr[RSP] == lm::RSP0 - 20);
        CHECK(dword(m, 0) == lm::UCODE + 2);
        CHECK(dword(m, 1) == sel::USER32_CS);
        CHECK(dword(m, 2) == (fl::FIXED1 | fl::IF));
        CHECK(dword(m, 3) == lm::USTACK);
        CHECK(dword(m, 4) == sel::USER_DS);
        CHECK(m.cpu.s.seg[SS].selector == sel::KERNEL_DS);
        CHECK(m.cpu.s.cpl == 0);
    }
    SECTION("INT n through a DPL-0 gate from ring 3 is #GP(n*8+2)") {
        enter_legacy_user(m);
        m.uexec({0xcd, 0x21});
        REQUIRE(m.vector() == 13);
        CHECK(dword(m, 0) == 0x21 * 8 + 2);
        CHECK(dword(m, 1) == lm::UCODE);
    }
    SECTION("IRETD to ring 3 pops SS:ESP and nulls the kernel's data segments") {
        const uint64_t sp = lm::KSTACK - 20;
        const uint32_t slots[] = {static_cast<uint32_t>(lm::UCODE), sel::USER32_CS, 0x202, lm::USTACK - 8, sel::USER_DS};
        for (int k = 0; k < 5; ++k) m.put<uint32_t>(sp + 4 * k, slots[k]);
        m.cpu.s.gpr[RSP] = sp;
        m.bytes(lm::UCODE, {0xcc});
        m.bytes(lm::KCODE, {0xcf});
        m.cpu.s.rip = lm::KCODE;
        m.cpu.step();
        CHECK(m.cpu.s.cpl == 3);
        CHECK(m.cpu.s.rip == lm::UCODE);
        CHECK(m.cpu.s.gpr[RSP] == lm::USTACK - 8);
        CHECK(m.cpu.s.seg[SS].selector == sel::USER_DS);
        CHECK(m.cpu.s.seg[DS].selector == 0);
        m.resume();
        REQUIRE(m.vector() == 3);
        CHECK(dword(m, 0) == lm::UCODE + 1);
        CHECK(dword(m, 3) == lm::USTACK - 8);
    }
    SECTION("IRETD at the same privilege pops only EIP, CS and EFLAGS") {
        const uint64_t sp = lm::KSTACK - 12;
        const uint32_t slots[] = {static_cast<uint32_t>(lm::KCODE + 0x40), sel::KERNEL32_CS, 0x2};
        for (int k = 0; k < 3; ++k) m.put<uint32_t>(sp + 4 * k, slots[k]);
        m.cpu.s.gpr[RSP] = sp;
        m.bytes(lm::KCODE + 0x40, {0xf4});
        m.kexec({0xcf});
        CHECK(m.halted_at(lm::KCODE + 0x40));
        CHECK(m.cpu.s.gpr[RSP] == lm::KSTACK);
    }
    SECTION("a fault while delivering #DF is a triple fault") {
        m.cpu.s.idtr.limit = 0;
        CHECK(m.kexec({0x0f, 0x0b}).reason == StopInfo::Reason::TRIPLE_FAULT);
    }
}

// ---------------------------------------------------------------- DR0-DR3 breakpoints

TEST_CASE("debug-register breakpoints raise #DB (SDM Vol. 3 §17.2, §17.3.1)", "[interrupt]") {
    Machine m;
    SECTION("an instruction breakpoint is a fault before the instruction, with DR6.B1") {
        m.cpu.s.dr[1] = lm::KCODE + 1;
        m.cpu.s.dr[7] = 0x400 | (1u << 2);  // L1, R/W1 = 00 (execute), LEN1 = 00
        m.kexec({0x90, 0x90, 0xf4});
        REQUIRE(m.vector() == 1);
        CHECK(m.frame(false).rip == lm::KCODE + 1);  // the nop at +1 has not run
        CHECK((m.cpu.s.dr[6] & 0xf) == 2);
    }
    SECTION("RF set suppresses the instruction breakpoint once") {
        m.cpu.s.dr[0] = lm::KCODE;
        m.cpu.s.dr[7] = 0x400 | 1;  // L0, execute
        m.cpu.set_rflags(fl::FIXED1 | fl::RF);
        m.kexec({0x90, 0x90, 0xf4});
        CHECK(m.vector() == -1);  // ran to the HLT
        CHECK((m.cpu.rflags() & fl::RF) == 0);
    }
    SECTION("a data write breakpoint is a trap after the instruction, with DR6.B2") {
        m.cpu.s.dr[2] = lm::KDATA + 4;
        m.cpu.s.dr[7] = 0x400 | (1u << 4) | (0x1u << 24) | (0x3u << 26);  // L2, R/W2 = 01, LEN2 = 4 bytes
        m.cpu.mmu.set_watch(true);
        m.cpu.s.gpr[RBX] = lm::KDATA;
        // mov [rbx], eax (bytes 0..3: no hit); mov [rbx+6], ax (hits 4..7); nop; hlt
        m.kexec({0x89, 0x03, 0x66, 0x89, 0x43, 0x06, 0x90, 0xf4});
        REQUIRE(m.vector() == 1);
        CHECK(m.frame(false).rip == lm::KCODE + 6);  // after the store that hit
        CHECK((m.cpu.s.dr[6] & 0xf) == 4);
    }
    SECTION("a write-only breakpoint ignores reads; a read/write one sees them") {
        m.cpu.s.dr[3] = lm::KDATA;
        m.cpu.s.gpr[RBX] = lm::KDATA;
        m.cpu.s.dr[7] = 0x400 | (1u << 6) | (0x1u << 28);  // L3, R/W3 = 01 (write)
        m.cpu.mmu.set_watch(true);
        CHECK(m.krun({0x8b, 0x03}) == -1);  // mov eax, [rbx]: no trap
        m.cpu.s.dr[7] = 0x400 | (1u << 6) | (0x3u << 28);  // R/W3 = 11 (read or write)
        CHECK(m.krun({0x8b, 0x03}) == 1);
    }
}
