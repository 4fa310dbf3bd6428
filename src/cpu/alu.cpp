// STUB: every handler raises #UD until implemented.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {

template <class T>
void op_add(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_adc(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_sub(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_sbb(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_and(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_or(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_xor(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_cmp(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_test(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_inc(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_dec(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_neg(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_not(Cpu&, const DecodedInsn&) { raise(Vec::UD); }


LSTAR_INSTANTIATE_WIDTHS(op_add);
LSTAR_INSTANTIATE_WIDTHS(op_adc);
LSTAR_INSTANTIATE_WIDTHS(op_sub);
LSTAR_INSTANTIATE_WIDTHS(op_sbb);
LSTAR_INSTANTIATE_WIDTHS(op_and);
LSTAR_INSTANTIATE_WIDTHS(op_or);
LSTAR_INSTANTIATE_WIDTHS(op_xor);
LSTAR_INSTANTIATE_WIDTHS(op_cmp);
LSTAR_INSTANTIATE_WIDTHS(op_test);
LSTAR_INSTANTIATE_WIDTHS(op_inc);
LSTAR_INSTANTIATE_WIDTHS(op_dec);
LSTAR_INSTANTIATE_WIDTHS(op_neg);
LSTAR_INSTANTIATE_WIDTHS(op_not);

}  // namespace lstar
