// Running a case on lstar's CPU: the same pages at the same addresses, the same registers, and
// run() until the INT3 after the instruction (#BP) or a fault.
#include <cstring>
#include <exception>

#include "cpu/cpu.hpp"
#include "difftest/case.hpp"

namespace lstar::difftest {

namespace {
// Enough for a REP string of 40 elements even if lstar retires each iteration separately.
constexpr uint64_t kBudget = 1000;
}  // namespace

struct Emulator::Impl {
    Cpu cpu{16 << 20};
    uint8_t code[PAGE];

    Impl() {
        cpu.map(CODE, PAGE, perm::R | perm::X);
        cpu.map(DATA, 2 * PAGE, perm::R | perm::W);
        cpu.map(RODATA, PAGE, perm::R);
        std::memset(code, 0xcc, sizeof code);
    }
};

Emulator::Emulator() : impl_(new Impl) {}
Emulator::~Emulator() { delete impl_; }

void Emulator::run(const Input& in, Outcome& out) {
    Cpu& cpu = impl_->cpu;
    out = Outcome{};
    std::memcpy(impl_->code + in.code_off, in.bytes, in.len);
    cpu.reset_long64(3);
    cpu.write_mem(CODE, impl_->code, PAGE);  // also drops the previous case's decoded blocks
    std::memset(impl_->code + in.code_off, 0xcc, in.len);
    cpu.write_mem(DATA, in.data, DATA_BYTES);
    for (unsigned n = 0; n < 16; ++n) cpu.set_reg(static_cast<Gpr>(n), in.regs.gpr[n]);
    cpu.set_rip(in.regs.rip);
    cpu.set_rflags(in.regs.rflags);
    cpu.s.seg[GS].base = in.gs_base;
    try {
        const StopInfo st = cpu.run(kBudget);
        if (st.reason == StopInfo::Reason::FAULT) {
            out.status = Status::STOPPED;
            out.vector = static_cast<uint8_t>(st.fault.vector);
            out.error = st.fault.error;
            out.cr2 = st.fault.vector == Vec::PF ? st.fault.cr2 : 0;
        } else {
            out.status = Status::NO_STOP;
        }
    } catch (const std::exception&) {
        out.status = Status::CRASH;
    }
    for (unsigned n = 0; n < 16; ++n) out.regs.gpr[n] = cpu.reg(static_cast<Gpr>(n));
    out.regs.rip = cpu.rip();
    out.regs.rflags = cpu.rflags();
    cpu.read_mem(DATA, out.data, DATA_BYTES);
}

}  // namespace lstar::difftest
