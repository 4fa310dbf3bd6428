// The x87/SSE part of a mismatch report: the state the case started from (the registers its
// operands name, MXCSR, the x87 control words and stack), and the host's and lstar's results
// side by side, differing fields marked with '*'.
#include <fmt/core.h>

#include <cstring>
#include <string>

#include "difftest/case.hpp"

namespace lstar::difftest {
namespace {

std::string xmm_text(const uint8_t* p) {
    uint64_t lo, hi;
    std::memcpy(&lo, p, 8);
    std::memcpy(&hi, p + 8, 8);
    return fmt::format("{:016x}_{:016x}", hi, lo);
}

std::string f80_text(const F80& v) {
    long double x;
    std::memcpy(&x, &v.mant, 8);
    std::memcpy(reinterpret_cast<uint8_t*>(&x) + 8, &v.se, 2);
    char num[40];
    std::snprintf(num, sizeof num, "%.6Lg", x);
    return fmt::format("{:04x}:{:016x} {}", v.se, v.mant, num);
}

std::string mxcsr_text(uint32_t m) {
    static const char* const kRc[] = {"nearest", "down", "up", "zero"};
    return fmt::format("{:#06x} (rc {}{}{} masks {:02x} flags {:02x})", m, kRc[m >> 13 & 3], m & 0x40 ? " daz" : "",
                       m & 0x8000 ? " ftz" : "", m >> 7 & 0x3f, m & 0x3f);
}

std::string fcw_text(uint16_t cw) {
    static const char* const kPc[] = {"24", "reserved", "53", "64"};
    static const char* const kRc[] = {"nearest", "down", "up", "zero"};
    return fmt::format("{:#06x} (pc {} rc {} masks {:02x})", cw, kPc[cw >> 8 & 3], kRc[cw >> 10 & 3], cw & 0x3f);
}

std::string fsw_text(uint16_t sw) {
    return fmt::format("{:#06x} (top {} c3210 {}{}{}{} flags {:02x}{})", sw, sw >> 11 & 7, sw >> 14 & 1, sw >> 10 & 1,
                       sw >> 9 & 1, sw >> 8 & 1, sw & 0x7f, sw & 0x80 ? " ES" : "");
}

void row(std::FILE* out, const std::string& name, const std::string& host, const std::string& emu, bool differs,
         const std::string& note = "") {
    fmt::print(out, "    {:<8} {:<40} {:<40} {}{}\n", name, host, emu, differs ? "*" : " ", note);
}

bool uses_x87(const Form& f) {
    if (f.isa == Isa::X87) return true;
    for (unsigned k = 0; k < f.nops; ++k)
        if (f.ops[k].kind == Opnd::MM) return true;
    return f.name == "EMMS";
}

}  // namespace

void print_fp_input(std::FILE* out, const Input& in) {
    const Form& f = forms()[in.form];
    const FpImage& fp = in.fp;
    fmt::print(out, "    mxcsr {}\n", mxcsr_text(fp.mxcsr()));
    for (unsigned n = 0; n < 16; ++n)
        if (in.xmm_used >> n & 1) fmt::print(out, "    xmm{:<2}  {}\n", n, xmm_text(fp.xmm(n)));
    if (!uses_x87(f)) return;
    fmt::print(out, "    fcw {}  fsw {}  ftw {:02x}\n", fcw_text(fp.fcw()), fsw_text(fp.fsw()), fp.ftw());
    for (unsigned i = 0; i < 8; ++i) {
        const unsigned phys = (fp.top() + i) & 7;
        fmt::print(out, "    st({}) = r{} {:<5} {}\n", i, phys, fp.ftw() >> phys & 1 ? "" : "empty", f80_text(fp.st(i)));
    }
}

void print_fp_result(std::FILE* out, const Input& in, const Outcome& host, const Outcome& emu, const Diff& d) {
    const Form& f = forms()[in.form];
    const FpImage &h = host.fp, &e = emu.fp;
    row(out, "mxcsr", mxcsr_text(h.mxcsr()), mxcsr_text(e.mxcsr()), d.fpu & fpf::MXCSR);
    for (unsigned n = 0; n < 16; ++n)
        if ((in.xmm_used | d.xmm) >> n & 1)
            row(out, fmt::format("xmm{}", n), xmm_text(h.xmm(n)), xmm_text(e.xmm(n)), d.xmm >> n & 1);
    if (!uses_x87(f) && !d.st && !(d.fpu & ~fpf::MXCSR)) return;
    std::string note;
    if (d.masked.fsw) {
        note = "  (undefined, not compared:";
        static const struct {
            uint16_t bit;
            const char* name;
        } kCodes[] = {{1u << 8, "C0"}, {1u << 9, "C1"}, {1u << 10, "C2"}, {1u << 14, "C3"}};
        for (const auto& c : kCodes)
            if (d.masked.fsw & c.bit) note += std::string(" ") + c.name;
        note += ")";
    }
    row(out, "fcw", fcw_text(h.fcw()), fcw_text(e.fcw()), d.fpu & fpf::FCW);
    row(out, "fsw", fsw_text(h.fsw()), fsw_text(e.fsw()), d.fpu & fpf::FSW, note);
    row(out, "ftw", fmt::format("{:02x}", h.ftw()), fmt::format("{:02x}", e.ftw()), d.fpu & fpf::FTW);
    row(out, "fop", fmt::format("{:#x}", h.fop()), fmt::format("{:#x}", e.fop()), d.fpu & fpf::FOP);
    row(out, "fip", fmt::format("{:#x}", h.fip()), fmt::format("{:#x}", e.fip()), d.fpu & fpf::FIP);
    row(out, "fdp", fmt::format("{:#x}", h.fdp()), fmt::format("{:#x}", e.fdp()), d.fpu & fpf::FDP);
    for (unsigned i = 0; i < 8; ++i)
        row(out, fmt::format("st({})", i), f80_text(h.st(i)), f80_text(e.st(i)), d.st >> i & 1);
}

}  // namespace lstar::difftest
