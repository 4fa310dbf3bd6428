// Running a case on lstar's CPU: the same pages at the same addresses, the same registers and
// x87/SSE state, and run() until the INT3 after the instruction (#BP) or a fault.
#include <cstring>
#include <exception>

#include "cpu/cpu.hpp"
#include "cpu/x87.hpp"
#include "difftest/case.hpp"

namespace lstar::difftest {

namespace {
// Enough for a REP string of 40 elements even if lstar retires each iteration separately.
constexpr uint64_t kBudget = 1000;

// The image's state into lstar's registers: ST(i) of the image is physical register TOP+i, and
// the full tag word follows from the abridged one and the contents, as FXRSTOR rebuilds it.
void load_fp(CpuState& s, const FpImage& fp) {
    s.fcw = fp.fcw();
    s.fsw = fp.fsw();
    s.fop = fp.fop();
    s.fip = fp.fip();
    s.fdp = fp.fdp();
    s.mxcsr = fp.mxcsr();
    for (unsigned i = 0; i < 8; ++i) {
        const F80 v = fp.st(i);
        s.st[(fp.top() + i) & 7] = X87Reg{v.mant, v.se};
    }
    s.ftw = x87::tags_from(s, fp.ftw());
    for (unsigned n = 0; n < 16; ++n) std::memcpy(&s.xmm[n], fp.xmm(n), 16);
}

// lstar's registers as FXSAVE64 would store them.
void store_fp(const CpuState& s, FpImage& fp) {
    std::memset(fp.b, 0, sizeof fp.b);
    fp.set<uint16_t>(FpImage::FCW, s.fcw);
    fp.set<uint16_t>(FpImage::FSW, s.fsw);
    fp.b[FpImage::FTW] = x87::nonempty(s.ftw);
    fp.set<uint16_t>(FpImage::FOP, s.fop);
    fp.set<uint64_t>(FpImage::FIP, s.fip);
    fp.set<uint64_t>(FpImage::FDP, s.fdp);
    fp.set<uint32_t>(FpImage::MXCSR, s.mxcsr);
    fp.set<uint32_t>(FpImage::MXCSR_MASK, 0xffff);
    const unsigned top = s.fsw >> 11 & 7;
    for (unsigned i = 0; i < 8; ++i) {
        const X87Reg& r = s.st[(top + i) & 7];
        fp.set_st(i, F80{r.mantissa, r.sign_exp});
    }
    for (unsigned n = 0; n < 16; ++n) std::memcpy(fp.xmm(n), &s.xmm[n], 16);
}

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
    cpu.s.cr4 |= cr4::OSXSAVE;  // as Linux runs user code: XSAVE enabled for x87 and SSE
    cpu.s.xcr0 = 3;
    cpu.write_mem(CODE, impl_->code, PAGE);  // also drops the previous case's decoded blocks
    std::memset(impl_->code + in.code_off, 0xcc, in.len);
    cpu.write_mem(DATA, in.data, DATA_BYTES);
    for (unsigned n = 0; n < 16; ++n) cpu.set_reg(static_cast<Gpr>(n), in.regs.gpr[n]);
    cpu.set_rip(in.regs.rip);
    cpu.set_rflags(in.regs.rflags);
    cpu.s.seg[GS].base = in.gs_base;
    load_fp(cpu.s, in.fp);
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
    store_fp(cpu.s, out.fp);
    cpu.read_mem(DATA, out.data, DATA_BYTES);
}

}  // namespace lstar::difftest
