// STUB: every handler raises #UD until implemented.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {

template <class T>
void op_shl(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_shr(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_sar(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_rol(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_ror(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_rcl(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_rcr(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_shld(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_shrd(Cpu&, const DecodedInsn&) { raise(Vec::UD); }


LSTAR_INSTANTIATE_WIDTHS(op_shl);
LSTAR_INSTANTIATE_WIDTHS(op_shr);
LSTAR_INSTANTIATE_WIDTHS(op_sar);
LSTAR_INSTANTIATE_WIDTHS(op_rol);
LSTAR_INSTANTIATE_WIDTHS(op_ror);
LSTAR_INSTANTIATE_WIDTHS(op_rcl);
LSTAR_INSTANTIATE_WIDTHS(op_rcr);
LSTAR_INSTANTIATE_WIDTHS(op_shld);
LSTAR_INSTANTIATE_WIDTHS(op_shrd);

}  // namespace lstar
