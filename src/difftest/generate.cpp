// Random cases for one instruction form: the operands, encoded with the Zydis encoder.
// See generate.hpp for how a case is built.
#include "difftest/generate.hpp"

#include <algorithm>

namespace lstar::difftest {

ZydisRegister gpr_reg(unsigned n, unsigned size, bool high) {
    switch (size) {
    case 1:
        if (high) return static_cast<ZydisRegister>(ZYDIS_REGISTER_AH + n);
        if (n < 4) return static_cast<ZydisRegister>(ZYDIS_REGISTER_AL + n);
        if (n < 8) return static_cast<ZydisRegister>(ZYDIS_REGISTER_SPL + n - 4);
        return static_cast<ZydisRegister>(ZYDIS_REGISTER_R8B + n - 8);
    case 2: return static_cast<ZydisRegister>(ZYDIS_REGISTER_AX + n);
    case 4: return static_cast<ZydisRegister>(ZYDIS_REGISTER_EAX + n);
    default: return static_cast<ZydisRegister>(ZYDIS_REGISTER_RAX + n);
    }
}

bool Builder::build() {
    for (int tries = 0; tries < 200; ++tries)
        if (attempt()) return true;
    return false;
}

bool Builder::attempt() {
    reset_state();
    const auto mem = std::find_if(f_.ops, f_.ops + f_.nops, [](const OperandSpec& o) { return is_mem(o.kind); });
    const bool has_mem = mem != f_.ops + f_.nops;
    const bool op0_mem = f_.nops && f_.ops[0].kind == Opnd::MEM;
    a32_ = (has_mem && mem->kind != Opnd::MOFFS && rng_.chance(12)) || ((f_.flags & gen::A32) && rng_.chance(25));
    gs_ = (has_mem && rng_.chance(12)) || ((f_.flags & (gen::SEG_SRC | gen::XLAT)) && rng_.chance(15));
    if ((f_.flags & gen::LOCK) && op0_mem && rng_.chance(35)) req_.prefixes |= ZYDIS_ATTRIB_HAS_LOCK;
    if (gs_) req_.prefixes |= ZYDIS_ATTRIB_HAS_SEGMENT_GS;
    if (a32_) req_.address_size_hint = ZYDIS_ADDRESS_SIZE_HINT_32;
    if (f_.name == "LEAVE" && f_.width == 2) req_.operand_size_hint = ZYDIS_OPERAND_SIZE_HINT_16;
    if (f_.isa != Isa::GP) req_.allowed_encodings = ZYDIS_ENCODABLE_ENCODING_LEGACY;  // never VEX
    if ((f_.flags & gen::STRCMP) && f_.name.rfind("PCMPESTR", 0) == 0 && rng_.chance(40))
        req_.operand_size_hint = ZYDIS_OPERAND_SIZE_HINT_64;  // REX.W: the lengths are RAX and RDX
    if (f_.flags & gen::STACK) setup_stack();
    if (f_.flags & gen::STRING) setup_string();
    if (f_.flags & gen::XLAT) setup_xlat();
    if (f_.flags & gen::COUNTER) critical_ |= bit(RCX_N);
    if (f_.flags & (gen::DIVIDE | gen::CX8 | gen::XSAVE | gen::STRCMP)) critical_ |= bit(RAX_N) | bit(RDX_N);
    if (f_.flags & gen::CMPXCHG) critical_ |= bit(RAX_N);
    if (!choose_operands() || !encode()) return false;
    add_stray_prefix();
    fix_values();
    if (f_.isa != Isa::GP) fix_simd_values();
    record_count();
    return true;
}

void Builder::reset_state() {
    for (uint64_t& r : in_.regs.gpr) r = reg_value(rng_);
    in_.regs.rflags = 0x202 | (rng_.next() & 0x8d5) | (rng_.chance(50) ? FLAG_DF : 0);  // status flags, DF
    fill_random(rng_, in_.data, DATA_BYTES);
    in_.gs_base = 0;
    in_.code_off = static_cast<uint16_t>(0x20 + rng_.below(PAGE - 0x40));
    in_.count = 0, in_.dest_reg = -1, in_.mem_size = 0, in_.mem_addr = 0, in_.xmm_used = 0;
    fixed_ = critical_ = 0;
    mmx_ = std::any_of(f_.ops, f_.ops + f_.nops, [](const OperandSpec& o) { return o.kind == Opnd::MM; });
    if (f_.isa == Isa::GP) in_.fp = FpImage::init();
    else setup_fp_state();
    std::memset(&req_, 0, sizeof req_);
    req_.machine_mode = ZYDIS_MACHINE_MODE_LONG_64;
    req_.mnemonic = static_cast<ZydisMnemonic>(f_.mnemonic);
    req_.operand_count = f_.nops;
    mem_op_ = -1;
    rel_target_ = 0;
}

// The operands in order; the memory operand is placed last, once every register is known.
bool Builder::choose_operands() {
    for (unsigned k = 0; k < f_.nops; ++k) {
        const OperandSpec& o = f_.ops[k];
        ZydisEncoderOperand& z = req_.operands[k];
        switch (o.kind) {
        case Opnd::REG:
            choose_register(k, z);
            if ((f_.flags & gen::BRANCH) && (fixed_ & bit(regs_[k].n))) return false;  // CALL RSP
            break;
        case Opnd::ACC:
            z.type = ZYDIS_OPERAND_TYPE_REGISTER;
            z.reg.value = gpr_reg(RAX_N, o.size);
            set_low(RAX_N, 0, o.size, special(rng_, o.size));
            if (k == 0) in_.dest_reg = RAX_N;
            break;
        case Opnd::CL:
            z.type = ZYDIS_OPERAND_TYPE_REGISTER;
            z.reg.value = ZYDIS_REGISTER_CL;
            set_low(RCX_N, 0, 1, pick_count());
            critical_ |= bit(RCX_N);
            break;
        case Opnd::ONE:
            z.type = ZYDIS_OPERAND_TYPE_IMMEDIATE;
            z.imm.u = 1;
            break;
        case Opnd::IMM:
            z.type = ZYDIS_OPERAND_TYPE_IMMEDIATE;
            z.imm.u = pick_imm(k, o.size);
            break;
        case Opnd::REL8:
        case Opnd::REL32:
            z.type = ZYDIS_OPERAND_TYPE_IMMEDIATE;
            rel_target_ = pick_target(o.kind == Opnd::REL8);
            z.imm.u = rel_target_;  // absolute: the encoder makes it relative
            req_.branch_width = o.kind == Opnd::REL8 ? ZYDIS_BRANCH_WIDTH_8 : ZYDIS_BRANCH_WIDTH_32;
            break;
        case Opnd::MEM:
        case Opnd::ADDR:
        case Opnd::MOFFS: mem_op_ = static_cast<int>(k); break;
        case Opnd::XMM:
        case Opnd::MM:
        case Opnd::ST:
        case Opnd::ST0: {
            static constexpr ZydisRegister kFirst[] = {ZYDIS_REGISTER_XMM0, ZYDIS_REGISTER_MM0, ZYDIS_REGISTER_ST0};
            const unsigned file = o.kind == Opnd::XMM ? 0 : o.kind == Opnd::MM ? 1 : 2;
            const unsigned n = o.kind == Opnd::ST0 ? 0 : static_cast<unsigned>(rng_.below(file ? 8 : 16));
            regs_[k].n = static_cast<uint8_t>(n);
            z.type = ZYDIS_OPERAND_TYPE_REGISTER;
            z.reg.value = static_cast<ZydisRegister>(kFirst[file] + n);
            if (o.kind == Opnd::XMM) in_.xmm_used |= static_cast<uint16_t>(1u << n);
            break;
        }
        }
    }
    return mem_op_ < 0 || choose_memory(static_cast<unsigned>(mem_op_));
}

// A register operand with a special value, unless an implicit use already fixed it. Counts,
// BEXTR/BZHI controls, bit offsets and branch targets are kept out of the address.
void Builder::choose_register(unsigned k, ZydisEncoderOperand& z) {
    const OperandSpec& o = f_.ops[k];
    RegPick p;
    if (o.size == 1 && rng_.chance(20)) p.n = static_cast<uint8_t>(rng_.below(4)), p.off = 1;
    else p.n = static_cast<uint8_t>(rng_.below(16));
    regs_[k] = p;
    z.type = ZYDIS_OPERAND_TYPE_REGISTER;
    z.reg.value = gpr_reg(p.n, o.size, p.off != 0);
    const bool fixed = fixed_ & bit(p.n);
    if (!fixed) set_low(p.n, p.off, o.size, special(rng_, o.size));
    if (k == 0) in_.dest_reg = static_cast<int8_t>(p.n);
    const bool count = k == 2 && (f_.flags & (gen::SHIFT | gen::CONTROL));
    if (count && !fixed) {
        set_low(p.n, 0, 1, control_byte());
        if ((f_.flags & gen::CONTROL) && rng_.chance(60)) set_low(p.n, 1, 1, control_byte());
    }
    const bool bit_offset_reg = k == 1 && (f_.flags & gen::BITSTR) && f_.ops[0].kind == Opnd::MEM;
    if (bit_offset_reg) set_low(p.n, 0, o.size, bit_offset(o.size));
    if (count || bit_offset_reg || (f_.flags & gen::BRANCH)) critical_ |= bit(p.n);
}

uint64_t Builder::pick_imm(unsigned k, unsigned size) {
    if (f_.isa != Isa::GP && size == 1) {
        if (f_.flags & gen::SHIFT) return pick_simd_count();
        if (f_.flags & gen::PRED) return pick_pred();
        return rng_.below(256);
    }
    if ((f_.flags & gen::SHIFT) && size == 1) return pick_count();
    if (f_.flags & gen::ENTER) {
        if (k == 0) {  // frame size
            const uint64_t sizes[] = {0, 8, 16, 0x18, 0x100};
            return rng_.chance(70) ? sizes[rng_.below(5)] : rng_.below(0x10000);
        }
        const uint64_t levels[] = {0, 1, 2, 3, 4};
        return rng_.chance(75) ? levels[rng_.below(5)] : rng_.below(rng_.chance(70) ? 32 : 256);
    }
    if (f_.flags & gen::RET) {
        const uint64_t pops[] = {0, 8, 16, 2, 0x100};
        return rng_.chance(75) ? pops[rng_.below(5)] : rng_.below(0x10000);
    }
    if (size == 1 && (f_.flags & gen::BITSTR)) return rng_.below(256);
    if (size == 8) return special(rng_, 8);
    return sext(special(rng_, size), size);  // the encoder wants immediates sign-extended
}

bool Builder::encode() {
    ZyanU8 buf[ZYDIS_MAX_INSTRUCTION_LENGTH];
    ZyanUSize len = sizeof buf;
    if (ZYAN_FAILED(ZydisEncoderEncodeInstructionAbsolute(&req_, buf, &len, CODE + in_.code_off))) return false;
    if (len > 15 || in_.code_off + len + 1 > PAGE) return false;
    // In 64-bit mode 90 is NOP, not XCHG EAX, EAX, yet the encoder picks it: keep XCHG honest.
    if (f_.name == "XCHG" && req_.operands[0].type == ZYDIS_OPERAND_TYPE_REGISTER &&
        req_.operands[0].reg.value == req_.operands[1].reg.value && buf[len - 1] == 0x90)
        return false;
    const uint64_t at = CODE + in_.code_off;
    if (rel_target_ && rel_target_ >= at && rel_target_ < at + len) return false;  // would loop
    in_.len = static_cast<uint8_t>(len);
    std::memcpy(in_.bytes, buf, len);
    in_.regs.rip = at;
    return true;
}

// Sometimes a prefix the encoder would not emit: a segment override that 64-bit mode ignores
// for DS/ES/CS (but SS still turns #GP into #SS), or LOCK where it is not allowed (#UD).
// The instruction moves one byte down so its end, and with it every relative target, stays.
void Builder::add_stray_prefix() {
    static constexpr uint8_t kSegs[] = {0x2e, 0x3e, 0x26, 0x36};
    const bool lockable = (f_.flags & (gen::LOCK | gen::LOCKED)) && f_.nops && f_.ops[0].kind == Opnd::MEM;
    uint8_t p = 0;
    if (rng_.chance(4) && !(req_.prefixes & ZYDIS_ATTRIB_HAS_SEGMENT_GS)) p = kSegs[rng_.below(4)];
    else if (rng_.chance(2) && !lockable) p = 0xf0;
    if (!p || in_.len >= 15) return;
    const uint64_t at = CODE + in_.code_off - 1;
    if (rel_target_ == at) return;
    std::memmove(in_.bytes + 1, in_.bytes, in_.len);
    in_.bytes[0] = p;
    ++in_.len;
    --in_.code_off;
    in_.regs.rip = at;
}

// The shift/rotate count as the instruction masks it, for the undefined-flags rules.
void Builder::record_count() {
    for (unsigned k = 1; k < f_.nops; ++k) {
        const OperandSpec& o = f_.ops[k];
        uint64_t raw;
        if (o.kind == Opnd::ONE) raw = 1;
        else if (o.kind == Opnd::CL) raw = get_low(RCX_N, 0, 1);
        else if (o.kind == Opnd::IMM && (f_.flags & gen::SHIFT)) raw = req_.operands[k].imm.u;
        else continue;
        in_.count = static_cast<uint8_t>(raw & (f_.width == 8 ? 0x3f : 0x1f));
    }
}

void generate(uint32_t form_index, uint64_t seed, uint64_t case_no, Input& in) {
    in.form = form_index;
    in.valid = Builder(forms()[form_index], seed, case_no, in).build();
}

}  // namespace lstar::difftest
