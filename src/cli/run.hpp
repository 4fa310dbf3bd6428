// `lstar run [options] PROG [ARGS...]`: boot the embedded guest kernel with PROG as its init
// program and exit with PROG's status.
#pragma once
#include <cstdint>
#include <optional>

#include "cli/options.hpp"

namespace lstar::cli {

// The "run options" section of `lstar --help`.
extern const char* const kRunUsage;

// Parses the options after "run" and runs the program; returns lstar's exit status.
int cmd_run(Args& args);

// `--gdb` or `--gdb=PORT` (run and boot): takes it and sets `port` (1234 by default).
bool take_gdb_option(Args& args, std::optional<uint16_t>& port);
// lstar's exit after gdb's kill (k): says so and returns 137.
int gdb_killed();
// The --help lines for it.
extern const char* const kGdbUsage;

}  // namespace lstar::cli
