// A flat 64-bit machine for unit tests: code at CODE, data at DATA, a stack below STACK_TOP.
// exec() writes raw instruction bytes followed by INT3 and runs until the INT3 (or a fault).
#pragma once
#include <cstring>
#include <initializer_list>
#include <vector>

#include "cpu/cpu.hpp"

namespace lstar::test {

constexpr uint64_t CODE = 0x400000;
constexpr uint64_t DATA = 0x600000;
constexpr uint64_t STACK_TOP = 0x800000;

struct Flat {
    Cpu cpu{64 << 20};

    Flat() {
        cpu.map(CODE, 0x10000, perm::R | perm::W | perm::X);
        cpu.map(DATA, 0x10000, perm::R | perm::W);
        cpu.map(STACK_TOP - 0x10000, 0x10000, perm::R | perm::W);
        cpu.set_reg(RSP, STACK_TOP - 0x100);
    }

    // Runs `code` + INT3 from CODE. Returns the stop; a clean run stops with #BP after the INT3.
    StopInfo exec(std::initializer_list<uint8_t> code, uint64_t max_insns = 100000) {
        std::vector<uint8_t> bytes(code);
        bytes.push_back(0xcc);
        cpu.write_mem(CODE, bytes.data(), bytes.size());
        cpu.set_rip(CODE);
        return cpu.run(max_insns);
    }
    // True when exec() ran to the final INT3 without a fault.
    static bool ok(const StopInfo& s) {
        return s.reason == StopInfo::Reason::FAULT && s.fault.vector == Vec::BP;
    }
    static bool faulted(const StopInfo& s, Vec v) {
        return s.reason == StopInfo::Reason::FAULT && s.fault.vector == v;
    }

    // A GDT laid out like Linux's: 0x10 kernel code, 0x18 kernel data, 0x23 32-bit user code,
    // 0x2b user data, 0x33 64-bit user code, and a not-present data segment at 0x38.
    static constexpr uint64_t GDT = 0xa00000;
    void install_gdt() {
        const uint64_t gdt[] = {
            0,
            0,
            0x00af9b000000ffffull,  // 0x10 __KERNEL_CS
            0x00cf93000000ffffull,  // 0x18 __KERNEL_DS
            0x00cffb000000ffffull,  // 0x20 __USER32_CS
            0x00cff3000000ffffull,  // 0x28 __USER_DS
            0x00affb000000ffffull,  // 0x30 __USER_CS
            0x00cf73000000ffffull,  // 0x38 user data, not present
        };
        cpu.map(GDT, 0x1000, perm::R | perm::W);
        cpu.write_mem(GDT, gdt, sizeof gdt);
        cpu.s.gdtr = DescTable{GDT, sizeof gdt - 1};
    }

    uint64_t r(Gpr g) const { return cpu.reg(g); }
    void set(Gpr g, uint64_t v) { cpu.set_reg(g, v); }
    uint64_t flags() const { return cpu.rflags(); }
    template <class T>
    T mem(uint64_t la) {
        T v{};
        cpu.read_mem(la, &v, sizeof v);
        return v;
    }
    template <class T>
    void poke(uint64_t la, T v) { cpu.write_mem(la, &v, sizeof v); }
};

}  // namespace lstar::test
