// Operand access shared by the instruction files. Handlers read every source and check every
// destination that can fault before they change architectural state (precise faults).
#pragma once
#include <cstring>
#include <type_traits>

#include "cpu/cpu.hpp"

namespace lstar {

// ---- registers ----
template <class T>
inline T get_reg(const Cpu& c, uint8_t off) {
    T v;
    std::memcpy(&v, reinterpret_cast<const uint8_t*>(c.s.gpr) + off, sizeof(T));
    return v;
}
// A 32-bit write zero-extends to 64 bits; 8- and 16-bit writes keep the upper bits
// (SDM Vol. 1 §3.4.1.1).
template <class T>
inline void set_reg(Cpu& c, uint8_t off, T v) {
    if constexpr (sizeof(T) == 4) {
        c.s.gpr[off >> 3] = static_cast<uint32_t>(v);
    } else {
        std::memcpy(reinterpret_cast<uint8_t*>(c.s.gpr) + off, &v, sizeof(T));
    }
}
// Register by number with width T (no high-byte registers).
template <class T>
inline T gpr(const Cpu& c, uint8_t n) { return static_cast<T>(c.s.gpr[n]); }
template <class T>
inline void set_gpr(Cpu& c, uint8_t n, T v) { set_reg<T>(c, static_cast<uint8_t>(n * 8), v); }

// ---- memory operand ----
// Effective address (offset within the segment), truncated to the address size.
[[gnu::always_inline]] inline uint64_t ea(const Cpu& c, const DecodedInsn& i) {
    const MemRef& m = i.mem;
    uint64_t a = static_cast<uint64_t>(m.disp);
    if (m.base == RIPREL) a += c.s.rip;  // RIP already points at the next instruction
    else if (m.base != NOREG) a += c.s.gpr[m.base];
    if (m.index != NOREG) a += c.s.gpr[m.index] * m.scale;
    if (i.addrsize == 4) a = static_cast<uint32_t>(a);
    else if (i.addrsize == 2) a = static_cast<uint16_t>(a);
    return a;
}

// The linear address of the memory operand in 64-bit mode, by the shape exec.cpp saw when it
// bound the twin (fast_twin): [base + disp], [rip + disp], [base + index*scale + disp] or
// [index*scale + disp] with a segment whose base does not apply (not FS or GS) and a 64-bit
// address size; FS:[disp] or GS:[disp] with a 64-bit address size (per-CPU data, thread-local
// storage); or ANY for everything else.
enum class Ea : uint8_t { ANY, BASE, RIP, SIB, INDEX, FSGS };
template <Ea E>
[[gnu::always_inline]] inline uint64_t linear_ea(const Cpu& c, const DecodedInsn& i) {
    if constexpr (E == Ea::BASE) return c.s.gpr[i.mem.base] + static_cast<uint64_t>(i.mem.disp);
    else if constexpr (E == Ea::RIP) return i.next_rip + static_cast<uint64_t>(i.mem.disp);
    else if constexpr (E == Ea::SIB)
        return c.s.gpr[i.mem.base] + c.s.gpr[i.mem.index] * i.mem.scale + static_cast<uint64_t>(i.mem.disp);
    else if constexpr (E == Ea::INDEX) return c.s.gpr[i.mem.index] * i.mem.scale + static_cast<uint64_t>(i.mem.disp);
    else if constexpr (E == Ea::FSGS) return c.s.seg[i.mem.seg].base + static_cast<uint64_t>(i.mem.disp);
    else return c.linear(i.mem.seg, ea(c, i));
}

// Inlined into every handler: a TLB hit is then a few instructions with no call.
template <class T>
[[gnu::always_inline]] inline T load_mem(Cpu& c, const DecodedInsn& i, uint64_t off = 0, Access acc = Access::READ) {
    return c.load<T>(i.mem.seg, ea(c, i) + off, acc);
}
template <class T>
[[gnu::always_inline]] inline void store_mem(Cpu& c, const DecodedInsn& i, T v, uint64_t off = 0) {
    c.store<T>(i.mem.seg, ea(c, i) + off, v);
}
// For read-modify-write of the memory operand in 64-bit mode: the host address when the TLB
// holds its page for writing (a writable page is readable, and its accessed and dirty bits are
// set already), so the read and the write share one translation; nullptr sends the handler
// down the checked path, which faults as a separate read-with-write-intent and write would.
template <class T>
[[gnu::always_inline]] inline uint8_t* rmw_host(Cpu& c, const DecodedInsn& i) {
    if (!c.long64()) return nullptr;  // segment limits: the checked path
    return c.mmu.fast_host<T>(c.linear(i.mem.seg, ea(c, i)), Access::WRITE);
}

// ---- generic operands ----
template <class T>
inline T read_op(Cpu& c, const DecodedInsn& i, int n) {
    const Operand& o = i.op[n];
    switch (o.kind) {
    case OpKind::REG: return get_reg<T>(c, o.reg);
    case OpKind::MEM: return load_mem<T>(c, i);
    default: return static_cast<T>(i.imm);
    }
}
template <class T>
inline void write_op(Cpu& c, const DecodedInsn& i, int n, T v) {
    const Operand& o = i.op[n];
    if (o.kind == OpKind::REG) set_reg<T>(c, o.reg, v);
    else store_mem<T>(c, i, v);
}
// Reads operand n for read-modify-write: a memory operand is read with write intent, so a
// read-only page faults here (with the W bit in the #PF error code) before anything changes.
template <class T>
inline T read_rmw(Cpu& c, const DecodedInsn& i, int n) {
    const Operand& o = i.op[n];
    if (o.kind == OpKind::MEM) return load_mem<T>(c, i, 0, Access::WRITE);
    return read_op<T>(c, i, n);
}
// Reads an operand of any size, zero-extended (for MOVZX-like instructions).
inline uint64_t read_op_zx(Cpu& c, const DecodedInsn& i, int n) {
    switch (i.op[n].size) {
    case 1: return read_op<uint8_t>(c, i, n);
    case 2: return read_op<uint16_t>(c, i, n);
    case 4: return read_op<uint32_t>(c, i, n);
    default: return read_op<uint64_t>(c, i, n);
    }
}

// ---- operand forms known at decode time ----
// The hottest instructions get handlers specialised for their operand form (decode.cpp picks
// them from ops_forms.def; Form is declared in insn.hpp). A specialised handler has no switch
// on operand kinds, and a register-only one no memory path, so it compiles to a short leaf
// function. ANY goes through read_op/write_op.
constexpr bool mem_dst(Form f) { return f == Form::M || f == Form::MR || f == Form::MI; }

// Operand 0 for read-modify-write: a memory destination is read with write intent.
template <class T, Form F>
inline T read_dst(Cpu& c, const DecodedInsn& i) {
    if constexpr (F == Form::ANY) return read_rmw<T>(c, i, 0);
    else if constexpr (mem_dst(F)) return load_mem<T>(c, i, 0, Access::WRITE);
    else return get_reg<T>(c, i.op[0].reg);
}
// Operand 0 for reading only (CMP, TEST).
template <class T, Form F>
inline T read_first(Cpu& c, const DecodedInsn& i) {
    if constexpr (F == Form::ANY) return read_op<T>(c, i, 0);
    else if constexpr (mem_dst(F)) return load_mem<T>(c, i);
    else return get_reg<T>(c, i.op[0].reg);
}
template <class T, Form F>
inline T read_src(Cpu& c, const DecodedInsn& i) {
    if constexpr (F == Form::RR || F == Form::MR) return get_reg<T>(c, i.op[1].reg);
    else if constexpr (F == Form::RI || F == Form::MI) return static_cast<T>(i.imm);
    else if constexpr (F == Form::RM) return load_mem<T>(c, i);
    else return read_op<T>(c, i, 1);
}
template <class T, Form F>
inline void write_dst(Cpu& c, const DecodedInsn& i, T v) {
    if constexpr (F == Form::ANY) write_op<T>(c, i, 0, v);
    else if constexpr (mem_dst(F)) store_mem<T>(c, i, v);
    else set_reg<T>(c, i.op[0].reg, v);
}

// ---- stack (SDM Vol. 1 §6.2) ----
// RSP in 64-bit mode; ESP or SP by SS.B in the 32-bit modes (SDM Vol. 3 §3.4.5). RSP is
// written only after the store succeeded.
inline uint64_t stack_mask(const Cpu& c) {
    const uint8_t as = c.stack_addr_size();
    return as == 8 ? ~0ull : as == 4 ? 0xffffffffull : 0xffffull;
}
inline void set_stack_pointer(Cpu& c, uint64_t sp) {
    const uint64_t m = stack_mask(c);
    c.s.gpr[RSP] = m == 0xffffull ? (c.s.gpr[RSP] & ~m) | (sp & m) : sp & m;
}
template <class T>
[[gnu::always_inline]] inline void push(Cpu& c, T v) {
    if (c.long64()) [[likely]] {
        const uint64_t rsp = c.s.gpr[RSP] - sizeof(T);
        c.store<T>(SS, rsp, v);
        c.s.gpr[RSP] = rsp;
        return;
    }
    const uint64_t sp = (c.s.gpr[RSP] - sizeof(T)) & stack_mask(c);
    c.store<T>(SS, sp, v);
    set_stack_pointer(c, sp);
}
template <class T>
[[gnu::always_inline]] inline T pop(Cpu& c) {
    if (c.long64()) [[likely]] {
        T v = c.load<T>(SS, c.s.gpr[RSP]);
        c.s.gpr[RSP] += sizeof(T);
        return v;
    }
    const uint64_t sp = c.s.gpr[RSP] & stack_mask(c);
    T v = c.load<T>(SS, sp);
    set_stack_pointer(c, sp + sizeof(T));
    return v;
}

// The calls-free paths of the stack (chain.hpp chain_try), in 64-bit mode: a PUSH of 8 bytes, or
// a read of the 8 bytes at RSP, when the TLB holds the slot; false, with nothing changed,
// otherwise.
[[gnu::always_inline]] inline bool fast_push64(Cpu& c, uint64_t v) {
    const uint64_t rsp = c.s.gpr[RSP] - 8;
    uint8_t* h = c.mmu.fast_host<uint64_t>(rsp, Access::WRITE);
    if (!h) return false;
    std::memcpy(h, &v, 8);
    c.s.gpr[RSP] = rsp;
    return true;
}
[[gnu::always_inline]] inline bool fast_top64(Cpu& c, uint64_t& v) {
    const uint8_t* h = c.mmu.fast_host<uint64_t>(c.s.gpr[RSP], Access::READ);
    if (!h) return false;
    std::memcpy(&v, h, 8);
    return true;
}

// A near branch to a non-canonical address faults on the branch itself (Intel behaviour); in
// the 32-bit modes EIP wraps at 4 GiB and must lie within the CS limit.
[[gnu::always_inline]] inline void branch_to(Cpu& c, uint64_t target) {
    if (c.long64()) [[likely]] {
        if (!is_canonical(target)) raise(Vec::GP, 0);
    } else {
        target = static_cast<uint32_t>(target);
        if (target > c.s.seg[CS].limit) raise(Vec::GP, 0);
    }
    c.s.rip = target;
}

// ---- address-sized registers ----
// rSI, rDI and rCX seen through the address size (SDM Vol. 1 §3.3.7): a 32-bit write
// zero-extends the register, a 16-bit write keeps its upper bits.
class AddrRegs {
public:
    AddrRegs(Cpu& c, const DecodedInsn& i)
        : c_(c),
          mask_(i.addrsize == 8 ? ~0ull : (1ull << (i.addrsize * 8)) - 1),
          keep_(i.addrsize == 2 ? ~mask_ : 0) {}

    uint64_t mask() const { return mask_; }
    uint64_t get(Gpr g) const { return c_.s.gpr[g] & mask_; }
    void set(Gpr g, uint64_t v) { c_.s.gpr[g] = (c_.s.gpr[g] & keep_) | (v & mask_); }
    // Steps a pointer by one element of T, down when DF is set.
    template <class T>
    void advance(Gpr g) {
        set(g, (c_.s.rflags & fl::DF) ? get(g) - sizeof(T) : get(g) + sizeof(T));
    }

private:
    Cpu& c_;
    uint64_t mask_, keep_;
};

// ---- widths ----
template <class T>
using signed_t = std::make_signed_t<T>;
template <class T>
constexpr unsigned bits_of() { return sizeof(T) * 8; }

}  // namespace lstar
