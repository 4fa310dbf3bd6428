// The SSE floating-point group (sse_fp_*.cpp) seen from outside it.
#pragma once
#include "cpu/insn.hpp"

namespace lstar {

// SSE2 MOVSD and CMPSD share their decoder mnemonics with the string instructions MOVSD and
// CMPSD, whose rows ops.def holds; decode.cpp picks these handlers when the instruction has
// visible operands (only the SSE forms do).
void op_movsd_sse(Cpu&, const DecodedInsn&);  // sse_fp_move.cpp
void op_cmpsd_sse(Cpu&, const DecodedInsn&);  // sse_fp_arith.cpp

}  // namespace lstar
