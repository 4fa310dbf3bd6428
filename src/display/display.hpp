// The display attached to a Machine: the window (--display=sdl), screenshots
// (--screenshot FILE --screenshot-at ICOUNT), typed input (--type TEXT) and the hotkeys. It
// runs between CPU slices through Machine::slice_hook and keeps that hook cheap: host events
// are polled and the screen redrawn at most 60 times a second of host time.
#pragma once
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "display/render.hpp"
#include "display/window.hpp"
#include "machine/machine.hpp"

namespace lstar::display {

struct DisplayOptions {
    bool sdl = false;                 // --display=sdl (otherwise none)
    std::string screenshot;           // --screenshot FILE
    uint64_t screenshot_at = ~0ull;   // --screenshot-at ICOUNT (default: at the end)
    std::string type_text;            // --type TEXT, escapes already replaced
    bool active() const { return sdl || !screenshot.empty() || !type_text.empty(); }
};

class Display {
public:
    // Attaches to `machine`; `window` is null without --display=sdl.
    Display(Machine& machine, const DisplayOptions& options, std::unique_ptr<Window> window);
    ~Display();

    // After Machine::run returns: takes a screenshot that is still due. Throws
    // std::runtime_error when it cannot be written.
    void finish();
    // The user closed the window (or pressed Ctrl+Alt+Q); Machine::run returned PAUSED.
    bool quit_requested() const { return quit_; }

    // The screen as the guest has drawn it, at the VGA refresh `frame`.
    Image snapshot(uint64_t frame) const;
    void save_screenshot(const std::string& path, uint64_t frame) const;

private:
    using Clock = std::chrono::steady_clock;
    void on_slice();
    void feed_keyboard();
    void handle(const WindowEvent& e);
    void redraw(bool force);
    void update_title();
    void wait_while_paused();
    void limit_slice();

    Machine& m_;
    DisplayOptions opt_;
    std::unique_ptr<Window> window_;
    std::deque<uint8_t> scancodes_;  // set-1 bytes waiting for room in the keyboard's buffer
    bool screenshot_due_ = false;
    bool keyboard_ready_ = false;    // the guest has unmasked IRQ 1
    bool paused_ = false, stepping_ = false, quit_ = false;
    unsigned saved_ = 0;             // screenshots saved with the hotkey
    Clock::time_point next_frame_, title_time_;
    uint64_t title_icount_ = 0;
    double mips_ = 0;
    TextScreen shown_;
    uint64_t shown_frame_ = ~0ull;
};

}  // namespace lstar::display
