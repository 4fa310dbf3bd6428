// `lstar run [options] PROG [ARGS...]`: boot the embedded guest kernel with PROG as its init
// program and exit with PROG's status.
#pragma once
#include "cli/options.hpp"

namespace lstar::cli {

// The "run options" section of `lstar --help`.
extern const char* const kRunUsage;

// Parses the options after "run" and runs the program; returns lstar's exit status.
int cmd_run(Args& args);

}  // namespace lstar::cli
