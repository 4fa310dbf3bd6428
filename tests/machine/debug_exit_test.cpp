// src/machine/debug_exit.cpp: QEMU's isa-debug-exit exits with (value << 1) | 1.
#include <catch2/catch.hpp>

#include <vector>

#include "machine/debug_exit.hpp"
#include "machine/io.hpp"

using namespace lstar;

TEST_CASE("debug-exit: a write asks the machine to exit with (v << 1) | 1", "[machine]") {
    std::vector<int> statuses;
    DebugExit dev([&](int s) { statuses.push_back(s); });
    CHECK(!dev.value());
    IoBus bus;
    bus.attach(DebugExit::BASE, DebugExit::BASE + DebugExit::SIZE - 1, &dev);
    bus.out(0xF4, 1, 0x00);
    bus.out(0xF4, 1, 0x10);
    bus.out(0xF4, 4, 0x7F);
    bus.out(0xF5, 2, 0x80);  // any port of the four; 0x101 reaches the host as 1
    bus.out(0xF8, 1, 0x10);  // outside the device: nothing
    CHECK(statuses == std::vector<int>{1, 0x21, 0xFF, 1});
    CHECK(dev.value() == 0x80u);  // the whole value of the last write, for lstar run
    CHECK(bus.in(0xF4, 1) == 0xFF);
}
