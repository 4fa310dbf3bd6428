// Saving and restoring the x87 and SSE state: FXSAVE FXRSTOR (SDM Vol. 2 FXSAVE, Tables 10-2
// and 10-3), XSAVE XSAVEOPT XRSTOR (Vol. 1 Chapter 13) and XGETBV XSETBV.
//
// lstar supports the x87 (component 0) and SSE (component 1) state components, in the standard
// (non-compacted) format only. XCR0 is fixed at x87|SSE until CpuState holds it. XINUSE is not
// tracked: both components count as in use, which a processor may always report (§13.6).
#include "cpu/ops.hpp"
#include "cpu/x87.hpp"

namespace lstar {

using namespace x87;

namespace {

constexpr uint64_t XCR0 = 3;             // x87 | SSE
constexpr uint64_t XINUSE = XCR0;        // see above

// Byte offsets in the legacy region and the XSAVE header.
constexpr size_t FCW = 0, FSW = 2, FTW = 4, FOP = 6, FIP = 8, FDP = 16, MXCSR = 24, MASK = 28,
                 ST = 32, XMM = 160, LEGACY_WRITTEN = 416, LEGACY = 512, XSTATE_BV = 512,
                 XCOMP_BV = 520, HEADER = 64, AREA = LEGACY + HEADER;

template <class T>
void put(uint8_t* a, size_t off, T v) { std::memcpy(a + off, &v, sizeof v); }
template <class T>
T get(const uint8_t* a, size_t off) {
    T v;
    std::memcpy(&v, a + off, sizeof v);
    return v;
}

}  // namespace

// The x87 part of the legacy region: bytes 0..23 and 32..159. The 64-bit form (REX.W) holds
// 64-bit FIP and FDP; the other one their low 32 bits, with FCS and FDS stored as 0.
void x87::x87_to_area(const CpuState& s, uint8_t* a, bool wide) {
    put<uint16_t>(a, FCW, s.fcw);
    put<uint16_t>(a, FSW, s.fsw);
    a[FTW] = nonempty(s.ftw);
    a[FTW + 1] = 0;
    put<uint16_t>(a, FOP, s.fop & 0x7ff);
    put<uint64_t>(a, FIP, wide ? s.fip : static_cast<uint32_t>(s.fip));
    put<uint64_t>(a, FDP, wide ? s.fdp : static_cast<uint32_t>(s.fdp));
    for (unsigned k = 0; k < 8; ++k) {
        const X87Reg& r = s.st[phys(s, k)];
        uint8_t* slot = a + ST + 16 * k;
        std::memset(slot, 0, 16);
        put<uint64_t>(slot, 0, r.mantissa);
        put<uint16_t>(slot, 8, r.sign_exp);
    }
}
// FIP keeps 57 bits, sign-extended (as on processors with 57-bit linear addresses); FDP all 64.
void x87::x87_from_area(CpuState& s, const uint8_t* a, bool wide) {
    SaveImage m{};
    m.fcw = get<uint16_t>(a, FCW);
    m.fsw = get<uint16_t>(a, FSW);
    for (unsigned r = 0; r < 8; ++r)  // the abridged tags: 1 = not empty
        m.ftw |= static_cast<uint16_t>(((a[FTW] >> r) & 1) ? 0 : tag::EMPTY) << (2 * r);
    for (unsigned k = 0; k < 8; ++k) std::memcpy(m.st[k], a + ST + 16 * k, 10);
    load_registers(s, m);
    s.fop = get<uint16_t>(a, FOP) & 0x7ff;
    s.fip = wide ? static_cast<uint64_t>(static_cast<int64_t>(get<uint64_t>(a, FIP) << 7) >> 7)
                 : get<uint32_t>(a, FIP);
    s.fdp = wide ? get<uint64_t>(a, FDP) : get<uint32_t>(a, FDP);
}

namespace {

void mxcsr_to_area(const CpuState& s, uint8_t* a) {
    put<uint32_t>(a, MXCSR, s.mxcsr);
    put<uint32_t>(a, MASK, mxcsr::WRITABLE);
}
void xmm_to_area(const CpuState& s, uint8_t* a) { std::memcpy(a + XMM, s.xmm, sizeof s.xmm); }
void xmm_from_area(CpuState& s, const uint8_t* a) { std::memcpy(s.xmm, a + XMM, sizeof s.xmm); }

// A reserved MXCSR bit set in a restored image is #GP(0).
uint32_t checked_mxcsr(const uint8_t* a) {
    const uint32_t v = get<uint32_t>(a, MXCSR);
    if (v & ~mxcsr::WRITABLE) raise(Vec::GP, 0);
    return v;
}

// The save area's linear address must be aligned (16 for FXSAVE, 64 for XSAVE) or #GP(0). A
// non-canonical address faults first, with #SS(0) for a stack reference.
void check_alignment(Cpu& c, const DecodedInsn& i, uint64_t align) {
    const uint64_t la = c.linear(i.mem.seg, ea(c, i));
    if (!is_canonical(la)) (void)load_mem<uint8_t>(c, i);
    if (la & (align - 1)) raise(Vec::GP, 0);
}

// FXSAVE and FXRSTOR: #NM when CR0.TS or CR0.EM is set; no pending-exception check.
void fxsave(Cpu& c, const DecodedInsn& i, bool wide) {
    check_x87(c);
    check_alignment(c, i, 16);
    uint8_t a[LEGACY_WRITTEN];
    x87_to_area(c.s, a, wide);
    mxcsr_to_area(c.s, a);
    xmm_to_area(c.s, a);
    check_access(c, i, LEGACY - 1, 1, true);  // all 512 bytes are checked, the last one first
    write_bytes(c, i, 0, a, sizeof a);        // bytes 416..511 are left alone
}

void fxrstor(Cpu& c, const DecodedInsn& i, bool wide) {
    check_x87(c);
    check_alignment(c, i, 16);
    uint8_t a[LEGACY];
    check_access(c, i, LEGACY - 1, 1, false);
    read_bytes(c, i, 0, a, sizeof a);
    const uint32_t mx = checked_mxcsr(a);
    x87_from_area(c.s, a, wide);
    c.s.mxcsr = mx;
    xmm_from_area(c.s, a);
}

// XSAVE family: #UD without CR4.OSXSAVE, #NM with CR0.TS (Vol. 2 XSAVE).
void check_xsave(const Cpu& c) {
    if (!(c.s.cr4 & cr4::OSXSAVE)) raise(Vec::UD);
    if (c.s.cr0 & cr0::TS) raise(Vec::NM);
}

uint64_t requested(const Cpu& c) { return ((c.s.gpr[RDX] << 32) | static_cast<uint32_t>(c.s.gpr[RAX])) & XCR0; }

// XSAVE and XSAVEOPT in the standard format. With XINUSE always set, XSAVEOPT's init and
// modified optimizations never apply and it saves what XSAVE saves (§13.9). The processor
// touches the area's last byte, then each requested component in order, then the header: only
// those bytes can fault, and they are all checked before any is written.
void xsave(Cpu& c, const DecodedInsn& i, bool wide) {
    check_xsave(c);
    check_alignment(c, i, 64);
    const uint64_t rfbm = requested(c);
    check_access(c, i, AREA - 1, 1, true);
    if (rfbm & 1) check_access(c, i, 0, XMM, true);
    if (rfbm & 2) {  // MXCSR goes with SSE (or AVX, which lstar lacks)
        check_access(c, i, MXCSR, ST - MXCSR, true);
        check_access(c, i, XMM, LEGACY_WRITTEN - XMM, true);
    }
    check_access(c, i, XSTATE_BV, 8, true);
    const uint64_t bv = load_mem<uint64_t>(c, i, XSTATE_BV);
    uint8_t a[LEGACY_WRITTEN];
    if (rfbm & 1) {
        x87_to_area(c.s, a, wide);
        write_bytes(c, i, 0, a, MXCSR);
        write_bytes(c, i, ST, a + ST, XMM - ST);
    }
    if (rfbm & 2) {
        mxcsr_to_area(c.s, a);
        xmm_to_area(c.s, a);
        write_bytes(c, i, MXCSR, a + MXCSR, ST - MXCSR);
        write_bytes(c, i, XMM, a + XMM, LEGACY_WRITTEN - XMM);
    }
    store_mem<uint64_t>(c, i, (bv & ~rfbm) | (rfbm & XINUSE), XSTATE_BV);
}

// XRSTOR, standard format (§13.8.1): components in RFBM are loaded when their XSTATE_BV bit is
// set and initialised when it is clear; MXCSR is loaded whenever SSE is requested. The order of
// the accesses decides which fault wins: XCOMP_BV first (a compacted image is #GP at once, as
// lstar has no XSAVEC), then each requested component, then the rest of the header.
void xrstor(Cpu& c, const DecodedInsn& i, bool wide) {
    check_xsave(c);
    check_alignment(c, i, 64);
    const uint64_t rfbm = requested(c);
    uint8_t a[AREA] = {};
    read_bytes(c, i, XCOMP_BV, a + XCOMP_BV, 8);
    if (get<uint64_t>(a, XCOMP_BV) >> 63) raise(Vec::GP, 0);
    if (rfbm & 1) read_bytes(c, i, 0, a, XMM);
    if (rfbm & 2) {
        read_bytes(c, i, MXCSR, a + MXCSR, ST - MXCSR);
        read_bytes(c, i, XMM, a + XMM, LEGACY_WRITTEN - XMM);
    }
    read_bytes(c, i, LEGACY, a + LEGACY, HEADER);
    // XSTATE_BV may name only enabled components; bytes 23:8 of the header must be zero.
    const uint64_t bv = get<uint64_t>(a, XSTATE_BV);
    if ((bv & ~XCR0) || get<uint64_t>(a, XCOMP_BV) || get<uint64_t>(a, XCOMP_BV + 8)) raise(Vec::GP, 0);
    const uint32_t mx = (rfbm & 2) ? checked_mxcsr(a) : c.s.mxcsr;
    if (rfbm & 1) {
        if (bv & 1) {
            x87_from_area(c.s, a, wide);
        } else {  // the x87 initial configuration (§13.6): FNINIT and zeroed registers
            init(c.s);
            for (X87Reg& r : c.s.st) r = X87Reg{0, 0};
        }
    }
    if (rfbm & 2) {
        if (bv & 2) xmm_from_area(c.s, a);
        else std::memset(c.s.xmm, 0, sizeof c.s.xmm);
        c.s.mxcsr = mx;
    }
}

}  // namespace

void op_fxsave(Cpu& c, const DecodedInsn& i) { fxsave(c, i, false); }
void op_fxsave64(Cpu& c, const DecodedInsn& i) { fxsave(c, i, true); }
void op_fxrstor(Cpu& c, const DecodedInsn& i) { fxrstor(c, i, false); }
void op_fxrstor64(Cpu& c, const DecodedInsn& i) { fxrstor(c, i, true); }
void op_xsave(Cpu& c, const DecodedInsn& i) { xsave(c, i, false); }
void op_xsave64(Cpu& c, const DecodedInsn& i) { xsave(c, i, true); }
void op_xrstor(Cpu& c, const DecodedInsn& i) { xrstor(c, i, false); }
void op_xrstor64(Cpu& c, const DecodedInsn& i) { xrstor(c, i, true); }

// XGETBV: ECX = 0 reads XCR0; XGETBV with ECX = 1 (XINUSE) is not reported in CPUID, so #GP.
void op_xgetbv(Cpu& c, const DecodedInsn&) {
    if (!(c.s.cr4 & cr4::OSXSAVE)) raise(Vec::UD);
    if (static_cast<uint32_t>(c.s.gpr[RCX]) != 0) raise(Vec::GP, 0);
    c.s.gpr[RAX] = static_cast<uint32_t>(XCR0);
    c.s.gpr[RDX] = static_cast<uint32_t>(XCR0 >> 32);
}

// XSETBV (Vol. 2 XSETBV): CPL 0 only; XCR0 must keep x87 and name only supported components.
// XCR0 cannot change yet, so the one value accepted is the current one.
void op_xsetbv(Cpu& c, const DecodedInsn&) {
    if (!(c.s.cr4 & cr4::OSXSAVE)) raise(Vec::UD);
    if (c.s.cpl != 0 || static_cast<uint32_t>(c.s.gpr[RCX]) != 0) raise(Vec::GP, 0);
    const uint64_t v = (c.s.gpr[RDX] << 32) | static_cast<uint32_t>(c.s.gpr[RAX]);
    if (v != XCR0) raise(Vec::GP, 0);
}

}  // namespace lstar
