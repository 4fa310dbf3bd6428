// STUB: every handler raises #UD until implemented.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {

template <class T>
void op_mul(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_imul(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_div(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_idiv(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_mulx(Cpu&, const DecodedInsn&) { raise(Vec::UD); }


LSTAR_INSTANTIATE_WIDTHS(op_mul);
LSTAR_INSTANTIATE_WIDTHS(op_imul);
LSTAR_INSTANTIATE_WIDTHS(op_div);
LSTAR_INSTANTIATE_WIDTHS(op_idiv);
LSTAR_INSTANTIATE_WIDTHS(op_mulx);

}  // namespace lstar
