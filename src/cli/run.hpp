// `lstar run [options] PROG [ARGS...]`: boot the embedded guest kernel with PROG as its init
// program and exit with PROG's status.
#pragma once
#include "cli/options.hpp"

namespace lstar {
class Machine;
}

namespace lstar::cli {

// The "run options" section of `lstar --help`.
extern const char* const kRunUsage;

// Parses the options after "run" and runs the program; returns lstar's exit status.
int cmd_run(Args& args);

// --icount (run and boot): "lstar: N instructions" on stderr, for bench/run.
void print_icount(const Machine& machine);

}  // namespace lstar::cli
