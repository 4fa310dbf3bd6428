// What `lstar run` hands the guest kernel (src/guestos/README.md): the program, checked on the
// host first so that a bad file gets one clear line before anything boots; the initramfs that
// carries it; and the kernel command line that carries its arguments.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lstar {

// Checks that `image` is an ELF executable the guest kernel can start: ELF64 x86-64 or ELF32
// i386, little-endian, ET_EXEC or ET_DYN, statically linked, with its program headers and
// PT_LOAD segments inside the file. Returns "" when it is, otherwise the problem as a phrase
// for "lstar: PROG: PROBLEM" ("not an ELF executable"). The kernel's loader makes the full
// checks; this catches what a user is likely to pass by mistake.
std::string elf_problem(std::span<const uint8_t> image);

}  // namespace lstar
