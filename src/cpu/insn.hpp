// DecodedInsn: one instruction decoded once, with its operands already resolved.
#pragma once
#include <cstdint>
#include <type_traits>

#include "state.hpp"

namespace lstar {

class Cpu;
struct DecodedInsn;
using Handler = void (*)(Cpu&, const DecodedInsn&);

enum class OpKind : uint8_t { NONE, REG, MEM, IMM };

// Which register file a REG operand names.
enum class RegClass : uint8_t { GPR, SEG, XMM, MMX, X87, CR, DR };

constexpr uint8_t NOREG = 0xff;   // MemRef::base/index: absent
constexpr uint8_t RIPREL = 0xfe;  // MemRef::base: RIP-relative (SDM Vol. 2 §2.2.1.6)

struct Operand {
    OpKind kind = OpKind::NONE;
    uint8_t size = 0;  // bytes
    RegClass cls = RegClass::GPR;
    uint8_t reg = 0;   // REG: for GPRs the byte offset into CpuState::gpr (AH is 1, R8B is 64);
                       // otherwise the register number in its file (SegReg, XMM n, ST(n), CRn, DRn)
};

// The memory operand; an instruction has at most one explicit memory operand.
struct MemRef {
    int64_t disp = 0;
    uint8_t base = NOREG;   // GPR number, NOREG or RIPREL
    uint8_t index = NOREG;  // GPR number or NOREG
    uint8_t scale = 1;      // 1, 2, 4, 8
    uint8_t seg = DS;       // effective segment after overrides
};

// Operand forms that handlers may be specialised for at decode time (operands.hpp, ops_forms.def).
// The first letter is the destination (operand 0), the second the source (operand 1): R a
// general-purpose register, M the memory operand, I an immediate. ANY is the generic path.
enum class Form : uint8_t { ANY, R, RR, RI, M, RM, MR, MI };
constexpr unsigned FORMS = 7;  // R .. MI

// A condition code (SDM Vol. 2 App. B.1.4.7) as a type, for handlers specialised by condition.
template <unsigned CC>
using Cond = std::integral_constant<uint8_t, CC>;

namespace pfx {
constexpr uint8_t LOCK = 1, REP = 2, REPNE = 4, OPSIZE = 8;
}

struct DecodedInsn {
    Handler fn = nullptr;
    // The threaded entry (chain.hpp): runs the instruction as `fn` does, then jumps straight to
    // the following instruction's `chained`, so a whole block runs with one indirect jump per
    // instruction, each from its own site, and no return to the loop in between.
    Handler chained = nullptr;
    // The address of the following instruction, which is RIP while this one executes. A block
    // is built for one linear address (exec.cpp), so this is known once, and setting RIP is a
    // store rather than an add that would chain every instruction to the one before.
    uint64_t next_rip = 0;
    uint64_t imm = 0;     // first immediate, sign- or zero-extended as the instruction defines;
                          // for relative branches, the displacement
    uint64_t imm2 = 0;    // second immediate (ENTER level)
    MemRef mem;
    Operand op[4];        // explicit operands in Intel order (destination first)
    uint16_t mnemonic = 0;  // decoder mnemonic id, for traces
    uint8_t len = 0;      // bytes
    uint8_t opsize = 0;   // operand size in bytes (Zydis operand_width)
    uint8_t addrsize = 8; // address size in bytes
    uint8_t nops = 0;     // explicit operand count
    uint8_t prefixes = 0; // pfx:: bits
    uint8_t cond = 0;     // condition code 0..15 for Jcc/SETcc/CMOVcc (SDM Vol. 2 App. B.1.4.7)
    uint8_t bytes[15];    // raw bytes, for traces and fault reports
};

}  // namespace lstar
