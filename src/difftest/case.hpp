// The differential tester's internals: one test case, what it produced, and the parts that
// make, run and judge cases.
//
// Table of contents (each group is defined in the file named):
//   fpimage.hpp    the x87/SSE register state of a case, in the FXSAVE64 layout
//   forms.cpp      the table of instruction forms under test: the gp rows and the expansion;
//                  forms_sse.cpp and forms_x87.cpp hold the SSE and x87 rows (rows.hpp)
//   generate.cpp   random cases for a form, encoded with the Zydis encoder; with addressing.cpp,
//                  implicit.cpp and fpstate.cpp (generate.hpp), and the random values of
//                  values.hpp and fpvalues.hpp
//   native.cpp     running a case on the host CPU (with trampoline.S)
//   emulate.cpp    running a case on lstar's CPU
//   undefined.cpp  the table of flags the SDM leaves undefined
//   compare.cpp    comparing two outcomes
//   report.cpp     printing mismatches and pass counts (report_fp.cpp: the x87/SSE part)
//   difftest.cpp   batches, the child process, and run()
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "difftest/fpimage.hpp"

namespace lstar::difftest {

// ---- the address space, identical on the host and in lstar ----
constexpr uint64_t PAGE = 4096;
constexpr uint64_t CODE = 0x10000000;          // one page, R-X, INT3 everywhere but the case
constexpr uint64_t DATA = 0x20000000;          // two pages, RW-, random contents
constexpr uint64_t RODATA = DATA + 2 * PAGE;   // one page, R--, random contents
constexpr uint64_t DATA_END = DATA + 3 * PAGE; // unmapped, as are the pages next to CODE and DATA
constexpr size_t DATA_BYTES = DATA_END - DATA; // compared after every case

// Registers in and out of a case. trampoline.S knows this layout.
struct Regs {
    uint64_t gpr[16];  // RAX..R15 in ModRM order
    uint64_t rip;
    uint64_t rflags;
};
static_assert(sizeof(Regs) == 144);

// One test case: the instruction, the state it starts from, and facts about it.
struct Input {
    Regs regs;
    FpImage fp;              // x87, MMX, XMM and MXCSR
    uint64_t gs_base = 0;
    uint32_t form = 0;       // index into forms()
    bool valid = false;      // the generator managed to encode the form
    uint16_t code_off = 0;   // the instruction sits at CODE + code_off, INT3 follows
    uint8_t len = 0;
    uint8_t bytes[15] = {};
    uint8_t count = 0;       // shift/rotate count, masked to 5 bits (6 for 64-bit operands)
    int8_t dest_reg = -1;    // destination GPR number, or -1 (memory or none)
    uint16_t mem_size = 0;   // explicit memory operand: size, 0 if none
    uint64_t mem_addr = 0;   // explicit memory operand: linear address intended
    uint16_t xmm_used = 0;   // bit n: XMMn is an operand (explicit or implicit), for reports
    uint8_t data[DATA_BYTES];  // DATA..DATA_END
};

enum class Status : uint8_t {
    STOPPED,  // the case ended with an exception (#BP from the INT3 after it, or a fault)
    NO_STOP,  // lstar neither faulted nor reached the INT3 within its budget (or halted)
    CRASH,    // lstar threw something that is not a guest fault
};

// What a case did.
struct Outcome {
    Regs regs;
    FpImage fp;
    Status status = Status::STOPPED;
    uint8_t vector = 0;  // SDM vector number; 3 (#BP) means it ran to the INT3
    uint32_t error = 0;  // error code, for vectors that push one
    uint64_t cr2 = 0;    // faulting address, for #PF
    uint8_t data[DATA_BYTES];
};

constexpr uint8_t VEC_DE = 0, VEC_BP = 3, VEC_UD = 6, VEC_NM = 7, VEC_SS = 12, VEC_GP = 13, VEC_PF = 14,
                  VEC_MF = 16, VEC_XM = 19;

// ---- forms.cpp ----
// Instruction-set groups, selected with `lstar difftest --isa`.
enum class Isa : uint8_t {
    GP,   // the general-purpose instructions
    SSE,  // SSE through SSE4.2 with their MMX forms, AES-NI, PCLMULQDQ, CRC32, XSAVE
    X87,  // the x87 FPU
};
constexpr unsigned isa_bit(Isa i) { return 1u << static_cast<unsigned>(i); }

// What the lanes of the vector registers and the memory operand hold: the generator fills
// them with values that matter for that type (NaNs, denormals, sign boundaries ...).
enum class Elem : uint8_t { NONE, I8, I16, I32, I64, F32, F64, F80, BCD };

enum class Opnd : uint8_t {
    REG,    // a general-purpose register of `size`
    ACC,    // AL/AX/EAX/RAX
    CL,     // the count register
    MEM,    // a memory operand of `size` that the instruction accesses
    ADDR,   // a memory operand whose address is only computed (LEA, NOP, PREFETCH, UD0/UD1)
    MOFFS,  // MOV's 64-bit absolute address forms (A0-A3)
    IMM,    // an immediate of `size` bytes (sign-extended where the encoding is shorter)
    ONE,    // the constant 1 of the D0-D3 shifts
    REL8,   // a relative branch target
    REL32,
    XMM,    // XMM0..15
    MM,     // MM0..7
    ST,     // ST(i), any of the eight
    ST0,    // ST(0) where the encoding names it
};

struct OperandSpec {
    Opnd kind;
    uint16_t size;          // bytes
    Elem elem = Elem::NONE; // memory contents when they differ from the form's (FIADD m16int)
};

// Hints for the generator: what the instruction does with implicit state.
namespace gen {
constexpr uint32_t LOCK = 1u << 0;     // accepts LOCK with a memory destination
constexpr uint32_t LOCKED = 1u << 1;   // always locked with memory (XCHG)
constexpr uint32_t SHIFT = 1u << 2;    // has a count operand: weight it towards the edges
constexpr uint32_t DIVIDE = 1u << 3;   // DIV/IDIV: mostly valid quotients, sometimes #DE
constexpr uint32_t BITSTR = 1u << 4;   // BT* m, r: the register offset reaches past the operand
constexpr uint32_t CMPXCHG = 1u << 5;  // compares the accumulator with the destination
constexpr uint32_t CX8 = 1u << 6;      // CMPXCHG8B/16B: compares rDX:rAX with memory
constexpr uint32_t STACK = 1u << 7;    // uses RSP: keep it in the data area
constexpr uint32_t ENTER = 1u << 8;    // ENTER/LEAVE: RBP in the data area too
constexpr uint32_t POPF = 1u << 9;     // pops RFLAGS: no TF/AC in the popped image
constexpr uint32_t BRANCH = 1u << 10;  // transfers control: targets land on INT3s
constexpr uint32_t RET = 1u << 11;     // pops its target
constexpr uint32_t COUNTER = 1u << 12; // LOOP/JrCXZ: rCX weighted to 0, 1, 2
constexpr uint32_t STRING = 1u << 13;  // string instruction: rSI/rDI/rCX in the data area
constexpr uint32_t REPNE = 1u << 14;   // CMPS/SCAS: REPE and REPNE
constexpr uint32_t SEG_SRC = 1u << 15; // string source takes a segment override
constexpr uint32_t XLAT = 1u << 16;
constexpr uint32_t CONTROL = 1u << 17; // BEXTR/BZHI: control operand weighted
constexpr uint32_t A32 = 1u << 18;     // try the 0x67 address-size prefix (implicit addressing)
// SSE and x87
constexpr uint32_t OPTIONAL = 1u << 19; // tested only once ops.def implements it (aliases, no-ops)
constexpr uint32_t PRED = 1u << 20;     // imm8 is a predicate or selector: small values weighted
constexpr uint32_t STRCMP = 1u << 21;   // PCMPxSTRx: lengths in EAX/EDX, strings over a small alphabet
constexpr uint32_t MASKMOV = 1u << 22;  // stores through [rDI] under a byte mask
constexpr uint32_t MXCSR_SRC = 1u << 23;  // LDMXCSR: a mostly valid MXCSR image in memory
constexpr uint32_t FXIMAGE = 1u << 24;  // FXRSTOR: a mostly valid FXSAVE image in memory
constexpr uint32_t XSAVE = 1u << 25;    // XSAVE/XRSTOR: EDX:EAX masks, a mostly valid XSAVE area
constexpr uint32_t ENV = 1u << 26;      // FLDENV/FRSTOR: a plausible x87 environment in memory
}  // namespace gen

enum class Feature : uint8_t {
    NONE, BMI1, BMI2, ADX, MOVBE, LZCNT, POPCNT, CX16, CLFLUSHOPT, PREFETCHW,
    SSE3, SSSE3, SSE41, SSE42, AES, PCLMUL, XSAVE, XSAVEOPT,
};

struct Form {
    std::string name;   // mnemonic, upper case: "ADD"
    uint16_t mnemonic;  // ZydisMnemonic
    uint8_t width;      // operand size in bytes, 0 when it has none
    uint8_t nops;
    OperandSpec ops[4];
    uint32_t flags;     // gen:: bits
    Feature feature;    // CPUID feature the host needs
    std::string text;   // "ADD m32, r32", for listings
    Isa isa = Isa::GP;
    Elem elem = Elem::NONE;  // what vector registers and memory operands hold
    std::string label;  // the name in pass counts: the mnemonic, "MOVSD/sse" where two ISAs share it
};

// Every form, in table order.
const std::vector<Form>& forms();
// Mnemonics in ops.def that the table leaves out on purpose, with the reason.
struct Exclusion {
    const char* name;
    const char* why;
};
const std::vector<Exclusion>& excluded_mnemonics();
// Mnemonics that ops.def implements but that have neither forms nor an exclusion.
std::vector<std::string> uncovered_mnemonics();
// True when ops.def has a row for the mnemonic (gen::OPTIONAL forms run only then).
bool implemented(const std::string& name);
bool host_has(Feature f);
const char* isa_name(Isa i);

// ---- generate.cpp ----
// Fills `in` with a random case of form `form_index`. Deterministic in (seed, case_no).
void generate(uint32_t form_index, uint64_t seed, uint64_t case_no, Input& in);

// ---- native.cpp ----
// Runs cases on the host CPU. Lives in a child process: init() maps the fixed pages and
// installs signal handlers for the life of the process.
class NativeRunner {
public:
    bool init(std::string& error);
    void run(const Input& in, Outcome& out);

private:
    uint8_t* alias_ = nullptr;  // read-write view of the CODE, DATA and RODATA pages
    uint64_t gs_base_ = 0;
    uint16_t last_off_ = 0;
    uint8_t last_len_ = 0;
};

// ---- emulate.cpp ----
// Runs cases on lstar's CPU.
class Emulator {
public:
    Emulator();
    ~Emulator();
    Emulator(const Emulator&) = delete;
    Emulator& operator=(const Emulator&) = delete;
    void run(const Input& in, Outcome& out);

private:
    struct Impl;
    Impl* impl_;
};

// ---- undefined.cpp ----
struct UndefinedMask {
    uint64_t flags = 0;  // RFLAGS bits not compared
    uint16_t fsw = 0;    // x87 status word bits not compared (condition codes C0..C3)
    bool dest = false;   // the destination operand is not compared either
};
UndefinedMask undefined_for(const Form& f, const Input& in);
// The table as Markdown, exactly as docs/cpu.md shows it.
std::string undefined_flags_markdown();
// docs/cpu.md's instruction-coverage table: every form by ISA extension (coverage.cpp).
std::string coverage_markdown();

// ---- compare.cpp ----
// x87/SSE control and status fields, for Diff::fpu.
namespace fpf {
constexpr uint32_t FCW = 1, FSW = 2, FTW = 4, FOP = 8, FIP = 16, FDP = 32, MXCSR = 64;
}

struct Diff {
    uint32_t gpr = 0;     // bit n: GPR n differs
    bool rip = false;
    bool rflags = false;
    bool fault = false;   // status, vector, error code or CR2
    uint32_t xmm = 0;     // bit n: XMMn differs
    uint32_t st = 0;      // bit i: ST(i) differs (the 80 bits FXSAVE stores, in stack order)
    uint32_t fpu = 0;     // fpf:: bits
    std::vector<std::pair<uint32_t, uint32_t>> mem;  // differing byte ranges [first, last) in DATA
    UndefinedMask masked;  // what was left out of the comparison
    bool any() const { return gpr || rip || rflags || fault || xmm || st || fpu || !mem.empty(); }
};
Diff compare(const Form& f, const Input& in, const Outcome& host, const Outcome& emu);

// ---- report.cpp ----
void print_case(std::FILE* out, const Input& in, const Outcome& host, const Outcome& emu,
                const Diff& d, uint64_t case_no);
// report_fp.cpp: the x87/SSE lines of print_case.
void print_fp_input(std::FILE* out, const Input& in);
void print_fp_result(std::FILE* out, const Input& in, const Outcome& host, const Outcome& emu, const Diff& d);
std::string describe_outcome(const Outcome& o);
std::string case_summary(const Input& in);  // "bytes f0 01 18: lock add [rax], ebx"

// ---- difftest.cpp ----
enum class Fate : uint8_t {
    COMPARE,     // both sides ran: compare the outcomes
    GEN_FAILED,  // the generator could not encode the form
    HOST_DIED,   // the child died running the case natively (a harness error)
    LSTAR_DIED,  // the child died running the case in lstar (an lstar crash)
};
struct CaseFate {
    Fate fate = Fate::COMPARE;
    int signal = 0;
};
// Runs cases on the host and on lstar, in child processes. False on a setup error.
bool run_cases(const std::vector<Input>& in, std::vector<Outcome>& host, std::vector<Outcome>& emu,
               std::vector<CaseFate>& fate, std::string& error);

}  // namespace lstar::difftest
