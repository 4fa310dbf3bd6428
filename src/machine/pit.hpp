// The 8254 programmable interval timer at 0x40-0x43, and the parts of system control port B
// (0x61) that belong to it: channel 2's gate and output, and the refresh toggle that BIOS-style
// delay loops poll. Behaviour follows the Intel 8254 datasheet (order number 231164).
//
// Nothing counts ticks: every counter value and output level is computed from the virtual time
// at which it is read, so a run gives the same values whatever the host does.
#pragma once
#include <cstdint>
#include <functional>

#include "machine/io.hpp"
#include "machine/pic.hpp"

namespace lstar {

// Clocks derived from virtual time (shared by the timer devices).
// The number of whole periods of an `hz` clock that have elapsed at time t.
inline uint64_t ticks_at(Nanos t, uint64_t hz) {
    return uint64_t((unsigned __int128)t * hz / 1000000000u);
}
// The first time at which ticks_at(t, hz) >= tick.
inline Nanos tick_time(uint64_t tick, uint64_t hz) {
    return Nanos(((unsigned __int128)tick * 1000000000u + hz - 1) / hz);
}

class Pit : public ByteDevice, public TimedDevice {
public:
    static constexpr uint64_t HZ = 1193182;  // the PC's 14.31818 MHz / 12
    static constexpr uint16_t BASE = 0x40, PORT_B = 0x61;

    // `clock` gives the current virtual time; channel 0 drives IRQ `irq` of `pic`.
    Pit(IrqSink& pic, std::function<Nanos()> clock, unsigned irq = 0);

    // TimedDevice: the next rising edge of channel 0's output, which raises IRQ0.
    Nanos next_event(Nanos now) const override;
    void tick(Nanos now) override;

    // Inspection, for tests and the speaker.
    bool output(unsigned channel) const;  // the OUT pin
    uint16_t count(unsigned channel) const;

protected:
    uint8_t read(uint16_t port) override;
    void write(uint16_t port, uint8_t value) override;

private:
    struct Channel {
        uint8_t mode = 0, rw = 3;  // control word fields: mode 0..5, access 1=lo 2=hi 3=lo/hi
        bool bcd = false;
        uint16_t reload = 0;       // the count register as written (0 = 65536 or 10000)
        bool loaded = false;       // a count was written since the control word
        bool gate = true;
        bool triggered = false;    // modes 1 and 5: a gate edge started the count
        bool running = false;
        uint64_t start = 0;        // PIT tick at which the current run began
        uint64_t elapsed = 0;      // ticks counted by earlier runs (gate pauses in modes 0, 4)
        bool null_count = false;
        bool write_hi = false, read_hi = false;
        uint8_t low_byte = 0;      // first half of a lo/hi count write
        bool count_latched = false, status_latched = false;
        uint16_t latch = 0;
        uint8_t status = 0;

        uint32_t period() const;                 // N, the initial count as a number
        uint64_t counted(uint64_t now) const;    // clocks counted since the count was loaded
        bool out_at(uint64_t now) const;
        uint16_t count_at(uint64_t now) const;   // as the counter shows it (BCD when bcd)
        uint64_t next_rising_edge(uint64_t now) const;  // absolute tick, or ~0
        void load(uint64_t now);
        void set_gate(bool level, uint64_t now);
        uint8_t read_counter(uint64_t now);
        void write_counter(uint8_t v, uint64_t now);
        void control(uint8_t v);
        void latch_count(uint64_t now);
        void latch_status(uint64_t now);
    };

    uint64_t now_ticks() const { return ticks_at(clock_(), HZ); }
    void schedule();  // recompute the next IRQ0 time after channel 0 changed

    IrqSink& pic_;
    std::function<Nanos()> clock_;
    unsigned irq_;
    Channel ch_[3];
    uint8_t port_b_ = 0;      // bits 0..3 of port 0x61 as written
    Nanos next_irq_ = ~Nanos(0);
};

}  // namespace lstar
