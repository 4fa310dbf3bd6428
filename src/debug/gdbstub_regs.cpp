#include "debug/gdbstub_regs.hpp"

#include <fmt/format.h>

#include <cstring>

#include "debug/gdbstub_packet.hpp"

namespace lstar::gdb {

namespace {

enum class Feature { CORE, SSE, SEGMENTS, CONTROL };

struct RegDef {
    const char* name;
    unsigned bits;
    const char* type;
    Feature feature;
};

// In gdb's amd64 order (its amd64 register numbers 0..57), then lstar's control registers.
constexpr RegDef kRegs[] = {
    {"rax", 64, "int64", Feature::CORE},      {"rbx", 64, "int64", Feature::CORE},
    {"rcx", 64, "int64", Feature::CORE},      {"rdx", 64, "int64", Feature::CORE},
    {"rsi", 64, "int64", Feature::CORE},      {"rdi", 64, "int64", Feature::CORE},
    {"rbp", 64, "data_ptr", Feature::CORE},   {"rsp", 64, "data_ptr", Feature::CORE},
    {"r8", 64, "int64", Feature::CORE},       {"r9", 64, "int64", Feature::CORE},
    {"r10", 64, "int64", Feature::CORE},      {"r11", 64, "int64", Feature::CORE},
    {"r12", 64, "int64", Feature::CORE},      {"r13", 64, "int64", Feature::CORE},
    {"r14", 64, "int64", Feature::CORE},      {"r15", 64, "int64", Feature::CORE},
    {"rip", 64, "code_ptr", Feature::CORE},   {"eflags", 32, "i386_eflags", Feature::CORE},
    {"cs", 32, "int32", Feature::CORE},       {"ss", 32, "int32", Feature::CORE},
    {"ds", 32, "int32", Feature::CORE},       {"es", 32, "int32", Feature::CORE},
    {"fs", 32, "int32", Feature::CORE},       {"gs", 32, "int32", Feature::CORE},
    {"st0", 80, "i387_ext", Feature::CORE},   {"st1", 80, "i387_ext", Feature::CORE},
    {"st2", 80, "i387_ext", Feature::CORE},   {"st3", 80, "i387_ext", Feature::CORE},
    {"st4", 80, "i387_ext", Feature::CORE},   {"st5", 80, "i387_ext", Feature::CORE},
    {"st6", 80, "i387_ext", Feature::CORE},   {"st7", 80, "i387_ext", Feature::CORE},
    {"fctrl", 32, "int", Feature::CORE},      {"fstat", 32, "int", Feature::CORE},
    {"ftag", 32, "int", Feature::CORE},       {"fiseg", 32, "int", Feature::CORE},
    {"fioff", 32, "int", Feature::CORE},      {"foseg", 32, "int", Feature::CORE},
    {"fooff", 32, "int", Feature::CORE},      {"fop", 32, "int", Feature::CORE},
    {"xmm0", 128, "vec128", Feature::SSE},    {"xmm1", 128, "vec128", Feature::SSE},
    {"xmm2", 128, "vec128", Feature::SSE},    {"xmm3", 128, "vec128", Feature::SSE},
    {"xmm4", 128, "vec128", Feature::SSE},    {"xmm5", 128, "vec128", Feature::SSE},
    {"xmm6", 128, "vec128", Feature::SSE},    {"xmm7", 128, "vec128", Feature::SSE},
    {"xmm8", 128, "vec128", Feature::SSE},    {"xmm9", 128, "vec128", Feature::SSE},
    {"xmm10", 128, "vec128", Feature::SSE},   {"xmm11", 128, "vec128", Feature::SSE},
    {"xmm12", 128, "vec128", Feature::SSE},   {"xmm13", 128, "vec128", Feature::SSE},
    {"xmm14", 128, "vec128", Feature::SSE},   {"xmm15", 128, "vec128", Feature::SSE},
    {"mxcsr", 32, "i386_mxcsr", Feature::SSE},
    {"fs_base", 64, "int64", Feature::SEGMENTS}, {"gs_base", 64, "int64", Feature::SEGMENTS},
    {"cr0", 64, "int64", Feature::CONTROL},   {"cr2", 64, "int64", Feature::CONTROL},
    {"cr3", 64, "int64", Feature::CONTROL},   {"cr4", 64, "int64", Feature::CONTROL},
    {"cr8", 64, "int64", Feature::CONTROL},   {"efer", 64, "int64", Feature::CONTROL},
    {"kernel_gs_base", 64, "int64", Feature::CONTROL},
};
constexpr unsigned kCount = sizeof kRegs / sizeof kRegs[0];
constexpr unsigned FIRST_SEG = 18, FIRST_ST = 24, FCTRL = 32, FIRST_XMM = 40, MXCSR = 56, FS_BASE = 57,
                   CR0 = 59;

// RFLAGS and MXCSR bits by name (SDM Vol. 1 §3.4.3, §10.2.3), for gdb's flag display.
constexpr struct {
    const char* name;
    unsigned bit;
} kEflags[] = {{"CF", 0},  {"", 1},   {"PF", 2},  {"AF", 4},   {"ZF", 6},   {"SF", 7},
               {"TF", 8},  {"IF", 9}, {"DF", 10}, {"OF", 11},  {"NT", 14},  {"RF", 16},
               {"VM", 17}, {"AC", 18}, {"VIF", 19}, {"VIP", 20}, {"ID", 21}},
  kMxcsr[] = {{"IE", 0}, {"DE", 1}, {"ZE", 2}, {"OE", 3}, {"UE", 4},  {"PE", 5},  {"DAZ", 6},
              {"IM", 7}, {"DM", 8}, {"ZM", 9}, {"OM", 10}, {"UM", 11}, {"PM", 12}, {"FZ", 15}};

std::string make_target_xml() {
    std::string x =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n"
        "<architecture>i386:x86-64</architecture>\n";
    static const char* const kFeatureNames[] = {"org.gnu.gdb.i386.core", "org.gnu.gdb.i386.sse",
                                                "org.gnu.gdb.i386.segments", "org.lstar.x86.control"};
    Feature open = Feature::CONTROL;
    bool any = false;
    for (unsigned n = 0; n < kCount; ++n) {
        const RegDef& r = kRegs[n];
        if (!any || r.feature != open) {
            if (any) x += "</feature>\n";
            x += fmt::format("<feature name=\"{}\">\n", kFeatureNames[static_cast<int>(r.feature)]);
            if (r.feature == Feature::CORE) {
                x += "<flags id=\"i386_eflags\" size=\"4\">\n";
                for (const auto& f : kEflags)
                    x += fmt::format(" <field name=\"{}\" start=\"{}\" end=\"{}\"/>\n", f.name, f.bit, f.bit);
                x += "</flags>\n";
            } else if (r.feature == Feature::SSE) {
                x += "<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
                     "<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
                     "<vector id=\"v16i8\" type=\"int8\" count=\"16\"/>\n"
                     "<vector id=\"v8i16\" type=\"int16\" count=\"8\"/>\n"
                     "<vector id=\"v4i32\" type=\"int32\" count=\"4\"/>\n"
                     "<vector id=\"v2i64\" type=\"int64\" count=\"2\"/>\n"
                     "<union id=\"vec128\">\n <field name=\"v4_float\" type=\"v4f\"/>\n"
                     " <field name=\"v2_double\" type=\"v2d\"/>\n <field name=\"v16_int8\" type=\"v16i8\"/>\n"
                     " <field name=\"v8_int16\" type=\"v8i16\"/>\n <field name=\"v4_int32\" type=\"v4i32\"/>\n"
                     " <field name=\"v2_int64\" type=\"v2i64\"/>\n <field name=\"uint128\" type=\"uint128\"/>\n"
                     "</union>\n<flags id=\"i386_mxcsr\" size=\"4\">\n";
                for (const auto& f : kMxcsr)
                    x += fmt::format(" <field name=\"{}\" start=\"{}\" end=\"{}\"/>\n", f.name, f.bit, f.bit);
                x += "</flags>\n";
            }
            open = r.feature;
            any = true;
        }
        const char* group = n >= FIRST_ST && n < FIRST_XMM ? " group=\"float\""
                            : r.feature == Feature::SSE    ? " group=\"vector\""
                            : r.feature == Feature::CONTROL ? " group=\"system\""
                                                            : "";
        x += fmt::format("<reg name=\"{}\" bitsize=\"{}\" type=\"{}\" regnum=\"{}\"{}/>\n", r.name, r.bits, r.type,
                         n, group);
    }
    return x + "</feature>\n</target>\n";
}

// The x87 register ST(i) lives in physical register (TOP + i) mod 8 (SDM Vol. 1 §8.1.2).
unsigned st_physical(const CpuState& s, unsigned i) { return (((s.fsw >> 11) & 7) + i) & 7; }

template <class State>
auto* control_slot(State& s, unsigned n) {
    switch (n - CR0) {
    case 0: return &s.cr0;
    case 1: return &s.cr2;
    case 2: return &s.cr3;
    case 3: return &s.cr4;
    case 4: return &s.cr8;
    case 5: return &s.efer;
    default: return &s.kernel_gs_base;
    }
}

}  // namespace

const std::string& target_xml() {
    static const std::string xml = make_target_xml();
    return xml;
}

unsigned register_count() { return kCount; }
unsigned register_size(unsigned n) { return n < kCount ? kRegs[n].bits / 8 : 0; }
const char* register_name(unsigned n) { return n < kCount ? kRegs[n].name : nullptr; }

std::string read_register(const Cpu& cpu, unsigned n) {
    const CpuState& s = cpu.s;
    static constexpr Gpr kGpr[16] = {RAX, RBX, RCX, RDX, RSI, RDI, RBP, RSP,
                                     R8,  R9,  R10, R11, R12, R13, R14, R15};
    static constexpr SegReg kSeg[6] = {CS, SS, DS, ES, FS, GS};
    if (n < 16) return hex_le(s.gpr[kGpr[n]], 8);
    if (n == REG_RIP) return hex_le(s.rip, 8);
    if (n == 17) return hex_le(cpu.rflags(), 4);
    if (n < FIRST_ST) return hex_le(s.seg[kSeg[n - FIRST_SEG]].selector, 4);
    if (n < FCTRL) {
        const X87Reg& r = s.st[st_physical(s, n - FIRST_ST)];
        return hex_le(r.mantissa, 8) + hex_le(r.sign_exp, 2);
    }
    if (n < FIRST_XMM) {
        // fiseg/foseg carry bits 63:32 of the 64-bit x87 pointers, as in the FXSAVE64 image.
        const uint64_t v[8] = {s.fcw, s.fsw, s.ftw, s.fip >> 32, s.fip & 0xffffffff, s.fdp >> 32,
                               s.fdp & 0xffffffff, s.fop};
        return hex_le(v[n - FCTRL], 4);
    }
    if (n < MXCSR) {
        const Xmm& x = s.xmm[n - FIRST_XMM];
        return hex_le(x.q[0], 8) + hex_le(x.q[1], 8);
    }
    if (n == MXCSR) return hex_le(s.mxcsr, 4);
    if (n < CR0) return hex_le(s.seg[n == FS_BASE ? FS : GS].base, 8);
    if (n < kCount) return hex_le(*control_slot(s, n), 8);
    return {};
}

bool write_register(Cpu& cpu, unsigned n, const uint8_t* bytes, size_t len) {
    if (n >= kCount || len != register_size(n)) return false;
    uint64_t v = 0;
    std::memcpy(&v, bytes, len < 8 ? len : 8);
    CpuState& s = cpu.s;
    static constexpr Gpr kGpr[16] = {RAX, RBX, RCX, RDX, RSI, RDI, RBP, RSP,
                                     R8,  R9,  R10, R11, R12, R13, R14, R15};
    if (n < 16) s.gpr[kGpr[n]] = v;
    else if (n == REG_RIP) s.rip = v;
    else if (n == 17) cpu.set_rflags((s.rflags & ~0xffffffffull) | v);
    else if (n < FIRST_ST) return true;  // selectors: see the header
    else if (n < FCTRL) {
        X87Reg& r = s.st[st_physical(s, n - FIRST_ST)];
        std::memcpy(&r.mantissa, bytes, 8);
        std::memcpy(&r.sign_exp, bytes + 8, 2);
    } else if (n < FIRST_XMM) {
        const uint32_t w = static_cast<uint32_t>(v);
        switch (n - FCTRL) {
        case 0: s.fcw = static_cast<uint16_t>(w); break;
        case 1: s.fsw = static_cast<uint16_t>(w); break;
        case 2: s.ftw = static_cast<uint16_t>(w); break;
        case 3: s.fip = (s.fip & 0xffffffff) | (uint64_t(w) << 32); break;
        case 4: s.fip = (s.fip & ~0xffffffffull) | w; break;
        case 5: s.fdp = (s.fdp & 0xffffffff) | (uint64_t(w) << 32); break;
        case 6: s.fdp = (s.fdp & ~0xffffffffull) | w; break;
        default: s.fop = static_cast<uint16_t>(w & 0x7ff); break;
        }
    } else if (n < MXCSR) {
        std::memcpy(s.xmm[n - FIRST_XMM].q, bytes, 16);
    } else if (n == MXCSR) {
        s.mxcsr = static_cast<uint32_t>(v);
    } else if (n < CR0) {
        s.seg[n == FS_BASE ? FS : GS].base = v;
    } else {
        // Control registers change the translation and possibly the mode.
        *control_slot(s, n) = v;
        cpu.mmu.flush();
        cpu.update_mode();
    }
    return true;
}

}  // namespace lstar::gdb
