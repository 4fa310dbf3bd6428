// STUB: every handler raises #UD until implemented.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {

template <class T>
void op_mov(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_movzx(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_movsx(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_movsxd(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_movbe(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_lea(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_cmovcc(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_setcc(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_cbw(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_cwde(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_cdqe(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_cwd(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_cdq(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_cqo(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

void op_xlat(Cpu&, const DecodedInsn&) { raise(Vec::UD); }


LSTAR_INSTANTIATE_WIDTHS(op_mov);
LSTAR_INSTANTIATE_WIDTHS(op_movzx);
LSTAR_INSTANTIATE_WIDTHS(op_movsx);
LSTAR_INSTANTIATE_WIDTHS(op_movsxd);
LSTAR_INSTANTIATE_WIDTHS(op_movbe);
LSTAR_INSTANTIATE_WIDTHS(op_lea);
LSTAR_INSTANTIATE_WIDTHS(op_cmovcc);

}  // namespace lstar
