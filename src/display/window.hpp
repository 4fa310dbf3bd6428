// The interface between the display logic (display.cpp, plain C++) and a host window
// (sdl_window.cpp, the only SDL user). A window turns the host's events into WindowEvents and
// shows images; everything else, hotkeys included, is decided in display.cpp.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "display/render.hpp"

namespace lstar::display {

struct WindowEvent {
    enum class Kind { KEY, QUIT, EXPOSE } kind;
    uint8_t usage = 0;          // KEY: the USB HID usage (= SDL_Scancode)
    bool pressed = false;       // KEY: make or break
    bool ctrl_alt = false;      // KEY: Ctrl and Alt were held (the hotkey chord)
};

class Window {
public:
    virtual ~Window() = default;
    // The events since the last call; waits up to `timeout_ms` for the first (0: no wait).
    virtual std::vector<WindowEvent> events(int timeout_ms) = 0;
    virtual void show(const Image& image) = 0;
    virtual void set_title(const std::string& title) = 0;
    // Queues a key event as if the user had typed it, through the host's own event queue
    // (--type with --display=sdl), so it takes exactly the path of a real key.
    virtual void inject_key(uint8_t usage, bool pressed) = 0;
};

// sdl_window.cpp. Throws std::runtime_error with a one-line message when SDL cannot open a
// window (no display, and no SDL_VIDEODRIVER=offscreen or dummy).
std::unique_ptr<Window> open_sdl_window(unsigned width, unsigned height);

}  // namespace lstar::display
