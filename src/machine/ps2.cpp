// 8042 controller and keyboard. Command numbers are those of the IBM PC/AT Technical Reference
// (keyboard controller and keyboard command sets).
#include "machine/ps2.hpp"

namespace lstar {

namespace {
constexpr uint8_t CFG_KBD_INT = 0x01, CFG_AUX_INT = 0x02, CFG_KBD_OFF = 0x10,
                  CFG_AUX_OFF = 0x20, CFG_TRANSLATE = 0x40;
constexpr uint8_t ACK = 0xFA, RESEND = 0xFE;
constexpr size_t KEYBOARD_BUFFER = 16;
}  // namespace

Ps2::Ps2(IrqSink& pic, std::function<void()> reset) : pic_(pic), reset_(std::move(reset)) {}

void Ps2::update_irqs() {
    bool irq1 = out_full_ && !out_aux_ && (ram_[0] & CFG_KBD_INT);
    bool irq12 = out_full_ && out_aux_ && (ram_[0] & CFG_AUX_INT);
    if (irq1 != irq1_) pic_.set_irq(KBD_IRQ, irq1_ = irq1);
    if (irq12 != irq12_) pic_.set_irq(AUX_IRQ, irq12_ = irq12);
}

void Ps2::refill() {
    if (!out_full_) {
        std::deque<uint8_t>* q = nullptr;
        if (!controller_q_.empty()) q = &controller_q_;
        else if (!keyboard_q_.empty() && !(ram_[0] & CFG_KBD_OFF)) q = &keyboard_q_;
        else if (!aux_q_.empty() && !(ram_[0] & CFG_AUX_OFF)) q = &aux_q_;
        if (q) {
            out_ = q->front();
            q->pop_front();
            out_full_ = true;
            out_aux_ = q == &aux_q_;
        }
    }
    update_irqs();
}

void Ps2::key_scancode(uint8_t code) {
    if (!scanning_ || keyboard_q_.size() >= KEYBOARD_BUFFER) return;
    keyboard_q_.push_back(code);
    refill();
}

void Ps2::keyboard_reply(std::initializer_list<uint8_t> bytes) {
    for (uint8_t b : bytes) keyboard_q_.push_back(b);
    if (bytes.size()) last_sent_ = *(bytes.end() - 1);
}

void Ps2::keyboard_defaults() {
    scancode_set_ = 2;
    typematic_ = 0x0B;
    keyboard_q_.clear();
}

void Ps2::keyboard_byte(uint8_t v) {
    if (uint8_t cmd = keyboard_pending_) {  // the parameter of the previous command
        keyboard_pending_ = 0;
        if (cmd == 0xED) {
            leds_ = v & 7;
        } else if (cmd == 0xF3) {
            typematic_ = v & 0x7F;
        } else if (cmd == 0xF0 && v == 0) {  // get scancode set, reported translated if on
            static constexpr uint8_t TRANSLATED[4] = {0, 0x43, 0x41, 0x3F};
            uint8_t set = (ram_[0] & CFG_TRANSLATE) ? TRANSLATED[scancode_set_] : scancode_set_;
            keyboard_reply({ACK, set});
            return;
        } else if (cmd == 0xF0 && v <= 3) {
            scancode_set_ = v;
        }
        keyboard_reply({ACK});
        return;
    }
    switch (v) {
    case 0xED: case 0xF3: case 0xF0:  // set LEDs, typematic rate, scancode set: parameter next
        keyboard_pending_ = v;
        keyboard_reply({ACK});
        break;
    case 0xEE: keyboard_reply({0xEE}); break;  // echo
    case 0xF2:  // identify: an MF2 keyboard, 0x41 when the controller translates
        keyboard_reply({ACK, 0xAB, uint8_t((ram_[0] & CFG_TRANSLATE) ? 0x41 : 0x83)});
        break;
    case 0xF4: keyboard_q_.clear(); scanning_ = true; keyboard_reply({ACK}); break;
    case 0xF5: keyboard_defaults(); scanning_ = false; keyboard_reply({ACK}); break;
    case 0xF6: keyboard_defaults(); keyboard_reply({ACK}); break;
    case 0xFE: keyboard_reply({last_sent_}); break;  // resend
    case 0xFF:  // reset and self-test: passed
        keyboard_defaults();
        leds_ = 0;
        scanning_ = true;
        keyboard_reply({ACK, 0xAA});
        break;
    default:
        if (v >= 0xF7) keyboard_reply({ACK});  // scancode-set-3 key types: accepted, ignored
        else keyboard_reply({RESEND});
        break;
    }
}

void Ps2::controller_command(uint8_t cmd) {
    if (cmd >= 0x20 && cmd < 0x40) {  // read internal RAM byte (0x20: configuration)
        controller_q_.push_back(ram_[cmd & 0x1F]);
        return;
    }
    if ((cmd >= 0x60 && cmd < 0x80) || (cmd >= 0xD1 && cmd <= 0xD4)) {
        pending_command_ = cmd;  // the data byte follows on port 0x60
        return;
    }
    if (cmd >= 0xF0) {  // pulse output lines low; bit 0 is the CPU reset line
        if (!(cmd & 1) && reset_) reset_();
        return;
    }
    switch (cmd) {
    case 0xA7: ram_[0] |= CFG_AUX_OFF; break;
    case 0xA8: ram_[0] &= uint8_t(~CFG_AUX_OFF); break;
    case 0xA9: controller_q_.push_back(0x00); break;  // auxiliary interface test: passed
    case 0xAA:                                          // controller self-test: passed
        system_flag_ = true;
        controller_q_.push_back(0x55);
        break;
    case 0xAB: controller_q_.push_back(0x00); break;  // keyboard interface test: passed
    case 0xAD: ram_[0] |= CFG_KBD_OFF; break;
    case 0xAE: ram_[0] &= uint8_t(~CFG_KBD_OFF); break;
    case 0xC0: controller_q_.push_back(0x00); break;  // input port
    case 0xD0:                                          // output port, with the buffer bits
        controller_q_.push_back(uint8_t((output_port_ & 0x03) |
                                        (out_full_ && !out_aux_ ? 0x10 : 0) |
                                        (out_full_ && out_aux_ ? 0x20 : 0)));
        break;
    case 0xDD: output_port_ &= uint8_t(~0x02); break;  // A20 off (has no effect here)
    case 0xDF: output_port_ |= 0x02; break;            // A20 on
    case 0xE0: controller_q_.push_back(0x00); break;  // test inputs
    default: break;
    }
}

void Ps2::controller_data(uint8_t cmd, uint8_t v) {
    if (cmd < 0x80) {
        ram_[cmd & 0x1F] = v;
        return;
    }
    switch (cmd) {
    case 0xD1:  // write output port
        output_port_ = v;
        if (!(v & 1) && reset_) reset_();
        break;
    case 0xD2: keyboard_q_.push_front(v); break;  // as if the keyboard had sent it
    case 0xD3: aux_q_.push_front(v); break;       // as if the mouse had sent it
    case 0xD4: aux_q_.push_back(RESEND); break;   // to the mouse: there is none
    default: break;
    }
}

uint8_t Ps2::read(uint16_t port) {
    if (port == STATUS) {
        return uint8_t((out_full_ ? 0x01 : 0) | (system_flag_ ? 0x04 : 0) |
                       (last_write_command_ ? 0x08 : 0) | 0x10 /* not inhibited */ |
                       (out_full_ && out_aux_ ? 0x20 : 0));
    }
    uint8_t v = out_;  // an empty buffer reads as the last byte again
    out_full_ = false;
    update_irqs();  // the line drops, so the next byte makes a new edge
    refill();
    return v;
}

void Ps2::write(uint16_t port, uint8_t value) {
    last_write_command_ = port == STATUS;
    if (port == STATUS) {
        pending_command_ = 0;
        controller_command(value);
    } else if (uint8_t cmd = pending_command_) {
        pending_command_ = 0;
        controller_data(cmd, value);
    } else {
        ram_[0] &= uint8_t(~CFG_KBD_OFF);  // sending to the keyboard re-enables its interface
        keyboard_byte(value);
    }
    refill();
}

}  // namespace lstar
