// Comparing what the host did with what lstar did: every GPR, RIP, RFLAGS (less RF and the
// flags the SDM leaves undefined for this case), the x87/SSE state (less the undefined x87
// condition codes), the data pages, and the exception that ended the case with its error code
// and CR2.
//
// The x87/SSE state is compared as FXSAVE stores it: XMM0-15, MXCSR, FCW, FSW, the abridged tag
// word (which registers are empty; the full tags follow from the contents), the 80 bits of
// ST(0)..ST(7) in stack order whether empty or not, and FOP, FIP and FDP. FXSAVE's MXCSR_MASK
// and reserved bytes are not state.
#include <cstring>

#include "difftest/case.hpp"

namespace lstar::difftest {
namespace {

constexpr uint64_t RF = 1u << 16;  // set in the image of a fault, never architecturally visible here

// Vectors that push an error code (SDM Vol. 3 Table 6-1).
bool has_error_code(uint8_t v) { return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21; }

void compare_fp(const FpImage& h, const FpImage& e, uint16_t fsw_mask, Diff& d) {
    for (unsigned n = 0; n < 16; ++n)
        if (std::memcmp(h.xmm(n), e.xmm(n), 16) != 0) d.xmm |= 1u << n;
    for (unsigned i = 0; i < 8; ++i)
        if (std::memcmp(h.b + FpImage::ST + 16 * i, e.b + FpImage::ST + 16 * i, 10) != 0) d.st |= 1u << i;
    if (h.fcw() != e.fcw()) d.fpu |= fpf::FCW;
    if ((h.fsw() ^ e.fsw()) & ~fsw_mask) d.fpu |= fpf::FSW;
    if (h.ftw() != e.ftw()) d.fpu |= fpf::FTW;
    if (h.fop() != e.fop()) d.fpu |= fpf::FOP;
    if (h.fip() != e.fip()) d.fpu |= fpf::FIP;
    if (h.fdp() != e.fdp()) d.fpu |= fpf::FDP;
    if (h.mxcsr() != e.mxcsr()) d.fpu |= fpf::MXCSR;
}

}  // namespace

Diff compare(const Form& f, const Input& in, const Outcome& host, const Outcome& emu) {
    Diff d;
    // An instruction that faults must leave everything as it was, undefined flags included,
    // so the mask applies only when both ran to the INT3.
    const bool completed = host.status == Status::STOPPED && emu.status == Status::STOPPED &&
                           host.vector == VEC_BP && emu.vector == VEC_BP;
    if (completed) d.masked = undefined_for(f, in);

    d.fault = host.status != emu.status || host.vector != emu.vector ||
              (has_error_code(host.vector) && host.error != emu.error) ||
              (host.vector == VEC_PF && host.cr2 != emu.cr2);

    uint64_t dest_mask[16] = {};
    if (d.masked.dest && in.dest_reg >= 0)
        dest_mask[in.dest_reg] = f.width >= 8 ? ~0ull : (1ull << (f.width * 8)) - 1;
    for (unsigned n = 0; n < 16; ++n)
        if ((host.regs.gpr[n] ^ emu.regs.gpr[n]) & ~dest_mask[n]) d.gpr |= 1u << n;
    d.rip = host.regs.rip != emu.regs.rip;
    const uint64_t flag_mask = ~(RF | d.masked.flags);
    d.rflags = ((host.regs.rflags ^ emu.regs.rflags) & flag_mask) != 0;
    compare_fp(host.fp, emu.fp, d.masked.fsw, d);

    // The memory destination of an undefined result is skipped byte by byte.
    uint64_t skip_lo = 0, skip_hi = 0;
    if (d.masked.dest && in.dest_reg < 0 && in.mem_size) skip_lo = in.mem_addr, skip_hi = in.mem_addr + f.width;
    if (std::memcmp(host.data, emu.data, DATA_BYTES) == 0) return d;
    for (uint32_t i = 0; i < DATA_BYTES;) {
        const uint64_t la = DATA + i;
        if (host.data[i] == emu.data[i] || (la >= skip_lo && la < skip_hi)) {
            ++i;
            continue;
        }
        uint32_t j = i;
        while (j < DATA_BYTES && host.data[j] != emu.data[j]) ++j;
        d.mem.emplace_back(i, j);
        i = j;
    }
    return d;
}

}  // namespace lstar::difftest
