// The x87/SSE state an SSE or x87 case starts from, and the values its operands care about:
// related operands for compares, shift counts at the element width, PCMPxSTRx strings and
// lengths, MASKMOV targets, and the images that LDMXCSR, FLDCW, FXRSTOR, XRSTOR, FLDENV and
// FRSTOR load.
#include <algorithm>

#include "difftest/generate.hpp"

namespace lstar::difftest {
namespace {

// XSTATE_BV and EDX:EAX bits that neither lstar's XCR0 (x87, SSE) nor a Linux host's XCR0
// enables (supervisor components and unassigned bits): XRSTOR must #GP on them everywhere.
constexpr unsigned kForeignBits[] = {8, 10, 13, 14, 15, 16, 20, 30, 40, 62};

unsigned lane_bytes(Elem e) {
    switch (e) {
    case Elem::I8: return 1;
    case Elem::I16: return 2;
    case Elem::I32:
    case Elem::F32: return 4;
    case Elem::I64:
    case Elem::F64: return 8;
    default: return 0;
    }
}

bool is_float(Elem e) { return e == Elem::F32 || e == Elem::F64 || e == Elem::F80; }

}  // namespace

// MXCSR: any rounding mode, DAZ and FTZ, exceptions mostly masked, sometimes sticky flags.
uint32_t Builder::pick_mxcsr() {
    uint32_t m = static_cast<uint32_t>(rng_.below(4)) << 13;
    if (rng_.chance(25)) m |= 1u << 6;   // DAZ
    if (rng_.chance(25)) m |= 1u << 15;  // FTZ
    const bool unmasked = rng_.chance(20);
    m |= (unmasked ? static_cast<uint32_t>(rng_.next()) & 0x3f : 0x3f) << 7;
    if (rng_.chance(unmasked ? 10 : 35)) m |= static_cast<uint32_t>(rng_.next()) & 0x3f;
    return m;
}

// FCW: precision 24, 53 or 64 bits (01 is reserved), any rounding, mostly masked; bit 6 reads
// as 1 and the infinity control bit is kept without effect.
uint16_t Builder::pick_fcw() {
    static constexpr uint16_t kPc[] = {3, 3, 3, 3, 3, 2, 2, 2, 0, 0};
    uint16_t cw = static_cast<uint16_t>(0x40 | kPc[rng_.below(10)] << 8 | rng_.below(4) << 10);
    cw |= rng_.chance(80) ? 0x3f : static_cast<uint16_t>(rng_.next() & 0x3f);
    if (rng_.chance(10)) cw |= 0x1000;
    return cw;
}

// FSW with its TOP, random condition codes, sometimes sticky flags; ES and B as FXRSTOR
// computes them, so an unmasked flag makes the next waiting x87 instruction raise #MF.
uint16_t Builder::pick_fsw(uint16_t fcw, unsigned top) {
    uint16_t sw = static_cast<uint16_t>((rng_.next() & 0x4700) | top << 11);
    const bool unmasked = (fcw & 0x3f) != 0x3f;
    if (rng_.chance(unmasked ? 10 : 30)) {
        sw |= static_cast<uint16_t>(rng_.next() & 0x3f);
        if ((sw & 1) && rng_.chance(40)) sw |= 0x40;  // a stack fault comes with IE
    }
    if (sw & ~fcw & 0x3f) sw |= 0x8080;
    return sw;
}

// A whole x87/SSE state. `mmx`: the registers hold MMX lanes of the form's element type.
void Builder::random_fp_state(FpImage& fp, bool mmx) {
    std::memset(fp.b, 0, sizeof fp.b);
    fp.set<uint32_t>(FpImage::MXCSR, pick_mxcsr());
    fp.set<uint32_t>(FpImage::MXCSR_MASK, 0xffff);
    const Elem lanes = f_.isa == Isa::X87 ? Elem::F64 : f_.elem;
    for (unsigned n = 0; n < 16; ++n) fill_lanes(rng_, fp.xmm(n), 16, lanes);
    const uint16_t fcw = pick_fcw();
    const unsigned top = static_cast<unsigned>(rng_.below(8));
    fp.set<uint16_t>(FpImage::FCW, fcw);
    fp.set<uint16_t>(FpImage::FSW, pick_fsw(fcw, top));
    // Mostly a stack: ST(0)..ST(depth-1) in use; empty and full stacks for the stack faults.
    const unsigned r = static_cast<unsigned>(rng_.below(100));
    const unsigned depth = r < 6 ? 0 : r < 12 ? 8 : 1 + static_cast<unsigned>(rng_.below(7));
    uint8_t tags = 0;
    for (unsigned i = 0; i < depth; ++i) tags = static_cast<uint8_t>(tags | 1u << ((top + i) & 7));
    if (mmx || rng_.chance(15)) tags = static_cast<uint8_t>(rng_.next());
    fp.b[FpImage::FTW] = tags;
    for (unsigned i = 0; i < 8; ++i) {
        F80 v = special_f80(rng_);
        if (mmx) {
            fill_lanes(rng_, reinterpret_cast<uint8_t*>(&v.mant), 8, f_.elem);
            v.se = rng_.chance(60) ? 0xffff : static_cast<uint16_t>(rng_.next());  // as MMX writes leave it
        }
        fp.set_st(i, v);
    }
    fp.set<uint16_t>(FpImage::FOP, static_cast<uint16_t>(rng_.next() & 0x7ff));
    // FXRSTOR keeps 57 bits of FIP on some CPUs (sign-extended): stay within them.
    fp.set<uint64_t>(FpImage::FIP, static_cast<uint64_t>(static_cast<int64_t>(rng_.next() << 7) >> 7));
    fp.set<uint64_t>(FpImage::FDP, rng_.next());
}

void Builder::setup_fp_state() { random_fp_state(in_.fp, mmx_); }

// Shift counts around the element width; PSLLDQ and PALIGNR count bytes.
uint64_t Builder::pick_simd_count() {
    const uint64_t b = f_.elem == Elem::I8 ? 8 : lane_bytes(f_.elem) * 8;
    const uint64_t edges[] = {0, 1, b - 1, b, b + 1, 2 * b - 1, 2 * b, 2 * b + 1, 15, 16, 17, 31, 32, 63, 64, 255};
    return rng_.chance(75) ? edges[rng_.below(16)] & 0xff : rng_.below(256);
}

// Predicates and selectors: CMPxx 0-7, ROUNDxx 0-15, PCLMULQDQ's four, lane indexes.
uint64_t Builder::pick_pred() {
    static constexpr uint64_t kClmul[] = {0x00, 0x01, 0x10, 0x11};
    const unsigned r = static_cast<unsigned>(rng_.below(100));
    if (r < 60) return rng_.below(8);
    if (r < 75) return rng_.below(16);
    if (r < 85) return kClmul[rng_.below(4)];
    return rng_.below(256);
}

// Where operand k's bytes live in the case: an XMM or MMX register in the image, or the memory
// operand when it lies wholly in the data pages; null otherwise.
uint8_t* Builder::operand_bytes(unsigned k, unsigned& len) {
    const OperandSpec& o = f_.ops[k];
    len = o.size;
    switch (o.kind) {
    case Opnd::XMM: return in_.fp.xmm(regs_[k].n);
    case Opnd::MM: return in_.fp.b + FpImage::ST + 16 * ((regs_[k].n - in_.fp.top()) & 7);
    case Opnd::MEM:
        if (in_.mem_addr < DATA || in_.mem_addr + o.size > DATA_END) return nullptr;
        return in_.data + (in_.mem_addr - DATA);
    default: return nullptr;
    }
}

void Builder::fill_memory(uint64_t la, unsigned size, Elem e) {
    if (size > 16 || la < DATA || la + size > DATA_END) return;  // images come later; the rest is random
    fill_lanes(rng_, in_.data + (la - DATA), size, e);
}

void Builder::fix_simd_values() {
    const std::string& n = f_.name;
    if (n == "BLENDVPS" || n == "BLENDVPD" || n == "PBLENDVB" || n == "PCMPESTRM" || n == "PCMPISTRM")
        in_.xmm_used |= 1;  // XMM0 is an implicit operand
    if (f_.flags & gen::STRCMP) shape_strings();
    else if (f_.flags & gen::SHIFT) shape_count();
    else correlate_operands();
    if (f_.flags & gen::MASKMOV) setup_maskmov();
    if (f_.flags & gen::XSAVE) {  // EDX:EAX: x87 and SSE, sometimes bits no XCR0 here enables
        uint64_t rfbm = rng_.below(4);
        if (rng_.chance(15)) rfbm |= 1ull << kForeignBits[rng_.below(std::size(kForeignBits))];
        set_low(RAX_N, 0, 4, rfbm & 0xffffffff);
        set_low(RDX_N, 0, 4, rfbm >> 32);
    }
    if (mem_op_ < 0 || in_.mem_addr < DATA || in_.mem_addr >= DATA_END) return;
    if (f_.flags & gen::MXCSR_SRC) poke(in_.mem_addr, rng_.chance(85) ? pick_mxcsr() : rng_.next(), 4);
    if (n == "FLDCW" && rng_.chance(70)) poke(in_.mem_addr, pick_fcw(), 2);
    if (f_.flags & gen::FXIMAGE) write_fx_image(in_.mem_addr);
    if ((f_.flags & gen::XSAVE) && n.rfind("XRSTOR", 0) == 0) write_xsave_image(in_.mem_addr);
    if (f_.flags & gen::ENV) write_env_image(in_.mem_addr, in_.mem_size);
}

// Compares, min/max and subtractions need equal operands, and sign-only differences.
void Builder::correlate_operands() {
    if (f_.isa == Isa::X87) {
        const F80 st0 = in_.fp.st(0);
        for (unsigned k = 0; k < f_.nops; ++k) {
            if (f_.ops[k].kind == Opnd::ST && regs_[k].n && rng_.chance(20)) {
                F80 v = st0;
                if (rng_.chance(30)) v.se ^= 0x8000;
                else if (rng_.chance(30)) v.mant += rng_.below(3) - 1;
                in_.fp.set_st(regs_[k].n, v);
            }
            // A memory operand equal to ST(0) rounded to its format (the host rounds it).
            const Elem e = f_.ops[k].elem;
            if (f_.ops[k].kind != Opnd::MEM || (e != Elem::F32 && e != Elem::F64) || !rng_.chance(15)) continue;
            long double v;
            std::memcpy(&v, &st0.mant, 8);
            std::memcpy(reinterpret_cast<uint8_t*>(&v) + 8, &st0.se, 2);
            if (e == Elem::F32) poke(in_.mem_addr, std::bit_cast<uint32_t>(static_cast<float>(v)), 4);
            else poke(in_.mem_addr, std::bit_cast<uint64_t>(static_cast<double>(v)), 8);
        }
        return;
    }
    const unsigned lane = lane_bytes(f_.elem);
    unsigned la = 0, lb = 0;
    uint8_t* a = f_.nops >= 2 ? operand_bytes(0, la) : nullptr;
    uint8_t* b = f_.nops >= 2 ? operand_bytes(1, lb) : nullptr;
    if (!a || !b || !lane || a == b || !rng_.chance(30)) return;
    for (unsigned i = 0; i + lane <= std::min(la, lb); i += lane) {
        if (!rng_.chance(50)) continue;
        std::memcpy(b + i, a + i, lane);
        if (is_float(f_.elem) && rng_.chance(30)) b[i + lane - 1] ^= 0x80;  // the negation
        else if (rng_.chance(25)) b[i] ^= 1;                                // one ulp away
    }
}

// PSLLW xmm, xmm/m128 and the like: the count is the low quadword of the source.
void Builder::shape_count() {
    unsigned len = 0;
    uint8_t* p = f_.nops >= 2 && f_.ops[1].kind != Opnd::IMM ? operand_bytes(1, len) : nullptr;
    if (!p || len < 8) return;
    const uint64_t v = rng_.chance(85) ? pick_simd_count() : special(rng_, 8);
    std::memcpy(p, &v, 8);
}

// PCMPxSTRx: strings over a small alphabet with NULs (bytes or words, as imm8 bit 0 says), so
// that matches, ranges and terminators occur; explicit lengths around 0..16 for PCMPESTRx.
void Builder::shape_strings() {
    static constexpr uint8_t kAlphabet[] = {0, 'a', 'b', 'c', 'd', 'a', 'b', 0xff};
    const bool words = req_.operands[2].imm.u & 1;
    for (unsigned k = 0; k < 2; ++k) {
        unsigned len = 0;
        uint8_t* p = operand_bytes(k, len);
        if (!p || !rng_.chance(75)) continue;
        const unsigned nul_odds = static_cast<unsigned>(rng_.below(4)) * 8;  // percent
        for (unsigned i = 0; i < len; i += words ? 2 : 1) {
            p[i] = rng_.chance(nul_odds) ? 0 : kAlphabet[1 + rng_.below(7)];
            if (words) p[i + 1] = rng_.chance(85) ? 0 : p[i];
        }
    }
    if (f_.name != "PCMPESTRI" && f_.name != "PCMPESTRM") return;
    static constexpr uint64_t kEdges[] = {8, 9, 16, 17, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffff0,
                                          0x8000000000000000, 0xffffffff00000010};
    const unsigned width = req_.operand_size_hint == ZYDIS_OPERAND_SIZE_HINT_64 ? 8 : 4;  // REX.W
    for (unsigned r : {RAX_N, RDX_N}) {
        const unsigned pick = static_cast<unsigned>(rng_.below(100));
        const uint64_t v = pick < 75   ? static_cast<uint64_t>(static_cast<int64_t>(rng_.below(41)) - 20)
                           : pick < 90 ? kEdges[rng_.below(std::size(kEdges))]
                                       : rng_.next();
        set_low(r, 0, width, v);
    }
}

// MASKMOVQ/MASKMOVDQU store the bytes that the sign bits of operand 1 select at DS:[rDI].
// Whether a store whose mask selects nothing on a bad page faults is implementation-specific,
// so the store lies wholly in the writable data, or wholly on a bad page with a byte selected.
void Builder::setup_maskmov() {
    const unsigned size = f_.ops[0].kind == Opnd::XMM ? 16 : 8;
    unsigned len = 0;
    uint8_t* mask = operand_bytes(1, len);
    uint64_t rdi = DATA + rng_.below(RODATA - DATA - size + 1);
    if (rng_.chance(10)) {
        switch (rng_.below(a32_ ? 2 : 3)) {  // EDI cannot be non-canonical
        case 0: rdi = RODATA + rng_.below(PAGE - size + 1); break;
        case 1: rdi = DATA - PAGE + rng_.below(PAGE - size + 1); break;
        default: rdi = kNonCanonical[rng_.below(4)] + rng_.below(PAGE - size + 1); break;
        }
        mask[rng_.below(size)] |= 0x80;
    }
    gpr(RDI_N) = ignored_high() | rdi;
}

// The bytes of an image that fall in the data pages.
void Builder::poke_bytes(uint64_t la, const uint8_t* p, unsigned n) {
    for (unsigned i = 0; i < n; ++i)
        if (la + i >= DATA && la + i < DATA_END) in_.data[la + i - DATA] = p[i];
}

// FXRSTOR's source: a state like a case's, with the fields FXRSTOR checks or adjusts
// sometimes out of line (reserved FCW bits, ES and B, FIP's upper bits, MXCSR's reserved bits).
void Builder::write_fx_image(uint64_t la) {
    FpImage img;
    random_fp_state(img, rng_.chance(20));
    if (rng_.chance(20)) img.set<uint16_t>(FpImage::FCW, static_cast<uint16_t>(rng_.next()));
    if (rng_.chance(20)) img.set<uint16_t>(FpImage::FSW, static_cast<uint16_t>(rng_.next()));
    if (rng_.chance(20)) img.set<uint16_t>(FpImage::FOP, static_cast<uint16_t>(rng_.next()));
    if (rng_.chance(30)) img.set<uint64_t>(FpImage::FIP, rng_.next());
    if (rng_.chance(15)) img.set<uint32_t>(FpImage::MXCSR, static_cast<uint32_t>(rng_.next()));
    for (unsigned i = 0; i < 8; ++i)  // the unused bytes of each register slot
        for (unsigned j = 10; j < 16; ++j) img.b[FpImage::ST + 16 * i + j] = static_cast<uint8_t>(rng_.next());
    fill_random(rng_, img.b + 416, 96);  // reserved and software-available bytes
    poke_bytes(la, img.b, 512);
}

// XRSTOR's source: the legacy area as for FXRSTOR, then the header: XSTATE_BV mostly within
// x87|SSE, XCOMP_BV and the reserved bytes mostly zero (#GP otherwise).
void Builder::write_xsave_image(uint64_t la) {
    write_fx_image(la);
    uint8_t hdr[64] = {};
    uint64_t bv = rng_.below(4);
    const unsigned r = static_cast<unsigned>(rng_.below(100));
    if (r >= 90) bv = rng_.next();
    else if (r >= 80) bv |= 1ull << kForeignBits[rng_.below(std::size(kForeignBits))];
    std::memcpy(hdr, &bv, 8);
    if (rng_.chance(8)) {
        const uint64_t junk = rng_.next();
        std::memcpy(hdr + 8 + 8 * rng_.below(7), &junk, 8);
    }
    poke_bytes(la + 512, hdr, 64);
}

// FLDENV/FRSTOR's source: the protected-mode environment (28 bytes, or 14 with a 16-bit
// operand size) with a mostly plausible control word, status word and full tag word, then
// for FRSTOR the eight registers in stack order.
void Builder::write_env_image(uint64_t la, unsigned size) {
    uint8_t img[112] = {};
    fill_random(rng_, img, sizeof img);
    const bool wide = size == 28 || size == 108;
    const unsigned env = wide ? 28 : 14, step = wide ? 4 : 2;
    if (rng_.chance(80)) {
        const uint16_t fcw = pick_fcw();
        const uint16_t fsw = pick_fsw(fcw, static_cast<unsigned>(rng_.below(8)));
        uint16_t tw = static_cast<uint16_t>(rng_.next());
        if (rng_.chance(50))
            for (unsigned i = 0; i < 8; ++i)
                if (rng_.chance(30)) tw = static_cast<uint16_t>(tw | 3u << (2 * i));
        std::memcpy(img, &fcw, 2);
        std::memcpy(img + step, &fsw, 2);
        std::memcpy(img + 2 * step, &tw, 2);
    }
    for (unsigned i = 0; env + 10 * i + 10 <= size; ++i) {
        const F80 v = special_f80(rng_);
        std::memcpy(img + env + 10 * i, &v.mant, 8);
        std::memcpy(img + env + 10 * i + 8, &v.se, 2);
    }
    poke_bytes(la, img, size);
}

}  // namespace lstar::difftest
