// src/cpu/system.cpp: control and debug registers, the IA-32e enable sequence, RDMSR/WRMSR,
// descriptor-table registers, SWAPGS and the FS/GS base instructions, CLI/STI, HLT and
// STAC/CLAC. Expected values follow the SDM (Vol. 2 for each instruction, Vol. 3 §2.5 and
// §9.8.5); encodings are from GNU as.
#include <catch2/catch.hpp>

#include "cpu/machine_fixture.hpp"

using namespace lstar;
using namespace lstar::test;

namespace {
// RDMSR/WRMSR in ring 0; -1 on success.
int wrmsr(Machine& m, uint32_t index, uint64_t v) {
    m.cpu.s.gpr[RCX] = index;
    m.cpu.s.gpr[RAX] = v & 0xffffffff;
    m.cpu.s.gpr[RDX] = v >> 32;
    return m.krun({0x0f, 0x30});
}
int rdmsr(Machine& m, uint32_t index, uint64_t& v) {
    m.cpu.s.gpr[RCX] = index;
    const int r = m.krun({0x0f, 0x32});
    v = (m.cpu.s.gpr[RDX] << 32) | static_cast<uint32_t>(m.cpu.s.gpr[RAX]);
    return r;
}
}  // namespace

// ---------------------------------------------------------------- privilege

TEST_CASE("privileged instructions at CPL 3 raise #GP(0)", "[system]") {
    const std::vector<std::pair<const char*, std::vector<uint8_t>>> insns = {
        {"mov cr0, rax", {0x0f, 0x22, 0xc0}},  {"mov rax, cr0", {0x0f, 0x20, 0xc0}},
        {"mov cr3, rax", {0x0f, 0x22, 0xd8}},  {"mov cr4, rax", {0x0f, 0x22, 0xe0}},
        {"mov rax, cr2", {0x0f, 0x20, 0xd0}},  {"mov cr8, rax", {0x44, 0x0f, 0x22, 0xc0}},
        {"mov dr7, rax", {0x0f, 0x23, 0xf8}},  {"mov rax, dr6", {0x0f, 0x21, 0xf0}},
        {"clts", {0x0f, 0x06}},                {"wbinvd", {0x0f, 0x09}},
        {"lmsw ax", {0x0f, 0x01, 0xf0}},       {"invlpg [rax]", {0x0f, 0x01, 0x38}},
        {"ltr ax", {0x0f, 0x00, 0xd8}},        {"lldt ax", {0x0f, 0x00, 0xd0}},
        {"lgdt [rax]", {0x0f, 0x01, 0x10}},    {"lidt [rax]", {0x0f, 0x01, 0x18}},
        {"rdmsr", {0x0f, 0x32}},               {"wrmsr", {0x0f, 0x30}},
        {"hlt", {0xf4}},                       {"swapgs", {0x0f, 0x01, 0xf8}},
        {"cli (IOPL 0)", {0xfa}},              {"sti (IOPL 0)", {0xfb}},
        {"in al, 0x60 (IOPL 0)", {0xe4, 0x60}}, {"out 0x80, al (IOPL 0)", {0xe6, 0x80}},
    };
    for (const auto& [name, code] : insns) {
        CAPTURE(name);
        Machine m;
        m.enter_user();
        m.cpu.s.gpr[RAX] = lm::UDATA;
        m.cpu.s.gpr[RCX] = msr::EFER;
        std::memcpy(m.cpu.phys.host(lm::UCODE), code.data(), code.size());
        m.run_at(lm::UCODE);
        REQUIRE(m.vector() == 13);
        CHECK(m.frame(true).error == 0);
        CHECK(m.frame(true).rip == lm::UCODE);
    }
}

TEST_CASE("SGDT, SIDT, SLDT, STR and SMSW are allowed at CPL 3 (no UMIP)", "[system]") {
    Machine m;
    m.enter_user();
    m.cpu.s.gpr[RBX] = lm::UDATA;
    // sgdt [rbx]; sidt [rbx+16]; str eax; smsw rcx
    CHECK(m.urun({0x0f, 0x01, 0x03, 0x0f, 0x01, 0x4b, 0x10, 0x0f, 0x00, 0xc8, 0x48, 0x0f, 0x01, 0xe1}) == -1);
    CHECK(m.get<uint16_t>(lm::UDATA) == Machine::GDT_LIMIT);
    CHECK(m.q(lm::UDATA + 2) == lm::GDT);
    CHECK(m.get<uint16_t>(lm::UDATA + 16) == 0xfff);
    CHECK(m.q(lm::UDATA + 18) == lm::IDT);
    CHECK(m.cpu.s.gpr[RAX] == sel::TSS);
    CHECK(m.cpu.s.gpr[RCX] == m.cpu.s.cr0);
}

TEST_CASE("STAC and CLAC: ring 0 only (#UD above)", "[system]") {
    Machine m;
    CHECK(m.krun({0x0f, 0x01, 0xcb}) == -1);  // stac
    CHECK((m.cpu.rflags() & fl::AC) != 0);
    CHECK(m.krun({0x0f, 0x01, 0xca}) == -1);  // clac
    CHECK((m.cpu.rflags() & fl::AC) == 0);
    m.enter_user();
    CHECK(m.urun({0x0f, 0x01, 0xcb}) == 6);
    m.enter_user();
    CHECK(m.urun({0x0f, 0x01, 0xca}) == 6);
}

TEST_CASE("HLT, CLI and STI by CPL and IOPL", "[system]") {
    Machine m;
    SECTION("CLI and STI at CPL 3 with IOPL 3") {
        m.enter_user();
        m.cpu.set_rflags(fl::FIXED1 | fl::IF | fl::IOPL);
        CHECK(m.urun({0xfa}) == -1);
        CHECK((m.frame(false).rflags & fl::IF) == 0);
        m.enter_user();
        m.cpu.set_rflags(fl::FIXED1 | fl::IOPL);
        CHECK(m.urun({0xfb, 0x90}) == -1);
        CHECK((m.frame(false).rflags & fl::IF) != 0);
    }
    SECTION("CLI and STI at CPL 0 whatever IOPL") {
        m.cpu.set_rflags(fl::FIXED1 | fl::IF);
        CHECK(m.krun({0xfa}) == -1);
        CHECK((m.cpu.rflags() & fl::IF) == 0);
    }
    SECTION("POPF at CPL 3 changes neither IF nor IOPL; at CPL 0 it changes both") {
        m.enter_user();
        m.cpu.s.gpr[RAX] = 0x3002 | fl::CF;
        CHECK(m.urun({0x50, 0x9d}) == -1);  // push rax; popfq
        CHECK(m.frame(false).rflags == (fl::FIXED1 | fl::IF | fl::CF));
        m.enter_kernel64();
        m.cpu.set_rflags(fl::FIXED1 | fl::IF);
        m.cpu.s.gpr[RAX] = 0x3002;
        CHECK(m.krun({0x50, 0x9d}) == -1);
        CHECK(m.cpu.rflags() == 0x3002);
    }
}

// ---------------------------------------------------------------- control registers

TEST_CASE("MOV to CR0: the #GP rules", "[system]") {
    Machine m;
    const uint64_t cr0 = m.cpu.s.cr0;
    auto write = [&](uint64_t v) {
        m.cpu.s.gpr[RAX] = v;
        return m.krun({0x0f, 0x22, 0xc0});
    };
    CHECK(write(cr0 | (1ull << 32)) == 13);                // bits 63:32 reserved
    CHECK(write(cr0 | (1u << 17)) == 13);                  // bit 17 reserved
    CHECK(write(cr0 | (1u << 29)) == 13);                  // NW without CD
    CHECK(write(cr0 & ~cr0::PE) == 13);                    // PG without PE
    CHECK(write(cr0 & ~cr0::PG) == 13);                    // paging off in 64-bit mode
    CHECK(m.cpu.s.cr0 == cr0);
    CHECK(write((cr0 | cr0::TS | cr0::AM | (3u << 29)) & ~cr0::WP) == -1);  // CD and NW together
    CHECK(m.cpu.s.cr0 == ((cr0 | cr0::TS | cr0::AM | (3u << 29)) & ~cr0::WP));
    CHECK(write(cr0 & ~cr0::ET) == -1);  // ET is hardwired to 1
    CHECK(m.cpu.s.cr0 == cr0);
    m.cpu.s.cr0 |= cr0::TS;
    CHECK(m.krun({0x0f, 0x06}) == -1);  // clts
    CHECK((m.cpu.s.cr0 & cr0::TS) == 0);
}

TEST_CASE("LMSW loads MP, EM and TS and can set PE but not clear it; SMSW", "[system]") {
    Machine m;
    const uint64_t cr0 = m.cpu.s.cr0;  // PE MP ET NE WP PG
    m.cpu.s.gpr[RAX] = 0xfff0 | cr0::EM | cr0::TS;  // PE clear, MP clear, EM and TS set
    // lmsw ax; smsw ecx
    CHECK(m.krun({0x0f, 0x01, 0xf0, 0x0f, 0x01, 0xe1}) == -1);
    CHECK(m.cpu.s.cr0 == ((cr0 & ~cr0::MP) | cr0::EM | cr0::TS));
    CHECK(m.cpu.s.gpr[RCX] == static_cast<uint32_t>(m.cpu.s.cr0));
}

TEST_CASE("RDTSC and RDTSCP at CPL 3 under CR4.TSD", "[system]") {
    Machine m;
    m.enter_user();
    CHECK(m.urun({0x0f, 0x31, 0x0f, 0x01, 0xf9}) == -1);  // rdtsc; rdtscp
    m.cpu.s.cr4 |= 1u << 2;
    m.enter_user();
    CHECK(m.urun({0x0f, 0x31}) == 13);
    m.enter_user();
    CHECK(m.urun({0x0f, 0x01, 0xf9}) == 13);
    m.enter_kernel64();
    CHECK(m.krun({0x0f, 0x31, 0x0f, 0x01, 0xf9}) == -1);
}

TEST_CASE("MOV to CR4: the #GP rules", "[system]") {
    Machine m;
    const uint64_t cr4 = m.cpu.s.cr4;
    auto write = [&](uint64_t v) {
        m.cpu.s.gpr[RAX] = v;
        return m.krun({0x0f, 0x22, 0xe0});
    };
    SECTION("bits of features lstar does not have are reserved") {
        for (unsigned bit : {0u, 1u, 11u, 12u, 13u, 14u, 15u, 17u, 19u, 22u, 23u, 24u, 25u, 32u, 63u}) {
            CAPTURE(bit);
            CHECK(write(cr4 | (1ull << bit)) == 13);
        }
        CHECK(m.cpu.s.cr4 == cr4);
    }
    SECTION("the features lstar has can be set") {
        const uint64_t all = cr4 | cr4::PSE | (1u << 2) | (1u << 3) | (1u << 6) | (1u << 8) | cr4::FSGSBASE |
                             cr4::OSXSAVE | cr4::SMEP | cr4::SMAP;
        CHECK(write(all) == -1);
        CHECK(m.cpu.s.cr4 == all);
    }
    SECTION("PAE cannot be cleared in IA-32e mode") {
        CHECK(write(cr4 & ~cr4::PAE) == 13);
        CHECK(m.cpu.s.cr4 == cr4);
    }
}

TEST_CASE("MOV to CR3, CR8 and CR2; CR1 and CR5 do not exist", "[system]") {
    Machine m;
    auto write_cr3 = [&](uint64_t v) {
        m.cpu.s.gpr[RAX] = v;
        return m.krun({0x0f, 0x22, 0xd8});
    };
    CHECK(write_cr3(lm::PML4 | (1ull << 48)) == 13);  // beyond MAXPHYADDR (48)
    CHECK(write_cr3(lm::PML4 | (1ull << 63)) == 13);
    CHECK(write_cr3(lm::PML4 | 0x18) == -1);          // PWT and PCD
    CHECK(m.cpu.s.cr3 == (lm::PML4 | 0x18));
    m.cpu.s.gpr[RAX] = 0xf;
    CHECK(m.krun({0x44, 0x0f, 0x22, 0xc0, 0x44, 0x0f, 0x20, 0xc1}) == -1);  // mov cr8, rax; mov rcx, cr8
    CHECK(m.cpu.s.gpr[RCX] == 0xf);
    m.cpu.s.gpr[RAX] = 0x10;
    CHECK(m.krun({0x44, 0x0f, 0x22, 0xc0}) == 13);
    m.cpu.s.gpr[RAX] = 0x123456789ull;
    CHECK(m.krun({0x0f, 0x22, 0xd0, 0x0f, 0x20, 0xd1}) == -1);  // mov cr2, rax; mov rcx, cr2
    CHECK(m.cpu.s.gpr[RCX] == 0x123456789ull);
    CHECK(m.krun({0x0f, 0x22, 0xc8}) == 6);  // mov cr1, rax
    CHECK(m.krun({0x0f, 0x22, 0xe8}) == 6);  // mov cr5, rax
}

TEST_CASE("MOV to and from debug registers", "[system]") {
    Machine m;
    m.cpu.s.gpr[RAX] = 0x1;
    // mov dr7, rax; mov rcx, dr7; mov rdx, dr6; mov rbx, dr4
    CHECK(m.krun({0x0f, 0x23, 0xf8, 0x0f, 0x21, 0xf9, 0x0f, 0x21, 0xf2, 0x0f, 0x21, 0xe3}) == -1);
    CHECK(m.cpu.s.gpr[RCX] == 0x401);  // bit 10 reads as 1
    CHECK((m.cpu.s.gpr[RDX] & 0xffff0ff0) == 0xffff0ff0);
    CHECK(m.cpu.s.gpr[RBX] == m.cpu.s.gpr[RDX]);  // DR4 is DR6 without CR4.DE
    m.cpu.s.gpr[RAX] = 1ull << 32;
    CHECK(m.krun({0x0f, 0x23, 0xf8}) == 13);  // DR7[63:32] must be 0
    m.cpu.s.cr4 |= 1u << 3;                          // CR4.DE
    CHECK(m.krun({0x0f, 0x21, 0xe3}) == 6);
    m.cpu.s.gpr[RAX] = 0xdead000;
    CHECK(m.krun({0x0f, 0x23, 0xc0, 0x0f, 0x21, 0xc1}) == -1);  // mov dr0, rax; mov rcx, dr0
    CHECK(m.cpu.s.gpr[RCX] == 0xdead000);
}

// ---------------------------------------------------------------- the IA-32e enable sequence

namespace {
// Without a 32-bit IDT, faults end run() (no bus).
void enter_prot32(Machine& m) {
    m.enter_prot32();
    m.cpu.bus = nullptr;
}
}  // namespace

TEST_CASE("the IA-32e enable sequence: PAE, LME, PG, then a far jump to 64-bit code", "[system]") {
    Machine m;
    enter_prot32(m);
    REQUIRE(m.cpu.mode() == Mode::PROT32);
    m.bytes(lm::KCODE, {
        0x0f, 0x20, 0xe0,                          // mov eax, cr4
        0x83, 0xc8, 0x20,                          // or eax, 0x20 (PAE)
        0x0f, 0x22, 0xe0,                          // mov cr4, eax
        0xb8, 0x00, 0x10, 0x00, 0x00,              // mov eax, PML4
        0x0f, 0x22, 0xd8,                          // mov cr3, eax
        0xb9, 0x80, 0x00, 0x00, 0xc0,              // mov ecx, IA32_EFER
        0x0f, 0x32,                                // rdmsr
        0x0d, 0x00, 0x01, 0x00, 0x00,              // or eax, 0x100 (LME)
        0x0f, 0x30,                                // wrmsr
        0x0f, 0x20, 0xc0,                          // mov eax, cr0
        0x0d, 0x00, 0x00, 0x00, 0x80,              // or eax, 0x80000000 (PG)
        0x0f, 0x22, 0xc0,                          // mov cr0, eax
        0xf4,                                      // hlt (at 0x2a)
        0xea, 0x40, 0x00, 0x10, 0x00, 0x10, 0x00,  // jmp 0x10:0x100040
    });
    m.bytes(lm::KCODE + 0x40, {0xf4});
    const StopInfo s = m.run_at(lm::KCODE);
    REQUIRE(s.reason == StopInfo::Reason::HALT);
    REQUIRE(m.halted_at(lm::KCODE + 0x2a));
    CHECK((m.cpu.s.efer & msr::efer::LMA) != 0);  // PG with LME activates IA-32e mode
    CHECK(m.cpu.mode() == Mode::COMPAT32);         // still in a 32-bit code segment
    m.resume();
    REQUIRE(m.halted_at(lm::KCODE + 0x40));
    CHECK(m.cpu.mode() == Mode::LONG64);
    CHECK(m.cpu.s.seg[CS].selector == sel::KERNEL_CS);
}

TEST_CASE("IA-32e mode: the order of the steps is enforced", "[system]") {
    Machine m;
    SECTION("PG with LME but without PAE is #GP(0)") {
        enter_prot32(m);
        m.cpu.s.efer = msr::efer::LME;
        m.cpu.s.cr3 = lm::PML4;
        m.cpu.s.gpr[RAX] = cr0::PE | cr0::ET | cr0::PG;
        const StopInfo s = m.exec(lm::KCODE, {0x0f, 0x22, 0xc0});
        REQUIRE(s.reason == StopInfo::Reason::FAULT);
        CHECK(s.fault.vector == Vec::GP);
        CHECK((m.cpu.s.efer & msr::efer::LMA) == 0);
    }
    SECTION("EFER.LME cannot change while paging is on") {
        CHECK(wrmsr(m, msr::EFER, m.cpu.s.efer & ~msr::efer::LME) == 13);
        enter_prot32(m);
        m.cpu.s.cr0 |= cr0::PG;  // legacy paging
        m.cpu.s.cr4 = cr4::PSE;
        m.cpu.s.cr3 = 0xd000;
        m.put<uint32_t>(0xd000, 0x83 | 0x4);  // a 4M page at 0, so the code can run
        m.cpu.mmu.flush();
        m.cpu.s.gpr[RCX] = msr::EFER;
        m.cpu.s.gpr[RAX] = msr::efer::LME;
        m.cpu.s.gpr[RDX] = 0;
        const StopInfo s = m.exec(lm::KCODE, {0x0f, 0x30});
        REQUIRE(s.reason == StopInfo::Reason::FAULT);
        CHECK(s.fault.vector == Vec::GP);
    }
    SECTION("EFER.LMA is read-only") {
        uint64_t v = 0;
        CHECK(wrmsr(m, msr::EFER, m.cpu.s.efer & ~msr::efer::LMA) == -1);
        CHECK(rdmsr(m, msr::EFER, v) == -1);
        CHECK((v & msr::efer::LMA) != 0);
        enter_prot32(m);
        m.cpu.s.gpr[RCX] = msr::EFER;
        m.cpu.s.gpr[RAX] = msr::efer::LMA | msr::efer::LME;
        m.cpu.s.gpr[RDX] = 0;
        m.exec(lm::KCODE, {0x0f, 0x30, 0xf4});
        CHECK(m.cpu.s.efer == msr::efer::LME);
        CHECK(m.cpu.mode() == Mode::PROT32);
    }
    SECTION("clearing PG in compatibility mode leaves IA-32e mode") {
        m.enter_kernel_compat();
        m.cpu.s.gpr[RAX] = m.cpu.s.cr0 & ~cr0::PG;
        CHECK(m.krun({0x0f, 0x22, 0xc0}) == -1);
        CHECK((m.cpu.s.efer & msr::efer::LMA) == 0);
        CHECK(m.cpu.mode() == Mode::PROT32);
    }
}

// ---------------------------------------------------------------- MSRs

TEST_CASE("RDMSR and WRMSR: the #GP rules", "[system]") {
    Machine m;
    uint64_t v = 0;
    SECTION("an unknown MSR") {
        CHECK(rdmsr(m, 0x12345678, v) == 13);
        CHECK(m.frame(true).error == 0);
        CHECK(wrmsr(m, 0xc0000104, 0) == 13);
    }
    SECTION("reserved bits") {
        CHECK(wrmsr(m, msr::EFER, m.cpu.s.efer | 2) == 13);
        CHECK(wrmsr(m, msr::SFMASK, 1ull << 32) == 13);
        CHECK(wrmsr(m, msr::TSC_AUX, 1ull << 32) == 13);
        CHECK(wrmsr(m, msr::SYSENTER_CS, 1ull << 32) == 13);
        CHECK(wrmsr(m, msr::PAT, 0x0007040600070402ull) == 13);  // type 2 is reserved
        CHECK(wrmsr(m, msr::PAT, 0x0007040600070408ull) == 13);  // bits 7:3 of each byte
        CHECK(wrmsr(m, msr::APIC_BASE, 0xfee00900ull | (1ull << 48)) == 13);
    }
    SECTION("non-canonical addresses") {
        for (uint32_t index : {msr::FS_BASE, msr::GS_BASE, msr::KERNEL_GS_BASE, msr::LSTAR, msr::CSTAR,
                               msr::SYSENTER_ESP, msr::SYSENTER_EIP}) {
            CAPTURE(index);
            CHECK(wrmsr(m, index, NONCANON) == 13);
            CHECK(wrmsr(m, index, 0xffff800000001000ull) == -1);
            CHECK(rdmsr(m, index, v) == -1);
            CHECK(v == 0xffff800000001000ull);
        }
    }
    SECTION("read-only MSRs") {
        CHECK(wrmsr(m, msr::MTRRCAP, 0x508) == 13);
    }
}

TEST_CASE("MSR values: reset values and their effects", "[system]") {
    Machine m;
    uint64_t v = 0;
    SECTION("reset values") {
        CHECK((rdmsr(m, msr::PAT, v), v) == 0x0007040600070406ull);
        CHECK((rdmsr(m, msr::APIC_BASE, v), v) == 0xfee00900ull);
        CHECK((rdmsr(m, msr::MISC_ENABLE, v), v) == 1);
        CHECK((rdmsr(m, msr::MTRRCAP, v), v) == 0x508);
        CHECK((rdmsr(m, msr::MTRR_DEF_TYPE, v), v) == 0);
    }
    SECTION("STAR, LSTAR and FMASK round-trip") {
        CHECK(wrmsr(m, msr::STAR, 0x0023001000000000ull) == -1);
        CHECK(m.cpu.s.star == 0x0023001000000000ull);
        CHECK(wrmsr(m, msr::SFMASK, 0x47700) == -1);
        CHECK((rdmsr(m, msr::SFMASK, v), v) == 0x47700);
    }
    SECTION("FS_BASE and GS_BASE are the segment bases") {
        CHECK(wrmsr(m, msr::FS_BASE, lm::KDATA) == -1);
        m.put<uint64_t>(lm::KDATA + 8, 0x1122334455667788ull);
        // mov rax, fs:[8]
        CHECK(m.krun({0x64, 0x48, 0x8b, 0x04, 0x25, 0x08, 0x00, 0x00, 0x00}) == -1);
        CHECK(m.cpu.s.gpr[RAX] == 0x1122334455667788ull);
        m.cpu.s.seg[GS].base = 0x5000;
        CHECK((rdmsr(m, msr::GS_BASE, v), v) == 0x5000);
    }
    SECTION("TSC: a write sets the counter, RDTSCP reads it with TSC_AUX") {
        CHECK(wrmsr(m, msr::TSC, 1000000) == -1);
        CHECK(wrmsr(m, msr::TSC_AUX, 7) == -1);
        CHECK(m.krun({0x0f, 0x01, 0xf9}) == -1);  // rdtscp
        const uint64_t tsc = (m.cpu.s.gpr[RDX] << 32) | static_cast<uint32_t>(m.cpu.s.gpr[RAX]);
        CHECK(tsc > 1000000);
        CHECK(tsc < 1000100);
        CHECK(m.cpu.s.gpr[RCX] == 7);
    }
    SECTION("EFER.NXE turns the XD bit on") {
        CHECK(wrmsr(m, msr::EFER, m.cpu.s.efer & ~msr::efer::NXE) == -1);
        m.set_pte(lm::KDATA, m.pte_of(lm::KDATA) | pte::NX);
        m.cpu.s.gpr[RBX] = lm::KDATA;
        CHECK(m.krun({0x48, 0x8b, 0x03}) == 14);  // a reserved bit now
        CHECK(m.frame(true).error == (pferr::P | pferr::RSVD));
    }
}

// ---------------------------------------------------------------- descriptor-table registers

TEST_CASE("LGDT, LIDT, SGDT and SIDT", "[system]") {
    Machine m;
    m.cpu.s.gpr[RAX] = lm::KDATA;
    m.cpu.s.gpr[RBX] = lm::KDATA + 0x20;
    SECTION("64-bit mode: a 2-byte limit and an 8-byte base") {
        m.put<uint16_t>(lm::KDATA, Machine::GDT_LIMIT);
        m.put<uint64_t>(lm::KDATA + 2, 0xffff800000006000ull);
        // lidt [rax]; sidt [rbx]; lidt [rbx+0x10] (restore)
        m.put<uint16_t>(lm::KDATA + 0x30, 0xfff);
        m.put<uint64_t>(lm::KDATA + 0x32, lm::IDT);
        CHECK(m.krun({0x0f, 0x01, 0x18, 0x0f, 0x01, 0x0b, 0x0f, 0x01, 0x5b, 0x10}) == -1);
        CHECK(m.get<uint16_t>(lm::KDATA + 0x20) == Machine::GDT_LIMIT);
        CHECK(m.q(lm::KDATA + 0x22) == 0xffff800000006000ull);
        CHECK(m.cpu.s.idtr.base == lm::IDT);
        // lgdt [rax]; sgdt [rbx]
        m.put<uint64_t>(lm::KDATA + 2, lm::GDT);
        CHECK(m.krun({0x0f, 0x01, 0x10, 0x0f, 0x01, 0x03}) == -1);
        CHECK(m.cpu.s.gdtr.base == lm::GDT);
        CHECK(m.cpu.s.gdtr.limit == Machine::GDT_LIMIT);
    }
    SECTION("a non-canonical base is #GP(0)") {
        m.put<uint16_t>(lm::KDATA, 0xff);
        m.put<uint64_t>(lm::KDATA + 2, NONCANON);
        CHECK(m.krun({0x0f, 0x01, 0x10}) == 13);
        CHECK(m.frame(true).error == 0);
        CHECK(m.cpu.s.gdtr.base == lm::GDT);
    }
    SECTION("compatibility mode: SGDT stores a 4-byte base") {
        m.enter_kernel_compat();
        m.put<uint64_t>(lm::KDATA + 0x20, ~0ull);
        m.put<uint64_t>(lm::KDATA + 0x28, ~0ull);
        CHECK(m.krun({0x0f, 0x01, 0x03}) == -1);  // sgdt [ebx]
        CHECK(m.get<uint16_t>(lm::KDATA + 0x20) == Machine::GDT_LIMIT);
        CHECK(m.get<uint32_t>(lm::KDATA + 0x22) == lm::GDT);
        CHECK(m.get<uint16_t>(lm::KDATA + 0x26) == 0xffff);  // untouched
    }
}

TEST_CASE("LLDT and SLDT", "[system]") {
    Machine m;
    SECTION("LLDT loads the 16-byte descriptor; LDT selectors then work") {
        m.cpu.s.gpr[RAX] = sel::LDT;
        m.cpu.s.gpr[RCX] = sel::LDT_DS;
        // lldt ax; sldt rdx; mov ds, ecx
        CHECK(m.krun({0x0f, 0x00, 0xd0, 0x48, 0x0f, 0x00, 0xc2, 0x8e, 0xd9}) == -1);
        CHECK(m.cpu.s.ldtr.selector == sel::LDT);
        CHECK(m.cpu.s.ldtr.base == lm::LDT);
        CHECK(m.cpu.s.ldtr.limit == 0xf);
        CHECK(m.cpu.s.gpr[RDX] == sel::LDT);
        CHECK(m.cpu.s.seg[DS].selector == sel::LDT_DS);
        m.cpu.s.gpr[RCX] = 0x0f;  // LDT entry 1: not present
        CHECK(m.krun({0x8e, 0xd9}) == 11);
        CHECK(m.frame(true).error == 0x0c);
        m.cpu.s.gpr[RCX] = 0x17;  // beyond the LDT limit
        CHECK(m.krun({0x8e, 0xd9}) == 13);
        CHECK(m.frame(true).error == 0x14);
    }
    SECTION("a null selector leaves the LDT unusable") {
        m.cpu.s.gpr[RAX] = 0;
        m.cpu.s.gpr[RCX] = sel::LDT_DS;
        CHECK(m.krun({0x0f, 0x00, 0xd0}) == -1);
        CHECK(m.krun({0x8e, 0xd9}) == 13);
        CHECK(m.frame(true).error == (sel::LDT_DS & ~3));
    }
    SECTION("checks: TI set, not an LDT, not present") {
        m.cpu.s.gpr[RAX] = 0x54;
        CHECK(m.krun({0x0f, 0x00, 0xd0}) == 13);
        CHECK(m.frame(true).error == 0x54);
        m.cpu.s.gpr[RAX] = sel::KERNEL_DS;
        CHECK(m.krun({0x0f, 0x00, 0xd0}) == 13);
        CHECK(m.frame(true).error == sel::KERNEL_DS);
        m.put<uint64_t>(lm::GDT + sel::LDT, system_desc_lo(lm::LDT, 0xf, 0x2, false));
        m.cpu.s.gpr[RAX] = sel::LDT;
        CHECK(m.krun({0x0f, 0x00, 0xd0}) == 11);
        CHECK(m.frame(true).error == sel::LDT);
    }
}

TEST_CASE("LTR and STR", "[system]") {
    Machine m;
    SECTION("LTR loads an available TSS and marks it busy") {
        m.cpu.s.gpr[RAX] = sel::TSS2;
        CHECK(m.krun({0x0f, 0x00, 0xd8, 0x48, 0x0f, 0x00, 0xc9}) == -1);  // ltr ax; str rcx
        CHECK(m.cpu.s.tr.selector == sel::TSS2);
        CHECK(m.cpu.s.tr.base == lm::TSS + 0x3000);
        CHECK(m.cpu.s.tr.limit == 0x67);
        CHECK(m.cpu.s.gpr[RCX] == sel::TSS2);
        CHECK(((m.q(lm::GDT + sel::TSS2) >> 40) & 0xf) == 0xb);
        CHECK(m.krun({0x0f, 0x00, 0xd8}) == 13);  // now busy
        CHECK(m.frame(true).error == sel::TSS2);
    }
    SECTION("checks: null, TI set, not a TSS") {
        m.cpu.s.gpr[RAX] = 0;
        CHECK(m.krun({0x0f, 0x00, 0xd8}) == 13);
        CHECK(m.frame(true).error == 0);
        m.cpu.s.gpr[RAX] = 0x8c;
        CHECK(m.krun({0x0f, 0x00, 0xd8}) == 13);
        m.cpu.s.gpr[RAX] = sel::LDT;
        CHECK(m.krun({0x0f, 0x00, 0xd8}) == 13);
        CHECK(m.frame(true).error == sel::LDT);
        CHECK(m.cpu.s.tr.selector == sel::TSS);
    }
}

// ---------------------------------------------------------------- SWAPGS and FS/GS bases

TEST_CASE("SWAPGS", "[system]") {
    Machine m;
    m.cpu.s.seg[GS].base = 0x1111000;
    m.cpu.s.kernel_gs_base = 0x2222000;
    CHECK(m.krun({0x0f, 0x01, 0xf8}) == -1);
    CHECK(m.cpu.s.seg[GS].base == 0x2222000);
    CHECK(m.cpu.s.kernel_gs_base == 0x1111000);
    SECTION("#GP(0) at CPL 3") {
        m.enter_user();
        CHECK(m.urun({0x0f, 0x01, 0xf8}) == 13);
        CHECK(m.cpu.s.kernel_gs_base == 0x1111000);
    }
    SECTION("#UD outside 64-bit mode") {
        m.enter_kernel_compat();
        CHECK(m.krun({0x0f, 0x01, 0xf8}) == 6);
    }
}

TEST_CASE("RDFSBASE, WRFSBASE, RDGSBASE and WRGSBASE", "[system]") {
    Machine m;
    m.cpu.s.gpr[RAX] = 0x00007f0000001000ull;
    SECTION("#UD without CR4.FSGSBASE") {
        CHECK(m.krun({0xf3, 0x48, 0x0f, 0xae, 0xd0}) == 6);
    }
    m.cpu.s.cr4 |= cr4::FSGSBASE;
    SECTION("at CPL 3, with 64- and 32-bit operands") {
        m.enter_user();
        // wrfsbase rax; rdfsbase rcx; wrgsbase eax; rdgsbase rdx
        CHECK(m.urun({0xf3, 0x48, 0x0f, 0xae, 0xd0, 0xf3, 0x48, 0x0f, 0xae, 0xc1, 0xf3, 0x0f, 0xae, 0xd8,
                           0xf3, 0x48, 0x0f, 0xae, 0xca}) == -1);
        CHECK(m.cpu.s.seg[FS].base == 0x00007f0000001000ull);
        CHECK(m.cpu.s.gpr[RCX] == 0x00007f0000001000ull);
        CHECK(m.cpu.s.seg[GS].base == 0x1000);
        CHECK(m.cpu.s.gpr[RDX] == 0x1000);
    }
    SECTION("a non-canonical base is #GP(0)") {
        m.cpu.s.gpr[RAX] = NONCANON;
        CHECK(m.krun({0xf3, 0x48, 0x0f, 0xae, 0xd8}) == 13);
    }
    SECTION("#UD in compatibility mode") {
        m.enter_kernel_compat();
        CHECK(m.krun({0xf3, 0x0f, 0xae, 0xc0}) == 6);
    }
}
