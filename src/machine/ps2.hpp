// The 8042 PS/2 controller (0x60 data, 0x64 status/command) with an MF2 keyboard on IRQ1. The
// auxiliary port exists but has no mouse behind it. The state at power-on is the one firmware
// leaves: keyboard interrupt and scancode translation on, auxiliary port off, self-test passed.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <initializer_list>

#include "machine/io.hpp"
#include "machine/pic.hpp"

namespace lstar {

class Ps2 : public ByteDevice {
public:
    static constexpr uint16_t DATA = 0x60, STATUS = 0x64;
    static constexpr unsigned KBD_IRQ = 1, AUX_IRQ = 12;

    // `reset` is called when the guest pulses the CPU reset line (command 0xFE, or an output
    // port write with bit 0 clear); the machine decides what a reset means.
    Ps2(IrqSink& pic, std::function<void()> reset);

    // One byte of a scancode-set-1 sequence from the host keyboard (the SDL front end).
    // Dropped while the guest has scanning disabled or the keyboard buffer is full.
    void key_scancode(uint8_t code);
    // Bytes from the keyboard the guest has not read yet (queued, or in the output buffer):
    // the host feeds keys only while this is small, as a real keyboard waits for its line.
    size_t keyboard_backlog() const { return keyboard_q_.size() + (out_full_ && !out_aux_ ? 1 : 0); }

    uint8_t config() const { return ram_[0]; }
    uint8_t leds() const { return leds_; }
    bool scanning() const { return scanning_; }

protected:
    uint8_t read(uint16_t port) override;
    void write(uint16_t port, uint8_t value) override;

private:
    void controller_command(uint8_t cmd);
    void controller_data(uint8_t cmd, uint8_t value);  // the byte after a command that takes one
    void keyboard_byte(uint8_t value);                 // a byte sent to the keyboard
    void keyboard_reply(std::initializer_list<uint8_t> bytes);
    void keyboard_defaults();
    void refill();      // move the next waiting byte into the output buffer
    void update_irqs();

    IrqSink& pic_;
    std::function<void()> reset_;
    uint8_t ram_[32] = {0x61};  // byte 0 is the configuration byte
    std::deque<uint8_t> controller_q_, keyboard_q_, aux_q_;
    uint8_t out_ = 0;
    bool out_full_ = false, out_aux_ = false;
    bool irq1_ = false, irq12_ = false;
    bool last_write_command_ = false;  // status bit 3
    bool system_flag_ = true;          // status bit 2: self-test passed
    uint8_t output_port_ = 0x03;       // reset line inactive, A20 on
    uint8_t pending_command_ = 0;      // controller command waiting for its data byte
    uint8_t keyboard_pending_ = 0;     // keyboard command waiting for its parameter
    bool scanning_ = true;
    uint8_t leds_ = 0, scancode_set_ = 2, typematic_ = 0x0B, last_sent_ = 0;
};

}  // namespace lstar
