// The instruction forms under test: one row per family (rows.hpp), expanded into one Form per
// operand pattern and operand size. A mnemonic in ops.def needs a row or an entry in kExcluded.
// This file holds the gp rows and the expansion; forms_sse.cpp and forms_x87.cpp the others.
#include <Zydis/Zydis.h>
#include <cpuid.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <sstream>

#include "difftest/rows.hpp"

namespace lstar::difftest {
namespace {

using namespace gen;

const Row kRows[] = {
    // alu.cpp
    {"ADD ADC SUB SBB AND OR XOR", "rm,r | r,m | rm,i | a,i", "bwdq", LOCK},
    {"CMP", "rm,r | r,m | rm,i | a,i", "bwdq"},
    {"TEST", "rm,r | rm,i | a,i", "bwdq"},
    {"INC DEC NEG NOT", "rm", "bwdq", LOCK},
    // shift.cpp
    {"SHL SHR SAR ROL ROR RCL RCR", "rm,1 | rm,cl | rm,ib", "bwdq", SHIFT},
    {"SHLD SHRD", "rm,r,ib | rm,r,cl", "wdq", SHIFT},
    // muldiv.cpp
    {"MUL", "rm", "bwdq"},
    {"IMUL", "rm", "bwdq"},
    {"IMUL", "r,rm | r,rm,i", "wdq"},
    {"DIV IDIV", "rm", "bwdq", DIVIDE},
    {"MULX", "r,r,rm", "dq", 0, Feature::BMI2},
    // bits.cpp
    {"BT", "rm,r | rm,ib", "wdq", BITSTR},
    {"BTS BTR BTC", "rm,r | rm,ib", "wdq", BITSTR | LOCK},
    {"BSF BSR", "r,rm", "wdq"},
    {"POPCNT", "r,rm", "wdq", 0, Feature::POPCNT},
    {"LZCNT", "r,rm", "wdq", 0, Feature::LZCNT},
    {"TZCNT", "r,rm", "wdq", 0, Feature::BMI1},
    {"ANDN", "r,r,rm", "dq", 0, Feature::BMI1},
    {"BEXTR", "r,rm,r", "dq", CONTROL, Feature::BMI1},
    {"BLSI BLSMSK BLSR", "r,rm", "dq", 0, Feature::BMI1},
    {"BZHI", "r,rm,r", "dq", CONTROL, Feature::BMI2},
    {"PDEP PEXT", "r,r,rm", "dq", 0, Feature::BMI2},
    {"RORX", "r,rm,ib", "dq", SHIFT, Feature::BMI2},
    {"SARX SHLX SHRX", "r,rm,r", "dq", SHIFT, Feature::BMI2},
    {"ADCX ADOX", "r,rm", "dq", 0, Feature::ADX},
    {"BSWAP", "r", "wdq"},
    // mov.cpp
    {"MOV", "rm,r | r,m | rm,i | a,mo | mo,a", "bwdq"},
    {"MOV", "r,iq", "q"},
    {"MOVZX MOVSX", "r,rm8", "wdq"},
    {"MOVZX MOVSX", "r,rm16", "dq"},
    {"MOVSXD", "r,rm32", "dq"},
    {"MOVBE", "r,m | m,r", "wdq", 0, Feature::MOVBE},
    {"LEA", "r,ma", "wdq"},
    {"CMOVO CMOVNO CMOVB CMOVNB CMOVZ CMOVNZ CMOVBE CMOVNBE "
     "CMOVS CMOVNS CMOVP CMOVNP CMOVL CMOVNL CMOVLE CMOVNLE", "r,rm", "wdq"},
    {"SETO SETNO SETB SETNB SETZ SETNZ SETBE SETNBE "
     "SETS SETNS SETP SETNP SETL SETNL SETLE SETNLE", "rm8", "-"},
    {"CBW CWD", "-", "w"},
    {"CWDE CDQ", "-", "d"},
    {"CDQE CQO", "-", "q"},
    {"XLAT", "-", "b", XLAT | A32},
    // exchange.cpp
    {"XCHG", "rm,r", "bwdq", LOCKED},
    {"XADD", "rm,r", "bwdq", LOCK},
    {"CMPXCHG", "rm,r", "bwdq", LOCK | CMPXCHG},
    {"CMPXCHG8B", "m64", "-", LOCK | CX8},
    {"CMPXCHG16B", "m128", "-", LOCK | CX8, Feature::CX16},
    // flagops.cpp
    {"LAHF SAHF CLC STC CMC CLD STD", "-", "-"},
    {"PUSHF", "-", "w", STACK},
    {"PUSHFQ", "-", "q", STACK},
    {"POPF", "-", "w", STACK | POPF},
    {"POPFQ", "-", "q", STACK | POPF},
    // stack.cpp
    {"PUSH", "r | m | i", "wq", STACK},
    {"POP", "r | m", "wq", STACK},
    {"ENTER", "iw,ib", "-", STACK | ENTER},
    {"LEAVE", "-", "wq", STACK | ENTER},
    // branch.cpp
    {"JMP", "rel8 | rel32 | r64 | m64", "-", BRANCH},
    {"CALL", "rel32 | r64 | m64", "-", BRANCH | STACK},
    {"RET", "- | iw", "-", BRANCH | STACK | RET},
    {"JO JNO JB JNB JZ JNZ JBE JNBE JS JNS JP JNP JL JNL JLE JNLE", "rel8 | rel32", "-", BRANCH},
    {"JRCXZ JECXZ", "rel8", "-", BRANCH | COUNTER},
    {"LOOP LOOPE LOOPNE", "rel8", "-", BRANCH | COUNTER | A32},
    // string.cpp
    {"MOVSB LODSB", "-", "b", STRING | SEG_SRC | A32},
    {"MOVSW LODSW", "-", "w", STRING | SEG_SRC | A32},
    {"MOVSD LODSD", "-", "d", STRING | SEG_SRC | A32},
    {"MOVSQ LODSQ", "-", "q", STRING | SEG_SRC | A32},
    {"CMPSB", "-", "b", STRING | SEG_SRC | REPNE | A32},
    {"CMPSW", "-", "w", STRING | SEG_SRC | REPNE | A32},
    {"CMPSD", "-", "d", STRING | SEG_SRC | REPNE | A32},
    {"CMPSQ", "-", "q", STRING | SEG_SRC | REPNE | A32},
    {"SCASB", "-", "b", STRING | REPNE | A32},
    {"SCASW", "-", "w", STRING | REPNE | A32},
    {"SCASD", "-", "d", STRING | REPNE | A32},
    {"SCASQ", "-", "q", STRING | REPNE | A32},
    {"STOSB", "-", "b", STRING | A32},
    {"STOSW", "-", "w", STRING | A32},
    {"STOSD", "-", "d", STRING | A32},
    {"STOSQ", "-", "q", STRING | A32},
    // misc.cpp
    {"NOP", "- | rm", "wd"},
    {"PAUSE ENDBR64 ENDBR32 LFENCE MFENCE SFENCE UD2 HLT", "-", "-"},
    {"PREFETCH PREFETCHNTA PREFETCHT0 PREFETCHT1 PREFETCHT2", "ma8", "-"},
    {"PREFETCHW", "ma8", "-", 0, Feature::PREFETCHW},
    {"CLFLUSH", "m512", "-"},
    {"CLFLUSHOPT", "m512", "-", 0, Feature::CLFLUSHOPT},
    {"UD0 UD1", "r32,ma32", "-"},
    // system.cpp, interrupt.cpp, io.cpp: privileged at CPL 3, where the host runs the cases, so
    // both CPUs must raise the same #GP(0) or #UD (IOPL is 0 for Linux processes).
    {"CLTS RDMSR WRMSR WBINVD INVD SWAPGS CLI STI STAC CLAC SYSRET SYSEXIT", "-", "-"},
    {"INSB INSW INSD OUTSB OUTSW OUTSD", "-", "-"},
    {"LGDT LIDT", "ma80", "-"},
    {"INVLPG", "ma8", "-"},
    {"LLDT LTR LMSW", "rm16", "-"},
    {"IN", "a,ib", "bwd"},
    {"OUT", "ib,a", "bwd"},
};

// In ops.def but not comparable with the host.
const std::vector<Exclusion> kExcluded = {
    {"INT3", "ends every case"},
    {"CPUID", "lstar reports its own CPU, not the host's"},
    {"RDTSC", "lstar's time is virtual"},
    {"XGETBV", "lstar reports its own XCR0 (x87 and SSE), not the host's"},
    {"MONITOR", "a kernel facility; #UD at CPL 3 on Linux hosts"},
    {"MWAIT", "a kernel facility; #UD at CPL 3 on Linux hosts"},
    {"INT", "the host kernel's IDT decides (INT 0x80 is a Linux system call); see tests/cpu/interrupt_test.cpp"},
    {"INT1", "the host kernel turns #DB into SIGTRAP; see tests/cpu/interrupt_test.cpp"},
    {"IRET", "needs the host's GDT selectors; see tests/cpu/interrupt_test.cpp and tests/kernel"},
    {"IRETD", "needs the host's GDT selectors; see tests/cpu/interrupt_test.cpp and tests/kernel"},
    {"IRETQ", "needs the host's GDT selectors; see tests/cpu/interrupt_test.cpp and tests/kernel"},
    {"SYSCALL", "enters the host kernel; see tests/cpu/interrupt_test.cpp and tests/kernel"},
    {"SYSENTER", "enters the host kernel; see tests/cpu/interrupt_test.cpp"},
    {"SGDT", "the host kernel's UMIP setting decides"},
    {"SIDT", "the host kernel's UMIP setting decides"},
    {"SLDT", "the host kernel's UMIP setting decides"},
    {"STR", "the host kernel's UMIP setting decides"},
    {"SMSW", "the host kernel's UMIP setting decides"},
    {"RDTSCP", "lstar's time is virtual"},
    {"INTO", "invalid in 64-bit mode, so the encoder cannot produce it; see tests/cpu/interrupt_test.cpp"},
    {"RDFSBASE", "the host kernel's CR4.FSGSBASE decides; the flat harness runs without it"},
    {"RDGSBASE", "the host kernel's CR4.FSGSBASE decides; the flat harness runs without it"},
    {"WRFSBASE", "the host kernel's CR4.FSGSBASE decides; the flat harness runs without it"},
    {"WRGSBASE", "the host kernel's CR4.FSGSBASE decides; the flat harness runs without it"},
};

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    std::istringstream is(s);
    while (std::getline(is, cur, sep)) {
        size_t b = cur.find_first_not_of(' '), e = cur.find_last_not_of(' ');
        if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
    }
    return out;
}

uint16_t zydis_mnemonic(const std::string& upper) {
    for (int m = 1; m <= ZYDIS_MNEMONIC_MAX_VALUE; ++m) {
        const char* s = ZydisMnemonicGetString(static_cast<ZydisMnemonic>(m));
        if (s && strcasecmp(s, upper.c_str()) == 0) return static_cast<uint16_t>(m);
    }
    std::fprintf(stderr, "difftest: forms.cpp names an unknown mnemonic %s\n", upper.c_str());
    std::abort();
}

// Parses one operand token. "rm", "xm" and "mmm" give a register and set `twin` to the
// memory operand that makes the second form.
bool parse_operand(const std::string& t, uint8_t width, OperandSpec& o, OperandSpec& twin, bool& both) {
    // The size in bits after a prefix, with an optional element suffix (m32f, m16i, m80b).
    auto sized = [&](size_t prefix, Elem* elem = nullptr) -> uint16_t {
        if (t.size() <= prefix) return width;
        char* end = nullptr;
        const uint16_t bytes = static_cast<uint16_t>(std::strtoul(t.c_str() + prefix, &end, 10) / 8);
        if (elem && *end) {
            const char k = *end;
            *elem = k == 'f' ? (bytes == 4 ? Elem::F32 : bytes == 8 ? Elem::F64 : Elem::F80)
                    : k == 'b' ? Elem::BCD
                               : (bytes == 2 ? Elem::I16 : bytes == 4 ? Elem::I32 : Elem::I64);
        }
        return bytes;
    };
    both = false;
    if (t == "a") o = {Opnd::ACC, width};
    else if (t.size() > 1 && t[0] == 'a' && std::isdigit(static_cast<unsigned char>(t[1]))) o = {Opnd::ACC, sized(1)};
    else if (t == "cl") o = {Opnd::CL, 1};
    else if (t == "1") o = {Opnd::ONE, 1};
    else if (t == "i") o = {Opnd::IMM, static_cast<uint8_t>(width > 4 ? 4 : width)};
    else if (t == "ib") o = {Opnd::IMM, 1};
    else if (t == "iw") o = {Opnd::IMM, 2};
    else if (t == "iq") o = {Opnd::IMM, 8};
    else if (t == "rel8") o = {Opnd::REL8, 1};
    else if (t == "rel32") o = {Opnd::REL32, 4};
    else if (t == "mo") o = {Opnd::MOFFS, width};
    else if (t == "x") o = {Opnd::XMM, 16};
    else if (t.rfind("xm", 0) == 0) o = {Opnd::XMM, 16}, twin = {Opnd::MEM, t.size() > 2 ? sized(2) : uint16_t{16}}, both = true;
    else if (t == "mm") o = {Opnd::MM, 8};
    else if (t.rfind("mmm", 0) == 0) o = {Opnd::MM, 8}, twin = {Opnd::MEM, t.size() > 3 ? sized(3) : uint16_t{8}}, both = true;
    else if (t == "st0") o = {Opnd::ST0, 10};
    else if (t == "st") o = {Opnd::ST, 10};
    else if (t.rfind("ma", 0) == 0) o = {Opnd::ADDR, sized(2)};
    else if (t.rfind("rm", 0) == 0) o = {Opnd::REG, sized(2)}, twin = {Opnd::MEM, o.size}, both = true;
    else if (t[0] == 'r') o = {Opnd::REG, sized(1)};
    else if (t[0] == 'm') o = {Opnd::MEM, 0}, o.size = sized(1, &o.elem);
    else return false;
    return true;
}

std::string describe(const Form& f) {
    std::string s = f.name;
    for (unsigned k = 0; k < f.nops; ++k) {
        const OperandSpec& o = f.ops[k];
        s += k ? ", " : " ";
        const std::string z = o.size ? std::to_string(o.size * 8) : "";
        switch (o.kind) {
        case Opnd::REG: s += "r" + z; break;
        case Opnd::ACC: s += "acc" + z; break;
        case Opnd::CL: s += "cl"; break;
        case Opnd::MEM:
            s += "m" + z;
            if (o.elem == Elem::F32 || o.elem == Elem::F64 || o.elem == Elem::F80) s += "fp";
            else if (o.elem == Elem::BCD) s += "bcd";
            else if (o.elem != Elem::NONE) s += "int";
            break;
        case Opnd::ADDR: s += "addr"; break;
        case Opnd::MOFFS: s += "moffs" + z; break;
        case Opnd::IMM: s += "imm" + z; break;
        case Opnd::ONE: s += "1"; break;
        case Opnd::REL8: s += "rel8"; break;
        case Opnd::REL32: s += "rel32"; break;
        case Opnd::XMM: s += "xmm"; break;
        case Opnd::MM: s += "mm"; break;
        case Opnd::ST: s += "st(i)"; break;
        case Opnd::ST0: s += "st0"; break;
        }
    }
    return s;
}

void expand_row(const Row& r, Isa isa, std::vector<Form>& out) {
    const std::string widths = std::strcmp(r.widths, "-") == 0 ? "-" : r.widths;
    for (const std::string& name : split(r.names, ' ')) {
        const uint16_t mn = zydis_mnemonic(name);
        for (char wc : widths) {
            const uint8_t width = wc == 'b' ? 1 : wc == 'w' ? 2 : wc == 'd' ? 4 : wc == 'q' ? 8 : 0;
            for (const std::string& pat : split(r.patterns, '|')) {
                // Each operand with a memory twin doubles the forms: first registers, then memory.
                std::vector<std::string> toks = pat == "-" ? std::vector<std::string>{} : split(pat, ',');
                Form base{name, mn, width, 0, {}, r.flags, r.feature, "", isa, r.elem, name};
                std::vector<Form> variants{base};
                for (const std::string& t : toks) {
                    OperandSpec o{}, twin{};
                    bool both = false;
                    if (!parse_operand(t, width, o, twin, both)) {
                        std::fprintf(stderr, "difftest: bad operand '%s' in the forms table\n", t.c_str());
                        std::abort();
                    }
                    std::vector<Form> next;
                    for (Form f : variants) {
                        f.ops[f.nops++] = o;
                        next.push_back(f);
                        if (both) {
                            f.ops[f.nops - 1] = twin;
                            next.push_back(f);
                        }
                    }
                    variants = next;
                }
                for (Form& f : variants) {
                    if (!f.width && f.nops) f.width = static_cast<uint8_t>(f.ops[0].size <= 255 ? f.ops[0].size : 0);
                    f.text = describe(f);
                    out.push_back(f);
                }
            }
        }
    }
}

struct Cpuid {
    uint32_t l1c = 0, l7b = 0, x1c = 0, dd1a = 0;
    Cpuid() {
        unsigned a, b, c, d;
        if (__get_cpuid_count(0xd, 1, &a, &b, &c, &d)) dd1a = a;
        if (__get_cpuid(1, &a, &b, &c, &d)) l1c = c;
        if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) l7b = b;
        if (__get_cpuid(0x80000001, &a, &b, &c, &d)) x1c = c;
    }
};

const char* const kImplemented[] = {
#define OPW(m, h) #m,
#define OPF(m, h) #m,
#define OPH(m, h) #m,
#define OPE(m, h, e) #m,
#include "cpu/ops.def"
#undef OPW
#undef OPF
#undef OPH
#undef OPE
};

}  // namespace

std::span<const Row> gp_rows() { return kRows; }

const std::vector<Form>& forms() {
    static const std::vector<Form> all = [] {
        std::vector<Form> v;
        for (const Row& r : gp_rows()) expand_row(r, Isa::GP, v);
        for (const Row& r : sse_rows()) expand_row(r, Isa::SSE, v);
        for (const Row& r : x87_rows()) expand_row(r, Isa::X87, v);
        // MOVSD and CMPSD are string (gp) and SSE instructions alike: count them apart.
        std::set<std::string> gp;
        for (const Form& f : v)
            if (f.isa == Isa::GP) gp.insert(f.name);
        for (Form& f : v)
            if (f.isa != Isa::GP && gp.count(f.name)) f.label = f.name + "/" + isa_name(f.isa);
        return v;
    }();
    return all;
}

const std::vector<Exclusion>& excluded_mnemonics() { return kExcluded; }

bool implemented(const std::string& name) {
    static const std::set<std::string> names(std::begin(kImplemented), std::end(kImplemented));
    return names.count(name) != 0;
}

std::vector<std::string> uncovered_mnemonics() {
    std::vector<std::string> missing;
    for (const char* m : kImplemented) {
        bool known = false;
        for (const Form& f : forms()) known |= f.name == m;
        for (const Exclusion& e : kExcluded) known |= std::strcmp(e.name, m) == 0;
        if (!known) missing.push_back(m);
    }
    return missing;
}

const char* isa_name(Isa i) {
    switch (i) {
    case Isa::GP: return "gp";
    case Isa::SSE: return "sse";
    case Isa::X87: return "x87";
    }
    return "?";
}

bool host_has(Feature f) {
    static const Cpuid id;
    switch (f) {
    case Feature::NONE: return true;
    case Feature::BMI1: return id.l7b & (1u << 3);
    case Feature::BMI2: return id.l7b & (1u << 8);
    case Feature::ADX: return id.l7b & (1u << 19);
    case Feature::CLFLUSHOPT: return id.l7b & (1u << 23);
    case Feature::MOVBE: return id.l1c & (1u << 22);
    case Feature::POPCNT: return id.l1c & (1u << 23);
    case Feature::CX16: return id.l1c & (1u << 13);
    case Feature::LZCNT: return id.x1c & (1u << 5);
    case Feature::PREFETCHW: return id.x1c & (1u << 8);
    case Feature::SSE3: return id.l1c & (1u << 0);
    case Feature::PCLMUL: return id.l1c & (1u << 1);
    case Feature::SSSE3: return id.l1c & (1u << 9);
    case Feature::SSE41: return id.l1c & (1u << 19);
    case Feature::SSE42: return id.l1c & (1u << 20);
    case Feature::AES: return id.l1c & (1u << 25);
    case Feature::XSAVE: return id.l1c & (1u << 27);  // OSXSAVE: XSAVE enabled by the kernel
    case Feature::XSAVEOPT: return (id.l1c & (1u << 27)) && (id.dd1a & 1);
    }
    return false;
}

}  // namespace lstar::difftest
