// A long-mode machine for the system-architecture tests: identity-mapped 4-level page tables,
// a GDT laid out like Linux's, a 64-bit TSS with RSP0 and IST stacks, and an IDT whose every
// gate leads to a HLT stub, so a test recognises the vector that was delivered by RIP.
//
// Unlike the flat harness (harness.hpp), nothing here calls Cpu::map(): the MMU walks the
// tables below, and guest-physical memory is written directly. The CPU has a bus, so faults are
// delivered through the IDT instead of ending run().
#pragma once
#include <cstring>
#include <iterator>
#include <initializer_list>
#include <vector>

#include "cpu/cpu.hpp"
#include "cpu/segment.hpp"
#include "msr/msr.hpp"

namespace lstar::test {

// Ports and interrupts as the tests want them; every access is recorded.
struct TestBus : CpuBus {
    struct Out {
        uint16_t port;
        unsigned size;
        uint32_t value;
    };
    uint32_t in_value = 0;
    std::vector<uint16_t> ins;
    std::vector<Out> outs;
    uint8_t vector = 0x40;  // what INTA returns
    unsigned acks = 0;

    uint32_t port_in(uint16_t port, unsigned) override {
        ins.push_back(port);
        return in_value;
    }
    void port_out(uint16_t port, unsigned size, uint32_t value) override { outs.push_back({port, size, value}); }
    uint8_t acknowledge_interrupt() override {
        ++acks;
        return vector;
    }
};

// The lowest non-canonical address above the user half (48-bit linear addresses).
constexpr uint64_t NONCANON = 0x0000800000000000ull;

// Guest-physical layout; linear = physical everywhere below 64 MiB.
namespace lm {
constexpr uint64_t PML4 = 0x1000, PDPT = 0x2000, PD = 0x3000, PT0 = 0x4000, PT1 = 0x5000;
constexpr uint64_t GDT = 0x6000, IDT = 0x7000;
constexpr uint64_t TSS = 0x8000;     // 64-bit TSS; the I/O bitmap, when a test adds one, at +0x68
constexpr uint64_t LDT = 0xc000;
constexpr uint64_t STUBS = 0x20000;  // the handler of vector v is a HLT at STUBS + 16 * v
constexpr uint64_t KCODE = 0x100000, KDATA = 0x110000, KSTACK = 0x130000;
constexpr uint64_t RSP0 = 0x140000, IST1 = 0x150000, IST2 = 0x160000;
constexpr uint64_t UCODE = 0x200000, UDATA = 0x210000, USTACK = 0x230000;  // user pages
constexpr uint64_t RAM = 64 << 20;
}  // namespace lm

// Selectors (Linux's layout, arch/x86/include/asm/segment.h) and the test's additions.
namespace sel {
constexpr uint16_t KERNEL32_CS = 0x08, KERNEL_CS = 0x10, KERNEL_DS = 0x18, USER32_CS = 0x23,
                   USER_DS = 0x2b, USER_CS = 0x33, NP_DS = 0x3b, TSS = 0x40, LDT = 0x50,
                   BAD_LD_CS = 0x60,   // L=1 and D=1: invalid as a code segment
                   CONFORM_CS = 0x68,  // conforming 64-bit code, DPL 0
                   SMALL_DS = 0x73,    // DPL-3 data at UDATA, byte limit 0xfff
                   XONLY_CS = 0x7b,    // DPL-3 execute-only 32-bit code
                   RO_DS = 0x83,       // DPL-3 read-only data
                   TSS2 = 0x88;        // a second, available 64-bit TSS
constexpr uint16_t LDT_DS = 0x07;      // LDT entry 0: DPL-3 data
}  // namespace sel

namespace pte {
constexpr uint64_t P = 1, W = 2, U = 4, A = 0x20, D = 0x40, PS = 0x80, G = 0x100, NX = 1ull << 63;
}

// The low half of a 16-byte system descriptor (TSS type 9, LDT type 2) and its high half.
inline uint64_t system_desc_lo(uint64_t base, uint32_t limit, uint8_t type, bool present = true) {
    return (limit & 0xffff) | ((base & 0xffffff) << 16) | (uint64_t{type} << 40) |
           (uint64_t{present} << 47) | (uint64_t{(limit >> 16) & 0xf} << 48) | (((base >> 24) & 0xff) << 56);
}
inline uint64_t system_desc_hi(uint64_t base) { return base >> 32; }

struct Machine {
    Cpu cpu{lm::RAM};
    TestBus bus;
    bool user_compat = false;  // what enter_user() was last asked for

    static constexpr uint64_t GDT_ENTRIES[] = {
        0,
        0x00cf9b000000ffffull,  // 0x08 __KERNEL32_CS
        0x00af9b000000ffffull,  // 0x10 __KERNEL_CS
        0x00cf93000000ffffull,  // 0x18 __KERNEL_DS
        0x00cffb000000ffffull,  // 0x20 __USER32_CS
        0x00cff3000000ffffull,  // 0x28 __USER_DS
        0x00affb000000ffffull,  // 0x30 __USER_CS
        0x00cf73000000ffffull,  // 0x38 user data, not present
        0, 0,                   // 0x40 TSS (filled in below)
        0, 0,                   // 0x50 LDT
        0x00ef9b000000ffffull,  // 0x60 L and D both set
        0x00af9f000000ffffull,  // 0x68 conforming 64-bit code, DPL 0
        0x0040f32100000fffull,  // 0x70 DPL-3 data at 0x210000, limit 0xfff
        0x00cff9000000ffffull,  // 0x78 DPL-3 execute-only code
        0x00cff1000000ffffull,  // 0x80 DPL-3 read-only data
        0, 0,                   // 0x88 second TSS
    };
    static constexpr uint16_t GDT_LIMIT = sizeof GDT_ENTRIES - 1;

    Machine() {
        build_page_tables();
        build_gdt();
        build_idt();
        build_tss();
        std::memset(cpu.phys.host(lm::STUBS), 0xf4, 0x1000);  // HLT
        cpu.bus = &bus;
        enter_kernel64();
    }

    // ---- guest-physical memory ----
    template <class T>
    T get(uint64_t pa) {
        T v;
        std::memcpy(&v, cpu.phys.host(pa), sizeof v);
        return v;
    }
    template <class T>
    void put(uint64_t pa, T v) {
        std::memcpy(cpu.phys.host(pa), &v, sizeof v);
        cpu.invalidate_code(pa & ~PAGE_MASK);
    }
    uint64_t q(uint64_t pa) { return get<uint64_t>(pa); }
    void bytes(uint64_t pa, std::initializer_list<uint8_t> b) { write_code(pa, std::vector<uint8_t>(b)); }

    // ---- page tables ----
    // PML4[0] -> PDPT[0] -> PD: 0-2M and 2M-4M in 4K pages (PT0 supervisor with page 0 not
    // present, PT1 user), 4M-64M in 2M supervisor pages.
    void build_page_tables() {
        using namespace pte;
        put<uint64_t>(lm::PML4, lm::PDPT | P | W | U);
        put<uint64_t>(lm::PDPT, lm::PD | P | W | U);
        put<uint64_t>(lm::PD, lm::PT0 | P | W | U);
        put<uint64_t>(lm::PD + 8, lm::PT1 | P | W | U);
        for (uint64_t i = 2; i < 32; ++i) put<uint64_t>(lm::PD + 8 * i, (i << 21) | P | W | PS);
        for (uint64_t i = 1; i < 512; ++i) put<uint64_t>(lm::PT0 + 8 * i, (i << 12) | P | W);
        for (uint64_t i = 0; i < 512; ++i) put<uint64_t>(lm::PT1 + 8 * i, (0x200000 + (i << 12)) | P | W | U);
    }
    // The 4K PTE of a linear address below 4 MiB.
    uint64_t pte_addr(uint64_t la) { return (la < 0x200000 ? lm::PT0 : lm::PT1) + ((la >> 12) & 511) * 8; }
    uint64_t pte_of(uint64_t la) { return q(pte_addr(la)); }
    void set_pte(uint64_t la, uint64_t v) { put<uint64_t>(pte_addr(la), v); }
    // Changes the PTE and flushes the TLB, as if the kernel had done INVLPG.
    void update_pte(uint64_t la, uint64_t set, uint64_t clear = 0) {
        set_pte(la, (pte_of(la) | set) & ~clear);
        cpu.mmu.flush();
    }

    // ---- descriptor tables ----
    void build_gdt() {
        for (size_t k = 0; k < std::size(GDT_ENTRIES); ++k) put<uint64_t>(lm::GDT + 8 * k, GDT_ENTRIES[k]);
        put<uint64_t>(lm::GDT + sel::TSS, system_desc_lo(lm::TSS, 0x67, 0xb));  // busy: TR holds it
        put<uint64_t>(lm::GDT + sel::TSS + 8, system_desc_hi(lm::TSS));
        put<uint64_t>(lm::GDT + sel::LDT, system_desc_lo(lm::LDT, 0xf, 0x2));
        put<uint64_t>(lm::GDT + sel::LDT + 8, system_desc_hi(lm::LDT));
        put<uint64_t>(lm::GDT + sel::TSS2, system_desc_lo(lm::TSS + 0x3000, 0x67, 0x9));
        put<uint64_t>(lm::GDT + sel::TSS2 + 8, system_desc_hi(lm::TSS + 0x3000));
        put<uint64_t>(lm::LDT, 0x00cff3000000ffffull);      // LDT 0x07: DPL-3 data
        put<uint64_t>(lm::LDT + 8, 0x00cf73000000ffffull);  // LDT 0x0f: not present
    }
    Descriptor desc(uint16_t s) { return Descriptor{q(lm::GDT + (s & 0xfff8)), q(lm::GDT + (s & 0xfff8) + 8)}; }
    Segment cache(uint16_t s) { return desc(s).cache(s); }

    static uint64_t stub(unsigned vector) { return lm::STUBS + 16 * vector; }
    // A 64-bit gate: type 0xe (interrupt) or 0xf (trap).
    void set_gate(unsigned v, uint64_t target, uint8_t type = 0xe, uint8_t dpl = 0, uint8_t ist = 0,
                  bool present = true, uint16_t cs = sel::KERNEL_CS) {
        const uint64_t lo = (target & 0xffff) | (uint64_t{cs} << 16) | (uint64_t{ist} << 32) |
                            (uint64_t{type} << 40) | (uint64_t{dpl} << 45) | (uint64_t{present} << 47) |
                            (((target >> 16) & 0xffff) << 48);
        put<uint64_t>(lm::IDT + 16 * v, lo);
        put<uint64_t>(lm::IDT + 16 * v + 8, target >> 32);
    }
    // Every vector has an interrupt gate to its stub; #BP and #OF are DPL 3 and 0x80 is a DPL-3
    // trap gate (as in Linux); #DF runs on IST1.
    void build_idt() {
        for (unsigned v = 0; v < 256; ++v) set_gate(v, stub(v));
        set_gate(3, stub(3), 0xe, 3);
        set_gate(4, stub(4), 0xe, 3);
        set_gate(8, stub(8), 0xe, 0, 1);
        set_gate(0x80, stub(0x80), 0xf, 3);
    }
    void build_tss() {
        put<uint64_t>(lm::TSS + 4, lm::RSP0);
        put<uint64_t>(lm::TSS + 0x24, lm::IST1);
        put<uint64_t>(lm::TSS + 0x2c, lm::IST2);
        put<uint16_t>(lm::TSS + 0x66, 0x68);  // I/O map base: right after the TSS
    }
    void set_tss_limit(uint32_t limit) { cpu.s.tr.limit = limit; }

    // ---- modes ----
    // 64-bit mode at CPL 0 with paging, PAE, PGE, NXE and SCE, like a Linux kernel.
    void enter_kernel64() {
        CpuState& s = cpu.s;
        s.cr0 = cr0::PE | cr0::MP | cr0::ET | cr0::NE | cr0::WP | cr0::PG;
        s.cr4 = cr4::PAE | cr4::PGE | cr4::OSFXSR | cr4::OSXMMEXCPT;
        s.cr3 = lm::PML4;
        s.efer = msr::efer::SCE | msr::efer::LME | msr::efer::LMA | msr::efer::NXE;
        s.gdtr = DescTable{lm::GDT, GDT_LIMIT};
        s.idtr = DescTable{lm::IDT, 0xfff};
        s.tr = Segment{sel::TSS, lm::TSS, 0x67, 0x8b};
        s.ldtr = Segment{0, 0, 0, 0};
        s.seg[CS] = cache(sel::KERNEL_CS);
        for (uint8_t r : {SS, DS, ES}) s.seg[r] = cache(sel::KERNEL_DS);
        s.seg[FS] = s.seg[GS] = Segment{0, 0, 0, 0};
        s.cpl = 0;
        s.gpr[RSP] = lm::KSTACK;
        cpu.set_rflags(fl::FIXED1);
        cpu.update_mode();
        cpu.mmu.flush();
    }
    // CPL 3 in 64-bit mode (USER_CS) or compatibility mode (USER32_CS).
    void enter_user(bool compat = false) {
        user_compat = compat;
        CpuState& s = cpu.s;
        const uint16_t cs = compat ? sel::USER32_CS : sel::USER_CS;
        s.seg[CS] = cache(cs);
        for (uint8_t r : {SS, DS, ES}) s.seg[r] = cache(sel::USER_DS);
        s.cpl = 3;
        s.gpr[RSP] = lm::USTACK;
        cpu.set_rflags(fl::FIXED1 | fl::IF);
        cpu.update_mode();
    }
    // 32-bit protected mode at CPL 0 with paging off (linear = physical) and flat segments.
    // The IDT is still the 64-bit one: tests that expect a fault here either install a 32-bit
    // IDT or drop the bus, so that run() returns the fault.
    void enter_prot32() {
        CpuState& s = cpu.s;
        s.cr0 = cr0::PE | cr0::ET | cr0::WP;
        s.cr4 = 0;
        s.efer = 0;
        s.seg[CS] = cache(sel::KERNEL32_CS);
        cpu.update_mode();
        cpu.mmu.flush();
    }
    // Kernel code in compatibility mode (__KERNEL32_CS under IA-32e).
    void enter_kernel_compat() {
        cpu.s.seg[CS] = cache(sel::KERNEL32_CS);
        cpu.update_mode();
    }

    // ---- running ----
    // Runs from `rip` until a HLT (a handler stub, or the test's own), a triple fault or the
    // budget.
    StopInfo run_at(uint64_t rip, uint64_t max_insns = 10000) {
        cpu.s.rip = rip;
        return resume(max_insns);
    }
    StopInfo resume(uint64_t max_insns = 10000) {
        cpu.halted = false;
        return cpu.run(max_insns);
    }
    // Writes `code` at `la` (identity-mapped) and runs it.
    StopInfo exec(uint64_t la, std::initializer_list<uint8_t> code, uint64_t max_insns = 10000) {
        bytes(la, code);
        return run_at(la, max_insns);
    }
    StopInfo kexec(std::initializer_list<uint8_t> code) { return exec(lm::KCODE, code); }
    StopInfo uexec(std::initializer_list<uint8_t> code) { return exec(lm::UCODE, code); }

    // Runs `code` and then a HLT at KCODE in the current (kernel) mode: -1 when it reached the
    // HLT, else the vector delivered.
    int krun(std::initializer_list<uint8_t> code) {
        std::vector<uint8_t> b(code);
        b.push_back(0xf4);
        write_code(lm::KCODE, b);
        run_at(lm::KCODE);
        return halted_at(lm::KCODE + b.size() - 1) ? -1 : vector();
    }
    // The same at UCODE in ring 3, ending with INT3 (#BP through its DPL-3 gate) instead of HLT.
    // Called in ring 0 (after a handler), it first re-enters ring 3 as the last enter_user() did.
    int urun(std::initializer_list<uint8_t> code) {
        if (cpu.s.cpl != 3) enter_user(user_compat);
        std::vector<uint8_t> b(code);
        b.push_back(0xcc);
        write_code(lm::UCODE, b);
        run_at(lm::UCODE);
        const int v = vector();
        return v == 3 && frame(false).rip == lm::UCODE + b.size() ? -1 : v;
    }
    void write_code(uint64_t pa, const std::vector<uint8_t>& b) {
        std::memcpy(cpu.phys.host(pa), b.data(), b.size());
        for (uint64_t p = pa & ~PAGE_MASK; p < pa + b.size(); p += PAGE_SIZE) cpu.invalidate_code(p);
    }

    // The vector whose stub halted, or -1 (not halted in a stub).
    int vector() const {
        const uint64_t at = cpu.s.rip - 1;
        if (!cpu.halted || at < lm::STUBS || at >= lm::STUBS + 0x1000 || (at - lm::STUBS) % 16) return -1;
        return static_cast<int>((at - lm::STUBS) / 16);
    }
    // Halted on the test's own HLT at `la` (the instruction before RIP).
    bool halted_at(uint64_t la) const { return cpu.halted && cpu.s.rip == la + 1; }

    // The interrupt frame at RSP (SDM Vol. 3 Figure 6-9), with or without an error code.
    struct Frame {
        uint64_t error, rip, cs, rflags, rsp, ss;
    };
    Frame frame(bool with_error) {
        uint64_t sp = cpu.s.gpr[RSP];
        Frame f{};
        if (with_error) f.error = q(sp), sp += 8;
        f.rip = q(sp), f.cs = q(sp + 8), f.rflags = q(sp + 16), f.rsp = q(sp + 24), f.ss = q(sp + 32);
        return f;
    }
    // Builds an IRETQ frame at `rsp` and returns the RSP IRETQ starts with.
    uint64_t push_iret_frame(uint64_t rsp, uint64_t rip, uint64_t cs, uint64_t rflags, uint64_t new_rsp, uint64_t ss) {
        rsp -= 40;
        put<uint64_t>(rsp, rip);
        put<uint64_t>(rsp + 8, cs);
        put<uint64_t>(rsp + 16, rflags);
        put<uint64_t>(rsp + 24, new_rsp);
        put<uint64_t>(rsp + 32, ss);
        return rsp;
    }
};

}  // namespace lstar::test
