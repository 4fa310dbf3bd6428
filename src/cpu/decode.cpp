// Zydis -> DecodedInsn. This is the only file that includes Zydis's decoder.
#include "cpu/decode.hpp"

#include <Zydis/Zydis.h>

#include <array>
#include <cassert>
#include <unordered_map>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cpu/chain.hpp"
#include "cpu/cpu.hpp"
#include "cpu/ops.hpp"
#include "cpu/sse_fp.hpp"

namespace lstar {
namespace {

using HandlerSet = std::array<Handler, 4>;  // by operand size 1, 2, 4, 8 bytes

struct Dispatch {
    std::array<HandlerSet, ZYDIS_MNEMONIC_MAX_VALUE + 1> table{};

    void bind(ZydisMnemonic m, HandlerSet h, const char* name) {
        if (table[m][0]) {  // binding a slot twice is a bug in ops.def
            std::fprintf(stderr, "lstar: ops.def binds %s twice\n", name);
            std::abort();
        }
        table[m] = h;
    }

    Dispatch() {
#define OPW(m, h) bind(ZYDIS_MNEMONIC_##m, {h<uint8_t>, h<uint16_t>, h<uint32_t>, h<uint64_t>}, #m);
#define OPF(m, h) bind(ZYDIS_MNEMONIC_##m, {h, h, h, h}, #m);
#define OPH OPF
#define OPE(m, h, E) bind(ZYDIS_MNEMONIC_##m, {h<E>, h<E>, h<E>, h<E>}, #m);
#include "cpu/ops.def"
#undef OPW
#undef OPF
#undef OPH
#undef OPE
    }
};

const Dispatch& dispatch() {
    static const Dispatch d;
    return d;
}

struct Decoders {
    ZydisDecoder d64, compat32, prot32, prot16;
    Decoders() {
        if (ZYAN_FAILED(ZydisDecoderInit(&d64, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64)) ||
            ZYAN_FAILED(ZydisDecoderInit(&compat32, ZYDIS_MACHINE_MODE_LONG_COMPAT_32, ZYDIS_STACK_WIDTH_32)) ||
            ZYAN_FAILED(ZydisDecoderInit(&prot32, ZYDIS_MACHINE_MODE_LEGACY_32, ZYDIS_STACK_WIDTH_32)) ||
            ZYAN_FAILED(ZydisDecoderInit(&prot16, ZYDIS_MACHINE_MODE_LEGACY_16, ZYDIS_STACK_WIDTH_16))) {
            std::fprintf(stderr, "lstar: cannot initialise the Zydis decoder\n");
            std::abort();
        }
    }
};

const Decoders& decoders() {
    static const Decoders d;
    return d;
}

unsigned size_index(unsigned bytes) {
    switch (bytes) {
    case 1: return 0;
    case 2: return 1;
    case 4: return 2;
    default: return 3;
    }
}

// GPR number 0..15 of a general-purpose register of any width.
uint8_t gpr_number(ZydisRegister r) {
    ZydisRegister full = ZydisRegisterGetLargestEnclosing(ZYDIS_MACHINE_MODE_LONG_64, r);
    return static_cast<uint8_t>(full - ZYDIS_REGISTER_RAX);
}

bool is_gpr(ZydisRegister r) {
    switch (ZydisRegisterGetClass(r)) {
    case ZYDIS_REGCLASS_GPR8:
    case ZYDIS_REGCLASS_GPR16:
    case ZYDIS_REGCLASS_GPR32:
    case ZYDIS_REGCLASS_GPR64: return true;
    default: return false;
    }
}

// Byte offset of a GPR inside CpuState::gpr; AH..BH live at byte 1 of RAX..RBX.
uint8_t gpr_offset(ZydisRegister r) {
    if (r >= ZYDIS_REGISTER_AH && r <= ZYDIS_REGISTER_BH)
        return static_cast<uint8_t>((r - ZYDIS_REGISTER_AH) * 8 + 1);
    return static_cast<uint8_t>(gpr_number(r) * 8);
}

// Segment, XMM, MMX, x87, control and debug registers: class and number.
bool other_register(ZydisRegister r, Operand& o) {
    o.reg = static_cast<uint8_t>(ZydisRegisterGetId(r));
    switch (ZydisRegisterGetClass(r)) {
    case ZYDIS_REGCLASS_SEGMENT: o.cls = RegClass::SEG; return true;
    case ZYDIS_REGCLASS_XMM: o.cls = RegClass::XMM; return true;
    case ZYDIS_REGCLASS_MMX: o.cls = RegClass::MMX; return true;
    case ZYDIS_REGCLASS_X87: o.cls = RegClass::X87; return true;
    case ZYDIS_REGCLASS_CONTROL: o.cls = RegClass::CR; return true;
    case ZYDIS_REGCLASS_DEBUG: o.cls = RegClass::DR; return true;
    default: return false;
    }
}

uint8_t mem_reg(ZydisRegister r) {
    if (r == ZYDIS_REGISTER_NONE) return NOREG;
    if (r == ZYDIS_REGISTER_RIP || r == ZYDIS_REGISTER_EIP) return RIPREL;
    return gpr_number(r);
}

// The Jcc mnemonics by condition code (SDM Vol. 2 Table B-10).
constexpr ZydisMnemonic kJcc[16] = {
    ZYDIS_MNEMONIC_JO, ZYDIS_MNEMONIC_JNO, ZYDIS_MNEMONIC_JB, ZYDIS_MNEMONIC_JNB,
    ZYDIS_MNEMONIC_JZ, ZYDIS_MNEMONIC_JNZ, ZYDIS_MNEMONIC_JBE, ZYDIS_MNEMONIC_JNBE,
    ZYDIS_MNEMONIC_JS, ZYDIS_MNEMONIC_JNS, ZYDIS_MNEMONIC_JP, ZYDIS_MNEMONIC_JNP,
    ZYDIS_MNEMONIC_JL, ZYDIS_MNEMONIC_JNL, ZYDIS_MNEMONIC_JLE, ZYDIS_MNEMONIC_JNLE};

// Condition code (SDM Vol. 2 Table B-10) of Jcc/SETcc/CMOVcc, or 0xff.
uint8_t condition_of(ZydisMnemonic m) {
    static const ZydisMnemonic setcc[16] = {
        ZYDIS_MNEMONIC_SETO, ZYDIS_MNEMONIC_SETNO, ZYDIS_MNEMONIC_SETB, ZYDIS_MNEMONIC_SETNB,
        ZYDIS_MNEMONIC_SETZ, ZYDIS_MNEMONIC_SETNZ, ZYDIS_MNEMONIC_SETBE, ZYDIS_MNEMONIC_SETNBE,
        ZYDIS_MNEMONIC_SETS, ZYDIS_MNEMONIC_SETNS, ZYDIS_MNEMONIC_SETP, ZYDIS_MNEMONIC_SETNP,
        ZYDIS_MNEMONIC_SETL, ZYDIS_MNEMONIC_SETNL, ZYDIS_MNEMONIC_SETLE, ZYDIS_MNEMONIC_SETNLE};
    static const ZydisMnemonic cmov[16] = {
        ZYDIS_MNEMONIC_CMOVO, ZYDIS_MNEMONIC_CMOVNO, ZYDIS_MNEMONIC_CMOVB, ZYDIS_MNEMONIC_CMOVNB,
        ZYDIS_MNEMONIC_CMOVZ, ZYDIS_MNEMONIC_CMOVNZ, ZYDIS_MNEMONIC_CMOVBE, ZYDIS_MNEMONIC_CMOVNBE,
        ZYDIS_MNEMONIC_CMOVS, ZYDIS_MNEMONIC_CMOVNS, ZYDIS_MNEMONIC_CMOVP, ZYDIS_MNEMONIC_CMOVNP,
        ZYDIS_MNEMONIC_CMOVL, ZYDIS_MNEMONIC_CMOVNL, ZYDIS_MNEMONIC_CMOVLE, ZYDIS_MNEMONIC_CMOVNLE};
    for (uint8_t cc = 0; cc < 16; ++cc)
        if (m == kJcc[cc] || m == setcc[cc] || m == cmov[cc]) return cc;
    return 0xff;
}

// Jcc does not end its block: when taken it leaves through a side exit (chain_branch in
// chain.hpp), when not taken the block goes on. JRCXZ and LOOP end theirs.
bool ends_block(const ZydisDecodedInstruction& in) {
    switch (in.meta.category) {
    case ZYDIS_CATEGORY_COND_BR:
        return condition_of(in.mnemonic) == 0xff;
    case ZYDIS_CATEGORY_UNCOND_BR:
    case ZYDIS_CATEGORY_CALL:
    case ZYDIS_CATEGORY_RET:
    case ZYDIS_CATEGORY_INTERRUPT:
    case ZYDIS_CATEGORY_SYSCALL:
    case ZYDIS_CATEGORY_SYSRET: return true;
    // SWAPGS changes only a segment base, which every access reads afresh: the kernel's entry
    // and exit paths run on through it.
    case ZYDIS_CATEGORY_SYSTEM: return in.mnemonic != ZYDIS_MNEMONIC_SWAPGS;
    default: return false;
    }
}

// The legacy string forms of MOVSD/CMPSD have no visible operands; the SSE forms do.
bool is_sse_name_clash(const ZydisDecodedInstruction& in) {
    return (in.mnemonic == ZYDIS_MNEMONIC_MOVSD || in.mnemonic == ZYDIS_MNEMONIC_CMPSD) &&
           in.operand_count_visible != 0;
}

// Instructions that share their mnemonic with another and need their own handler: far
// JMP/CALL/RET, and MOV to or from a control or debug register. nullptr for the rest.
Handler variant_handler(const ZydisDecodedInstruction& in, const DecodedInsn& out) {
    if (in.meta.branch_type == ZYDIS_BRANCH_TYPE_FAR) {
        switch (in.mnemonic) {
        case ZYDIS_MNEMONIC_JMP: return op_jmp_far;
        case ZYDIS_MNEMONIC_CALL: return op_call_far;
        case ZYDIS_MNEMONIC_RET: return op_ret_far;
        default: return nullptr;
        }
    }
    if (in.mnemonic == ZYDIS_MNEMONIC_MOV) {
        for (unsigned k = 0; k < 2; ++k) {
            if (out.op[k].kind != OpKind::REG) continue;
            if (out.op[k].cls == RegClass::CR) return op_mov_cr;
            if (out.op[k].cls == RegClass::DR) return op_mov_dr;
        }
    }
    return nullptr;
}

// The form-specialised handlers of ops_forms.def: by form (R .. MI), then by operand size.
struct FormDispatch {
    using FormSet = std::array<HandlerSet, FORMS>;
    std::array<FormSet, ZYDIS_MNEMONIC_MAX_VALUE + 1> table{};

    FormDispatch() {
#define FORM_SET(h, F) HandlerSet{h<uint8_t, F>, h<uint16_t, F>, h<uint32_t, F>, h<uint64_t, F>}
#define FORM(m, h)                                                                                 \
    table[ZYDIS_MNEMONIC_##m] = {FORM_SET(h, Form::R),  FORM_SET(h, Form::RR), FORM_SET(h, Form::RI), \
                                 FORM_SET(h, Form::M),  FORM_SET(h, Form::RM), FORM_SET(h, Form::MR), \
                                 FORM_SET(h, Form::MI)};
#define FORM_MEM FORM
#include "cpu/ops_forms.def"
#undef FORM
#undef FORM_MEM
#undef FORM_SET
    }
};

const FormDispatch& form_dispatch() {
    static const FormDispatch d;
    return d;
}

}  // namespace

// The twins of the template handlers are instantiated with the handlers (ops.hpp), where they
// can inline them; the plain functions' twins are built here and call them.
#define OPW(m, h)                                                          \
    extern template void chain<h<uint8_t>>(Cpu&, const DecodedInsn&);   \
    extern template void chain<h<uint16_t>>(Cpu&, const DecodedInsn&);  \
    extern template void chain<h<uint32_t>>(Cpu&, const DecodedInsn&);  \
    extern template void chain<h<uint64_t>>(Cpu&, const DecodedInsn&);
#define OPF(m, h)
#define OPH(m, h) extern const Handler h##_twin;
#define OPE(m, h, E) extern template void chain<h<E>>(Cpu&, const DecodedInsn&);
extern const Handler jcc_twins[16];  // branch.cpp: chain_branch<op_jcc<Cond<cc>>>
#include "cpu/ops.def"
#undef OPW
#undef OPF
#undef OPH
#undef OPE
#define FORM_EXTERN(h, T, F) extern template void chain<h<T, F>>(Cpu&, const DecodedInsn&);
#define FORM_WIDTHS(h, F) \
    FORM_EXTERN(h, uint8_t, F) FORM_EXTERN(h, uint16_t, F) FORM_EXTERN(h, uint32_t, F) FORM_EXTERN(h, uint64_t, F)
#define FORM_MEM(m, h)                                                                       \
    FORM_WIDTHS(h, Form::R) FORM_WIDTHS(h, Form::RR) FORM_WIDTHS(h, Form::RI) FORM_WIDTHS(h, Form::M) \
    FORM_WIDTHS(h, Form::RM) FORM_WIDTHS(h, Form::MR) FORM_WIDTHS(h, Form::MI)
#define PURE_EXTERN(h, T, F) extern template void chain_pure<h<T, F>>(Cpu&, const DecodedInsn&);
#define PURE_WIDTHS(h, F) \
    PURE_EXTERN(h, uint8_t, F) PURE_EXTERN(h, uint16_t, F) PURE_EXTERN(h, uint32_t, F) PURE_EXTERN(h, uint64_t, F)
#define FORM(m, h) FORM_MEM(m, h) PURE_WIDTHS(h, Form::R) PURE_WIDTHS(h, Form::RR) PURE_WIDTHS(h, Form::RI)
#include "cpu/ops_forms.def"
#undef FORM
#undef FORM_MEM
#undef FORM_WIDTHS
#undef FORM_EXTERN
#define NOFLAGS(h, nf, kind) PURE_WIDTHS(nf, Form::R) PURE_WIDTHS(nf, Form::RR) PURE_WIDTHS(nf, Form::RI)
#include "cpu/ops_noflags.def"
#undef NOFLAGS
#undef PURE_WIDTHS
#undef PURE_EXTERN

namespace {

// The Jcc handler of condition cc, as ops.def binds it.
Handler jcc_handler(unsigned cc) { return dispatch().table[kJcc[cc]][0]; }

// Each handler's threaded twin (chain.hpp), from the same tables.
struct ChainTable {
    std::unordered_map<Handler, Handler> twin, pure;

    template <Handler H>
    void add() {
        twin.emplace(H, &chain<H>);
    }
    template <Handler H>
    void add_pure() {
        pure.emplace(H, &chain_pure<H>);
    }

    ChainTable() {
#define OPW(m, h) add<h<uint8_t>>(), add<h<uint16_t>>(), add<h<uint32_t>>(), add<h<uint64_t>>();
#define OPF(m, h) add<h>();
#define OPH(m, h) twin.emplace(h, h##_twin);
#define OPE(m, h, E) add<h<E>>();
#include "cpu/ops.def"
#undef OPW
#undef OPF
#undef OPH
#undef OPE
#define FORM_WIDTHS(h, F) add<h<uint8_t, F>>(), add<h<uint16_t, F>>(), add<h<uint32_t, F>>(), add<h<uint64_t, F>>()
#define FORM(m, h)                                                                        \
    FORM_WIDTHS(h, Form::R), FORM_WIDTHS(h, Form::RR), FORM_WIDTHS(h, Form::RI),          \
        FORM_WIDTHS(h, Form::M), FORM_WIDTHS(h, Form::RM), FORM_WIDTHS(h, Form::MR),      \
        FORM_WIDTHS(h, Form::MI);
#define FORM_MEM FORM
#include "cpu/ops_forms.def"
#undef FORM_MEM
#undef FORM
#define PURE_WIDTHS(h, F) \
    add_pure<h<uint8_t, F>>(), add_pure<h<uint16_t, F>>(), add_pure<h<uint32_t, F>>(), add_pure<h<uint64_t, F>>()
#define FORM(m, h) PURE_WIDTHS(h, Form::R), PURE_WIDTHS(h, Form::RR), PURE_WIDTHS(h, Form::RI);
#define FORM_MEM(m, h)
#include "cpu/ops_forms.def"
#undef FORM_MEM
#undef PURE_WIDTHS
#undef FORM
#undef FORM_WIDTHS
        for (unsigned cc = 0; cc < 16; ++cc) twin[jcc_handler(cc)] = jcc_twins[cc];
        add<op_ud>(), add<op_jmp_far>(), add<op_call_far>(), add<op_ret_far>();
        add<op_mov_cr>(), add<op_mov_dr>(), add<op_movsd_sse>(), add<op_cmpsd_sse>();
    }
};

const ChainTable& chain_table() {
    static const ChainTable t;
    return t;
}


bool is_gpr_operand(const Operand& o) { return o.kind == OpKind::REG && o.cls == RegClass::GPR; }

// The operand form (insn.hpp) of a one- or two-operand instruction.
Form operand_form(const DecodedInsn& d) {
    if (d.nops == 0 || d.nops > 2 || d.prefixes & (pfx::LOCK | pfx::REP | pfx::REPNE)) return Form::ANY;
    const bool reg = is_gpr_operand(d.op[0]), mem = d.op[0].kind == OpKind::MEM;
    if (!reg && !mem) return Form::ANY;
    if (d.nops == 1) return reg ? Form::R : Form::M;
    const Operand& src = d.op[1];
    if (is_gpr_operand(src)) return reg ? Form::RR : Form::MR;
    if (src.kind == OpKind::IMM) return reg ? Form::RI : Form::MI;
    if (src.kind == OpKind::MEM && reg) return Form::RM;
    return Form::ANY;
}

// The handler for `hs`'s instruction: a form-specialised one when ops_forms.def has it.
Handler pick_handler(ZydisMnemonic m, const HandlerSet& hs, const DecodedInsn& d) {
    const unsigned size = size_index(d.opsize);
    const Form f = operand_form(d);
    if (f != Form::ANY) {
        const HandlerSet& fs = form_dispatch().table[m][static_cast<unsigned>(f) - 1];
        if (fs[size]) return fs[size];
    }
    return hs[size];
}

DecodeResult undefined(DecodedInsn& out, const uint8_t* bytes, size_t avail) {
    out = DecodedInsn{};
    out.fn = op_ud;
    out.len = 1;
    std::memcpy(out.bytes, bytes, avail < 15 ? avail : 15);
    return {DecodeStatus::OK, true};
}

}  // namespace

namespace {

DecodeResult decode_insn(const uint8_t* bytes, size_t avail, Mode mode, DecodedInsn& out) {
    const Decoders& all = decoders();
    const ZydisDecoder& dec = mode == Mode::LONG64     ? all.d64
                              : mode == Mode::COMPAT32 ? all.compat32
                              : mode == Mode::PROT32   ? all.prot32
                                                       : all.prot16;
    ZydisDecodedInstruction in;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
    const size_t n = avail < 15 ? avail : 15;
    ZyanStatus st = ZydisDecoderDecodeFull(&dec, bytes, n, &in, ops);
    if (st == ZYDIS_STATUS_NO_MORE_DATA && avail < 15) return {DecodeStatus::NEED_MORE, false};
    if (ZYAN_FAILED(st)) return undefined(out, bytes, avail);

    out = DecodedInsn{};
    out.mnemonic = static_cast<uint16_t>(in.mnemonic);
    out.len = in.length;
    out.opsize = static_cast<uint8_t>(in.operand_width / 8);
    out.addrsize = static_cast<uint8_t>(in.address_width / 8);
    out.cond = condition_of(in.mnemonic);
    std::memcpy(out.bytes, bytes, in.length);
    if (in.attributes & ZYDIS_ATTRIB_HAS_LOCK) out.prefixes |= pfx::LOCK;
    if (in.attributes & (ZYDIS_ATTRIB_HAS_REP | ZYDIS_ATTRIB_HAS_REPE)) out.prefixes |= pfx::REP;
    if (in.attributes & ZYDIS_ATTRIB_HAS_REPNE) out.prefixes |= pfx::REPNE;
    if (in.attributes & ZYDIS_ATTRIB_HAS_OPERANDSIZE) out.prefixes |= pfx::OPSIZE;

    bool lock_ok = (in.attributes & ZYDIS_ATTRIB_ACCEPTS_LOCK) != 0;
    bool supported = true;
    unsigned nimm = 0;
    out.nops = in.operand_count_visible > 4 ? 4 : in.operand_count_visible;
    for (unsigned k = 0; k < out.nops; ++k) {
        const ZydisDecodedOperand& zo = ops[k];
        Operand& o = out.op[k];
        o.size = static_cast<uint8_t>(zo.size / 8);
        switch (zo.type) {
        case ZYDIS_OPERAND_TYPE_REGISTER:
            o.kind = OpKind::REG;
            if (is_gpr(zo.reg.value)) {
                o.reg = gpr_offset(zo.reg.value);
            } else if (!other_register(zo.reg.value, o)) {
                supported = false;  // mask, bound, tile and YMM/ZMM registers
            }
            break;
        case ZYDIS_OPERAND_TYPE_MEMORY:
            o.kind = OpKind::MEM;
            out.mem.base = mem_reg(zo.mem.base);
            out.mem.index = mem_reg(zo.mem.index);
            out.mem.scale = zo.mem.scale ? zo.mem.scale : 1;
            out.mem.disp = zo.mem.disp.value;
            out.mem.seg = zo.mem.segment == ZYDIS_REGISTER_NONE
                              ? static_cast<uint8_t>(DS)
                              : static_cast<uint8_t>(zo.mem.segment - ZYDIS_REGISTER_ES);
            break;
        case ZYDIS_OPERAND_TYPE_IMMEDIATE:
            o.kind = OpKind::IMM;
            if (nimm++ == 0) out.imm = zo.imm.value.u;
            else out.imm2 = zo.imm.value.u;
            break;
        case ZYDIS_OPERAND_TYPE_POINTER:  // ptr16:16/ptr16:32 of a far JMP/CALL (32-bit modes)
            o.kind = OpKind::IMM;
            out.imm = zo.ptr.offset;
            out.imm2 = zo.ptr.segment;
            break;
        default:
            supported = false;
            break;
        }
    }
    // String instructions (MOVS CMPS LODS), XLAT and MASKMOVDQU/MASKMOVQ have only hidden memory operands: record the
    // segment of their [rSI] or [rBX] source, which a segment prefix may override (SDM Vol. 2
    // MOVS, XLAT), in mem.seg.
    for (unsigned k = in.operand_count_visible; k < in.operand_count; ++k) {
        const ZydisDecodedOperand& zo = ops[k];
        if (zo.type != ZYDIS_OPERAND_TYPE_MEMORY || zo.mem.segment == ZYDIS_REGISTER_NONE) continue;
        if (zo.mem.base == ZYDIS_REGISTER_RSI || zo.mem.base == ZYDIS_REGISTER_ESI ||
            zo.mem.base == ZYDIS_REGISTER_SI ||
            ((in.mnemonic == ZYDIS_MNEMONIC_XLAT || in.mnemonic == ZYDIS_MNEMONIC_MASKMOVDQU ||
              in.mnemonic == ZYDIS_MNEMONIC_MASKMOVQ) &&
             zo.mem.base != ZYDIS_REGISTER_NONE))
            out.mem.seg = static_cast<uint8_t>(zo.mem.segment - ZYDIS_REGISTER_ES);
    }
    // LOCK is legal only on the SDM's list of instructions, with a memory destination (Vol. 2 LOCK).
    if ((out.prefixes & pfx::LOCK) && (!lock_ok || out.op[0].kind != OpKind::MEM)) supported = false;

    if (!supported) {
        out.fn = op_ud;
        return {DecodeStatus::OK, true};
    }
    if (Handler v = variant_handler(in, out)) {
        out.fn = v;
        return {DecodeStatus::OK, true};
    }
    // SSE2 MOVSD/CMPSD share their mnemonics with the string rows of ops.def (sse_fp.hpp).
    if (is_sse_name_clash(in)) {
        out.fn = in.mnemonic == ZYDIS_MNEMONIC_MOVSD ? op_movsd_sse : op_cmpsd_sse;
        return {DecodeStatus::OK, false};
    }
    const HandlerSet& hs = dispatch().table[in.mnemonic];
    if (!hs[0]) {
        out.fn = op_ud;
        return {DecodeStatus::OK, true};
    }
    out.fn = pick_handler(in.mnemonic, hs, out);
    return {DecodeStatus::OK, ends_block(in)};
}

}  // namespace

DecodeResult decode(const uint8_t* bytes, size_t avail, Mode mode, DecodedInsn& out) {
    const DecodeResult r = decode_insn(bytes, avail, mode, out);
    if (r.status == DecodeStatus::OK) out.chained = decoded_twin(out.fn);
    return r;
}

namespace {

struct FlagTable {
    std::unordered_map<Handler, FlagEffect> effect;

    template <Handler Full, Handler Nf>
    void add(FlagEffect::Kind kind) {
        effect[Full] = FlagEffect{kind, &chain_pure<Nf>};
    }

    FlagTable() {
#define NF_FORM(h, nf, kind, T, F) add<h<T, F>, nf<T, F>>(FlagEffect::kind);
#define NF_WIDTHS(h, nf, kind, F) \
    NF_FORM(h, nf, kind, uint8_t, F) NF_FORM(h, nf, kind, uint16_t, F) NF_FORM(h, nf, kind, uint32_t, F) NF_FORM(h, nf, kind, uint64_t, F)
#define NOFLAGS(h, nf, kind) NF_WIDTHS(h, nf, kind, Form::RR) NF_WIDTHS(h, nf, kind, Form::RI)
#include "cpu/ops_noflags.def"
#undef NOFLAGS
        // A shift of the R form (by CL or by one) may leave the flags: not a KILLS.
#define NOFLAGS(h, nf, kind) NF_WIDTHS(h, nf, USES, Form::R)
#include "cpu/ops_noflags.def"
#undef NOFLAGS
#undef NF_WIDTHS
#undef NF_FORM
        for (Handler mov : {op_mov_form<uint8_t, Form::RR>, op_mov_form<uint16_t, Form::RR>,
                            op_mov_form<uint32_t, Form::RR>, op_mov_form<uint64_t, Form::RR>,
                            op_mov_form<uint8_t, Form::RI>, op_mov_form<uint16_t, Form::RI>,
                            op_mov_form<uint32_t, Form::RI>, op_mov_form<uint64_t, Form::RI>})
            effect[mov] = FlagEffect{FlagEffect::NEUTRAL, nullptr};
    }
};

}  // namespace

FlagEffect flag_effect(Handler fn) {
    static const FlagTable t;
    auto it = t.effect.find(fn);
    return it != t.effect.end() ? it->second : FlagEffect{};
}

Handler decoded_twin(Handler fn) {
    const ChainTable& t = chain_table();
    auto it = t.twin.find(fn);
    return it != t.twin.end() ? it->second : chain_any;
}

Handler pure_twin(Handler fn) {
    const ChainTable& t = chain_table();
    auto it = t.pure.find(fn);
    return it != t.pure.end() ? it->second : nullptr;
}

const char* mnemonic_name(uint16_t mnemonic) {
    const char* s = ZydisMnemonicGetString(static_cast<ZydisMnemonic>(mnemonic));
    return s ? s : "?";
}

std::string disassemble(const uint8_t* bytes, size_t len, uint64_t rip, bool att, Mode mode) {
    struct Formatters {
        ZydisFormatter intel, att;
        static void init(ZydisFormatter& f, ZydisFormatterStyle style) {
            ZydisFormatterInit(&f, style);
            ZydisFormatterSetProperty(&f, ZYDIS_FORMATTER_PROP_HEX_UPPERCASE, ZYAN_FALSE);
            ZydisFormatterSetProperty(&f, ZYDIS_FORMATTER_PROP_ADDR_PADDING_ABSOLUTE, ZYDIS_PADDING_DISABLED);
        }
        Formatters() {
            init(intel, ZYDIS_FORMATTER_STYLE_INTEL);
            init(this->att, ZYDIS_FORMATTER_STYLE_ATT);
        }
    };
    static const Formatters formatters;
    ZydisDecodedInstruction in;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
    const Decoders& all = decoders();
    const ZydisDecoder& dec = mode == Mode::LONG64     ? all.d64
                              : mode == Mode::COMPAT32 ? all.compat32
                              : mode == Mode::PROT32   ? all.prot32
                                                       : all.prot16;
    if (ZYAN_FAILED(ZydisDecoderDecodeFull(&dec, bytes, len, &in, ops))) return "(bad)";
    char buf[160];
    if (ZYAN_FAILED(ZydisFormatterFormatInstruction(att ? &formatters.att : &formatters.intel, &in, ops,
                                                    in.operand_count_visible, buf, sizeof buf, rip, nullptr)))
        return "(bad)";
    return buf;
}

}  // namespace lstar

namespace lstar {

std::string disassemble(const uint8_t* bytes, size_t len, uint64_t rip, Mode mode, bool att) {
    if (mode == Mode::LONG64) return disassemble(bytes, len, rip, att);
    const Decoders& all = decoders();
    const ZydisDecoder& dec = mode == Mode::COMPAT32 ? all.compat32 : mode == Mode::PROT32 ? all.prot32 : all.prot16;
    ZydisDecodedInstruction in;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
    if (ZYAN_FAILED(ZydisDecoderDecodeFull(&dec, bytes, len, &in, ops))) return "(bad)";
    ZydisFormatter f;
    ZydisFormatterInit(&f, att ? ZYDIS_FORMATTER_STYLE_ATT : ZYDIS_FORMATTER_STYLE_INTEL);
    ZydisFormatterSetProperty(&f, ZYDIS_FORMATTER_PROP_HEX_UPPERCASE, ZYAN_FALSE);
    char buf[160];
    if (ZYAN_FAILED(ZydisFormatterFormatInstruction(&f, &in, ops, in.operand_count_visible, buf, sizeof buf,
                                                    static_cast<uint32_t>(rip), nullptr)))
        return "(bad)";
    return buf;
}

}  // namespace lstar
