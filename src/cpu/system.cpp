// System instructions: control and debug registers, descriptor-table registers, MSRs, interrupt
// flag, TLB and cache control, SWAPGS and the FS/GS base instructions (SDM Vol. 2, Vol. 3 ch. 2).
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"
#include "cpu/segment.hpp"
#include "msr/msr.hpp"

namespace lstar {
namespace {

void require_cpl0(const Cpu& c) {
    if (c.s.cpl != 0) raise(Vec::GP, 0);
}

// A register or memory operand of the natural width: 64 bits in 64-bit mode, else 32.
uint64_t read_natural(Cpu& c, const DecodedInsn& i, int n) {
    return c.long64() ? read_op<uint64_t>(c, i, n) : read_op<uint32_t>(c, i, n);
}
void write_natural(Cpu& c, const DecodedInsn& i, int n, uint64_t v) {
    if (c.long64()) write_op<uint64_t>(c, i, n, v);
    else write_op<uint32_t>(c, i, n, static_cast<uint32_t>(v));
}

constexpr uint64_t CR0_RESERVED = 0xffffffff1ffaffc0ull;  // bits 63:32, 28:19 (not 18), 17, 15:6
// The CR4 bits of features lstar has: TSD DE PSE PAE MCE PGE PCE OSFXSR OSXMMEXCPT FSGSBASE
// OSXSAVE SMEP SMAP. The rest (VME, PVI, UMIP, LA57, VMXE, PCIDE, PKE ...) are reserved here.
constexpr uint64_t CR4_KNOWN = 0x7fc | cr4::FSGSBASE | cr4::OSXSAVE | cr4::SMEP | cr4::SMAP;
constexpr unsigned MAXPHYADDR = 48;  // CPUID 0x80000008
constexpr uint64_t CR0_NW = 1u << 29, CR0_CD = 1u << 30;

void write_cr0(Cpu& c, uint64_t v) {
    v |= cr0::ET;
    if (v & CR0_RESERVED) raise(Vec::GP, 0);
    if ((v & cr0::PG) && !(v & cr0::PE)) raise(Vec::GP, 0);
    if ((v & CR0_NW) && !(v & CR0_CD)) raise(Vec::GP, 0);
    const bool lme = c.s.efer & msr::efer::LME;
    const bool enabling_paging = (v & cr0::PG) && !(c.s.cr0 & cr0::PG);
    if (enabling_paging && lme && !(c.s.cr4 & cr4::PAE)) raise(Vec::GP, 0);
    if (!(v & cr0::PG) && c.long64()) raise(Vec::GP, 0);  // leave 64-bit mode first
    const uint64_t changed = v ^ c.s.cr0;
    c.s.cr0 = v;
    // Activating paging with LME set activates IA-32e mode (SDM Vol. 3 §9.8.5).
    if (v & cr0::PG) {
        if (lme) c.s.efer |= msr::efer::LMA;
    } else {
        c.s.efer &= ~msr::efer::LMA;
    }
    if (changed & (cr0::PG | cr0::WP | cr0::PE)) c.mmu.flush();
    c.update_mode();
}

void write_cr4(Cpu& c, uint64_t v) {
    if (v & ~CR4_KNOWN) raise(Vec::GP, 0);
    if ((c.s.efer & msr::efer::LMA) && !(v & cr4::PAE)) raise(Vec::GP, 0);
    const uint64_t changed = v ^ c.s.cr4;
    c.s.cr4 = v;
    if (changed & (cr4::PAE | cr4::PSE | cr4::PGE | cr4::SMEP | cr4::SMAP)) c.mmu.flush();
}

void write_cr3(Cpu& c, uint64_t v) {
    if (v >> MAXPHYADDR) raise(Vec::GP, 0);  // reserved without CR4.PCIDE (SDM Vol. 3 §4.5)
    c.s.cr3 = v;
    c.mmu.flush_nonglobal();
}

}  // namespace

// MOV to/from CR0, CR2, CR3, CR4, CR8 (SDM Vol. 2 MOV—Move to/from Control Registers).
void op_mov_cr(Cpu& c, const DecodedInsn& i) {
    require_cpl0(c);
    const bool to_cr = i.op[0].cls == RegClass::CR;
    const unsigned n = to_cr ? i.op[0].reg : i.op[1].reg;
    if (n != 0 && n != 2 && n != 3 && n != 4 && n != 8) raise(Vec::UD);
    if (!to_cr) {
        uint64_t v = n == 0 ? c.s.cr0 : n == 2 ? c.s.cr2 : n == 3 ? c.s.cr3 : n == 4 ? c.s.cr4 : c.s.cr8;
        write_natural(c, i, 0, v);
        return;
    }
    const uint64_t v = read_natural(c, i, 1);
    switch (n) {
    case 0: write_cr0(c, v); break;
    case 2: c.s.cr2 = v; break;
    case 3: write_cr3(c, v); break;
    case 4: write_cr4(c, v); break;
    default:
        if (v & ~0xfull) raise(Vec::GP, 0);
        c.s.cr8 = v;
    }
    c.end_block = true;
}

// MOV to/from DR0-DR7; DR4/DR5 alias DR6/DR7 unless CR4.DE (SDM Vol. 3 §17.2.2).
void op_mov_dr(Cpu& c, const DecodedInsn& i) {
    require_cpl0(c);
    const bool to_dr = i.op[0].cls == RegClass::DR;
    unsigned n = to_dr ? i.op[0].reg : i.op[1].reg;
    if (n == 4 || n == 5) {
        if (c.s.cr4 & (1u << 3)) raise(Vec::UD);
        n += 2;
    }
    if (!to_dr) {
        uint64_t v = c.s.dr[n];
        if (n == 6) v |= 0xffff0ff0;
        if (n == 7) v |= 0x400;
        write_natural(c, i, 0, v);
        return;
    }
    const uint64_t v = read_natural(c, i, 1);
    if ((n == 6 || n == 7) && (v >> 32)) raise(Vec::GP, 0);
    c.s.dr[n] = v;
    if (n == 7) {
        // Data breakpoints make the MMU watch every access (R/W field 01 or 11 of an enabled one).
        bool watch = false;
        for (unsigned k = 0; k < 4; ++k)
            watch |= ((v >> (2 * k)) & 3) && (((v >> (16 + 4 * k)) & 1) != 0);
        c.mmu.set_watch(watch);
        c.end_block = true;
    }
}

// ---- descriptor-table registers ----

namespace {
// LGDT/LIDT read a 2-byte limit and a base of 8 bytes in 64-bit mode, else 4 (24 bits with a
// 16-bit operand size).
DescTable read_pseudo_descriptor(Cpu& c, const DecodedInsn& i) {
    DescTable t;
    t.limit = load_mem<uint16_t>(c, i);
    if (c.long64()) {
        t.base = load_mem<uint64_t>(c, i, 2);
        if (!is_canonical(t.base)) raise(Vec::GP, 0);
    } else {
        t.base = load_mem<uint32_t>(c, i, 2);
        if (i.opsize == 2) t.base &= 0xffffff;
    }
    return t;
}
void write_pseudo_descriptor(Cpu& c, const DecodedInsn& i, const DescTable& t) {
    const uint64_t la = c.linear(i.mem.seg, ea(c, i));
    c.mmu.probe_write(la, c.long64() ? 10 : 6, i.mem.seg == SS);
    store_mem<uint16_t>(c, i, t.limit);
    if (c.long64()) store_mem<uint64_t>(c, i, t.base, 2);
    else store_mem<uint32_t>(c, i, static_cast<uint32_t>(t.base), 2);
}
// UMIP makes SGDT/SIDT/SLDT/STR/SMSW privileged (CR4 bit 11).
void check_umip(const Cpu& c) {
    if ((c.s.cr4 & (1u << 11)) && c.s.cpl != 0) raise(Vec::GP, 0);
}
}  // namespace

void op_lgdt(Cpu& c, const DecodedInsn& i) {
    require_cpl0(c);
    c.s.gdtr = read_pseudo_descriptor(c, i);
}
void op_lidt(Cpu& c, const DecodedInsn& i) {
    require_cpl0(c);
    c.s.idtr = read_pseudo_descriptor(c, i);
}
void op_sgdt(Cpu& c, const DecodedInsn& i) {
    check_umip(c);
    write_pseudo_descriptor(c, i, c.s.gdtr);
}
void op_sidt(Cpu& c, const DecodedInsn& i) {
    check_umip(c);
    write_pseudo_descriptor(c, i, c.s.idtr);
}

// LLDT and LTR load system descriptors, 16 bytes in IA-32e mode (SDM Vol. 3 §7.2.3, §3.5).
void op_lldt(Cpu& c, const DecodedInsn& i) {
    if (c.mode() == Mode::PROT16 && !(c.s.cr0 & cr0::PE)) raise(Vec::UD);
    require_cpl0(c);
    const uint16_t sel = read_op<uint16_t>(c, i, 0);
    if (null_selector(sel)) {
        c.s.ldtr = Segment{sel, 0, 0, 0};
        return;
    }
    if (sel & 4) raise(Vec::GP, sel_error(sel));
    const bool lma = c.s.efer & msr::efer::LMA;
    Descriptor d = read_descriptor(c, sel, lma);
    if (d.s() || d.type() != 2) raise(Vec::GP, sel_error(sel));
    if (!d.present()) raise(Vec::NP, sel_error(sel));
    c.s.ldtr = Segment{sel, lma ? d.base64() : d.base32(), d.limit(), d.attr()};
}

void op_ltr(Cpu& c, const DecodedInsn& i) {
    require_cpl0(c);
    const uint16_t sel = read_op<uint16_t>(c, i, 0);
    if (null_selector(sel) || (sel & 4)) raise(Vec::GP, sel_error(sel));
    const bool lma = c.s.efer & msr::efer::LMA;
    Descriptor d = read_descriptor(c, sel, lma);
    // An available TSS: type 9 (32-bit or 64-bit); type 1 (16-bit) outside IA-32e mode.
    if (d.s() || !(d.type() == 9 || (!lma && d.type() == 1))) raise(Vec::GP, sel_error(sel));
    if (!d.present()) raise(Vec::NP, sel_error(sel));
    d.lo |= 2ull << 40;  // busy
    const uint8_t byte = static_cast<uint8_t>(d.lo >> 40);
    c.mmu.write_system(c.s.gdtr.base + (sel & 0xfff8) + 5, &byte, 1);
    c.s.tr = Segment{sel, lma ? d.base64() : d.base32(), d.limit(), d.attr()};
}

namespace {
// SLDT/STR/SMSW: a register destination of 32/64 bits gets the zero-extended value, memory 16.
void store_selector(Cpu& c, const DecodedInsn& i, uint16_t v) {
    if (i.op[0].kind == OpKind::MEM) store_mem<uint16_t>(c, i, v);
    else if (i.op[0].size == 8) write_op<uint64_t>(c, i, 0, v);
    else if (i.op[0].size == 4) write_op<uint32_t>(c, i, 0, v);
    else write_op<uint16_t>(c, i, 0, v);
}
}  // namespace

void op_sldt(Cpu& c, const DecodedInsn& i) {
    check_umip(c);
    store_selector(c, i, c.s.ldtr.selector);
}
void op_str(Cpu& c, const DecodedInsn& i) {
    check_umip(c);
    store_selector(c, i, c.s.tr.selector);
}
void op_smsw(Cpu& c, const DecodedInsn& i) {
    check_umip(c);
    if (i.op[0].kind == OpKind::REG && i.op[0].size >= 4) write_natural(c, i, 0, c.s.cr0);
    else store_selector(c, i, static_cast<uint16_t>(c.s.cr0));
}
// LMSW loads PE, MP, EM, TS; it can set PE but never clear it.
void op_lmsw(Cpu& c, const DecodedInsn& i) {
    require_cpl0(c);
    const uint16_t v = read_op<uint16_t>(c, i, 0);
    uint64_t cr = (c.s.cr0 & ~0xeull) | (v & 0xe) | ((c.s.cr0 | v) & 1);
    write_cr0(c, cr);
    c.end_block = true;
}
void op_clts(Cpu& c, const DecodedInsn&) {
    require_cpl0(c);
    c.s.cr0 &= ~cr0::TS;
}

// ---- MSRs ----

void op_rdmsr(Cpu& c, const DecodedInsn& i) {
    require_cpl0(c);
    uint64_t v;
    if (!msr::read(c.s, static_cast<uint32_t>(c.s.gpr[RCX]), c.icount_at(i), v)) raise(Vec::GP, 0);
    c.s.gpr[RAX] = static_cast<uint32_t>(v);
    c.s.gpr[RDX] = v >> 32;
}

void op_wrmsr(Cpu& c, const DecodedInsn& i) {
    require_cpl0(c);
    const uint32_t index = static_cast<uint32_t>(c.s.gpr[RCX]);
    const uint64_t v = (c.s.gpr[RDX] << 32) | static_cast<uint32_t>(c.s.gpr[RAX]);
    if (!msr::write(c.s, index, v, c.icount_at(i))) raise(Vec::GP, 0);
    if (index == msr::EFER) {
        c.mmu.flush();
        c.update_mode();
    }
    c.end_block = true;
}

void op_rdtscp(Cpu& c, const DecodedInsn& i) {
    if ((c.s.cr4 & (1u << 2)) && c.s.cpl != 0) raise(Vec::GP, 0);  // CR4.TSD
    const uint64_t tsc = c.icount_at(i) + c.s.tsc_offset;
    c.s.gpr[RAX] = static_cast<uint32_t>(tsc);
    c.s.gpr[RDX] = tsc >> 32;
    c.s.gpr[RCX] = static_cast<uint32_t>(c.s.tsc_aux);
}

// ---- the interrupt flag (SDM Vol. 2 CLI, STI; no VME/PVI) ----

namespace {
unsigned iopl(const Cpu& c) { return (c.s.rflags >> 12) & 3; }
}  // namespace

void op_cli(Cpu& c, const DecodedInsn&) {
    if (c.s.cpl > iopl(c)) raise(Vec::GP, 0);
    c.s.rflags &= ~fl::IF;
}

// STI enables interrupts after the next instruction (the interrupt shadow).
void op_sti(Cpu& c, const DecodedInsn& i) {
    if (c.s.cpl > iopl(c)) raise(Vec::GP, 0);
    if (!(c.s.rflags & fl::IF)) c.irq_inhibit_until = c.icount_at(i) + 2;
    c.s.rflags |= fl::IF;
    c.end_block = true;
}

// ---- TLB and caches ----

void op_invlpg(Cpu& c, const DecodedInsn& i) {
    require_cpl0(c);
    c.mmu.invlpg(c.linear(i.mem.seg, ea(c, i)));
    c.end_block = true;
}
void op_wbinvd(Cpu& c, const DecodedInsn&) { require_cpl0(c); }

// SMAP's AC override (SDM Vol. 2 STAC, CLAC): #UD above CPL 0.
void op_stac(Cpu& c, const DecodedInsn&) {
    if (c.s.cpl != 0) raise(Vec::UD);
    c.s.rflags |= fl::AC;
    c.mmu.sync_privilege();
}
void op_clac(Cpu& c, const DecodedInsn&) {
    if (c.s.cpl != 0) raise(Vec::UD);
    c.s.rflags &= ~fl::AC;
    c.mmu.sync_privilege();
}

// ---- GS swapping and the FS/GS base instructions ----

void op_swapgs(Cpu& c, const DecodedInsn&) {
    if (!c.long64()) raise(Vec::UD);
    require_cpl0(c);
    std::swap(c.s.seg[GS].base, c.s.kernel_gs_base);
}

// RDFSBASE, RDGSBASE, WRFSBASE, WRGSBASE: 64-bit mode with CR4.FSGSBASE only.
namespace {
void check_fsgsbase(const Cpu& c) {
    if (!c.long64() || !(c.s.cr4 & cr4::FSGSBASE)) raise(Vec::UD);
}
void read_base(Cpu& c, const DecodedInsn& i, uint8_t seg) {
    check_fsgsbase(c);
    if (i.opsize == 8) write_op<uint64_t>(c, i, 0, c.s.seg[seg].base);
    else write_op<uint32_t>(c, i, 0, static_cast<uint32_t>(c.s.seg[seg].base));
}
void write_base(Cpu& c, const DecodedInsn& i, uint8_t seg) {
    check_fsgsbase(c);
    const uint64_t v = i.opsize == 8 ? read_op<uint64_t>(c, i, 0) : read_op<uint32_t>(c, i, 0);
    if (!is_canonical(v)) raise(Vec::GP, 0);
    c.s.seg[seg].base = v;
}
}  // namespace

void op_rdfsbase(Cpu& c, const DecodedInsn& i) { read_base(c, i, FS); }
void op_rdgsbase(Cpu& c, const DecodedInsn& i) { read_base(c, i, GS); }
void op_wrfsbase(Cpu& c, const DecodedInsn& i) { write_base(c, i, FS); }
void op_wrgsbase(Cpu& c, const DecodedInsn& i) { write_base(c, i, GS); }

}  // namespace lstar
