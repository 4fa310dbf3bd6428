// Port I/O: IN, OUT, INS, OUTS with the IOPL and I/O-permission-bitmap checks
// (SDM Vol. 1 §19.5, Vol. 2 IN/OUT/INS/OUTS).
#include "cpu/operands.hpp"
#include "cpu/ops.hpp"

namespace lstar {
namespace {

// At CPL > IOPL every port accessed must be allowed by the TSS I/O bitmap (§19.5.2).
void check_io(Cpu& c, uint16_t port, unsigned size) {
    if (c.s.cpl <= ((c.s.rflags >> 12) & 3)) return;
    const Segment& tr = c.s.tr;
    const bool tss32 = (tr.attr & 0xf) == 0x9 || (tr.attr & 0xf) == 0xb;
    if (!tss32 || tr.limit < 0x67) raise(Vec::GP, 0);
    uint16_t map_base;
    c.mmu.read_system(tr.base + 0x66, &map_base, 2);
    const uint32_t byte = map_base + port / 8u;
    if (byte + 1 > tr.limit) raise(Vec::GP, 0);
    uint16_t bits;
    c.mmu.read_system(tr.base + byte, &bits, 2);
    if ((bits >> (port % 8)) & ((1u << size) - 1)) raise(Vec::GP, 0);
}

CpuBus& bus(Cpu& c) {
    if (!c.bus) raise(Vec::GP, 0);  // the flat harness has no devices
    return *c.bus;
}

// The port: imm8 or DX (operand 1 of IN, operand 0 of OUT).
uint16_t port_of(Cpu& c, const DecodedInsn& i, int n) {
    return i.op[n].kind == OpKind::IMM ? static_cast<uint16_t>(i.imm & 0xff) : static_cast<uint16_t>(c.s.gpr[RDX]);
}

}  // namespace

template <class T>
void op_in(Cpu& c, const DecodedInsn& i) {
    const uint16_t port = port_of(c, i, 1);
    check_io(c, port, sizeof(T));
    set_gpr<T>(c, RAX, static_cast<T>(bus(c).port_in(port, sizeof(T))));
    c.end_block = true;  // a device may have raised an interrupt
}

template <class T>
void op_out(Cpu& c, const DecodedInsn& i) {
    const uint16_t port = port_of(c, i, 0);
    check_io(c, port, sizeof(T));
    bus(c).port_out(port, sizeof(T), gpr<T>(c, RAX));
    c.end_block = true;
}

// INS/OUTS move one element per iteration between a port and ES:[rDI] / seg:[rSI].
template <class T>
void op_ins(Cpu& c, const DecodedInsn& i) {
    const uint16_t port = static_cast<uint16_t>(c.s.gpr[RDX]);
    check_io(c, port, sizeof(T));
    AddrRegs r(c, i);
    const bool rep = i.prefixes & (pfx::REP | pfx::REPNE);
    for (uint64_t n = rep ? r.get(RCX) : 1; n != 0; --n) {
        c.mmu.probe_write(c.linear(ES, r.get(RDI)), sizeof(T));
        c.store<T>(ES, r.get(RDI), static_cast<T>(bus(c).port_in(port, sizeof(T))));
        r.advance<T>(RDI);
        if (rep) r.set(RCX, n - 1);
    }
    c.end_block = true;
}

template <class T>
void op_outs(Cpu& c, const DecodedInsn& i) {
    const uint16_t port = static_cast<uint16_t>(c.s.gpr[RDX]);
    check_io(c, port, sizeof(T));
    AddrRegs r(c, i);
    const bool rep = i.prefixes & (pfx::REP | pfx::REPNE);
    for (uint64_t n = rep ? r.get(RCX) : 1; n != 0; --n) {
        bus(c).port_out(port, sizeof(T), c.load<T>(i.mem.seg, r.get(RSI)));
        r.advance<T>(RSI);
        if (rep) r.set(RCX, n - 1);
    }
    c.end_block = true;
}

LSTAR_INSTANTIATE_WIDTHS(op_in);
LSTAR_INSTANTIATE_WIDTHS(op_out);
LSTAR_INSTANTIATE_WIDTHS(op_ins);
LSTAR_INSTANTIATE_WIDTHS(op_outs);

}  // namespace lstar
