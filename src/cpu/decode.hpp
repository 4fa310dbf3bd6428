// The decoder front end. decode.cpp is the only file that talks to Zydis.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "cpu/cpu.hpp"
#include "cpu/insn.hpp"

namespace lstar {

enum class DecodeStatus : uint8_t {
    OK,         // `out` holds the instruction (its handler may still be op_ud for #UD)
    NEED_MORE,  // the bytes end before the instruction does
};

struct DecodeResult {
    DecodeStatus status;
    bool ends_block;  // control transfer, #UD, or anything that may change mode
};

// Decodes the instruction at `bytes` (at most 15 are read, `avail` are present).
// An encoding lstar does not implement decodes to a handler that raises #UD.
DecodeResult decode(const uint8_t* bytes, size_t avail, Mode mode, DecodedInsn& out);

// The threaded twin decode() gives the handler (chain.hpp); exec.cpp asks for it again when it
// copies an instruction from a block built before.
Handler decoded_twin(Handler fn);

// The pure twin (chain.hpp chain_pure) of a register-form handler, or nullptr.
Handler pure_twin(Handler fn);

// What a register-form handler does to the status flags, for exec.cpp's flag liveness.
struct FlagEffect {
    enum Kind : uint8_t { USES, NEUTRAL, KILLS, SHIFT } kind = USES;  // SHIFT: kills with a non-zero count
    Handler nf_twin = nullptr;  // the pure twin that skips the flags (ops_noflags.def), if any
};
FlagEffect flag_effect(Handler fn);

const char* mnemonic_name(uint16_t mnemonic);

// Disassembles one instruction as the CPU would decode it in `mode` (debuggers show 32-bit
// code too; disassemble() in cpu.hpp is 64-bit only).
std::string disassemble(const uint8_t* bytes, size_t len, uint64_t rip, Mode mode, bool att);

}  // namespace lstar
