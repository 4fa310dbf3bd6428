// x87 arithmetic, loads, stores, compares, transcendentals and register-stack operations.
//
// Each of these instructions runs on the host FPU: the guest's control word, status word, tags
// and registers are loaded into it, the guest's own encoding executes there (with a host buffer
// in place of the memory operand), and the state comes back. Precision and rounding control,
// NaN propagation, denormals, stack overflow and underflow, masked responses, C1 and the
// results of unmasked exceptions are therefore the hardware's; this file keeps only what the
// host cannot see: guest memory, #NM/#MF, and the instruction and data pointers.
#include "cpu/ops.hpp"
#include "cpu/x87.hpp"

namespace lstar {

// One 4-byte stub per x87 encoding: the instruction, RET, INT3 padding.
//   index 0..511:   register forms, opcode D8+(n/64) with ModRM C0+(n%64)
//   index 512..575: memory forms, opcode D8+(n/8) with ModRM reg field n%8, addressing [rdi]
// Only encodings that the decoder accepted for a mnemonic in ops_x87.def are ever called.
asm(R"(
	.pushsection .text
	.balign 16
	.type lstar_x87_stubs, @function
lstar_x87_stubs:
	.set x87_stub_n, 0
	.rept 512
	.byte 0xd8 + (x87_stub_n >> 6), 0xc0 + (x87_stub_n & 63)
	ret
	int3
	.set x87_stub_n, x87_stub_n + 1
	.endr
	.set x87_stub_n, 0
	.rept 64
	.byte 0xd8 + (x87_stub_n >> 3), ((x87_stub_n & 7) << 3) | 7
	ret
	int3
	.set x87_stub_n, x87_stub_n + 1
	.endr
	.size lstar_x87_stubs, . - lstar_x87_stubs
	.popsection
)");
extern "C" const uint8_t lstar_x87_stubs[];

namespace {

using namespace x87;

// The opcode byte (D8..DF) and ModRM byte of an x87 instruction, after its prefixes.
struct Encoding {
    uint8_t opcode, modrm;
    bool memory() const { return modrm < 0xc0; }
    uint16_t fop() const { return static_cast<uint16_t>(((opcode & 7) << 8) | modrm); }  // §8.1.9
    const uint8_t* stub() const {
        const unsigned n = memory() ? 512 + (opcode - 0xd8) * 8 + ((modrm >> 3) & 7)
                                    : (opcode - 0xd8) * 64 + (modrm & 63);
        return lstar_x87_stubs + 4 * n;
    }
};

Encoding encoding_of(const DecodedInsn& i) {
    unsigned k = 0;
    while (k + 1 < i.len && (i.bytes[k] < 0xd8 || i.bytes[k] > 0xdf)) ++k;  // prefixes, REX
    return {i.bytes[k], i.bytes[k + 1]};
}

// Runs `e` on the host FPU loaded from `img`, and stores the host FPU back into `img`.
// Registers on entry to the asm: rdi = the memory operand the stub addresses as [rdi]; the
// image, the stub, the flags and a word for the host FCW in registers the compiler picks (never
// RSP-relative memory: the asm moves RSP past the red zone because it pushes and calls).
// `flags` carries the guest's status flags in (FCMOVcc reads them) and the host's RFLAGS out
// (FCOMI writes them). FNSAVE ends with FNINIT, so an unmasked guest exception never traps on
// the host; the caller guarantees that none is pending when FRSTOR loads the image.
void exec_on_host(SaveImage& img, const Encoding& e, void* mem, uint64_t& flags) {
    constexpr uint64_t STATUS = fl::ARITH;
    uint16_t host_fcw;
    flags &= STATUS;
    asm volatile(
        "sub $128, %%rsp\n\t"
        "fnstcw (%[hcw])\n\t"
        "frstor (%[img])\n\t"
        "pushfq\n\t"
        "andq %[keep], (%%rsp)\n\t"
        "orq %[fl], (%%rsp)\n\t"
        "popfq\n\t"
        "call *%[stub]\n\t"
        "pushfq\n\t"
        "popq %[fl]\n\t"
        "fnsave (%[img])\n\t"
        "fldcw (%[hcw])\n\t"
        "add $128, %%rsp"
        : [fl] "+r"(flags)
        : [img] "r"(&img), [stub] "r"(e.stub()), "D"(mem), [keep] "r"(~STATUS), [hcw] "r"(&host_fcw)
        : "memory", "cc", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)");
}

// What an instruction does with its memory operand and RFLAGS.
enum class Kind {
    SOURCE,  // no memory operand, or one it reads
    DEST,    // a memory destination
    EFLAGS,  // no memory operand; the result goes to ZF, PF and CF
};

// Stores the result. A 10-byte operand (FSTP m80, FBSTP) is written as its low eight bytes and
// then its top two, each all or nothing: on a page split the first part can land before the
// second one faults.
void store_result(Cpu& c, const DecodedInsn& i, const uint8_t* buf, unsigned size) {
    if (size != 10) return write_bytes(c, i, 0, buf, size);
    write_bytes(c, i, 0, buf, 8);
    write_bytes(c, i, 8, buf + 8, 2);
}

// Runs the instruction on the host and commits the result. A memory destination is written
// only when the instruction did not suppress the store with an unmasked invalid-operation,
// overflow or underflow exception (Vol. 1 §8.5); such a store does not fault either.
void execute(Cpu& c, const DecodedInsn& i, Kind kind) {
    check_waiting(c);
    const Encoding e = encoding_of(i);
    const unsigned size = e.memory() ? mem_size(i) : 0;
    const bool store = kind == Kind::DEST;
    alignas(16) uint8_t buf[16] = {};
    if (size && !store) read_bytes(c, i, 0, buf, size);
    SaveImage img = save_image(c.s);
    uint64_t flags = c.status();
    exec_on_host(img, e, buf, flags);
    const uint16_t unmasked = img.fsw & ~c.s.fcw & sw::EXC;
    if (size && store && !(unmasked & (sw::IE | sw::OE | sw::UE))) store_result(c, i, buf, size);
    // Nothing below faults.
    load_registers(c.s, img);
    c.s.fip = c.s.rip - i.len;
    // With CPUID.7.EBX[6] (FDP_EXCPTN_ONLY) FDP, and FOP outside compatibility mode, change
    // only for an instruction that raises an unmasked exception (Vol. 1 §8.1.8, §8.1.9.1).
    if (unmasked) {
        c.s.fop = e.fop();
        if (e.memory()) c.s.fdp = ea(c, i);
    }
    if (kind == Kind::EFLAGS) c.set_status(fl::ARITH, flags);
}

}  // namespace

// Everything that only reads memory, or has no memory operand.
void op_x87(Cpu& c, const DecodedInsn& i) { execute(c, i, Kind::SOURCE); }
// FST FSTP FIST FISTP FISTTP FBSTP: a memory operand is the destination.
void op_x87_store(Cpu& c, const DecodedInsn& i) { execute(c, i, Kind::DEST); }
// FCOMI FCOMIP FUCOMI FUCOMIP report in ZF, PF and CF and clear OF, SF and AF.
void op_x87_eflags(Cpu& c, const DecodedInsn& i) { execute(c, i, Kind::EFLAGS); }

}  // namespace lstar
