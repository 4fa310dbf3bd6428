// Segment descriptors and the checks that load them (SDM Vol. 3 ch. 3 and 5).
#pragma once
#include <cstdint>

#include "cpu/cpu.hpp"

namespace lstar {

// A descriptor as it sits in the GDT or LDT; 16 bytes for 64-bit system descriptors.
struct Descriptor {
    uint64_t lo = 0, hi = 0;

    uint8_t type() const { return (lo >> 40) & 0xf; }
    bool s() const { return (lo >> 44) & 1; }        // code/data (1) or system (0)
    uint8_t dpl() const { return (lo >> 45) & 3; }
    bool present() const { return (lo >> 47) & 1; }
    bool code() const { return s() && (type() & 8); }
    bool data() const { return s() && !(type() & 8); }
    bool conforming() const { return code() && (type() & 4); }
    bool readable() const { return data() || (code() && (type() & 2)); }
    bool writable() const { return data() && (type() & 2); }
    bool l() const { return (lo >> 53) & 1; }
    bool db() const { return (lo >> 54) & 1; }
    uint64_t base32() const { return ((lo >> 16) & 0xffffff) | (((lo >> 56) & 0xff) << 24); }
    uint64_t base64() const { return base32() | ((hi & 0xffffffff) << 32); }
    uint32_t limit() const {
        uint32_t l = (lo & 0xffff) | (((lo >> 48) & 0xf) << 16);
        return ((lo >> 55) & 1) ? (l << 12) | 0xfff : l;
    }
    uint16_t attr() const { return static_cast<uint16_t>(((lo >> 40) & 0xff) | (((lo >> 52) & 0xf) << 12)); }
    // The hidden part this descriptor loads into a segment register.
    Segment cache(uint16_t selector) const { return Segment{selector, base32(), limit(), attr()}; }
};

// Selector error code: the selector with the RPL bits cleared (SDM Vol. 3 §6.13).
inline uint32_t sel_error(uint16_t sel) { return sel & 0xfffc; }
inline bool null_selector(uint16_t sel) { return (sel & 0xfffc) == 0; }

// Reads the descriptor a selector names from the GDT or LDT; #GP(selector) when the index is
// outside the table. `wide` reads a 16-byte system descriptor.
Descriptor read_descriptor(Cpu& c, uint16_t sel, bool wide = false);
// Sets the accessed bit of a code/data descriptor in memory, as a load does.
void mark_accessed(Cpu& c, uint16_t sel, Descriptor& d);

// Loads DS, ES, FS, GS or SS with the checks of MOV/POP Sreg (SDM Vol. 2 MOV, Vol. 3 §5.5-5.7).
void load_segment(Cpu& c, uint8_t seg, uint16_t sel);
// Checks `sel` as the stack segment for privilege level `cpl` and returns the cache to load:
// #GP(selector) or #SS(selector). A null selector is allowed (RPL = `cpl`) only when `null_ok`.
// IRET and far RET check the new SS this way before they change anything.
Segment stack_segment(Cpu& c, uint16_t sel, uint8_t cpl, bool null_ok);
// Loads CS for a far JMP/CALL/RET/IRET to `sel` at privilege `new_cpl` after the caller's checks.
void set_cs(Cpu& c, uint16_t sel, const Descriptor& d, uint8_t new_cpl);
// After a return to an outer privilege level: ES, DS, FS and GS whose DPL is below the new CPL
// become null (SDM Vol. 2 RET, IRET).
void null_outer_segments(Cpu& c);
// Checks a code segment descriptor as the target of a far JMP or CALL (same privilege) and
// returns it; #GP/#NP(selector) on failure.
Descriptor check_far_target(Cpu& c, uint16_t sel);

}  // namespace lstar
