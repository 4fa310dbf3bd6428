// STUB: every handler raises #UD until implemented.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {

template <class T>
void op_movs(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_cmps(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_scas(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_lods(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_stos(Cpu&, const DecodedInsn&) { raise(Vec::UD); }


LSTAR_INSTANTIATE_WIDTHS(op_movs);
LSTAR_INSTANTIATE_WIDTHS(op_cmps);
LSTAR_INSTANTIATE_WIDTHS(op_scas);
LSTAR_INSTANTIATE_WIDTHS(op_lods);
LSTAR_INSTANTIATE_WIDTHS(op_stos);

}  // namespace lstar
