// Text views of the machine state (inspect.hpp). Everything here reads; nothing writes guest
// state, so the views can be shown at any instruction boundary without changing the run.
#include "debug/inspect.hpp"

#include <fmt/format.h>

#include <cstring>

#include "debug/trace.hpp"
#include "msr/msr.hpp"

namespace lstar::inspect {

namespace {

constexpr uint64_t PTE_P = 1, PTE_RW = 2, PTE_US = 4, PTE_PS = 0x80, PTE_XD = 1ull << 63;
constexpr uint64_t ADDR_MASK = 0x000ffffffffff000ull;
constexpr uint64_t MAXPHY_RSVD = 0x000f000000000000ull;  // bits 51:48 (MAXPHYADDR = 48)

bool read_phys(const Cpu& cpu, uint64_t pa, void* dst, uint64_t len) {
    if (pa >= cpu.phys.size() || len > cpu.phys.size() - pa) return false;
    std::memcpy(dst, cpu.phys.host(pa), len);
    return true;
}

// The names of the set bits of `v`, from a table of {bit, name}.
struct BitName {
    uint64_t bit;
    const char* name;
};
template <size_t N>
std::string bit_names(uint64_t v, const BitName (&names)[N]) {
    std::string out;
    for (const BitName& b : names)
        if (v & b.bit) out += out.empty() ? b.name : std::string(" ") + b.name;
    return out;
}

// Paging-structure entry flags (SDM Vol. 3 Tables 4-14 to 4-20).
constexpr BitName kPteBits[] = {{1, "P"},     {2, "RW"},    {4, "US"},    {8, "PWT"},
                                {16, "PCD"},  {32, "A"},    {64, "D"},    {128, "PS"},
                                {256, "G"},   {1ull << 63, "XD"}};
constexpr BitName kCr0Bits[] = {{cr0::PE, "PE"}, {cr0::MP, "MP"}, {cr0::EM, "EM"}, {cr0::TS, "TS"},
                                {cr0::ET, "ET"}, {cr0::NE, "NE"}, {cr0::WP, "WP"}, {cr0::AM, "AM"},
                                {1u << 29, "NW"}, {1u << 30, "CD"}, {cr0::PG, "PG"}};
constexpr BitName kCr4Bits[] = {{1, "VME"},          {2, "PVI"},           {4, "TSD"},
                                {8, "DE"},           {cr4::PSE, "PSE"},    {cr4::PAE, "PAE"},
                                {64, "MCE"},         {cr4::PGE, "PGE"},    {256, "PCE"},
                                {cr4::OSFXSR, "OSFXSR"}, {cr4::OSXMMEXCPT, "OSXMMEXCPT"},
                                {1u << 11, "UMIP"},  {cr4::FSGSBASE, "FSGSBASE"},
                                {1u << 17, "PCIDE"}, {cr4::OSXSAVE, "OSXSAVE"},
                                {cr4::SMEP, "SMEP"}, {cr4::SMAP, "SMAP"}};
constexpr BitName kEferBits[] = {{msr::efer::SCE, "SCE"}, {msr::efer::LME, "LME"},
                                 {msr::efer::LMA, "LMA"}, {msr::efer::NXE, "NXE"}};

std::string size_name(uint64_t size) {
    if (size >= (1u << 30)) return fmt::format("{}G", size >> 30);
    if (size >= (1u << 20)) return fmt::format("{}M", size >> 20);
    return fmt::format("{}K", size >> 10);
}

// One level of a PAE or 4-level walk: reads the entry and decides whether the walk goes on.
// Returns false when it stops (w.why says why) or when the entry maps a page (leaf set).
bool walk_level(const Cpu& cpu, Walk& w, const char* name, uint64_t table, unsigned index,
                unsigned level, bool& leaf) {
    const bool nxe = cpu.s.efer & msr::efer::NXE;
    const uint64_t entry_pa = table + index * 8;
    uint64_t e = 0;
    if (!read_phys(cpu, entry_pa, &e, 8)) {
        w.why = fmt::format("{} at {:#x} is beyond RAM", name, entry_pa);
        return false;
    }
    w.levels.push_back({name, index, entry_pa, e});
    if (!(e & PTE_P)) {
        w.why = fmt::format("not present at {}", name);
        return false;
    }
    leaf = level == 1 || (level <= 3 && (e & PTE_PS));
    uint64_t rsvd = MAXPHY_RSVD | (nxe ? 0 : PTE_XD);
    if (level == 4) rsvd |= PTE_PS;
    else if (leaf && level == 3) rsvd |= 0x3fffe000;  // 1G page: bits 29:13
    else if (leaf && level == 2) rsvd |= 0x1fe000;    // 2M page: bits 20:13
    if (e & rsvd) {
        w.why = fmt::format("reserved bit set at {}", name);
        return false;
    }
    w.user &= (e & PTE_US) != 0;
    w.write &= (e & PTE_RW) != 0;
    w.nx |= nxe && (e & PTE_XD);
    return true;
}

Walk walk_32bit(const Cpu& cpu, uint64_t la) {
    Walk w;
    w.user = w.write = true;
    const uint64_t pde_pa = (cpu.s.cr3 & 0xfffff000) + ((la >> 22) & 0x3ff) * 4;
    uint32_t pde = 0, pte = 0;
    if (!read_phys(cpu, pde_pa, &pde, 4)) return w.why = "PDE beyond RAM", w;
    w.levels.push_back({"PDE", unsigned((la >> 22) & 0x3ff), pde_pa, pde});
    if (!(pde & PTE_P)) return w.why = "not present at PDE", w;
    w.user &= (pde & PTE_US) != 0;
    w.write &= (pde & PTE_RW) != 0;
    if ((pde & PTE_PS) && (cpu.s.cr4 & cr4::PSE)) {
        w.ok = true, w.page_size = 4u << 20;
        w.pa = (pde & 0xffc00000u) | (la & 0x3fffff);
        return w;
    }
    const uint64_t pte_pa = (pde & 0xfffff000u) + ((la >> 12) & 0x3ff) * 4;
    if (!read_phys(cpu, pte_pa, &pte, 4)) return w.why = "PTE beyond RAM", w;
    w.levels.push_back({"PTE", unsigned((la >> 12) & 0x3ff), pte_pa, pte});
    if (!(pte & PTE_P)) return w.why = "not present at PTE", w;
    w.user &= (pte & PTE_US) != 0;
    w.write &= (pte & PTE_RW) != 0;
    w.ok = true, w.page_size = 4096;
    w.pa = (pte & 0xfffff000u) | (la & 0xfff);
    return w;
}

}  // namespace

// The same walk as Mmu::walk (SDM Vol. 3 §4.3-4.5), without setting accessed or dirty flags.
Walk walk(const Cpu& cpu, uint64_t la) {
    const CpuState& s = cpu.s;
    Walk w;
    if (cpu.mmu.flat()) return w.why = "the flat page map (no paging structures)", w;
    if (!(s.cr0 & cr0::PG)) {
        w.ok = true, w.pa = la & 0xffffffffull, w.user = w.write = true;
        return w;
    }
    const bool lma = s.efer & msr::efer::LMA;
    if (lma && !is_canonical(la)) return w.why = "not canonical", w;
    if (!(s.cr4 & cr4::PAE)) return walk_32bit(cpu, la);
    w.user = w.write = true;
    static const char* const kNames[] = {"", "PTE", "PDE", "PDPTE", "PML4E"};
    uint64_t table;
    unsigned level;
    if (lma) {
        table = s.cr3 & ADDR_MASK;
        level = 4;
    } else {
        // PAE paging: the 4 PDPTEs at CR3 (§4.4.1).
        const uint64_t pdpte_pa = (s.cr3 & 0xffffffe0) + ((la >> 30) & 3) * 8;
        uint64_t e = 0;
        if (!read_phys(cpu, pdpte_pa, &e, 8)) return w.why = "PDPTE beyond RAM", w;
        w.levels.push_back({"PDPTE", unsigned((la >> 30) & 3), pdpte_pa, e});
        if (!(e & PTE_P)) return w.why = "not present at PDPTE", w;
        if (e & (MAXPHY_RSVD | 0x1e6)) return w.why = "reserved bit set at PDPTE", w;
        table = e & ADDR_MASK;
        level = 2;
    }
    for (;; --level) {
        const unsigned shift = 12 + 9 * (level - 1);
        bool leaf = false;
        if (!walk_level(cpu, w, kNames[level], table, unsigned((la >> shift) & 0x1ff), level, leaf)) return w;
        const uint64_t e = w.levels.back().value;
        if (leaf) {
            const uint64_t offset_mask = (1ull << shift) - 1;
            w.ok = true;
            w.page_size = offset_mask + 1;
            w.pa = (e & ADDR_MASK & ~offset_mask) | (la & offset_mask);
            return w;
        }
        table = e & ADDR_MASK;
    }
}

bool read_linear(const Cpu& cpu, uint64_t la, void* dst, uint64_t len) {
    uint8_t* d = static_cast<uint8_t*>(dst);
    while (len) {
        const Walk w = walk(cpu, la);
        const uint64_t n = std::min(len, PAGE_SIZE - (la & PAGE_MASK));
        if (!w.ok || !read_phys(cpu, w.pa, d, n)) return false;
        la += n, d += n, len -= n;
    }
    return true;
}

std::string page_walk(const Cpu& cpu, uint64_t la) {
    const CpuState& s = cpu.s;
    std::string out;
    if (cpu.mmu.flat() || !(s.cr0 & cr0::PG)) {
        const Walk w = walk(cpu, la);
        if (!w.ok) return fmt::format("{:#x}: {}\n", la, w.why);
        return fmt::format("{:#x}: paging is off: physical {:#x}\n", la, w.pa);
    }
    const bool lma = s.efer & msr::efer::LMA, pae = s.cr4 & cr4::PAE;
    out += fmt::format("{:#x}: {} paging, CR3 {:#x}\n", la, lma ? "4-level" : pae ? "PAE" : "32-bit", s.cr3);
    const Walk w = walk(cpu, la);
    for (const WalkLevel& l : w.levels) {
        const unsigned digits = pae ? 16 : 8;  // 32-bit paging has 4-byte entries
        out += fmt::format("  {:<6}[{:3}] at {:#010x} = {:0{}x}  {}\n", l.name, l.index, l.entry_pa, l.value,
                           digits, bit_names(l.value, kPteBits));
    }
    if (!w.ok) return out + fmt::format("  stops: {}\n", w.why);
    out += fmt::format("  -> physical {:#x} ({} page, {}, {}, {})\n", w.pa, size_name(w.page_size),
                       w.user ? "user" : "supervisor", w.write ? "writable" : "read-only",
                       w.nx ? "no-execute" : "executable");
    return out;
}

std::string regs(const Cpu& cpu) {
    static constexpr struct {
        const char* name;
        Gpr r;
    } kOrder[] = {{"rax", RAX}, {"rbx", RBX}, {"rcx", RCX}, {"rdx", RDX}, {"rsi", RSI}, {"rdi", RDI},
                  {"rbp", RBP}, {"rsp", RSP}, {"r8", R8},   {"r9", R9},   {"r10", R10}, {"r11", R11},
                  {"r12", R12}, {"r13", R13}, {"r14", R14}, {"r15", R15}};
    std::string out;
    for (size_t k = 0; k < std::size(kOrder); ++k)
        out += fmt::format("{:>3} {:016x}{}", kOrder[k].name, cpu.reg(kOrder[k].r), k % 4 == 3 ? "\n" : "  ");
    const uint64_t f = cpu.rflags();
    out += fmt::format("rip {:016x}  rflags {:08x} [{}]  cpl {}\n", cpu.rip(), f, flags_string(f), cpu.s.cpl);
    return out;
}

namespace {

const char* kSegNames[] = {"es", "cs", "ss", "ds", "fs", "gs"};

// "code 64-bit DPL0" for a segment's attributes (descriptor bits 40..55), present or not.
std::string seg_kind(uint16_t attr) {
    const bool code = (attr & 0x18) == 0x18, data = (attr & 0x18) == 0x10;
    std::string kind = code ? "code" : data ? "data" : fmt::format("system type {}", attr & 0xf);
    if (code) kind += (attr & segattr::L) ? " 64-bit" : (attr & segattr::DB) ? " 32-bit" : " 16-bit";
    if (data) kind += (attr & 2) ? " rw" : " ro";
    return fmt::format("{} DPL{}", kind, (attr >> 5) & 3);
}

std::string seg_attr(uint16_t attr) { return (attr & segattr::P) ? seg_kind(attr) : "not present"; }

std::string seg_line(const char* name, const Segment& sg) {
    return fmt::format("{:<4} {:04x} base {:016x} limit {:08x} attr {:04x} {}\n", name, sg.selector, sg.base,
                       sg.limit, sg.attr, seg_attr(sg.attr));
}

}  // namespace

std::string sregs(const Cpu& cpu) {
    const CpuState& s = cpu.s;
    std::string out;
    for (unsigned k = 0; k < SEG_COUNT; ++k) out += seg_line(kSegNames[k], s.seg[k]);
    out += seg_line("ldtr", s.ldtr);
    out += seg_line("tr", s.tr);
    out += fmt::format("gdtr base {:016x} limit {:04x}\n", s.gdtr.base, s.gdtr.limit);
    out += fmt::format("idtr base {:016x} limit {:04x}\n", s.idtr.base, s.idtr.limit);
    out += fmt::format("cr0  {:016x} [{}]\n", s.cr0, bit_names(s.cr0, kCr0Bits));
    out += fmt::format("cr2  {:016x}\n", s.cr2);
    out += fmt::format("cr3  {:016x}\n", s.cr3);
    out += fmt::format("cr4  {:016x} [{}]\n", s.cr4, bit_names(s.cr4, kCr4Bits));
    out += fmt::format("cr8  {:016x}\n", s.cr8);
    out += fmt::format("efer {:016x} [{}]\n", s.efer, bit_names(s.efer, kEferBits));
    out += fmt::format("kernel_gs_base {:016x}\n", s.kernel_gs_base);
    return out;
}

std::string idt(const Cpu& cpu) {
    const CpuState& s = cpu.s;
    const bool lma = s.efer & msr::efer::LMA;
    const unsigned gate_size = lma ? 16 : 8;
    std::string out = fmt::format("IDT at {:#x}, limit {:#x}\n", s.idtr.base, s.idtr.limit);
    for (unsigned v = 0; v < 256 && (v + 1) * gate_size - 1 <= s.idtr.limit; ++v) {
        uint32_t g[4] = {};
        if (!read_linear(cpu, s.idtr.base + v * gate_size, g, gate_size)) {
            out += fmt::format("vector {:3}: unmapped\n", v);
            break;
        }
        if (!(g[1] & 0x8000)) continue;  // not present
        const unsigned type = (g[1] >> 8) & 0xf, dpl = (g[1] >> 13) & 3;
        uint64_t target = (g[0] & 0xffff) | (g[1] & 0xffff0000u);
        if (lma) target |= uint64_t(g[2]) << 32;
        const char* kind = (type & 7) == 6 ? "int-gate" : (type & 7) == 7 ? "trap-gate" : type == 5 ? "task-gate" : "?";
        std::string name = v < 32 ? vec_name(static_cast<Vec>(v)) : "";
        out += fmt::format("vector {:3} {:<4} {:<9} DPL{} {:04x}:{:016x}", v, name, kind, dpl, g[0] >> 16, target);
        if (lma && (g[1] & 7)) out += fmt::format(" IST{}", g[1] & 7);
        out += "\n";
    }
    return out;
}

std::string gdt(const Cpu& cpu) {
    const CpuState& s = cpu.s;
    const bool lma = s.efer & msr::efer::LMA;
    std::string out = fmt::format("GDT at {:#x}, limit {:#x}\n", s.gdtr.base, s.gdtr.limit);
    for (unsigned off = 8; off + 7 <= s.gdtr.limit; off += 8) {
        uint32_t d[4] = {};
        if (!read_linear(cpu, s.gdtr.base + off, d, 8)) {
            out += fmt::format("{:04x}: unmapped\n", off);
            break;
        }
        if (!d[0] && !d[1]) continue;
        const uint16_t attr = static_cast<uint16_t>((d[1] >> 8) & 0xf0ff);
        uint64_t base = (d[0] >> 16) | ((d[1] & 0xff) << 16) | (d[1] & 0xff000000u);
        uint32_t limit = (d[0] & 0xffff) | (d[1] & 0xf0000);
        if (attr & segattr::G) limit = (limit << 12) | 0xfff;
        const bool system = !(attr & 0x10);
        // In IA-32e mode, LDT and TSS descriptors take 16 bytes (SDM Vol. 3 §7.2.3).
        if (system && lma && off + 15 <= s.gdtr.limit) {
            uint32_t hi = 0;
            if (read_linear(cpu, s.gdtr.base + off + 8, &hi, 4)) base |= uint64_t(hi) << 32;
        }
        const unsigned type = attr & 0xf;
        const std::string kind =
            !system ? seg_kind(attr)
                    : fmt::format("{} DPL{}", type == 2 ? "LDT" : (type & 0xd) == 9 ? "TSS" : fmt::format("system type {}", type),
                                  (attr >> 5) & 3);
        out += fmt::format("{:04x} [{:2}] base {:016x} limit {:08x} {}{}\n", off, off / 8, base, limit, kind,
                           (attr & segattr::P) ? "" : " (not present)");
        if (system && lma) off += 8;
    }
    return out;
}

std::string tss(const Cpu& cpu) {
    const CpuState& s = cpu.s;
    const uint64_t base = s.tr.base;
    std::string out = fmt::format("TSS at {:#x} (TR {:04x}), limit {:#x}\n", base, s.tr.selector, s.tr.limit);
    uint8_t t[104] = {};
    if (!read_linear(cpu, base, t, sizeof t)) return out + "unmapped\n";
    auto q = [&](unsigned off) {
        uint64_t v;
        std::memcpy(&v, t + off, 8);
        return v;
    };
    uint16_t iomap;
    std::memcpy(&iomap, t + 102, 2);
    if (s.efer & msr::efer::LMA) {
        // The 64-bit TSS (SDM Vol. 3 §7.7, Figure 7-11).
        for (unsigned k = 0; k < 3; ++k) out += fmt::format("rsp{} {:016x}\n", k, q(4 + 8 * k));
        for (unsigned k = 1; k <= 7; ++k) out += fmt::format("ist{} {:016x}\n", k, q(36 + 8 * (k - 1)));
    } else {
        // The 32-bit TSS (§7.2.1): ESPn at 4 + 8n, SSn at 8 + 8n.
        for (unsigned k = 0; k < 3; ++k) {
            uint32_t esp;
            uint16_t ss;
            std::memcpy(&esp, t + 4 + 8 * k, 4);
            std::memcpy(&ss, t + 8 + 8 * k, 2);
            out += fmt::format("ss{}:esp{} {:04x}:{:08x}\n", k, k, ss, esp);
        }
    }
    return out + fmt::format("I/O map base {:#x}\n", iomap);
}

std::string tlb(const Cpu& cpu) {
    static const char* const kAccess[] = {"r", "w", "x"};
    static const char* const kPriv[] = {"user", "sup", "sup+AC", "user+AM"};
    const std::vector<Mmu::TlbView> entries = cpu.mmu.tlb_view();
    std::string out = fmt::format("{} valid TLB entries\n", entries.size());
    for (const Mmu::TlbView& e : entries) {
        std::string classes;
        for (unsigned c = 0; c < 12; ++c)
            if (e.classes & (1u << c)) classes += fmt::format(" {}:{}", kAccess[c / 4], kPriv[c % 4]);
        out += fmt::format("{:016x} -> {:012x}{}{}{}\n", e.la_page, e.pa_page, e.global ? " G" : "",
                           e.large_mask ? fmt::format(" (in a {} page)", size_name(e.large_mask + 1)) : "",
                           classes);
    }
    return out;
}

std::string msr(Cpu& cpu, std::optional<uint32_t> index) {
    auto line = [&](const msr::Info& m) {
        uint64_t v = 0;
        if (!msr::read(cpu.s, m.index, cpu.icount(), v)) return fmt::format("{} ({:#x}): not readable\n", m.name, m.index);
        return fmt::format("{} ({:#x}) = {:#x}\n", m.name, m.index, v);
    };
    if (index) {
        const msr::Info* m = msr::find(*index);
        if (!m) return fmt::format("no MSR {:#x} in lstar (RDMSR raises #GP)\n", *index);
        return line(*m);
    }
    unsigned count = 0;
    const msr::Info* all = msr::table(count);
    std::string out;
    for (unsigned k = 0; k < count; ++k) out += line(all[k]);
    return out;
}

}  // namespace lstar::inspect
