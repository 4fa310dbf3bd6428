// Data movement: MOV (GPR, moffs, segment registers), MOVZX MOVSX MOVSXD MOVBE LEA, CMOVcc, SETcc,
// the accumulator sign extensions CBW..CQO, and XLAT. None of these touch the flags.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"
#include "cpu/segment.hpp"

namespace lstar {
namespace {

// ---- the algorithms ----
template <class To, class From>
To sign_extend(From v) {
    return static_cast<To>(static_cast<signed_t<To>>(static_cast<signed_t<From>>(v)));
}

// An operand of any size, sign-extended to T (a wider source is truncated).
template <class T>
T read_op_sx(Cpu& c, const DecodedInsn& i, int n) {
    switch (i.op[n].size) {
    case 1: return sign_extend<T>(read_op<uint8_t>(c, i, n));
    case 2: return sign_extend<T>(read_op<uint16_t>(c, i, n));
    case 4: return sign_extend<T>(read_op<uint32_t>(c, i, n));
    default: return static_cast<T>(read_op<uint64_t>(c, i, n));
    }
}

template <class T>
T byte_swap(T v) {
    if constexpr (sizeof(T) == 2) return __builtin_bswap16(v);
    else if constexpr (sizeof(T) == 4) return __builtin_bswap32(v);
    else if constexpr (sizeof(T) == 8) return __builtin_bswap64(v);
    else return v;
}

// rAX = sign extension of its lower half: CBW (T = 16 bits), CWDE (32), CDQE (64).
template <class T>
void extend_accumulator(Cpu& c) {
    using Half = std::conditional_t<sizeof(T) == 8, uint32_t,
                                    std::conditional_t<sizeof(T) == 4, uint16_t, uint8_t>>;
    set_gpr<T>(c, RAX, sign_extend<T>(gpr<Half>(c, RAX)));
}

// rDX = every bit a copy of rAX's sign: CWD (T = 16 bits), CDQ (32), CQO (64).
template <class T>
void sign_into_rdx(Cpu& c) {
    set_gpr<T>(c, RDX, static_cast<signed_t<T>>(gpr<T>(c, RAX)) < 0 ? static_cast<T>(~T{0}) : T{0});
}

// MOV Sreg, r/m16 (SDM Vol. 2 MOV). CS cannot be loaded this way (#UD).
// MOV Sreg, r/m loads the selector with the descriptor checks of segment.cpp; MOV SS blocks
// interrupts for one instruction (SDM Vol. 2 MOV, "Loading the SS register").
void mov_to_sreg(Cpu& c, const DecodedInsn& i) {
    const uint8_t sreg = i.op[0].reg;
    if (sreg == CS || sreg >= SEG_COUNT) raise(Vec::UD);
    load_segment(c, sreg, read_op<uint16_t>(c, i, 1));
    if (sreg == SS) {
        c.irq_inhibit_until = c.icount_at(i) + 2;
        c.end_block = true;
    }
}

// MOV r/m, Sreg: a memory destination is always 16 bits; a 32/64-bit register gets the
// zero-extended selector, a 16-bit register keeps its upper bits.
template <class T>
void store_segment(Cpu& c, const DecodedInsn& i) {
    const uint16_t sel = c.s.seg[i.op[1].reg].selector;
    if (i.op[0].kind == OpKind::MEM) write_op<uint16_t>(c, i, 0, sel);
    else write_op<T>(c, i, 0, static_cast<T>(sel));
}

}  // namespace

// ---- the instructions ----
// The moffs forms arrive as a memory operand with only a displacement; ea() truncates it to
// the address size.
template <class T>
void op_mov(Cpu& c, const DecodedInsn& i) {
    if (i.op[0].cls == RegClass::SEG) return mov_to_sreg(c, i);
    if (i.op[1].cls == RegClass::SEG) return store_segment<T>(c, i);
    write_op<T>(c, i, 0, read_op<T>(c, i, 1));
}

// MOV between general-purpose registers, memory and immediates.
template <class T, Form F>
[[gnu::always_inline]] inline void op_mov_form(Cpu& c, const DecodedInsn& i) {
    if constexpr (F == Form::ANY) op_mov<T>(c, i);
    else write_dst<T, F>(c, i, read_src<T, F>(c, i));
}

template <class T>
void op_movzx(Cpu& c, const DecodedInsn& i) {
    write_op<T>(c, i, 0, static_cast<T>(read_op_zx(c, i, 1)));
}

template <class T>
void op_movsx(Cpu& c, const DecodedInsn& i) { write_op<T>(c, i, 0, read_op_sx<T>(c, i, 1)); }

// MOVSXD with a 16- or 32-bit operand size is a plain copy; the source size says so.
template <class T>
void op_movsxd(Cpu& c, const DecodedInsn& i) { write_op<T>(c, i, 0, read_op_sx<T>(c, i, 1)); }

template <class T>
void op_movbe(Cpu& c, const DecodedInsn& i) {
    write_op<T>(c, i, 0, byte_swap(read_op<T>(c, i, 1)));
}

// ea() already applies the address size; the operand size truncates (or zero-extends) it.
template <class T>
void op_lea(Cpu& c, const DecodedInsn& i) { write_op<T>(c, i, 0, static_cast<T>(ea(c, i))); }

// The source is read, and may fault, whatever the condition; a 32-bit destination is
// zero-extended even when the condition is false (SDM Vol. 2 CMOVcc).
template <class T>
void op_cmovcc(Cpu& c, const DecodedInsn& i) {
    const T src = read_op<T>(c, i, 1);
    if (c.cond(i.cond)) write_op<T>(c, i, 0, src);
    else if constexpr (sizeof(T) == 4) write_op<T>(c, i, 0, read_op<T>(c, i, 0));
}

void op_setcc(Cpu& c, const DecodedInsn& i) { write_op<uint8_t>(c, i, 0, c.cond(i.cond)); }

void op_cbw(Cpu& c, const DecodedInsn&) { extend_accumulator<uint16_t>(c); }
void op_cwde(Cpu& c, const DecodedInsn&) { extend_accumulator<uint32_t>(c); }
namespace {
[[gnu::always_inline]] inline void cdqe(Cpu& c, const DecodedInsn&) { extend_accumulator<uint64_t>(c); }
}  // namespace
LSTAR_HOT_HANDLER(op_cdqe, cdqe);
void op_cwd(Cpu& c, const DecodedInsn&) { sign_into_rdx<uint16_t>(c); }
void op_cdq(Cpu& c, const DecodedInsn&) { sign_into_rdx<uint32_t>(c); }
void op_cqo(Cpu& c, const DecodedInsn&) { sign_into_rdx<uint64_t>(c); }

// AL = seg:[rBX + zero-extended AL], the sum taken at the address size. XLAT's memory operand is
// hidden, so i.nops is 0; i.mem.seg is DS unless decode.cpp records the FS/GS override of that
// hidden operand.
void op_xlat(Cpu& c, const DecodedInsn& i) {
    uint64_t addr = c.s.gpr[RBX] + gpr<uint8_t>(c, RAX);
    if (i.addrsize == 4) addr = static_cast<uint32_t>(addr);
    else if (i.addrsize == 2) addr = static_cast<uint16_t>(addr);
    set_gpr<uint8_t>(c, RAX, c.load<uint8_t>(i.mem.seg, addr));
}

LSTAR_INSTANTIATE_WIDTHS(op_mov);
LSTAR_INSTANTIATE_FORMS(op_mov_form);

// MOV to or from memory when the TLB holds the page (chain_try): what op_mov_form does on a hit
// in 64-bit mode, where no segment limit applies.
namespace {
template <class T, Form F, Ea E>
[[gnu::always_inline]] inline bool try_mov(Cpu& c, const DecodedInsn& i) {
    in_long64_block(c);
    uint8_t* h = c.mmu.fast_host<T>(linear_ea<E>(c, i), F == Form::RM ? Access::READ : Access::WRITE);
    if (!h) return false;
    T v;
    if constexpr (F == Form::RM) {
        std::memcpy(&v, h, sizeof v);
        set_reg<T>(c, i.op[0].reg, v);
    } else {
        v = read_src<T, F>(c, i);
        std::memcpy(h, &v, sizeof v);
    }
    return true;
}
}  // namespace
#define MOV_TRY(K, T, F, E) &K<&try_mov<T, F, Ea::E>, &chain<&op_mov_form<T, F>>>
#define MOV_SHAPES(K, T, F) \
    {MOV_TRY(K, T, F, ANY), MOV_TRY(K, T, F, BASE), MOV_TRY(K, T, F, RIP), MOV_TRY(K, T, F, SIB), MOV_TRY(K, T, F, INDEX), \
     MOV_TRY(K, T, F, FSGS)}
#define MOV_FAST(T, F) {&op_mov_form<T, F>, MOV_SHAPES(chain_try, T, F), MOV_SHAPES(chain_try_pure, T, F)}
#define MOV_FAST_FORMS(T) MOV_FAST(T, Form::RM), MOV_FAST(T, Form::MR), MOV_FAST(T, Form::MI)

// LEA, which only computes; MOVZX, MOVSX and MOVSXD from a register, or from memory the TLB holds.
namespace {
template <class T, Ea E>
[[gnu::always_inline]] inline bool try_lea(Cpu& c, const DecodedInsn& i) {
    // Only the shapes whose segment adds no base make ea() and linear_ea() agree.
    const uint64_t a = E == Ea::ANY ? ea(c, i) : linear_ea<E>(c, i);  // RIP is set (chain_try)
    set_reg<T>(c, i.op[0].reg, static_cast<T>(a));
    return true;
}
template <class T, bool Signed>
[[gnu::always_inline]] inline bool try_movx(Cpu& c, const DecodedInsn& i) {
    const Operand& s = i.op[1];
    uint64_t v;
    if (s.kind == OpKind::REG && s.cls == RegClass::GPR) {
        v = s.size == 1 ? get_reg<uint8_t>(c, s.reg) : s.size == 2 ? get_reg<uint16_t>(c, s.reg) : get_reg<uint32_t>(c, s.reg);
    } else if (s.kind == OpKind::MEM) {
        in_long64_block(c);
        const uint64_t la = linear_ea<Ea::ANY>(c, i);
        const uint8_t* p = s.size == 1 ? c.mmu.fast_host<uint8_t>(la, Access::READ)
                         : s.size == 2 ? c.mmu.fast_host<uint16_t>(la, Access::READ)
                                       : c.mmu.fast_host<uint32_t>(la, Access::READ);
        if (!p) return false;
        v = 0;
        std::memcpy(&v, p, s.size);  // little-endian, as the guest
    } else {
        return false;
    }
    if constexpr (Signed) {
        const unsigned sh = 64 - 8 * s.size;
        v = static_cast<uint64_t>(static_cast<int64_t>(v << sh) >> sh);
    }
    set_reg<T>(c, i.op[0].reg, static_cast<T>(v));
    return true;
}
}  // namespace
#define LEA_TRY(K, T, E) &K<&try_lea<T, Ea::E>, &chain<&op_lea<T>>>
#define LEA_SHAPES(K, T) \
    {LEA_TRY(K, T, ANY), LEA_TRY(K, T, BASE), LEA_TRY(K, T, RIP), LEA_TRY(K, T, SIB), LEA_TRY(K, T, INDEX)}
#define LEA_FAST(T) {&op_lea<T>, LEA_SHAPES(chain_try, T), LEA_SHAPES(chain_try_pure, T)}
#define MOVX_FAST(op, T, S) \
    {&op<T>, {&chain_try<&try_movx<T, S>, &chain<&op<T>>>}, {&chain_try_pure<&try_movx<T, S>, &chain<&op<T>>>}}
static const FastTwin mov_fast[] = {
    MOV_FAST_FORMS(uint8_t), MOV_FAST_FORMS(uint16_t), MOV_FAST_FORMS(uint32_t), MOV_FAST_FORMS(uint64_t),
    LEA_FAST(uint32_t), LEA_FAST(uint64_t),
    MOVX_FAST(op_movzx, uint16_t, false), MOVX_FAST(op_movzx, uint32_t, false), MOVX_FAST(op_movzx, uint64_t, false),
    MOVX_FAST(op_movsx, uint16_t, true), MOVX_FAST(op_movsx, uint32_t, true), MOVX_FAST(op_movsx, uint64_t, true),
    MOVX_FAST(op_movsxd, uint64_t, true),
};
const std::span<const FastTwin> mov_fast_twins{mov_fast};
#undef MOVX_FAST
#undef LEA_FAST
#undef LEA_SHAPES
#undef LEA_TRY
#undef MOV_FAST_FORMS
#undef MOV_FAST
#undef MOV_SHAPES
#undef MOV_TRY
LSTAR_INSTANTIATE_WIDTHS(op_movzx);
LSTAR_INSTANTIATE_WIDTHS(op_movsx);
LSTAR_INSTANTIATE_WIDTHS(op_movsxd);
LSTAR_INSTANTIATE_WIDTHS(op_movbe);
LSTAR_INSTANTIATE_WIDTHS(op_lea);
LSTAR_INSTANTIATE_WIDTHS(op_cmovcc);


}  // namespace lstar
