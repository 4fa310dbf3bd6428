// STUB: every handler raises #UD until implemented.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {

void op_jmp(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_call(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_ret(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_jcc(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_jrcxz(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_loop(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_loope(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_loopne(Cpu&, const DecodedInsn&) { raise(Vec::UD); }



}  // namespace lstar
