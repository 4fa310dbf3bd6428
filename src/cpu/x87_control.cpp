// x87 control instructions: FNINIT FNCLEX FLDCW FNSTCW FNSTSW FWAIT, and the environment and
// state images of FNSTENV FLDENV FNSAVE FRSTOR (SDM Vol. 1 §8.1.10, Figures 8-9 to 8-12).
// None of them changes FIP, FDP or FOP except to save, load or clear them.
#include "cpu/ops.hpp"
#include "cpu/x87.hpp"

namespace lstar {

using namespace x87;

namespace {

constexpr size_t ENV32 = 28, ENV16 = 14;  // the environment, in the 32- and 16-bit layouts
constexpr size_t REGS = 80;               // eight 10-byte registers after it in FNSAVE

// The width of the layout's fields.
size_t word(const DecodedInsn& i) { return env16(i) ? 2 : 4; }

// The environment part of an image in the layout the operand size selects. The 16-bit
// protected-mode layout holds 16-bit pointer offsets, their selectors (stored as 0) and no FOP.
size_t env_to_bytes(const SaveImage& m, bool bits16, uint8_t* out) {
    if (!bits16) {
        std::memcpy(out, &m, ENV32);
        return ENV32;
    }
    const uint16_t w[7] = {m.fcw, m.fsw, m.ftw, static_cast<uint16_t>(m.fip), 0,
                           static_cast<uint16_t>(m.fdp), 0};
    std::memcpy(out, w, ENV16);
    return ENV16;
}
size_t env_from_bytes(SaveImage& m, bool bits16, const uint8_t* in) {
    if (!bits16) {
        std::memcpy(&m, in, ENV32);
        return ENV32;
    }
    uint16_t w[7];
    std::memcpy(w, in, ENV16);
    m.fcw = w[0], m.fsw = w[1], m.ftw = w[2], m.fip = w[3], m.fdp = w[5], m.fop = 0;
    return ENV16;
}

// The pointers of an environment image, for FLDENV and FRSTOR.
void load_pointers(CpuState& s, const SaveImage& m) {
    s.fip = m.fip;
    s.fdp = m.fdp;
    s.fop = m.fop & 0x7ff;
}

}  // namespace

// FNINIT and FNCLEX, FNSTCW and FNSTSW do not wait for pending exceptions (Vol. 1 §8.3.11).
void op_fninit(Cpu& c, const DecodedInsn&) {
    check_x87(c);
    init(c.s);
}

// Clears the exception flags, SF, ES and B; C0..C3 and TOP stay (Vol. 2 FCLEX).
void op_fnclex(Cpu& c, const DecodedInsn&) {
    check_x87(c);
    c.s.fsw &= static_cast<uint16_t>(~(sw::EXC | sw::SF | sw::ES | sw::B));
}

// Unmasking a set exception flag makes it pending for the next waiting instruction.
void op_fldcw(Cpu& c, const DecodedInsn& i) {
    check_waiting(c);
    const uint16_t v = load_mem<uint16_t>(c, i);
    c.s.fcw = static_cast<uint16_t>((v & cw::WRITABLE) | cw::FIXED1);
    c.s.fsw = with_summary(c.s.fsw, c.s.fcw);
}

void op_fnstcw(Cpu& c, const DecodedInsn& i) {
    check_x87(c);
    store_mem<uint16_t>(c, i, c.s.fcw);
}

// FNSTSW m16, or FNSTSW AX.
void op_fnstsw(Cpu& c, const DecodedInsn& i) {
    check_x87(c);
    if (i.op[0].kind == OpKind::REG) set_gpr<uint16_t>(c, RAX, c.s.fsw);
    else store_mem<uint16_t>(c, i, c.s.fsw);
}

// WAIT/FWAIT: #NM only when CR0.MP and CR0.TS are both set (Vol. 3 Table 2-2), then any
// pending exception.
void op_fwait(Cpu& c, const DecodedInsn&) {
    if ((c.s.cr0 & (cr0::MP | cr0::TS)) == (cr0::MP | cr0::TS)) raise(Vec::NM);
    if (pending(c.s)) raise(Vec::MF);
}

// FENI, FDISI and FSETPM of the 8087 and 80287 do nothing on later processors (Vol. 2 FNOP
// note): no wait for pending exceptions, no pointer update.
void op_fnop_legacy(Cpu& c, const DecodedInsn&) { check_x87(c); }

// Stores the environment, then masks every exception (Vol. 2 FSTENV).
void op_fnstenv(Cpu& c, const DecodedInsn& i) {
    check_x87(c);
    const SaveImage m = save_image(c.s);
    uint8_t bytes[ENV32];
    write_env_area(c, i, bytes, env_to_bytes(m, env16(i), bytes), word(i));
    c.s.fcw |= sw::EXC;
    c.s.fsw = with_summary(c.s.fsw, c.s.fcw);
}

void op_fldenv(Cpu& c, const DecodedInsn& i) {
    check_waiting(c);
    const bool bits16 = env16(i);
    uint8_t bytes[ENV32];
    read_env_area(c, i, bytes, bits16 ? ENV16 : ENV32, word(i));
    SaveImage m{};
    env_from_bytes(m, bits16, bytes);
    load_control(c.s, m);  // the data registers stay
    load_pointers(c.s, m);
}

// Stores the whole FPU state, then initialises the FPU as FNINIT does (Vol. 2 FSAVE).
void op_fnsave(Cpu& c, const DecodedInsn& i) {
    check_x87(c);
    const SaveImage m = save_image(c.s);
    uint8_t bytes[ENV32 + REGS];
    const size_t env = env_to_bytes(m, env16(i), bytes);
    std::memcpy(bytes + env, m.st, REGS);
    write_env_area(c, i, bytes, env + REGS, word(i));
    init(c.s);
}

void op_frstor(Cpu& c, const DecodedInsn& i) {
    check_waiting(c);
    const bool bits16 = env16(i);
    uint8_t bytes[ENV32 + REGS];
    read_env_area(c, i, bytes, (bits16 ? ENV16 : ENV32) + REGS, word(i));
    SaveImage m{};
    const size_t env = env_from_bytes(m, bits16, bytes);
    std::memcpy(m.st, bytes + env, REGS);
    load_registers(c.s, m);
    load_pointers(c.s, m);
}

}  // namespace lstar
