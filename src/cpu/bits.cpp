// STUB: every handler raises #UD until implemented.
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {

template <class T>
void op_bt(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_bts(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_btr(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_btc(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_bsf(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_bsr(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_popcnt(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_lzcnt(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_tzcnt(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_andn(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_bextr(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_blsi(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_blsmsk(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_blsr(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_bzhi(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_pdep(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_pext(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_rorx(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_sarx(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_shlx(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_shrx(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_adcx(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_adox(Cpu&, const DecodedInsn&) { raise(Vec::UD); }

template <class T>
void op_bswap(Cpu&, const DecodedInsn&) { raise(Vec::UD); }


LSTAR_INSTANTIATE_WIDTHS(op_bt);
LSTAR_INSTANTIATE_WIDTHS(op_bts);
LSTAR_INSTANTIATE_WIDTHS(op_btr);
LSTAR_INSTANTIATE_WIDTHS(op_btc);
LSTAR_INSTANTIATE_WIDTHS(op_bsf);
LSTAR_INSTANTIATE_WIDTHS(op_bsr);
LSTAR_INSTANTIATE_WIDTHS(op_popcnt);
LSTAR_INSTANTIATE_WIDTHS(op_lzcnt);
LSTAR_INSTANTIATE_WIDTHS(op_tzcnt);
LSTAR_INSTANTIATE_WIDTHS(op_andn);
LSTAR_INSTANTIATE_WIDTHS(op_bextr);
LSTAR_INSTANTIATE_WIDTHS(op_blsi);
LSTAR_INSTANTIATE_WIDTHS(op_blsmsk);
LSTAR_INSTANTIATE_WIDTHS(op_blsr);
LSTAR_INSTANTIATE_WIDTHS(op_bzhi);
LSTAR_INSTANTIATE_WIDTHS(op_pdep);
LSTAR_INSTANTIATE_WIDTHS(op_pext);
LSTAR_INSTANTIATE_WIDTHS(op_rorx);
LSTAR_INSTANTIATE_WIDTHS(op_sarx);
LSTAR_INSTANTIATE_WIDTHS(op_shlx);
LSTAR_INSTANTIATE_WIDTHS(op_shrx);
LSTAR_INSTANTIATE_WIDTHS(op_adcx);
LSTAR_INSTANTIATE_WIDTHS(op_adox);
LSTAR_INSTANTIATE_WIDTHS(op_bswap);

}  // namespace lstar
