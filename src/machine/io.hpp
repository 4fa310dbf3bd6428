// Port I/O, interrupt lines and virtual time: the interfaces between the CPU, the machine and
// its devices.
#pragma once
#include <array>
#include <cstdint>
#include <memory>

namespace lstar {

// Virtual time: one retired instruction is one nanosecond, unless --realtime is given.
// Every device derives its notion of time from this, so runs are deterministic.
using Nanos = uint64_t;

// A device on the I/O port bus. `size` is 1, 2 or 4 bytes.
class PortDevice {
public:
    virtual ~PortDevice() = default;
    virtual uint32_t in(uint16_t port, unsigned size) = 0;
    virtual void out(uint16_t port, unsigned size, uint32_t value) = 0;
};

// A device that needs to act at a time of its own (timers, input polling).
class TimedDevice {
public:
    virtual ~TimedDevice() = default;
    // The next virtual time at which tick() must run; ~0 when nothing is scheduled.
    virtual Nanos next_event(Nanos now) const = 0;
    virtual void tick(Nanos now) = 0;
};

// Interrupt request lines 0..15 as seen by the devices (implemented by the PIC pair).
class IrqSink {
public:
    virtual ~IrqSink() = default;
    virtual void set_irq(unsigned irq, bool level) = 0;
    void pulse_irq(unsigned irq) {
        set_irq(irq, true);
        set_irq(irq, false);
    }
};

// The port address space. Unclaimed ports read as all ones and ignore writes, as on a PC.
// Two levels, by the port's high byte and then its low byte: a PC's devices sit in a few 256-port
// pages, and a flat table of 65536 pointers (512 KiB) would be zeroed page by page at every start.
class IoBus {
public:
    void attach(uint16_t first, uint16_t last, PortDevice* d) {
        for (uint32_t p = first; p <= last; ++p) {
            std::unique_ptr<Page>& page = pages_[p >> 8];
            if (!page) page = std::make_unique<Page>();  // value-initialized: all null
            (*page)[p & 0xff] = d;
        }
    }
    uint32_t in(uint16_t port, unsigned size) const {
        PortDevice* d = device(port);
        if (!d) return size == 1 ? 0xff : size == 2 ? 0xffff : 0xffffffff;
        return d->in(port, size);
    }
    void out(uint16_t port, unsigned size, uint32_t value) const {
        if (PortDevice* d = device(port)) d->out(port, size, value);
    }

private:
    using Page = std::array<PortDevice*, 256>;
    PortDevice* device(uint16_t port) const {
        const Page* page = pages_[port >> 8].get();
        return page ? (*page)[port & 0xff] : nullptr;
    }
    std::array<std::unique_ptr<Page>, 256> pages_;
};

}  // namespace lstar
