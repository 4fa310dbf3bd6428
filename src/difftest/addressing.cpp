// Where a case's memory operands and branches point: mostly the data area, sometimes across a
// page boundary, the read-only page, an unmapped page, or a non-canonical address; and the base
// and index values that make an addressing form reach the address chosen.
#include <algorithm>

#include "difftest/generate.hpp"

namespace lstar::difftest {

// A linear address for an access of `size` bytes.
uint64_t Builder::pick_access(unsigned size, bool canonical_only) {
    const unsigned r = static_cast<unsigned>(rng_.below(1000));
    const uint64_t s = size ? size : 1;
    const uint64_t straddle = s > 1 ? 1 + rng_.below(s - 1) : 1;  // bytes before the boundary
    if (r < 880) {
        uint64_t a = DATA + rng_.below(2 * PAGE - s + 1);
        if (rng_.chance(50)) a &= ~(std::min<uint64_t>(s, 16) - 1);
        return a;
    }
    if (r < 930) return RODATA + rng_.below(PAGE - s + 1);
    if (r < 955) return DATA + PAGE - straddle;  // two writable pages
    if (r < 970) return RODATA - straddle;       // writable, then read-only
    if (r < 990 || canonical_only) {
        switch (rng_.below(4)) {
        case 0: return DATA - PAGE + rng_.below(PAGE - s + 1);  // unmapped
        case 1: return DATA - straddle;                         // unmapped, then data
        case 2: return DATA_END + rng_.below(PAGE - s + 1);
        default: return DATA_END - straddle;
        }
    }
    return kNonCanonical[rng_.below(4)] + rng_.below(PAGE);
}

// A stack pointer: mostly 8-aligned in the middle of the data area.
uint64_t Builder::pick_stack() {
    const unsigned r = static_cast<unsigned>(rng_.below(100));
    if (r < 85) return (DATA + 0x800 + rng_.below(0x1000)) & ~7ull;
    if (r < 90) return DATA + 0x800 + rng_.below(0x1000);
    if (r < 93) return DATA + rng_.below(0x20);
    if (r < 96) return RODATA - 0x10 + rng_.below(0x30);
    if (r < 98) return DATA_END - rng_.below(0x10);
    return kNonCanonical[rng_.below(4)] + rng_.below(0x100) * 8;
}

// A relative branch target: an INT3 in the code page, rarely a neighbouring unmapped page.
// The caller rejects targets inside the instruction itself.
uint64_t Builder::pick_target(bool rel8) {
    if (rel8) {
        const int64_t t = static_cast<int64_t>(in_.code_off) + static_cast<int64_t>(rng_.below(241)) - 120;
        return CODE + static_cast<uint64_t>(std::clamp<int64_t>(t, 0, PAGE - 1));
    }
    const unsigned r = static_cast<unsigned>(rng_.below(100));
    if (r < 96) return CODE + rng_.below(PAGE);
    if (r < 98) return CODE - PAGE + rng_.below(PAGE);
    return CODE + PAGE + rng_.below(PAGE);
}

// A target held in a register or memory; also non-canonical, or mapped but not executable.
uint64_t Builder::pick_indirect_target() {
    const unsigned r = static_cast<unsigned>(rng_.below(100));
    if (r >= 97) return DATA + rng_.below(2 * PAGE);
    if (r >= 94) return kNonCanonical[rng_.below(4)] + rng_.below(PAGE);
    uint64_t t;
    do {
        t = pick_target(false);
    } while (t >= CODE + in_.code_off && t < CODE + in_.code_off + in_.len);
    return t;
}

// A GS base the host accepts (a canonical user address); with 32-bit addressing it must leave
// the offset below 4 GiB.
uint64_t Builder::pick_gs_base(uint64_t la) {
    if (a32_) return la <= DATA_END ? rng_.below(la + 1) & ~0xfull : 0;
    switch (rng_.below(3)) {
    case 0: return rng_.below(1ull << 32);
    case 1: return rng_.below(0x7ffffffff000ull);
    default: {
        const uint64_t b = la - rng_.below(0x10000);
        return b < 0x7ffffffff000ull ? b : 0;
    }
    }
}

bool Builder::choose_memory(unsigned k) {
    const OperandSpec& o = f_.ops[k];
    ZydisEncoderOperand& z = req_.operands[k];
    const unsigned size = f_.name == "LEA" ? (a32_ ? 4 : 8) : o.size;  // the encoder's LEA wants the address size
    if (o.kind == Opnd::ADDR)
        return place_memory(z, rng_.chance(30) ? CODE + rng_.below(1u << 20) : rng_.next(), size, false);
    uint64_t la = pick_access(o.size, a32_);
    if ((f_.flags & gen::CX8) && rng_.chance(80)) la &= ~uint64_t{o.size - 1u};  // 16B needs alignment
    // Packed SSE operands, FXSAVE and XSAVE areas must be aligned (#GP otherwise): mostly are.
    if (f_.isa != Isa::GP && o.size >= 16 && rng_.chance(80)) la &= (f_.flags & gen::XSAVE) ? ~63ull : ~15ull;
    const bool locked = (req_.prefixes & ZYDIS_ATTRIB_HAS_LOCK) || (f_.flags & gen::LOCKED);
    if (locked && (la & 63) + o.size > 64) la &= ~uint64_t{o.size - 1u};  // no split locks (#AC on some hosts)
    if (o.kind == Opnd::MOFFS) {
        // A0-A3 only win over ModRM when the offset needs 64 bits: put the rest in GS.
        in_.gs_base = (1ull << 32) + (rng_.below(1ull << 46) & ~0xfffull);
        req_.prefixes |= ZYDIS_ATTRIB_HAS_SEGMENT_GS;
        z.type = ZYDIS_OPERAND_TYPE_MEMORY;
        z.mem.base = z.mem.index = ZYDIS_REGISTER_NONE;
        z.mem.displacement = static_cast<int64_t>(la - in_.gs_base);
        z.mem.size = static_cast<ZyanU16>(size);
        note_mem(la, o.size);
        return true;
    }
    if (gs_) in_.gs_base = pick_gs_base(la);
    // BT* m, r reaches (offset >> log2(bits)) operands away from the address it encodes.
    uint64_t ea_la = la;
    if ((f_.flags & gen::BITSTR) && f_.ops[1].kind == Opnd::REG) {
        const int64_t off = static_cast<int64_t>(sext(get_low(regs_[1].n, 0, o.size), o.size));
        const unsigned shift = o.size == 2 ? 4 : o.size == 4 ? 5 : 6;
        ea_la = la - static_cast<uint64_t>((off >> shift) * static_cast<int64_t>(o.size));
    }
    if (!place_memory(z, ea_la, size, true)) return false;
    note_mem(la, o.size);
    return true;
}

// Chooses the shape of the memory operand: RIP-relative, [disp32], through RSP (stack forms),
// or base + index * scale + disp. With `solve`, the registers get values that make the address
// `la` (segment base included); without, the address is only computed (LEA, NOP, PREFETCH).
bool Builder::place_memory(ZydisEncoderOperand& op, uint64_t la, unsigned size, bool solve) {
    const uint64_t ea = la - in_.gs_base;
    op.type = ZYDIS_OPERAND_TYPE_MEMORY;
    op.mem.size = static_cast<ZyanU16>(size);
    op.mem.base = op.mem.index = ZYDIS_REGISTER_NONE;
    op.mem.scale = 0;
    const unsigned shape = static_cast<unsigned>(rng_.below(100));
    const int64_t rip_rel = static_cast<int64_t>(la - (CODE + in_.code_off));
    if (shape < 8 && !a32_ && !in_.gs_base && rip_rel > -0x7fff0000 && rip_rel < 0x7fff0000) {
        op.mem.base = ZYDIS_REGISTER_RIP;
        op.mem.displacement = static_cast<int64_t>(la);  // absolute: the encoder makes it relative
        return true;
    }
    const bool fits32 = a32_ || static_cast<int64_t>(ea) == static_cast<int32_t>(ea);
    if (shape < 14 && fits32 && solve) {
        op.mem.displacement = a32_ ? static_cast<int32_t>(ea) : static_cast<int64_t>(ea);
        return true;
    }
    if ((f_.flags & gen::STACK) && solve && shape < 24) {  // [rsp + disp]: disp absorbs the rest
        int64_t d = static_cast<int64_t>((ea - gpr(RSP_N)) & amask());
        if (a32_) d = static_cast<int32_t>(d);
        if (d == static_cast<int32_t>(d)) {
            op.mem.base = gpr_reg(RSP_N, a32_ ? 4 : 8);
            op.mem.displacement = d;
            return true;
        }
    }
    auto free_reg = [&](bool index) -> int {
        for (int tries = 0; tries < 8; ++tries) {
            const unsigned n = static_cast<unsigned>(rng_.below(16));
            if ((index && n == RSP_N) || ((fixed_ | critical_) & bit(n))) continue;
            return static_cast<int>(n);
        }
        return -1;
    };
    const int base = shape < 88 ? free_reg(false) : -1;
    const int index = shape >= 60 ? free_reg(true) : -1;
    if (base < 0 && index < 0) return false;
    const unsigned scale = index >= 0 ? 1u << rng_.below(4) : 0;
    int64_t disp = 0;
    switch (rng_.below(3)) {
    case 0: break;
    case 1: disp = static_cast<int8_t>(rng_.next()); break;
    default: disp = static_cast<int32_t>(rng_.next()); break;
    }
    if (base >= 0) op.mem.base = gpr_reg(static_cast<unsigned>(base), a32_ ? 4 : 8);
    if (index >= 0) op.mem.index = gpr_reg(static_cast<unsigned>(index), a32_ ? 4 : 8);
    op.mem.scale = static_cast<ZyanU8>(scale);
    op.mem.displacement = disp;
    if (solve) solve_registers(op, ea, base, index, scale, disp);
    return true;
}

// Gives base and index values so that base + index * scale + disp = ea, modulo the address
// size; the displacement moves where the arithmetic needs it to.
void Builder::solve_registers(ZydisEncoderOperand& op, uint64_t ea, int base, int index, unsigned scale,
                              int64_t disp) {
    const uint64_t m = amask();
    const uint64_t hi = ignored_high();
    if (base >= 0 && base == index) {  // [r + r*scale]: r * (scale + 1) + disp
        const uint64_t v = (ea & m) / (scale + 1);
        disp = static_cast<int64_t>((ea & m) - v * (scale + 1));
        gpr(static_cast<unsigned>(base)) = hi | v;
    } else if (base >= 0) {
        uint64_t iv = 0;
        if (index >= 0) {
            iv = rng_.chance(50) ? special(rng_, a32_ ? 4 : 8) : rng_.below(0x100);
            gpr(static_cast<unsigned>(index)) = ignored_high() | (iv & m);
        }
        gpr(static_cast<unsigned>(base)) = hi | ((ea - iv * scale - static_cast<uint64_t>(disp)) & m);
    } else {
        // No base: scale divides 2^32 and 2^64, so moving disp by the remainder leaves a
        // multiple of scale for the index.
        disp = static_cast<int32_t>(rng_.next()) / 2;
        disp += static_cast<int64_t>((ea - static_cast<uint64_t>(disp)) % scale);
        gpr(static_cast<unsigned>(index)) = hi | (((ea - static_cast<uint64_t>(disp)) & m) / scale);
    }
    op.mem.displacement = disp;
}

// Records the operand for the report and gives it a special value.
void Builder::note_mem(uint64_t la, unsigned size) {
    in_.mem_addr = la;
    in_.mem_size = static_cast<uint16_t>(size);
    if (f_.ops[0].kind == Opnd::MEM || f_.ops[0].kind == Opnd::MOFFS) in_.dest_reg = -1;
    if (f_.isa != Isa::GP && f_.elem != Elem::NONE) {
        const Elem e = f_.ops[mem_op_].elem != Elem::NONE ? f_.ops[mem_op_].elem : f_.elem;
        fill_memory(la, size, e);
    } else if (size <= 8) {
        poke(la, special(rng_, size), size);
    } else if (size == 16) {
        poke(la, special(rng_, 8), 8);
        poke(la + 8, special(rng_, 8), 8);
    }
}

}  // namespace lstar::difftest
