// The 8259A programmable interrupt controller pair of a PC: master at 0x20/0x21, slave at
// 0xA0/0xA1 cascaded on the master's IR2, and the PIIX edge/level control registers (ELCR) at
// 0x4D0/0x4D1. Behaviour follows the Intel 8259A datasheet (order number 231468).
#pragma once
#include <cstdint>

#include "machine/io.hpp"

namespace lstar {

// A device whose registers are all 8 bits wide. A wider access is split into byte accesses at
// consecutive ports, low byte first, as the ISA bus does.
// (Shared by every byte-wide device; it belongs in io.hpp and stays here until it moves.)
class ByteDevice : public PortDevice {
public:
    uint32_t in(uint16_t port, unsigned size) final {
        uint32_t v = 0;
        for (unsigned i = 0; i < size; ++i) v |= uint32_t(read(uint16_t(port + i))) << (8 * i);
        return v;
    }
    void out(uint16_t port, unsigned size, uint32_t value) final {
        for (unsigned i = 0; i < size; ++i) write(uint16_t(port + i), uint8_t(value >> (8 * i)));
    }

protected:
    virtual uint8_t read(uint16_t port) = 0;
    virtual void write(uint16_t port, uint8_t value) = 0;
};

class Pic : public ByteDevice, public IrqSink {
public:
    static constexpr uint16_t MASTER = 0x20, SLAVE = 0xA0, ELCR = 0x4D0;

    // IrqSink: a device drives IRQ line 0..15.
    void set_irq(unsigned irq, bool level) override;

    // The CPU side. intr() is the INTR pin: an unmasked request outranks everything in service.
    bool intr() const { return master_.pending() >= 0; }
    // INTA cycle: the vector to deliver. Moves the request from IRR to ISR (unless auto-EOI).
    // With nothing left to deliver it returns the spurious IRQ7 (or IRQ15) vector and sets no
    // ISR bit, as the 8259A does.
    uint8_t acknowledge();

    // Inspection, for tests and traces.
    uint8_t irr(bool slave) const { return chip(slave).irr; }
    uint8_t isr(bool slave) const { return chip(slave).isr; }
    uint8_t imr(bool slave) const { return chip(slave).imr; }

protected:
    uint8_t read(uint16_t port) override;
    void write(uint16_t port, uint8_t value) override;

private:
    struct Chip {
        uint8_t irr = 0, isr = 0, imr = 0;
        uint8_t lines = 0;       // current input levels, for edge detection
        uint8_t elcr = 0;        // level-triggered inputs (PIIX ELCR)
        uint8_t elcr_mask = 0;   // which ELCR bits are writable
        uint8_t vector_base = 0; // ICW2 & 0xF8
        uint8_t lowest = 7;      // the input with the lowest priority (rotation)
        uint8_t init_step = 0;   // 0 = operational, 2..4 = expecting ICW2..ICW4
        bool need_icw4 = false, single = false, level_mode = false;
        bool auto_eoi = false, rotate_on_auto_eoi = false;
        bool read_isr = false, poll = false, special_mask = false;

        int pending() const;                 // the IRQ the chip would raise, or -1
        void set_line(unsigned n, bool level);
        void ack(unsigned n);                // INTA for input n
        void write_command(uint8_t v);
        void write_data(uint8_t v);
        uint8_t read_port(bool data);
        int priority_of(uint8_t bits) const; // 0 = highest .. 7, or 8 when none
    };

    const Chip& chip(bool slave) const { return slave ? slave_ : master_; }
    void cascade();  // drive the master's IR2 from the slave's INT output

    Chip master_{.elcr_mask = 0xF8};
    Chip slave_{.elcr_mask = 0xDE};
};

}  // namespace lstar
