// The display's work between CPU slices. Hotkeys (docs/display.md), all with Ctrl+Alt held so
// that plain keys always reach the guest:
//   Ctrl+Alt+P  pause / resume      Ctrl+Alt+N  single-step one instruction (while paused)
//   Ctrl+Alt+S  save a screenshot   Ctrl+Alt+Q  quit (as closing the window does)
#include "display/display.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>

#include "display/keymap.hpp"
#include "display/png.hpp"

namespace lstar::display {

namespace {
constexpr auto FRAME_TIME = std::chrono::microseconds(16667);  // 60 Hz of host time
constexpr auto TITLE_TIME = std::chrono::milliseconds(500);
constexpr size_t KEYBOARD_BACKLOG = 8;  // feed no more while the guest has this many unread
constexpr uint8_t HOTKEY_PAUSE = 19, HOTKEY_STEP = 17, HOTKEY_SCREENSHOT = 22, HOTKEY_QUIT = 20;  // P N S Q
}  // namespace

Display::Display(Machine& machine, const DisplayOptions& options, std::unique_ptr<Window> window)
    : m_(machine), opt_(options), window_(std::move(window)) {
    screenshot_due_ = !opt_.screenshot.empty();
    // --type: through the window's event queue when there is one, else straight to the keyboard.
    for (const KeyEvent& k : key_events_for(opt_.type_text)) {
        if (window_) window_->inject_key(k.usage, k.pressed);
        else for (uint8_t b : set1_bytes(k.usage, k.pressed)) scancodes_.push_back(b);
    }
    next_frame_ = title_time_ = Clock::now();
    limit_slice();
    m_.slice_hook = [this] { on_slice(); };
}

Display::~Display() {
    m_.slice_hook = nullptr;
    m_.max_slice = Machine::DEFAULT_MAX_SLICE;
}

// End the slice exactly at --screenshot-at, or after one instruction when single-stepping.
void Display::limit_slice() {
    uint64_t limit = Machine::DEFAULT_MAX_SLICE;
    if (stepping_) limit = 1;
    const uint64_t icount = m_.cpu.icount();
    if (screenshot_due_ && opt_.screenshot_at > icount) limit = std::min(limit, opt_.screenshot_at - icount);
    m_.max_slice = limit;
}

void Display::on_slice() {
    if (screenshot_due_ && m_.cpu.icount() >= opt_.screenshot_at) {
        save_screenshot(opt_.screenshot, frame_at(m_.now()));
        screenshot_due_ = false;
    }
    feed_keyboard();
    if (window_) {
        if (stepping_) {
            stepping_ = false;
            paused_ = true;
        }
        if (paused_) wait_while_paused();
        else if (Clock::now() >= next_frame_) {
            for (const WindowEvent& e : window_->events(0)) handle(e);
            redraw(false);
            update_title();
            next_frame_ = Clock::now() + FRAME_TIME;
        }
    }
    limit_slice();
}

// Keys wait until the guest has programmed the PIC's mask with IRQ 1 open (the mask is 0 from
// reset until then): a driver that is not ready yet would flush them as firmware leftovers.
void Display::feed_keyboard() {
    if (!keyboard_ready_) {
        const uint8_t imr = m_.pic.imr(false);
        keyboard_ready_ = imr != 0 && !(imr & (1u << Ps2::KBD_IRQ));
        if (!keyboard_ready_) return;
    }
    while (!scancodes_.empty() && m_.ps2.keyboard_backlog() < KEYBOARD_BACKLOG) {
        m_.ps2.key_scancode(scancodes_.front());
        scancodes_.pop_front();
    }
}

void Display::handle(const WindowEvent& e) {
    switch (e.kind) {
    case WindowEvent::Kind::QUIT:
        quit_ = true;
        paused_ = false;
        m_.pause();
        return;
    case WindowEvent::Kind::EXPOSE:
        redraw(true);
        return;
    case WindowEvent::Kind::KEY:
        break;
    }
    if (e.ctrl_alt && e.usage == HOTKEY_PAUSE) {
        if (e.pressed) paused_ = !paused_;
        update_title();
    } else if (e.ctrl_alt && e.usage == HOTKEY_STEP) {
        if (e.pressed && paused_) stepping_ = true, paused_ = false;
    } else if (e.ctrl_alt && e.usage == HOTKEY_SCREENSHOT) {
        if (!e.pressed) return;
        const std::string path = fmt::format("lstar-screen-{}.png", ++saved_);
        try {
            save_screenshot(path, frame_at(m_.now()));
            std::fprintf(stderr, "lstar: saved the screen to %s\n", path.c_str());
        } catch (const std::exception& ex) {
            std::fprintf(stderr, "lstar: %s\n", ex.what());
        }
    } else if (e.ctrl_alt && e.usage == HOTKEY_QUIT) {
        handle(WindowEvent{WindowEvent::Kind::QUIT});
    } else {
        for (uint8_t b : set1_bytes(e.usage, e.pressed)) scancodes_.push_back(b);
    }
}

// The window blinks in host time (the guest's virtual time races ahead while it idles).
void Display::redraw(bool force) {
    static const Clock::time_point epoch = Clock::now();
    const uint64_t frame = frame_at(uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - epoch).count()));
    const TextScreen screen = capture(m_.vga, m_.cpu.phys.host(Vga::TEXT_BASE));
    // Only the blink phases matter between frames: bit 3 (cursor) and bit 4 (characters).
    if (!force && screen == shown_ && (frame >> 3) == (shown_frame_ >> 3)) return;
    Image image;
    render(screen, frame, image);
    window_->show(image);
    shown_ = screen;
    shown_frame_ = frame;
}

void Display::update_title() {
    const Clock::time_point now = Clock::now();
    const uint64_t icount = m_.cpu.icount();
    if (now - title_time_ >= TITLE_TIME) {
        const double seconds = std::chrono::duration<double>(now - title_time_).count();
        mips_ = double(icount - title_icount_) / seconds / 1e6;
        title_time_ = now;
        title_icount_ = icount;
    }
    const char* state = paused_ ? "paused" : m_.cpu.halted ? "halted" : "running";
    window_->set_title(fmt::format("lstar - {} - {:.1f} MIPS - {} instructions", state, paused_ ? 0.0 : mips_, icount));
}

// Paused: the CPU waits here, between two slices, while the window stays live.
void Display::wait_while_paused() {
    update_title();
    redraw(true);
    while (paused_ && !quit_) {
        for (const WindowEvent& e : window_->events(int(FRAME_TIME.count() / 1000))) handle(e);
        redraw(false);
    }
    title_icount_ = m_.cpu.icount();
    title_time_ = Clock::now();
}

Image Display::snapshot(uint64_t frame) const {
    Image image;
    render(capture(m_.vga, m_.cpu.phys.host(Vga::TEXT_BASE)), frame, image);
    return image;
}

// The tEXt chunks say when the picture was taken, so a reader can tell the blink phases.
void Display::save_screenshot(const std::string& path, uint64_t frame) const {
    write_png(path, snapshot(frame),
              {{"lstar-icount", std::to_string(m_.cpu.icount())}, {"lstar-vga-frame", std::to_string(frame)}});
}

void Display::finish() {
    if (screenshot_due_) save_screenshot(opt_.screenshot, frame_at(m_.now()));
    screenshot_due_ = false;
}

}  // namespace lstar::display
