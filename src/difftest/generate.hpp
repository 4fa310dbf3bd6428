// The case builder behind generate(): its parts live in generate.cpp (operands and encoding),
// addressing.cpp (where memory operands and branches point), implicit.cpp (implicit operands
// and the values the instruction's semantics care about) and fpstate.cpp (the x87/SSE state and
// the values of SSE and x87 operands).
//
// A case is built in three steps: random state (registers weighted towards 0, 1, -1 and sign
// boundaries; random memory), then operands chosen and encoded, then the values the form's
// semantics care about (a stack in the data area, addresses that land where intended, divisors,
// counts, branch targets on INT3s). SSE and x87 cases also start from a random x87/SSE state:
// MXCSR and FCW with every rounding mode, DAZ/FTZ and precision control, mostly masked
// exceptions; register lanes of the form's element type; an x87 stack of random depth. Every address a case can touch is in the data area, on a page
// that is unmapped on both sides, or non-canonical: a case must never reach the harness's memory.
#pragma once
#include <Zydis/Zydis.h>

#include <cstring>

#include "difftest/case.hpp"
#include "difftest/fpvalues.hpp"
#include "difftest/values.hpp"

namespace lstar::difftest {

// GPR numbers in ModRM order.
constexpr unsigned RAX_N = 0, RCX_N = 1, RDX_N = 2, RBX_N = 3, RSP_N = 4, RBP_N = 5, RSI_N = 6,
                   RDI_N = 7;

constexpr uint64_t FLAG_TF = 1u << 8, FLAG_DF = 1u << 10, FLAG_AC = 1u << 18;

// Addresses that are non-canonical with 4-level and with 5-level paging alike.
constexpr uint64_t kNonCanonical[] = {0x8000000000000000ull, 0x0100000000000000ull,
                                      0xfe00000000000000ull, 0x7ffffffffffff000ull};

// GPR `n` at `size` bytes; `high` picks AH..BH.
ZydisRegister gpr_reg(unsigned n, unsigned size, bool high = false);

inline bool is_mem(Opnd k) { return k == Opnd::MEM || k == Opnd::ADDR || k == Opnd::MOFFS; }

// A register operand: GPR number and byte offset (1 for AH..BH).
struct RegPick {
    uint8_t n = 0;
    uint8_t off = 0;
};

class Builder {
public:
    Builder(const Form& f, uint64_t seed, uint64_t case_no, Input& in)
        : f_(f), in_(in), rng_(seed * 0x9e3779b97f4a7c15ull + case_no) {}

    // False when no attempt encoded: a bug in forms.cpp, reported as a harness error.
    bool build();

private:
    // ---- generate.cpp: operands and encoding ----
    bool attempt();
    void reset_state();
    bool choose_operands();
    void choose_register(unsigned k, ZydisEncoderOperand& z);
    uint64_t pick_imm(unsigned k, unsigned size);
    bool encode();
    void add_stray_prefix();
    void record_count();

    // ---- addressing.cpp: where memory operands and branches point ----
    uint64_t pick_access(unsigned size, bool canonical_only);
    uint64_t pick_stack();
    uint64_t pick_target(bool rel8);
    uint64_t pick_indirect_target();
    uint64_t pick_gs_base(uint64_t la);
    bool choose_memory(unsigned k);
    bool place_memory(ZydisEncoderOperand& op, uint64_t la, unsigned size, bool solve);
    void solve_registers(ZydisEncoderOperand& op, uint64_t ea, int base, int index, unsigned scale, int64_t disp);
    void note_mem(uint64_t la, unsigned size);

    // ---- implicit.cpp: implicit operands and values ----
    void setup_stack();
    void setup_string();
    uint64_t pick_region(uint64_t span, unsigned e, bool write);
    void shape_string_data(uint64_t src_lo, uint64_t dst_lo, uint64_t count, unsigned e, bool down, bool repe,
                           bool has_src);
    void setup_xlat();
    uint64_t pick_count();
    uint64_t control_byte();
    uint64_t bit_offset(unsigned size);
    uint64_t pick_count_rcx();
    void fix_values();
    void fix_divide();

    // ---- fpstate.cpp: the x87/SSE state and SSE/x87 operand values ----
    void setup_fp_state();
    void random_fp_state(FpImage& fp, bool mmx);
    uint32_t pick_mxcsr();
    uint16_t pick_fcw();
    uint16_t pick_fsw(uint16_t fcw, unsigned top);
    uint64_t pick_simd_count();
    uint64_t pick_pred();
    uint8_t* operand_bytes(unsigned k, unsigned& len);
    void fill_memory(uint64_t la, unsigned size, Elem e);
    void fix_simd_values();
    void correlate_operands();
    void shape_count();
    void shape_strings();
    void setup_maskmov();
    void poke_bytes(uint64_t la, const uint8_t* p, unsigned n);
    void write_fx_image(uint64_t la);
    void write_xsave_image(uint64_t la);
    void write_env_image(uint64_t la, unsigned size);

    // ---- state access ----
    uint64_t& gpr(unsigned n) { return in_.regs.gpr[n]; }
    void set_low(unsigned n, unsigned off, unsigned size, uint64_t v) {
        std::memcpy(reinterpret_cast<uint8_t*>(&in_.regs.gpr[n]) + off, &v, size);
    }
    uint64_t get_low(unsigned n, unsigned off, unsigned size) const {
        uint64_t v = 0;
        std::memcpy(&v, reinterpret_cast<const uint8_t*>(&in_.regs.gpr[n]) + off, size);
        return v;
    }
    // Writes `size` bytes at linear address `la` into the data image, if all of them are in it.
    bool poke(uint64_t la, uint64_t v, unsigned size) {
        if (la < DATA || la > DATA_END - size) return false;
        std::memcpy(in_.data + (la - DATA), &v, size);
        return true;
    }
    bool peek(uint64_t la, unsigned size, uint64_t& v) const {
        v = 0;
        if (la < DATA || la > DATA_END - size) return false;
        std::memcpy(&v, in_.data + (la - DATA), size);
        return true;
    }
    static uint32_t bit(unsigned n) { return 1u << n; }
    uint64_t amask() const { return a32_ ? 0xffffffffull : ~0ull; }
    // Random upper halves for registers that 32-bit addressing ignores.
    uint64_t ignored_high() { return a32_ ? rng_.next() & ~0xffffffffull : 0; }

    const Form& f_;
    Input& in_;
    Rng rng_;
    ZydisEncoderRequest req_{};
    uint32_t fixed_ = 0;      // GPRs the form's implicit operands pin down
    uint32_t critical_ = 0;   // GPRs whose values matter: never used to form the address
    bool a32_ = false;        // 0x67: 32-bit addressing
    bool gs_ = false;         // GS segment override
    int mem_op_ = -1;         // index of the memory operand
    bool mmx_ = false;        // an MMX register is an operand
    uint64_t rel_target_ = 0; // target of a relative branch
    RegPick regs_[4];         // register operands as chosen
};

}  // namespace lstar::difftest
