// The one table of what the SDM leaves undefined, for the differential tester's comparison.
// Each row comes from the "Flags Affected" section of the instruction's page in SDM Vol. 2
// ("FPU Flags Affected" for the x87 condition codes C0..C3).
// docs/cpu.md ("Undefined flags") shows this table; tests/difftest/undefined_test.cpp checks that
// the two agree, row by row.
#include <sstream>

#include "difftest/case.hpp"

namespace lstar::difftest {
namespace {

constexpr uint64_t CF = 1u << 0, PF = 1u << 2, AF = 1u << 4, ZF = 1u << 6, SF = 1u << 7, OF = 1u << 11;
constexpr uint64_t ALL = CF | PF | AF | ZF | SF | OF;
// x87 condition codes in the status word (SDM Vol. 1 §8.1.3.1).
constexpr uint16_t C0 = 1u << 8, C1 = 1u << 9, C2 = 1u << 10, C3 = 1u << 14;
constexpr uint16_t C023 = C0 | C2 | C3, C0123 = C0 | C1 | C2 | C3;

// `count` is the count operand masked to 5 bits (6 bits for 64-bit operands), as the
// instruction itself masks it. A masked count of 0 changes no flags at all.
enum class When : uint8_t {
    ALWAYS,
    COUNT_NONZERO,
    COUNT_GT1,       // the flag is defined for 1-bit shifts only
    COUNT_GE_WIDTH,  // possible for 8- and 16-bit operands only
    COUNT_GT_WIDTH,  // possible for 16-bit operands only
    WIDTH16,
};

struct Rule {
    const char* mnemonics;  // space-separated
    uint64_t flags;         // status flags left undefined
    bool dest;              // the destination operand is undefined too
    When when;
    uint16_t fsw = 0;       // x87 condition codes left undefined
};

constexpr Rule kRules[] = {
    {"AND OR XOR TEST", AF, false, When::ALWAYS},
    {"MUL IMUL", SF | ZF | AF | PF, false, When::ALWAYS},
    {"DIV IDIV", ALL, false, When::ALWAYS},
    {"SHL SHR SAR", AF, false, When::COUNT_NONZERO},
    {"SHL SHR SAR", OF, false, When::COUNT_GT1},
    {"SHL SHR", CF, false, When::COUNT_GE_WIDTH},
    {"ROL ROR RCL RCR", OF, false, When::COUNT_GT1},
    {"SHLD SHRD", AF, false, When::COUNT_NONZERO},
    {"SHLD SHRD", OF, false, When::COUNT_GT1},
    {"SHLD SHRD", ALL, true, When::COUNT_GT_WIDTH},
    {"BT BTS BTR BTC", OF | SF | AF | PF, false, When::ALWAYS},
    {"BSF BSR", CF | OF | SF | AF | PF, false, When::ALWAYS},
    {"LZCNT TZCNT", OF | SF | AF | PF, false, When::ALWAYS},
    {"ANDN", AF | PF, false, When::ALWAYS},
    {"BEXTR", AF | SF | PF, false, When::ALWAYS},
    {"BLSI BLSMSK BLSR", AF | PF, false, When::ALWAYS},
    {"BZHI", AF | PF, false, When::ALWAYS},
    {"BSWAP", 0, true, When::WIDTH16},
    // x87: C1 is defined almost everywhere (rounding direction or stack fault); the compares,
    // FXAM, FPREM/FPREM1 and the loads of a whole state define every condition code.
    {"F2XM1 FABS FADD FADDP FBLD FBSTP FCHS FCMOVB FCMOVBE FCMOVE FCMOVNB FCMOVNBE FCMOVNE "
     "FCMOVNU FCMOVU FDECSTP FDIV FDIVP FDIVR FDIVRP FIADD FIDIV FIDIVR FILD FIMUL FINCSTP FIST "
     "FISTP FISTTP FISUB FISUBR FLD FLD1 FLDL2E FLDL2T FLDLG2 FLDLN2 FLDPI FLDZ FMUL FMULP "
     "FPATAN FRNDINT FSCALE FSQRT FST FSTP FSTPNCE FSUB FSUBP FSUBR FSUBRP FXCH FXTRACT FYL2X "
     "FYL2XP1",
     0, false, When::ALWAYS, C023},
    {"FCOS FPTAN FSIN FSINCOS", 0, false, When::ALWAYS, C0 | C3},
    {"FFREE FFREEP FLDCW FNCLEX FNOP FNSTCW FNSTENV FNSTSW FWAIT FDISI8087_NOP FENI8087_NOP "
     "FSETPM287_NOP",
     0, false, When::ALWAYS, C0123},
};

bool names(const char* list, const std::string& name) {
    const char* p = list;
    const size_t n = name.size();
    while (*p) {
        const char* e = p;
        while (*e && *e != ' ') ++e;
        if (static_cast<size_t>(e - p) == n && name.compare(0, n, p, n) == 0) return true;
        p = *e ? e + 1 : e;
    }
    return false;
}

bool holds(When w, const Form& f, const Input& in) {
    const unsigned bits = f.width * 8u;
    switch (w) {
    case When::ALWAYS: return true;
    case When::COUNT_NONZERO: return in.count != 0;
    case When::COUNT_GT1: return in.count > 1;
    case When::COUNT_GE_WIDTH: return in.count >= bits;
    case When::COUNT_GT_WIDTH: return in.count > bits;
    case When::WIDTH16: return f.width == 2;
    }
    return false;
}

const char* when_text(When w) {
    switch (w) {
    case When::ALWAYS: return "always";
    case When::COUNT_NONZERO: return "count ≠ 0";
    case When::COUNT_GT1: return "count > 1";
    case When::COUNT_GE_WIDTH: return "count ≥ operand width (8- and 16-bit operands)";
    case When::COUNT_GT_WIDTH: return "count > operand width (16-bit operands)";
    case When::WIDTH16: return "16-bit operand";
    }
    return "";
}

std::string flag_names(uint64_t f, uint16_t fsw) {
    static const struct {
        uint64_t bit;
        const char* name;
    } kNames[] = {{CF, "CF"}, {PF, "PF"}, {AF, "AF"}, {ZF, "ZF"}, {SF, "SF"}, {OF, "OF"}},
      kCodes[] = {{C0, "C0"}, {C1, "C1"}, {C2, "C2"}, {C3, "C3"}};
    std::string s;
    for (const auto& n : kNames) {
        if (!(f & n.bit)) continue;
        if (!s.empty()) s += ' ';
        s += n.name;
    }
    for (const auto& n : kCodes) {
        if (!(fsw & n.bit)) continue;
        if (!s.empty()) s += ' ';
        s += n.name;
    }
    return s;
}

}  // namespace

UndefinedMask undefined_for(const Form& f, const Input& in) {
    UndefinedMask m;
    for (const Rule& r : kRules) {
        if (!names(r.mnemonics, f.name) || !holds(r.when, f, in)) continue;
        m.flags |= r.flags;
        m.fsw = static_cast<uint16_t>(m.fsw | r.fsw);
        m.dest |= r.dest;
    }
    return m;
}

std::string undefined_flags_markdown() {
    std::ostringstream os;
    os << "| Mnemonics | Undefined | When |\n";
    os << "|---|---|---|\n";
    for (const Rule& r : kRules) {
        std::string what = flag_names(r.flags, r.fsw);
        if (r.dest) what += what.empty() ? "destination" : ", destination";
        os << "| " << r.mnemonics << " | " << what << " | " << when_text(r.when) << " |\n";
    }
    return os.str();
}

}  // namespace lstar::difftest
