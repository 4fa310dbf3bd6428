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

// The guest kernel's limits (src/guestos: MAX_INIT_ARGS, boot_params.cmdline).
constexpr size_t GUEST_MAX_ARGS = 64;           // argv, argv[0] included
constexpr size_t GUEST_MAX_COMMAND_LINE = 4095;  // bytes, the kernel's own name included

// The kernel command line after the kernel's name (README "Command line"):
//   PARAM ... -- ARGV0 ARG ...
// Words are separated by spaces. A word that is empty or holds a space, tab, newline, double
// quote or backslash is written in double quotes, with a backslash before each `"` and `\`.
// Throws std::invalid_argument with a phrase for "lstar: PHRASE" when the kernel cannot carry
// the result: more than GUEST_MAX_ARGS arguments, or a line longer than GUEST_MAX_COMMAND_LINE
// once `kernel_name` and a space are put in front.
std::string guest_command_line(const std::string& kernel_name, const std::vector<std::string>& params,
                               const std::vector<std::string>& argv);

// One word of that command line, quoted as needed.
std::string quote_word(const std::string& word);

}  // namespace lstar
