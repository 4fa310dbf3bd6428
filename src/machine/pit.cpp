// 8254 PIT. A channel's state is the count N, the mode, and the PIT tick at which counting
// started; the counter and OUT at any later tick follow from the mode's waveform (datasheet,
// "Mode Definitions"). The one-clock delay between writing a count and loading it into the
// counting element is not modelled, as in QEMU.
#include "machine/pit.hpp"

namespace lstar {

namespace {

uint16_t to_bcd(uint32_t v) {
    return uint16_t((v % 10) | (v / 10 % 10) << 4 | (v / 100 % 10) << 8 | (v / 1000 % 10) << 12);
}
uint32_t from_bcd(uint16_t v) {
    return (v & 15) + (v >> 4 & 15) * 10 + (v >> 8 & 15) * 100 + (v >> 12 & 15) * 1000;
}

}  // namespace

// ---- one channel ----

uint32_t Pit::Channel::period() const {
    uint32_t n = bcd ? from_bcd(reload) : reload;
    if (n == 0) n = bcd ? 10000 : 65536;
    // Modes 2 and 3 cannot divide by one; a count of 1 behaves as the shortest legal period.
    if ((mode == 2 || mode == 3) && n < 2) n = 2;
    return n;
}

uint64_t Pit::Channel::counted(uint64_t now) const {
    return elapsed + (running ? now - start : 0);
}

bool Pit::Channel::out_at(uint64_t now) const {
    uint64_t n = period(), d = counted(now);
    switch (mode) {
    case 0: return loaded && d >= n;                        // low until terminal count
    case 1: return !triggered || d >= n;                    // low for N clocks after a trigger
    case 2: return !running || d % n != n - 1;              // low for the clock at count 1
    case 3: return !running || d % n < (n + 1) / 2;         // high half first, longer when N odd
    case 4: return d != n;                                  // low for the clock after count 0
    default: return !triggered || d != n;                   // mode 5: as 4, gate-triggered
    }
}

uint16_t Pit::Channel::count_at(uint64_t now) const {
    uint64_t n = period(), d = counted(now);
    uint32_t modulus = bcd ? 10000 : 65536;
    uint64_t v;
    if (!loaded) {
        v = n % modulus;
    } else if (mode == 2) {
        v = n - d % n;
    } else if (mode == 3) {
        // Each half reloads N and counts down by two; an odd N loses one extra count at the
        // start of the high half and gains one at the start of the low half.
        uint64_t pos = d % n, hi = (n + 1) / 2;
        bool high = pos < hi;
        uint64_t k = high ? pos : pos - hi;
        if (k == 0) v = n;
        else if (n % 2 == 0) v = n - 2 * k;
        else v = high ? n + 1 - 2 * k : n - 1 - 2 * k;
    } else {
        v = (n + modulus - d % modulus) % modulus;  // one-shot modes wrap and keep counting
    }
    v %= modulus;
    return bcd ? to_bcd(uint32_t(v)) : uint16_t(v);
}

uint64_t Pit::Channel::next_rising_edge(uint64_t now) const {
    if (!running) return ~0ull;
    uint64_t n = period(), d = counted(now), edge;
    switch (mode) {
    case 0: case 1: edge = n; break;
    case 2: case 3: edge = (d / n + 1) * n; break;
    default: edge = n + 1; break;  // modes 4 and 5: back high after the one-clock strobe
    }
    if ((mode == 1 || mode == 5) && !triggered) return ~0ull;
    if (edge <= d) return ~0ull;
    return start + (edge - elapsed);
}

void Pit::Channel::load(uint64_t now) {
    loaded = true;
    null_count = false;
    elapsed = 0;
    start = now;
    triggered = false;
    // Modes 1 and 5 wait for a gate edge; the others count while the gate is high.
    running = gate && mode != 1 && mode != 5;
}

void Pit::Channel::set_gate(bool level, uint64_t now) {
    if (level == gate) return;
    gate = level;
    if (!loaded) return;
    switch (mode) {
    case 0: case 4:  // the gate pauses counting
        if (!level) elapsed = counted(now);
        start = now;
        running = level;
        break;
    case 2: case 3:  // low stops and forces OUT high; the rising edge restarts the count
        if (level) {
            elapsed = 0;
            start = now;
        }
        running = level;
        break;
    default:  // modes 1 and 5: a rising edge (re)triggers
        if (level) {
            elapsed = 0;
            start = now;
            triggered = running = true;
        }
        break;
    }
}

uint8_t Pit::Channel::read_counter(uint64_t now) {
    if (status_latched) {
        status_latched = false;
        return status;
    }
    uint16_t v = count_latched ? latch : count_at(now);
    uint8_t b;
    switch (rw) {
    case 1: b = uint8_t(v); count_latched = false; break;
    case 2: b = uint8_t(v >> 8); count_latched = false; break;
    default:
        b = read_hi ? uint8_t(v >> 8) : uint8_t(v);
        if (read_hi) count_latched = false;
        read_hi = !read_hi;
        break;
    }
    return b;
}

void Pit::Channel::write_counter(uint8_t v, uint64_t now) {
    switch (rw) {
    case 1: reload = v; break;
    case 2: reload = uint16_t(v << 8); break;
    default:
        if (!write_hi) {
            low_byte = v;
            write_hi = true;
            return;
        }
        write_hi = false;
        reload = uint16_t(low_byte | v << 8);
        break;
    }
    load(now);
}

void Pit::Channel::control(uint8_t v) {
    rw = (v >> 4) & 3;
    mode = (v >> 1) & 7;
    if (mode > 5) mode -= 4;  // 6 and 7 are aliases of 2 and 3
    bcd = v & 1;
    loaded = running = triggered = false;
    elapsed = 0;
    null_count = true;
    write_hi = read_hi = false;
    count_latched = status_latched = false;
}

void Pit::Channel::latch_count(uint64_t now) {
    if (count_latched) return;  // a second latch before the first is read is ignored
    latch = count_at(now);
    count_latched = true;
    read_hi = false;
}

void Pit::Channel::latch_status(uint64_t now) {
    if (status_latched) return;
    uint8_t m = mode;
    status = uint8_t(out_at(now) << 7 | null_count << 6 | rw << 4 | m << 1 | bcd);
    status_latched = true;
}

// ---- the device ----

Pit::Pit(IrqSink& pic, std::function<Nanos()> clock, unsigned irq)
    : pic_(pic), clock_(std::move(clock)), irq_(irq) {
    ch_[2].gate = false;  // port 0x61 bit 0 starts clear
}

bool Pit::output(unsigned channel) const { return ch_[channel].out_at(now_ticks()); }
uint16_t Pit::count(unsigned channel) const { return ch_[channel].count_at(now_ticks()); }

void Pit::schedule() {
    uint64_t edge = ch_[0].next_rising_edge(now_ticks());
    next_irq_ = edge == ~0ull ? ~Nanos(0) : tick_time(edge, HZ);
}

Nanos Pit::next_event(Nanos) const { return next_irq_; }

void Pit::tick(Nanos now) {
    if (now < next_irq_) return;
    pic_.pulse_irq(irq_);  // edges missed by a late tick merge into one, as the PIC latches one
    uint64_t edge = ch_[0].next_rising_edge(ticks_at(now, HZ));
    next_irq_ = edge == ~0ull ? ~Nanos(0) : tick_time(edge, HZ);
}

uint8_t Pit::read(uint16_t port) {
    uint64_t now = now_ticks();
    if (port == PORT_B) {
        // Bit 4 toggles with each DRAM refresh request (every 18 PIT clocks, about 15 us).
        bool refresh = (now / 18) & 1;
        return uint8_t((port_b_ & 0x0F) | refresh << 4 | ch_[2].out_at(now) << 5);
    }
    if (port - BASE < 3) return ch_[port - BASE].read_counter(now);
    return 0xFF;  // the control word register cannot be read
}

void Pit::write(uint16_t port, uint8_t value) {
    uint64_t now = now_ticks();
    if (port == PORT_B) {
        port_b_ = value & 0x0F;
        ch_[2].set_gate(value & 1, now);
        return;
    }
    if (port - BASE < 3) {
        ch_[port - BASE].write_counter(value, now);
    } else if ((value >> 6) == 3) {  // read-back: bit 5 = 0 latches counts, bit 4 = 0 status
        for (unsigned i = 0; i < 3; ++i) {
            if (!(value & (2u << i))) continue;
            if (!(value & 0x10)) ch_[i].latch_status(now);
            if (!(value & 0x20)) ch_[i].latch_count(now);
        }
    } else if (((value >> 4) & 3) == 0) {  // counter latch command
        ch_[value >> 6].latch_count(now);
    } else {
        ch_[value >> 6].control(value);
    }
    schedule();
}

}  // namespace lstar
