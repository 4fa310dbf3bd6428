// QEMU's isa-debug-exit device (iobase 0xf4, iosize 4): a write of value v ends the emulator with
// exit status (v << 1) | 1, so a test kernel can report pass or fail to the host.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>

#include "machine/io.hpp"

namespace lstar {

class DebugExit : public PortDevice {
public:
    static constexpr uint16_t BASE = 0xF4, SIZE = 4;

    // `exit` receives the process exit status, already reduced to 8 bits as the host's exit()
    // would (a write of 0x80 gives status 1, as under QEMU).
    explicit DebugExit(std::function<void(int status)> exit) : exit_(std::move(exit)) {}

    static int status_for(uint32_t value);

    // The whole value of the last write, if any: `lstar run` decodes its guest kernel's own
    // convention from it, which the 8-bit status cannot carry.
    std::optional<uint32_t> value() const { return value_; }

    uint32_t in(uint16_t port, unsigned size) override;
    void out(uint16_t port, unsigned size, uint32_t value) override;

private:
    std::function<void(int)> exit_;
    std::optional<uint32_t> value_;
};

}  // namespace lstar
