// `lstar debug [options] PROG [ARGS...]` and `lstar boot --debug KERNEL`: the step debugger
// (src/debug/debugger.hpp) over a machine stopped before its first instruction.
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "machine/machine.hpp"

namespace lstar::cli {

// The "debug options" section of `lstar --help`.
extern const char* const kDebugUsage;

// The debugger's own options, shared by `lstar debug` and `lstar boot --debug`.
struct DebugOptions {
    std::string script;      // --script/-x FILE: commands from FILE instead of the terminal
    std::string guest_stdin;  // --stdin FILE: COM1's input (default /dev/null)
    std::string symbols;      // --symbols FILE (boot only): an ELF file with the kernel's symbols
};
// Takes one debugger option at args' position; false when the next argument is something else.
bool take_debug_option(Args& args, DebugOptions& opt);
// The same, plus boot's --symbols.
bool take_boot_debug_option(Args& args, DebugOptions& opt);

int cmd_debug(Args& args);

// An ELF image to take symbols from; `higher_half` sign-extends an ELF32's (SymbolTable::load_elf).
struct DebugSymbolSource {
    std::span<const uint8_t> image;
    bool higher_half = false;
};

// Runs the debugger on a booted machine, with the symbols of the images given (a bad or missing
// symbol table is a warning). `describe_end` turns the machine's status into a message.
int debug_machine(Machine& machine, const DebugOptions& opt, const std::vector<DebugSymbolSource>& symbol_sources,
                  const std::function<std::string(int)>& describe_end);

}  // namespace lstar::cli
