// src/display/display.cpp: the hotkeys and the pause/step loop, driven through a scripted
// window (no SDL) on a machine running a two-instruction loop.
#include <catch2/catch.hpp>

#include <deque>
#include <string>
#include <vector>

#include "display/display.hpp"
#include "display/keymap.hpp"

using namespace lstar;
using namespace lstar::display;

namespace {

// A Multiboot 1 image with the a.out kludge, loaded at 1 MiB: header, then "1: inc eax; jmp 1b".
std::vector<uint8_t> loop_kernel() {
    const uint32_t magic = 0x1BADB002, flags = 1u << 16, base = 0x100000;
    const uint32_t header[8] = {magic, flags, uint32_t(-(magic + flags)), base, base, 0, 0, base + 32};
    std::vector<uint8_t> image;
    for (uint32_t word : header)
        for (int shift = 0; shift < 32; shift += 8) image.push_back(uint8_t(word >> shift));
    for (uint8_t b : {0x40, 0xEB, 0xFD}) image.push_back(b);
    return image;
}

DisplayOptions with_window() {
    DisplayOptions o;
    o.sdl = true;
    return o;
}

constexpr uint8_t KEY_P = 19, KEY_N = 17, KEY_Q = 20;

// Returns one scripted batch of events per call and records the instruction count then.
struct ScriptedWindow : Window {
    Machine* machine = nullptr;
    std::deque<std::vector<WindowEvent>> script;
    std::vector<uint64_t> icounts;
    std::vector<std::string> titles;
    unsigned shown = 0;
    std::vector<WindowEvent> events(int) override {
        icounts.push_back(machine->cpu.icount());
        if (script.empty()) return {};
        std::vector<WindowEvent> e = script.front();
        script.pop_front();
        return e;
    }
    void show(const Image& image) override { shown += image.width == 720; }
    void set_title(const std::string& t) override { titles.push_back(t); }
    void inject_key(uint8_t usage, bool pressed) override {
        script.push_back({{WindowEvent::Kind::KEY, usage, pressed, false}});
    }
};

WindowEvent hotkey(uint8_t usage) { return {WindowEvent::Kind::KEY, usage, true, true}; }

}  // namespace

TEST_CASE("display: pause, single-step and quit hotkeys", "[display]") {
    MachineConfig cfg;
    cfg.mem_bytes = 16u << 20;
    cfg.serial_in_fd = -1;
    Machine m(cfg);
    m.boot_multiboot(loop_kernel(), "loop", "", {});
    auto window = std::make_unique<ScriptedWindow>();
    ScriptedWindow& w = *window;
    w.machine = &m;
    w.script = {{hotkey(KEY_P)},   // pause
                {hotkey(KEY_N)},   // step one instruction
                {hotkey(KEY_N)},   // and another
                {hotkey(KEY_Q)}};  // quit
    Display d(m, with_window(), std::move(window));
    CHECK(m.run() == Machine::PAUSED);
    CHECK(d.quit_requested());
    REQUIRE(w.icounts.size() == 4);
    CHECK(w.icounts[2] == w.icounts[1] + 1);  // each step is exactly one instruction
    CHECK(w.icounts[3] == w.icounts[2] + 1);
    CHECK(m.cpu.icount() == w.icounts[3]);    // quitting runs nothing more
    REQUIRE(!w.titles.empty());
    CHECK(w.titles.back().find("paused") != std::string::npos);
    CHECK(w.titles.back().find(std::to_string(w.icounts[3]) + " instructions") != std::string::npos);
    CHECK(w.shown > 0);
}

TEST_CASE("display: keys from the window reach the PS/2 controller as set-1 bytes", "[display]") {
    MachineConfig cfg;
    cfg.mem_bytes = 16u << 20;
    cfg.serial_in_fd = -1;
    Machine m(cfg);
    m.boot_multiboot(loop_kernel(), "loop", "", {});
    // The loop never programs the PIC; give IRQ 1 an open mask as a driver would.
    m.port_out(0x21, 1, 0xFD);
    auto window = std::make_unique<ScriptedWindow>();
    window->machine = &m;
    window->script = {{{WindowEvent::Kind::KEY, 82, true, false}, {WindowEvent::Kind::KEY, 82, false, false}},
                      {hotkey(KEY_Q)}};
    Display d(m, with_window(), std::move(window));
    CHECK(m.run() == Machine::PAUSED);
    std::vector<uint8_t> got;
    while (m.port_in(0x64, 1) & 1) got.push_back(uint8_t(m.port_in(0x60, 1)));
    CHECK(got == std::vector<uint8_t>{0xE0, 0x48, 0xE0, 0xC8});  // Up pressed and released
}
