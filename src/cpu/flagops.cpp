// STUB: every handler raises #UD until implemented.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {

void op_lahf(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_sahf(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_pushf(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_popf(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_clc(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_stc(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_cmc(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_cld(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_std(Cpu&, const DecodedInsn&) { raise(Vec::UD); }


LSTAR_INSTANTIATE_WIDTHS(op_pushf);
LSTAR_INSTANTIATE_WIDTHS(op_popf);

}  // namespace lstar
