// isa-debug-exit.
#include "machine/debug_exit.hpp"

namespace lstar {

int DebugExit::status_for(uint32_t value) { return int(((uint64_t(value) << 1) | 1) & 0xFF); }

uint32_t DebugExit::in(uint16_t, unsigned size) {
    return size == 1 ? 0xFF : size == 2 ? 0xFFFF : 0xFFFFFFFF;  // write-only
}

// Any port of the range and any width: QEMU passes the value written, whole.
void DebugExit::out(uint16_t, unsigned, uint32_t value) {
    value_ = value;
    if (exit_) exit_(status_for(value));
}

}  // namespace lstar
