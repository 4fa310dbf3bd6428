// The registers the gdb stub shows, in the remote protocol's numbering (the order of the target
// description, which follows gdb's amd64 register set), and the target description itself.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cpu/cpu.hpp"

namespace lstar::gdb {

// The target description (qXfer:features:read:target.xml): i386:x86-64 with the features
// org.gnu.gdb.i386.core (general, segment and x87 registers), .sse, .segments (fs_base,
// gs_base), and org.lstar.x86.control (CR0 CR2 CR3 CR4 CR8, EFER).
const std::string& target_xml();

unsigned register_count();
unsigned register_size(unsigned n);  // in bytes; 0 for a number past the last register
const char* register_name(unsigned n);

// Register n as gdb wants it: register_size(n) bytes, little-endian, in hex.
std::string read_register(const Cpu& cpu, unsigned n);
// Sets register n from register_size(n) bytes. Selectors cannot be set this way (their hidden
// parts would not follow): writes of a different selector are ignored, as gdb's G writes back
// every register at once. Returns false for a bad number or size.
bool write_register(Cpu& cpu, unsigned n, const uint8_t* bytes, size_t len);

// Remote numbers of the registers a stop reply carries.
constexpr unsigned REG_RBP = 6, REG_RSP = 7, REG_RIP = 16;

}  // namespace lstar::gdb
