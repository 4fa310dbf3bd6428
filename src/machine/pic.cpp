// 8259A PIC pair. Priorities are counted from the input after `lowest`, so rotation only moves
// `lowest`. Edge-triggered inputs latch a rising edge in IRR; level-triggered ones (ELCR or
// ICW1.LTIM) follow the line.
#include "machine/pic.hpp"

namespace lstar {

int Pic::Chip::priority_of(uint8_t bits) const {
    for (int p = 0; p < 8; ++p)
        if (bits & (1u << ((p + lowest + 1) & 7))) return p;
    return 8;
}

int Pic::Chip::pending() const {
    int req = priority_of(irr & ~imr);
    if (req == 8) return -1;
    // In special mask mode a masked input in service does not block lower priorities.
    int cur = priority_of(special_mask ? isr & ~imr : isr);
    if (req >= cur) return -1;
    return (req + lowest + 1) & 7;
}

void Pic::Chip::set_line(unsigned n, bool level) {
    uint8_t bit = uint8_t(1u << n);
    if (level_mode || (elcr & bit)) {
        if (level) irr |= bit; else irr &= ~bit;
    } else if (level && !(lines & bit)) {
        irr |= bit;
    }
    if (level) lines |= bit; else lines &= ~bit;
}

void Pic::Chip::ack(unsigned n) {
    uint8_t bit = uint8_t(1u << n);
    if (!(level_mode || (elcr & bit))) irr &= ~bit;
    if (!auto_eoi) isr |= bit;
    else if (rotate_on_auto_eoi) lowest = uint8_t(n);
}

void Pic::Chip::write_command(uint8_t v) {
    if (v & 0x10) {  // ICW1: start initialisation
        imr = 0;
        isr = 0;
        irr &= elcr;  // edge latches are cleared
        lines = 0;
        lowest = 7;
        special_mask = read_isr = poll = false;
        auto_eoi = rotate_on_auto_eoi = false;
        level_mode = v & 0x08;
        single = v & 0x02;
        need_icw4 = v & 0x01;
        init_step = 2;
        return;
    }
    if (v & 0x08) {  // OCW3
        if (v & 0x04) poll = true;
        if (v & 0x02) read_isr = v & 0x01;
        if (v & 0x40) special_mask = v & 0x20;
        return;
    }
    // OCW2: R SL EOI in bits 7..5, level in bits 2..0.
    auto eoi = [&](int irq, bool rotate) {
        if (irq < 0) return;
        isr &= uint8_t(~(1u << irq));
        if (rotate) lowest = uint8_t(irq);
    };
    auto highest_in_service = [&] {
        int p = priority_of(isr);
        return p == 8 ? -1 : (p + lowest + 1) & 7;
    };
    switch (v >> 5) {
    case 0: rotate_on_auto_eoi = false; break;
    case 4: rotate_on_auto_eoi = true; break;
    case 1: eoi(highest_in_service(), false); break;
    case 5: eoi(highest_in_service(), true); break;
    case 3: eoi(v & 7, false); break;
    case 7: eoi(v & 7, true); break;
    case 6: lowest = v & 7; break;  // set priority
    default: break;                 // 2: no operation
    }
}

void Pic::Chip::write_data(uint8_t v) {
    switch (init_step) {
    case 2:  // ICW2: vector base; the low three bits come from the IRQ number
        vector_base = v & 0xF8;
        init_step = single ? (need_icw4 ? 4 : 0) : 3;
        break;
    case 3:  // ICW3: cascade wiring, fixed on a PC
        init_step = need_icw4 ? 4 : 0;
        break;
    case 4:  // ICW4: only AEOI matters; SFNM and buffered mode are not modelled
        auto_eoi = v & 0x02;
        init_step = 0;
        break;
    default:  // OCW1
        imr = v;
        break;
    }
}

uint8_t Pic::Chip::read_port(bool data) {
    if (poll) {  // poll command: the next read acknowledges like INTA
        poll = false;
        int irq = pending();
        if (irq < 0) return 0;
        ack(unsigned(irq));
        return uint8_t(0x80 | irq);
    }
    if (data) return imr;
    return read_isr ? isr : irr;
}

void Pic::cascade() { master_.set_line(2, slave_.pending() >= 0); }

void Pic::set_irq(unsigned irq, bool level) {
    if (irq >= 16) return;
    if (irq >= 8) slave_.set_line(irq - 8, level);
    else master_.set_line(irq, level);
    cascade();
}

uint8_t Pic::acknowledge() {
    int irq = master_.pending();
    uint8_t vector;
    if (irq < 0) {
        vector = master_.vector_base | 7;  // spurious IRQ7: no ISR bit
    } else {
        master_.ack(unsigned(irq));
        if (irq == 2) {
            int sirq = slave_.pending();
            if (sirq < 0) {
                vector = slave_.vector_base | 7;  // spurious IRQ15; master IR2 stays in service
            } else {
                slave_.ack(unsigned(sirq));
                vector = uint8_t(slave_.vector_base | sirq);
            }
            // The slave's INT output drops during INTA, so a request still waiting there
            // makes a fresh edge on IR2.
            master_.set_line(2, false);
        } else {
            vector = uint8_t(master_.vector_base | irq);
        }
    }
    cascade();
    return vector;
}

uint8_t Pic::read(uint16_t port) {
    uint8_t v;
    switch (port) {
    case MASTER: case MASTER + 1: v = master_.read_port(port & 1); break;
    case SLAVE: case SLAVE + 1: v = slave_.read_port(port & 1); break;
    case ELCR: return master_.elcr;
    case ELCR + 1: return slave_.elcr;
    default: return 0xFF;
    }
    cascade();
    return v;
}

void Pic::write(uint16_t port, uint8_t value) {
    Chip* c = nullptr;
    switch (port) {
    case MASTER: case MASTER + 1: c = &master_; break;
    case SLAVE: case SLAVE + 1: c = &slave_; break;
    case ELCR: master_.elcr = value & master_.elcr_mask; break;
    case ELCR + 1: slave_.elcr = value & slave_.elcr_mask; break;
    default: return;
    }
    if (c) {
        if (port & 1) c->write_data(value);
        else c->write_command(value);
    }
    cascade();
}

}  // namespace lstar
