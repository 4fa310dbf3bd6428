#include "debug/insn_trace.hpp"

#include <algorithm>
#include <cstring>

#include "cpu/decode.hpp"

namespace lstar {

namespace {

const char* const kRegNames[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                   "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};

const char* mode_name(Mode m) {
    switch (m) {
    case Mode::LONG64: return "64";
    case Mode::COMPAT32: return "c32";
    case Mode::PROT32: return "p32";
    case Mode::PROT16: return "16";
    }
    return "?";
}

// The disassembly and symbols contain no control characters; quotes and backslashes are all
// JSON needs escaped here.
void put_json_string(TraceOut& out, std::string_view s) {
    out.put('"');
    for (char c : s) {
        if (c == '"' || c == '\\') out.put('\\');
        out.put(c);
    }
    out.put('"');
}

constexpr size_t SYM_COLUMN = 37;  // after "     count cplN mode rip "

void put_right(TraceOut& out, uint64_t v, unsigned width) {
    unsigned digits = 1;
    for (uint64_t t = v; t >= 10; t /= 10) ++digits;
    for (unsigned k = digits; k < width; ++k) out.put(' ');
    out.dec(v);
}

void put_bytes(TraceOut& out, const uint8_t* p, unsigned n) {
    for (unsigned k = 0; k < n; ++k) out.hex(p[k], 2);
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

InsnTrace::InsnTrace(TraceContext& ctx, const Filter& filter, bool att) : ctx_(ctx), filter_(filter), att_(att) {
    ctx_.insn_wanted = filter_.count > 0;
    ctx_.update_observe();
}

bool InsnTrace::selected(const Cpu& cpu, uint64_t number) const {
    if (number < filter_.start) return false;
    const uint64_t rip = cpu.rip();
    if (rip < filter_.lo || rip >= filter_.hi) return false;
    return filter_.cpl < 0 || filter_.cpl == cpu.s.cpl;
}

const InsnTrace::Info& InsnTrace::info(Cpu& cpu, const DecodedInsn& insn) {
    const uint64_t rip = cpu.rip();
    auto it = cache_.find(rip);
    if (it != cache_.end() && it->second.len == insn.len && it->second.mode == cpu.mode() &&
        std::memcmp(it->second.bytes, insn.bytes, insn.len) == 0)
        return it->second;
    Info in;
    std::memcpy(in.bytes, insn.bytes, insn.len);
    in.len = insn.len;
    in.mode = cpu.mode();
    if (ctx_.syms.find(rip)) in.sym = ctx_.syms.describe(rip);
    static const char kHex[] = "0123456789abcdef";
    for (unsigned k = 0; k < insn.len; ++k) {
        if (k) in.bytes_hex += ' ';
        in.bytes_hex += kHex[insn.bytes[k] >> 4];
        in.bytes_hex += kHex[insn.bytes[k] & 15];
    }
    in.text = disassemble(insn.bytes, insn.len, rip, att_, cpu.mode());
    // Which memory the instruction may write: a push (CALL, ENTER, PUSH*), a string store
    // (STOS, MOVS: ES:[rDI]), or its explicit memory operand.
    const std::string_view name = mnemonic_name(insn.mnemonic);
    if (starts_with(name, "push") || starts_with(name, "call") || name == "enter") {
        in.writes = Info::Writes::PUSH;
    } else if (insn.nops == 0 && (starts_with(name, "stos") || starts_with(name, "movs"))) {
        in.writes = Info::Writes::STRING;
        in.mem_size = insn.opsize;
    } else {
        for (unsigned k = 0; k < insn.nops; ++k) {
            if (insn.op[k].kind != OpKind::MEM) continue;
            in.writes = Info::Writes::OPERAND;
            in.mem_size = static_cast<uint8_t>(std::min<unsigned>(insn.op[k].size ? insn.op[k].size : 8, MAX_MEM));
        }
    }
    return cache_[rip] = std::move(in);
}

bool InsnTrace::read(Cpu& cpu, uint64_t la, void* dst, unsigned n) {
    if ((la & PAGE_MASK) + n > PAGE_SIZE) return cpu.mmu.copy_out(la, dst, n);
    const uint64_t page = la & ~PAGE_MASK;
    if (page != last_page_.page || cpu.s.cr3 != last_page_.cr3 || cpu.mmu.epoch() != last_page_.epoch) {
        uint64_t pa;
        if (!cpu.mmu.peek_translate(page, pa) || pa + PAGE_SIZE > cpu.phys.size()) return false;
        last_page_ = {page, pa, cpu.s.cr3, cpu.mmu.epoch()};
    }
    std::memcpy(dst, cpu.phys.host(last_page_.pa + (la & PAGE_MASK)), n);
    return true;
}

void InsnTrace::put_flags(uint64_t f) {
    static const struct {
        uint64_t bit;
        const char* name;
    } kFlags[] = {{fl::CF, "CF"}, {fl::PF, "PF"}, {fl::AF, "AF"}, {fl::ZF, "ZF"}, {fl::SF, "SF"},
                  {fl::TF, "TF"}, {fl::IF, "IF"}, {fl::DF, "DF"}, {fl::OF, "OF"}, {fl::AC, "AC"}};
    bool any = false;
    for (const auto& k : kFlags) {
        if (!(f & k.bit)) continue;
        if (any) ctx_.out.put(' ');
        ctx_.out.put(k.name);
        any = true;
    }
    if (!any) ctx_.out.put('-');
}

bool InsnTrace::before_insn(Cpu& cpu, const DecodedInsn& insn) {
    armed_ = false;
    const uint64_t number = cpu.icount_at(insn) + 1;
    if (!selected(cpu, number)) return false;
    armed_ = true;
    cur_ = &info(cpu, insn);
    number_ = number;
    rip_ = cpu.rip();
    cpl_ = cpu.s.cpl;
    mode_ = cpu.mode();
    std::memcpy(regs_, cpu.s.gpr, sizeof regs_);
    flags_ = cpu.rflags();
    fs_base_ = cpu.s.seg[FS].base;
    gs_base_ = cpu.s.seg[GS].base;
    mem_ok_ = false;
    if (cur_->writes == Info::Writes::OPERAND) {
        mem_la_ = mem_operand_linear(cpu, insn, cpu.rip());
        mem_ok_ = read(cpu, mem_la_, mem_, cur_->mem_size);
    }
    return false;
}

void InsnTrace::head(Cpu&, const Info& in) {
    TraceOut& out = ctx_.out;
    if (ctx_.jsonl) {
        out.put("{\"n\":").dec(number_).put(",\"cpl\":").dec(cpl_).put(",\"mode\":\"").put(mode_name(mode_));
        out.put("\",\"rip\":\"0x").hex(rip_).put('"');
        if (!in.sym.empty()) {
            out.put(",\"sym\":");
            put_json_string(out, in.sym);
        }
        out.put(",\"bytes\":\"");
        put_bytes(out, in.bytes, in.len);
        out.put("\",\"asm\":");
        put_json_string(out, in.text);
        return;
    }
    put_right(out, number_, 10);
    out.put(" cpl").dec(cpl_).put(' ').put(mode_name(mode_)).pad_to(19).put(' ');
    out.hex(rip_, 16).put(' ');
    if (!ctx_.syms.empty()) out.put(in.sym).pad_to(SYM_COLUMN + 34).put(' ');
    const size_t col = ctx_.syms.empty() ? SYM_COLUMN : SYM_COLUMN + 35;
    out.put(in.bytes_hex).pad_to(col + 30).put(' ');
    out.put(in.text);
}

void InsnTrace::written(uint64_t la, const uint8_t* bytes, unsigned n) {
    TraceOut& out = ctx_.out;
    if (ctx_.jsonl) {
        out.put(first_change_ ? ",\"mem\":[" : ",").put("{\"addr\":\"0x").hex(la).put("\",\"data\":\"");
        put_bytes(out, bytes, n);
        out.put("\"}");
        first_change_ = false;
        return;
    }
    out.put(" [0x").hex(la).put("]=");
    put_bytes(out, bytes, n);
}

void InsnTrace::changes(Cpu& cpu) {
    TraceOut& out = ctx_.out;
    const bool json = ctx_.jsonl;
    // Registers, then the segment bases SWAPGS and WRFSBASE change, then RFLAGS.
    bool first = true;
    const auto reg = [&](const char* name, uint64_t v) {
        if (json) out.put(first ? ",\"regs\":{\"" : ",\"").put(name).put("\":\"0x").hex(v).put('"');
        else out.put(' ').put(name).put("=0x").hex(v);
        first = false;
    };
    for (int r = 0; r < 16; ++r)
        if (cpu.s.gpr[r] != regs_[r]) reg(kRegNames[r], cpu.s.gpr[r]);
    if (cpu.s.seg[FS].base != fs_base_) reg("fs.base", cpu.s.seg[FS].base);
    if (cpu.s.seg[GS].base != gs_base_) reg("gs.base", cpu.s.seg[GS].base);
    if (json && !first) out.put('}');
    const uint64_t f = cpu.rflags();
    if (f != flags_) {
        if (json) out.put(",\"rflags\":\"0x").hex(f).put("\",\"flags\":\"");
        else out.put(" flags=[");
        put_flags(f);
        out.put(json ? '"' : ']');
    }
    // Memory.
    first_change_ = true;
    uint8_t now[MAX_MEM];
    switch (cur_->writes) {
    case Info::Writes::NONE: break;
    case Info::Writes::OPERAND:
        if (mem_ok_ && read(cpu, mem_la_, now, cur_->mem_size) && std::memcmp(now, mem_, cur_->mem_size) != 0)
            written(mem_la_, now, cur_->mem_size);
        break;
    case Info::Writes::PUSH: {
        const uint64_t rsp = cpu.s.gpr[RSP];
        if (rsp < regs_[RSP] && cpl_ == cpu.s.cpl) {
            const unsigned n = static_cast<unsigned>(std::min<uint64_t>(regs_[RSP] - rsp, MAX_MEM));
            if (read(cpu, cpu.linear(SS, rsp), now, n)) written(cpu.linear(SS, rsp), now, n);
        }
        break;
    }
    case Info::Writes::STRING: {
        const uint64_t before = regs_[RDI], after = cpu.s.gpr[RDI];
        if (before == after) break;
        // DF=1 stores downwards: the elements are at the final RDI + size and above.
        const unsigned elem = cur_->mem_size;
        const uint64_t start = after > before ? before : after + elem;
        const uint64_t end = after > before ? after : before + elem;
        const unsigned n = static_cast<unsigned>(std::min<uint64_t>(end - start, MAX_MEM));
        if (read(cpu, cpu.linear(ES, start), now, n)) written(cpu.linear(ES, start), now, n);
        break;
    }
    }
    if (json && !first_change_) out.put(']');
}

void InsnTrace::after_insn(Cpu& cpu, const DecodedInsn&) {
    if (!armed_) return;
    armed_ = false;
    head(cpu, *cur_);
    changes(cpu);
    if (ctx_.jsonl) ctx_.out.put('}');
    ctx_.out.end_line();
    if (++lines_ >= filter_.count) {
        ctx_.insn_wanted = false;
        ctx_.update_observe();
    }
}

void InsnTrace::fault_line(Cpu& cpu, const GuestFault& f) {
    if (!armed_) return;
    armed_ = false;
    head(cpu, *cur_);
    TraceOut& out = ctx_.out;
    if (ctx_.jsonl) {
        out.put(",\"fault\":\"").put(vec_name(f.vector)).put("\",\"error\":\"0x").hex(f.error);
        out.put("\",\"cr2\":\"0x").hex(f.cr2).put("\"}");
    } else {
        out.put("  <").put(vec_name(f.vector));
        if (f.vector == Vec::PF) out.put(" err=0x").hex(f.error).put(" cr2=0x").hex(f.cr2);
        else if (f.error) out.put(" err=0x").hex(f.error);
        out.put('>');
    }
    out.end_line();
    ++lines_;
}

}  // namespace lstar
