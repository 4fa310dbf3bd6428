// STUB: every handler raises #UD until implemented.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {

template <class T>
void op_xchg(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_xadd(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_cmpxchg(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_cmpxchg8b(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_cmpxchg16b(Cpu&, const DecodedInsn&) { raise(Vec::UD); }


LSTAR_INSTANTIATE_WIDTHS(op_xchg);
LSTAR_INSTANTIATE_WIDTHS(op_xadd);
LSTAR_INSTANTIATE_WIDTHS(op_cmpxchg);

}  // namespace lstar
