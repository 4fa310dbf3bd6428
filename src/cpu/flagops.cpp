// Instructions that move or set RFLAGS as a whole or bit by bit: LAHF SAHF PUSHF POPF CLC STC
// CMC CLD STD (SDM Vol. 1 §3.4.3, Vol. 2 POPF).
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {
namespace {

// The flags LAHF and SAHF move through AH: SF ZF AF PF CF (bit 1 reads as 1).
constexpr uint64_t AH_FLAGS = fl::SF | fl::ZF | fl::AF | fl::PF | fl::CF;

// The bits POPF may change at the given privilege (SDM Vol. 2 POPF, 64-bit mode). VM, VIF and
// VIP never change and RF is cleared; IOPL changes only at CPL 0, IF only when CPL <= IOPL.
// The reserved bits are not in the mask, so they keep their value (0).
uint64_t popf_writable(uint8_t cpl, uint64_t rflags) {
    uint64_t w = fl::ARITH | fl::TF | fl::DF | fl::NT | fl::AC | fl::ID | fl::IF | fl::IOPL;
    const unsigned iopl = static_cast<unsigned>((rflags & fl::IOPL) >> 12);
    if (cpl > 0) w &= ~fl::IOPL;
    if (cpl > iopl) w &= ~fl::IF;
    return w;
}

}  // namespace

void op_lahf(Cpu& c, const DecodedInsn&) {
    set_reg<uint8_t>(c, 1, static_cast<uint8_t>((c.status() & AH_FLAGS) | fl::FIXED1));  // AH
}

void op_sahf(Cpu& c, const DecodedInsn&) { c.set_status(AH_FLAGS, get_reg<uint8_t>(c, 1)); }

// PUSHF (16 bits) and PUSHFQ (64 bits) store RFLAGS with VM and RF read as 0.
template <class T>
void op_pushf(Cpu& c, const DecodedInsn&) {
    push<T>(c, static_cast<T>(c.rflags() & ~(fl::VM | fl::RF)));
}

// A 16-bit POPF changes only FLAGS[15:0]. Setting TF or IF ends the block, so single-step and
// interrupt delivery can act at the next instruction boundary once they exist.
template <class T>
void op_popf(Cpu& c, const DecodedInsn&) {
    const uint64_t old = c.rflags();
    const uint64_t v = pop<T>(c);
    uint64_t w = popf_writable(c.s.cpl, old);
    if constexpr (sizeof(T) == 2) w &= 0xffff;
    const uint64_t next = ((old & ~w) | (v & w) | fl::FIXED1) & ~fl::RF;
    c.set_rflags(next);
    if ((old ^ next) & (fl::TF | fl::IF)) c.end_block = true;
}

void op_clc(Cpu& c, const DecodedInsn&) { c.set_status(fl::CF, 0); }
void op_stc(Cpu& c, const DecodedInsn&) { c.set_status(fl::CF, fl::CF); }
void op_cmc(Cpu& c, const DecodedInsn&) { c.set_status(fl::CF, c.cf() ? 0 : fl::CF); }
void op_cld(Cpu& c, const DecodedInsn&) { c.s.rflags &= ~fl::DF; }
void op_std(Cpu& c, const DecodedInsn&) { c.s.rflags |= fl::DF; }

LSTAR_INSTANTIATE_WIDTHS(op_pushf);
LSTAR_INSTANTIATE_WIDTHS(op_popf);

}  // namespace lstar
