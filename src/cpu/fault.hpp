// Guest faults: values thrown anywhere inside an instruction and caught only at the
// instruction boundary (Cpu::run), where they become architectural events.
#pragma once
#include <cstdint>

namespace lstar {

// Exception vectors (SDM Vol. 3 Table 6-1).
enum class Vec : uint8_t {
    DE = 0, DB = 1, NMI = 2, BP = 3, OF = 4, BR = 5, UD = 6, NM = 7, DF = 8,
    TS = 10, NP = 11, SS = 12, GP = 13, PF = 14, MF = 16, AC = 17, MC = 18, XM = 19,
};

const char* vec_name(Vec v);  // "#PF", ...

struct GuestFault {
    Vec vector;           // any vector 0..255 for INT n
    uint32_t error = 0;   // error code, where the vector has one
    uint64_t cr2 = 0;     // faulting linear address for #PF
    bool soft = false;    // INT n, INT3, INTO: a trap (RIP past the instruction), gate DPL checked
};

// Whether the exception pushes an error code (SDM Vol. 3 Table 6-1).
inline bool has_error_code(uint8_t v) {
    return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21;
}

// A fault while delivering #DF (SDM Vol. 3 §6.15, interrupt 8): the machine shuts down.
struct TripleFault {};

// Page-fault error code bits (SDM Vol. 3 §4.7).
namespace pferr {
constexpr uint32_t P = 1, W = 2, U = 4, RSVD = 8, I = 16;
}

[[noreturn]] inline void raise(Vec v, uint32_t error = 0) { throw GuestFault{v, error, 0, false}; }
// A software interrupt (INT n / INT3 / INTO / INT1): delivered after the instruction.
[[noreturn]] inline void raise_soft(uint8_t vector) {
    throw GuestFault{static_cast<Vec>(vector), 0, 0, true};
}

}  // namespace lstar
