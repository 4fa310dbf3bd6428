#include "cli/display_options.hpp"

#include <cstdio>
#include <stdexcept>

#include <fmt/format.h>

#include "display/keymap.hpp"

namespace lstar::cli {

const char* const kDisplayUsage = R"(display options (run and boot; docs/display.md):
  --display=sdl|none  sdl: a window showing the VGA text screen, with the keyboard
                      on IRQ 1 (default none). Hotkeys: Ctrl+Alt+P pause/resume,
                      Ctrl+Alt+N single-step (paused), Ctrl+Alt+S save the screen
                      as lstar-screen-N.png, Ctrl+Alt+Q quit. Headless: set
                      SDL_VIDEODRIVER=offscreen or dummy. SDL2 is loaded at
                      run time (libSDL2-2.0.so.0), only for the window.
  --screenshot FILE   save the VGA text screen as a PNG (no SDL needed) when the
                      guest has run --screenshot-at instructions, or at the end
  --screenshot-at N   the instruction count for --screenshot
  --type TEXT         type TEXT on the PS/2 keyboard as the guest reads it (escapes
                      \n \r \t \b \e \\, and keys \{up} \{down} \{left} \{right}
                      \{home} \{end} \{insert} \{delete} \{pgup} \{pgdn}
                      \{capslock} \{f1}..\{f12}); with --display=sdl through SDL's queue
)";

bool take_display_option(Args& args, display::DisplayOptions& o) {
    std::string value;
    if (args.take("--display", value)) {
        if (value != "sdl" && value != "none") die(fmt::format("--display must be sdl or none, got '{}'", value));
        o.sdl = value == "sdl";
    } else if (args.take("--screenshot", value)) {
        if (value.empty()) die("--screenshot needs a FILE");
        o.screenshot = value;
    } else if (args.take("--screenshot-at", value)) {
        o.screenshot_at = parse_number("--screenshot-at", value);
    } else if (args.take("--type", value)) {
        try {
            o.type_keys = display::parse_typed_keys(value);
        } catch (const std::invalid_argument& e) {
            die(e.what());
        }
    } else {
        return false;
    }
    return true;
}

int run_with_display(Machine& machine, const display::DisplayOptions& o) {
    if (o.screenshot_at != ~0ull && o.screenshot.empty()) die("--screenshot-at needs --screenshot FILE");
    if (!o.active()) return machine.run();
    std::unique_ptr<display::Window> window;
    if (o.sdl) {
        const display::TextScreen screen = display::capture(machine.vga, machine.cpu.phys.host(Vga::TEXT_BASE));
        try {
            window = display::open_sdl_window(screen.width(), screen.height());
        } catch (const std::runtime_error& e) {
            die(e.what(), 1);
        }
    }
    display::Display d(machine, o, std::move(window));
    int status = machine.run();
    if (status == Machine::PAUSED && d.quit_requested()) {
        std::fflush(stdout);
        std::fprintf(stderr, "lstar: the display was closed after %llu instructions\n",
                     static_cast<unsigned long long>(machine.cpu.icount()));
        status = EXIT_DISPLAY_CLOSED;
    }
    try {
        d.finish();
    } catch (const std::runtime_error& e) {
        die(e.what(), 1);
    }
    return status;
}

}  // namespace lstar::cli
