// `lstar run [options] PROG [ARGS...]`: boot the embedded guest kernel with PROG as its init
// program and exit with PROG's status.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "debug/tracing.hpp"
#include "display/display.hpp"
#include "machine/machine.hpp"

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
// What `lstar debug` shares with `lstar run`: the machine booted with PROG, stopped before its
// first instruction.
struct PreparedRun {
    std::unique_ptr<Machine> machine;
    // The guest kernel's ELF image (also for its symbols): the one embedded in lstar, used in
    // place (a copy would touch all 1.3 MB of it), or --kernel FILE's bytes in kernel_file.
    std::span<const uint8_t> kernel;
    std::vector<uint8_t> kernel_file;
    std::vector<uint8_t> program;  // PROG's ELF image
    std::string prog;              // PROG as given
    std::optional<uint16_t> gdb_port;  // --gdb
    TraceConfig trace;                 // --trace, --stats ...
    display::DisplayOptions display;   // --display, --screenshot, --type
};
// Parses run's options and PROG ARGS... (`extra` may take options of its own first; `cmd` names
// the subcommand in errors), checks PROG and boots the guest kernel with it. COM1 reads
// serial_in_fd with the given flow control. Dies with run's messages and statuses.
PreparedRun prepare_run(Args& args, const char* cmd, const std::function<bool(Args&)>& extra,
                        const Uart::HostInput& serial_input, int serial_in_fd);
// PROG's exit status from how the machine ended, with run's messages on stderr.
int run_exit_status(Machine& machine, int machine_status, const std::string& prog);

}  // namespace lstar::cli
