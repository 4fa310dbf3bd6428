// The MC146818A-compatible CMOS RTC and NVRAM at 0x70 (index, bit 7 = NMI disable) and 0x71
// (data), with the periodic, alarm and update-ended interrupts on IRQ8. The clock is a start
// time plus virtual time; the memory-size bytes are filled in as QEMU's PC machine does.
#pragma once
#include <array>
#include <cstdint>
#include <functional>

#include "machine/io.hpp"
#include "machine/pic.hpp"

namespace lstar {

class Cmos : public ByteDevice, public TimedDevice {
public:
    static constexpr uint16_t BASE = 0x70;
    static constexpr unsigned RTC_IRQ = 8;
    // Register indexes.
    enum : uint8_t { SECONDS = 0x00, SECONDS_ALARM = 0x01, MINUTES = 0x02, MINUTES_ALARM = 0x03,
                     HOURS = 0x04, HOURS_ALARM = 0x05, WEEKDAY = 0x06, DAY = 0x07, MONTH = 0x08,
                     YEAR = 0x09, STATUS_A = 0x0A, STATUS_B = 0x0B, STATUS_C = 0x0C,
                     STATUS_D = 0x0D, CENTURY = 0x32 };

    // `start_unix_seconds` is the wall-clock time (UTC) at virtual time 0: the host clock for a
    // normal run, a fixed value for a deterministic one. `ram_size` fills the memory bytes.
    Cmos(IrqSink& pic, std::function<Nanos()> clock, int64_t start_unix_seconds,
         uint64_t ram_size, unsigned irq = RTC_IRQ);

    bool nmi_disabled() const { return nmi_disabled_; }

    // TimedDevice: the next periodic, alarm or update-ended interrupt that is enabled.
    Nanos next_event(Nanos now) const override;
    void tick(Nanos now) override;

protected:
    uint8_t read(uint16_t port) override;
    void write(uint16_t port, uint8_t value) override;

private:
    bool halted() const { return ram_[STATUS_B] & 0x80; }  // SET: updates inhibited
    int64_t seconds_at(Nanos now) const;                     // wall-clock seconds (floor)
    uint8_t encode(unsigned v) const;                        // binary or BCD per status B
    unsigned decode(uint8_t v) const;
    uint8_t encode_hours(unsigned h) const;                  // 24h or 12h with bit 7 = PM
    unsigned decode_hours(uint8_t v) const;
    void show_time(Nanos now);      // copy the running clock into the time registers
    void set_clock_from_registers(Nanos now);
    bool alarm_matches(int64_t seconds) const;
    uint64_t periodic_ticks() const;  // periodic interval in 32.768 kHz ticks, 0 = off
    void update_flags(Nanos now);     // set PF, AF and UF for what happened since last time

    IrqSink& pic_;
    std::function<Nanos()> clock_;
    unsigned irq_;
    std::array<uint8_t, 128> ram_{};
    uint8_t index_ = 0;
    bool nmi_disabled_ = false;
    int64_t epoch_ns_;    // wall-clock nanoseconds since 1970 at virtual time 0
    Nanos flags_at_ = 0;  // update_flags() has looked at everything up to this time
};

}  // namespace lstar
