// The x87 rows of the forms table, in the order of the list: loads and stores,
// arithmetic, compares, other operations, transcendentals, and the control state. Register
// contents come from the case's x87 stack (F80 values); the memory operand's suffix says what
// it holds (m64f: a double, m16i: a 16-bit integer, m80b: packed BCD).
#include "difftest/rows.hpp"

namespace lstar::difftest {
namespace {

using namespace gen;
using enum Elem;

const Row kRows[] = {
    // loads and stores
    simd("FLD", "m32f | m64f | m80f | st", F80),
    simd("FST", "m32f | m64f | st", F80),
    simd("FSTP", "m32f | m64f | m80f | st", F80),
    simd("FILD", "m16i | m32i | m64i", F80),
    simd("FIST", "m16i | m32i", F80),
    simd("FISTP", "m16i | m32i | m64i", F80),
    simd("FISTTP", "m16i | m32i | m64i", F80, 0, Feature::SSE3),
    simd("FBLD FBSTP", "m80b", F80),
    simd("FLD1 FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 FLDZ", "-", F80),
    // arithmetic
    simd("FADD FSUB FSUBR FMUL FDIV FDIVR", "m32f | m64f | st0,st | st,st0", F80),
    simd("FADDP FSUBP FSUBRP FMULP FDIVP FDIVRP", "st,st0", F80),
    simd("FIADD FISUB FISUBR FIMUL FIDIV FIDIVR", "m16i | m32i", F80),
    // compares
    simd("FCOM FCOMP", "m32f | m64f | st", F80),
    simd("FUCOM", "st", F80),
    simd("FUCOMP", "st0,st", F80),
    simd("FCOMPP FUCOMPP FTST FXAM", "-", F80),
    simd("FCOMI FCOMIP FUCOMI FUCOMIP", "st0,st", F80),
    simd("FICOM FICOMP", "m16i | m32i", F80),
    simd("FCMOVB FCMOVE FCMOVBE FCMOVU FCMOVNB FCMOVNE FCMOVNBE FCMOVNU", "st0,st", F80),
    // other operations
    simd("FXCH FFREE", "st", F80),
    simd("FCHS FABS FSQRT FPREM FPREM1 FRNDINT FSCALE FXTRACT", "-", F80),
    simd("FINCSTP FDECSTP FNOP FWAIT", "-", F80),
    // transcendentals
    simd("F2XM1 FYL2X FYL2XP1 FPTAN FPATAN FSIN FCOS FSINCOS", "-", F80),
    // control state; 16-bit operand size selects the 14- and 94-byte layouts
    simd("FLDCW FNSTCW", "m16", F80),
    simd("FNSTSW", "m16 | a16", F80),
    simd("FNCLEX FNINIT", "-", F80),
    simd("FNSTENV", "m224 | m112", F80),
    simd("FLDENV", "m224 | m112", F80, ENV),
    simd("FNSAVE", "m864 | m752", F80),
    simd("FRSTOR", "m864 | m752", F80, ENV),
    simd("FXSAVE FXSAVE64", "m4096", F80),  // the 512-byte area
    simd("FXRSTOR FXRSTOR64", "m4096", F80, FXIMAGE),
    // aliases and no-ops of old FPUs that real code does not use: tested once implemented
    simd("FFREEP FSTPNCE", "st", F80, OPTIONAL),
    simd("FENI8087_NOP FDISI8087_NOP FSETPM287_NOP", "-", F80, OPTIONAL),
};

}  // namespace

std::span<const Row> x87_rows() { return kRows; }

}  // namespace lstar::difftest
