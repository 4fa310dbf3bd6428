// MC146818A RTC (Motorola datasheet) plus the PC's CMOS memory map.
#include "machine/cmos.hpp"

#include <algorithm>
#include <chrono>

#include "machine/pit.hpp"  // ticks_at, tick_time

namespace lstar {

namespace {
constexpr int64_t NS = 1'000'000'000;
constexpr uint64_t RTC_HZ = 32768;
constexpr uint8_t B_SET = 0x80, B_PIE = 0x40, B_AIE = 0x20, B_UIE = 0x10, B_BINARY = 0x04,
                  B_24H = 0x02;
constexpr uint8_t C_IRQF = 0x80;
constexpr Nanos UIP_WINDOW = 244'000;  // UIP is set this long before each update (datasheet)

int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

struct Civil {
    unsigned year, month, day, weekday, hour, minute, second;
};

Civil civil_from_seconds(int64_t s) {
    using namespace std::chrono;
    sys_days days_{days{floor_div(s, 86400)}};
    year_month_day ymd{days_};
    int64_t sod = s - floor_div(s, 86400) * 86400;
    return Civil{unsigned(int(ymd.year())), unsigned(ymd.month()), unsigned(ymd.day()),
                 weekday{days_}.c_encoding() + 1,  // Sunday = 1
                 unsigned(sod / 3600), unsigned(sod / 60 % 60), unsigned(sod % 60)};
}

int64_t seconds_from_civil(const Civil& c) {
    using namespace std::chrono;
    year_month_day ymd{year{int(c.year)}, month{c.month}, day{c.day}};
    int64_t d = sys_days{ymd}.time_since_epoch().count();
    return d * 86400 + c.hour * 3600 + c.minute * 60 + c.second;
}
}  // namespace

Cmos::Cmos(IrqSink& pic, std::function<Nanos()> clock, int64_t start_unix_seconds,
           uint64_t ram_size, unsigned irq)
    : pic_(pic), clock_(std::move(clock)), irq_(irq), epoch_ns_(start_unix_seconds * NS) {
    ram_[STATUS_A] = 0x26;  // 32.768 kHz time base, 1024 Hz periodic rate
    ram_[STATUS_B] = B_24H; // BCD, 24-hour
    ram_[STATUS_D] = 0x80;  // VRT: the RAM and time are valid

    // Memory sizes as QEMU's pc_cmos_init writes them (RAM below 4 GiB and above it).
    constexpr uint64_t KiB = 1024, MiB = 1024 * KiB;
    uint64_t below_4g = ram_size >= 0xE0000000 ? 0xC0000000 : ram_size;
    uint64_t above_4g = ram_size - below_4g;
    auto put16 = [&](uint8_t at, uint64_t v) {
        v = std::min<uint64_t>(v, 65535);
        ram_[at] = uint8_t(v);
        ram_[at + 1] = uint8_t(v >> 8);
    };
    put16(0x15, std::min<uint64_t>(below_4g / KiB, 640));                  // base memory, KiB
    uint64_t ext = below_4g > MiB ? (below_4g - MiB) / KiB : 0;            // 1 MiB.., KiB
    put16(0x17, ext);
    put16(0x30, ext);
    put16(0x34, below_4g > 16 * MiB ? (below_4g - 16 * MiB) / (64 * KiB) : 0);  // 16 MiB.., 64K
    uint64_t high = above_4g / (64 * KiB);                                 // 4 GiB.., 64K
    ram_[0x5B] = uint8_t(high);
    ram_[0x5C] = uint8_t(high >> 8);
    ram_[0x5D] = uint8_t(high >> 16);
    ram_[0x14] = 0x06;  // equipment: FPU, PS/2 mouse port, VGA
    ram_[0x5F] = 0;     // number of CPUs - 1
}

int64_t Cmos::seconds_at(Nanos now) const {
    return floor_div(epoch_ns_ + int64_t(now), NS);
}

uint8_t Cmos::encode(unsigned v) const {
    if (ram_[STATUS_B] & B_BINARY) return uint8_t(v);
    return uint8_t((v / 10 % 10) << 4 | v % 10);
}

unsigned Cmos::decode(uint8_t v) const {
    if (ram_[STATUS_B] & B_BINARY) return v;
    return (v >> 4) * 10 + (v & 15);
}

uint8_t Cmos::encode_hours(unsigned h) const {
    if (ram_[STATUS_B] & B_24H) return encode(h);
    unsigned h12 = h % 12 ? h % 12 : 12;
    return uint8_t(encode(h12) | (h >= 12 ? 0x80 : 0));
}

unsigned Cmos::decode_hours(uint8_t v) const {
    if (ram_[STATUS_B] & B_24H) return decode(v);
    unsigned h = decode(v & 0x7F) % 12;
    return h + ((v & 0x80) ? 12 : 0);
}

void Cmos::show_time(Nanos now) {
    if (halted()) return;  // with SET the registers hold what the guest wrote
    Civil c = civil_from_seconds(seconds_at(now));
    ram_[SECONDS] = encode(c.second);
    ram_[MINUTES] = encode(c.minute);
    ram_[HOURS] = encode_hours(c.hour);
    ram_[WEEKDAY] = encode(c.weekday);
    ram_[DAY] = encode(c.day);
    ram_[MONTH] = encode(c.month);
    ram_[YEAR] = encode(c.year % 100);
    ram_[CENTURY] = encode(c.year / 100);
}

void Cmos::set_clock_from_registers(Nanos now) {
    Civil c{decode(ram_[CENTURY]) * 100 + decode(ram_[YEAR]), decode(ram_[MONTH]),
            decode(ram_[DAY]), 0, decode_hours(ram_[HOURS]), decode(ram_[MINUTES]),
            decode(ram_[SECONDS])};
    c.month = std::clamp(c.month, 1u, 12u);
    c.day = std::clamp(c.day, 1u, 31u);
    // The divider chain restarts: the new second begins now.
    epoch_ns_ = seconds_from_civil(c) * NS - int64_t(now);
    flags_at_ = now;
}

bool Cmos::alarm_matches(int64_t seconds) const {
    int64_t sod = seconds - floor_div(seconds, 86400) * 86400;
    Civil c{0, 0, 0, 0, unsigned(sod / 3600), unsigned(sod / 60 % 60), unsigned(sod % 60)};
    auto match = [&](uint8_t alarm, unsigned value, bool hours) {
        if ((alarm & 0xC0) == 0xC0) return true;  // "don't care"
        return (hours ? decode_hours(alarm) : decode(alarm)) == value;
    };
    return match(ram_[SECONDS_ALARM], c.second, false) &&
           match(ram_[MINUTES_ALARM], c.minute, false) && match(ram_[HOURS_ALARM], c.hour, true);
}

uint64_t Cmos::periodic_ticks() const {
    unsigned rate = ram_[STATUS_A] & 0x0F;
    if (rate == 0) return 0;
    if (rate < 3) rate += 7;  // rates 1 and 2 repeat rates 8 and 9
    return 1ull << (rate - 1);
}

void Cmos::update_flags(Nanos now) {
    if (now < flags_at_) return;
    uint8_t flags = 0;
    if (uint64_t p = periodic_ticks())
        if (ticks_at(now, RTC_HZ) / p > ticks_at(flags_at_, RTC_HZ) / p) flags |= 0x40;  // PF
    if (!halted()) {
        int64_t from = seconds_at(flags_at_), to = seconds_at(now);
        if (to > from) flags |= 0x10;  // UF: an update cycle ended
        for (int64_t s = std::max(from + 1, to - 86400); s <= to; ++s) {
            if (alarm_matches(s)) {
                flags |= 0x20;  // AF
                break;
            }
        }
    }
    flags_at_ = now;
    uint8_t& c = ram_[STATUS_C];
    c |= flags;
    if (!(c & C_IRQF) && (c & ram_[STATUS_B] & 0x70)) {
        c |= C_IRQF;
        pic_.pulse_irq(irq_);
    }
}

Nanos Cmos::next_event(Nanos now) const {
    uint8_t b = ram_[STATUS_B];
    if (ram_[STATUS_C] & C_IRQF) return ~Nanos(0);  // nothing new until C is read
    Nanos next = ~Nanos(0);
    if (uint64_t p = periodic_ticks(); p && (b & B_PIE))
        next = tick_time((ticks_at(now, RTC_HZ) / p + 1) * p, RTC_HZ);
    if ((b & (B_AIE | B_UIE)) && !halted()) {
        int64_t boundary = (seconds_at(now) + 1) * NS - epoch_ns_;
        next = std::min(next, Nanos(std::max<int64_t>(boundary, int64_t(now))));
    }
    return next;
}

void Cmos::tick(Nanos now) { update_flags(now); }

uint8_t Cmos::read(uint16_t port) {
    if (port == BASE) return 0xFF;  // the index register is write-only
    Nanos now = clock_();
    switch (index_) {
    case STATUS_A: {
        int64_t into_second = epoch_ns_ + int64_t(now) - seconds_at(now) * NS;
        bool uip = !halted() && into_second >= NS - int64_t(UIP_WINDOW);
        return uint8_t((ram_[STATUS_A] & 0x7F) | (uip ? 0x80 : 0));
    }
    case STATUS_C: {
        update_flags(now);
        uint8_t c = ram_[STATUS_C];
        ram_[STATUS_C] = 0;
        return c;
    }
    case SECONDS: case MINUTES: case HOURS: case WEEKDAY: case DAY: case MONTH: case YEAR:
    case CENTURY:
        show_time(now);
        return ram_[index_];
    default:
        return ram_[index_];
    }
}

void Cmos::write(uint16_t port, uint8_t value) {
    if (port == BASE) {
        index_ = value & 0x7F;
        nmi_disabled_ = value & 0x80;
        return;
    }
    Nanos now = clock_();
    switch (index_) {
    case STATUS_A:
        update_flags(now);
        ram_[STATUS_A] = value & 0x7F;  // UIP is read-only
        break;
    case STATUS_B: {
        update_flags(now);
        show_time(now);  // freeze the registers at the current time if SET is being set
        bool was_halted = halted();
        if (value & B_SET) value &= uint8_t(~B_UIE);  // SET clears UIE (datasheet)
        ram_[STATUS_B] = value;
        if (was_halted && !halted()) set_clock_from_registers(now);
        break;
    }
    case STATUS_C: case STATUS_D:
        break;  // read-only
    case SECONDS: case MINUTES: case HOURS: case WEEKDAY: case DAY: case MONTH: case YEAR:
    case CENTURY:
        show_time(now);
        ram_[index_] = value;
        if (!halted()) set_clock_from_registers(now);
        break;
    default:
        ram_[index_] = value;
        break;
    }
}

}  // namespace lstar
