// STUB: every handler raises #UD until implemented.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {

template <class T>
void op_push(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_pop(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_enter(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_leave(Cpu&, const DecodedInsn&) { raise(Vec::UD); }


LSTAR_INSTANTIATE_WIDTHS(op_push);
LSTAR_INSTANTIATE_WIDTHS(op_pop);

}  // namespace lstar
