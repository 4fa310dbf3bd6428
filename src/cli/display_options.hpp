// The display options shared by `lstar run` and `lstar boot` (--display, --screenshot,
// --screenshot-at, --type), and running a machine with the display attached.
#pragma once
#include "cli/options.hpp"
#include "display/display.hpp"

namespace lstar::cli {

// The "display options" section of `lstar --help`.
extern const char* const kDisplayUsage;

// Takes one display option if it is next; false (nothing taken) otherwise. Dies on a bad value.
bool take_display_option(Args& args, display::DisplayOptions& options);

constexpr int EXIT_DISPLAY_CLOSED = 130;  // as after Ctrl-C

// Machine::run with the display attached (when any display option asks for it). Returns
// Machine::run's status, or EXIT_DISPLAY_CLOSED.
int run_with_display(Machine& machine, const display::DisplayOptions& options);

}  // namespace lstar::cli
