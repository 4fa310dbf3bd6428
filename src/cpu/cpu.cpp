#include "cpu/cpu.hpp"

#include "cpu/decode.hpp"
#include "msr/msr.hpp"

namespace lstar {

const char* vec_name(Vec v) {
    switch (v) {
    case Vec::DE: return "#DE";
    case Vec::DB: return "#DB";
    case Vec::NMI: return "NMI";
    case Vec::BP: return "#BP";
    case Vec::OF: return "#OF";
    case Vec::BR: return "#BR";
    case Vec::UD: return "#UD";
    case Vec::NM: return "#NM";
    case Vec::DF: return "#DF";
    case Vec::TS: return "#TS";
    case Vec::NP: return "#NP";
    case Vec::SS: return "#SS";
    case Vec::GP: return "#GP";
    case Vec::PF: return "#PF";
    case Vec::MF: return "#MF";
    case Vec::AC: return "#AC";
    case Vec::MC: return "#MC";
    case Vec::XM: return "#XM";
    }
    return "#??";
}

void Cpu::reset_long64(uint8_t cpl) {
    for (auto& r : s.gpr) r = 0;
    msr::reset(s);
    s.rip = 0;
    set_rflags(fl::FIXED1 | fl::IF);
    for (auto& sg : s.seg) sg = Segment{0, 0, 0xffffffff, segattr::P | segattr::DB | segattr::G};
    s.seg[CS] = Segment{static_cast<uint16_t>(cpl == 3 ? 0x33 : 0x10), 0, 0xffffffff,
                        segattr::P | segattr::L | segattr::G | 0x1b};
    s.cpl = cpl;
    s.cr0 = cr0::PE | cr0::MP | cr0::ET | cr0::NE | cr0::WP | cr0::PG;
    s.cr4 = cr4::PAE | cr4::OSFXSR | cr4::OSXMMEXCPT;
    s.efer = (1u << 0) | (1u << 8) | (1u << 10) | (1u << 11);  // SCE LME LMA NXE
    s.mxcsr = 0x1f80;
    s.dr[6] = 0xffff0ff0;
    s.dr[7] = 0x400;
    s.xcr0 = 3;  // x87 and SSE state
    irq_inhibit_until = 0;
    s.fcw = 0x37f;
    s.ftw = 0xffff;  // all empty (FNINIT state)
    halted = false;
    update_mode();
}

uint64_t Cpu::rflags() const { return (s.rflags & ~fl::ARITH) | fl::FIXED1 | status(); }

void Cpu::set_rflags(uint64_t v) {
    s.rflags = (v & ~fl::ARITH) | fl::FIXED1;
    lazy = LazyFlags{};
    lazy.bits = v & fl::ARITH;
    mmu.sync_privilege();  // AC
}

bool Cpu::cond_from_status(uint8_t cc) const {
    const uint64_t f = status();
    bool r;
    switch (cc >> 1) {
    case 0: r = f & fl::OF; break;                                  // O
    case 1: r = f & fl::CF; break;                                  // B
    case 2: r = f & fl::ZF; break;                                  // Z
    case 3: r = f & (fl::CF | fl::ZF); break;                       // BE
    case 4: r = f & fl::SF; break;                                  // S
    case 5: r = f & fl::PF; break;                                  // P
    case 6: r = !(f & fl::SF) != !(f & fl::OF); break;              // L
    default: r = (f & fl::ZF) || (!(f & fl::SF) != !(f & fl::OF));  // LE
    }
    return (cc & 1) ? !r : r;
}

}  // namespace lstar
