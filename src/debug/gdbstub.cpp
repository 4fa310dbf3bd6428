// The gdb stub's packets, breakpoints and run control (gdbstub.hpp). Packet names and reply
// formats are those of the gdb manual, appendix "GDB Remote Serial Protocol".
#include "debug/gdbstub.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "debug/gdbstub_packet.hpp"
#include "debug/gdbstub_regs.hpp"
#include "machine/machine.hpp"

namespace lstar {

namespace {

using namespace lstar::gdb;

// Errors in the E NN replies, as gdbserver numbers them (errno values).
constexpr const char* E_INVAL = "E16";  // a malformed packet
constexpr const char* E_FAULT = "E0e";  // an address that is not mapped
constexpr const char* E_NOENT = "E02";  // no such register, annex or breakpoint

constexpr int SIGINT_NUM = 2, SIGTRAP_NUM = 5;
constexpr uint64_t MAX_WATCH_LEN = 1u << 20;

// "ADDR,LEN" in hex, as in m, M, X and Z packets.
bool parse_addr_len(std::string_view text, uint64_t& addr, uint64_t& len) {
    const size_t comma = text.find(',');
    return comma != std::string_view::npos && parse_hex(text.substr(0, comma), addr) &&
           parse_hex(text.substr(comma + 1), len);
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

GdbStub::GdbStub(Machine& m) : m_(m) { m_.cpu.add_observer(this); }

GdbStub::~GdbStub() {
    clear_all();
    m_.cpu.remove_observer(this);
}

void GdbStub::clear_all() {
    sw_breaks_.clear();
    hw_breaks_.clear();
    watches_.clear();
    stepping_ = false;
    update_observation();
}

// Observed execution (one instruction at a time) only while something needs it.
void GdbStub::update_observation() {
    m_.cpu.observe_insns = stepping_ || !sw_breaks_.empty() || !hw_breaks_.empty() || !watches_.empty();
    std::vector<Mmu::DebuggerWatch> w;
    for (const Watch& x : watches_) w.push_back({x.addr, x.len, x.type != '2', x.type != '3'});
    m_.cpu.mmu.set_debugger_watches(std::move(w));
}

// ---------------------------------------------------------------- the CPU observer

bool GdbStub::before_insn(Cpu& cpu, const DecodedInsn&) {
    cpu.mmu.debugger_hit = {};  // an instruction that faulted did not complete its accesses
    if (stepping_) {
        // The stepped instruction faulted (or an exception was taken): stop at its handler.
        if (step_taken_) return stop_ = StopKind::STEP, true;
        step_taken_ = true;
        return false;
    }
    const uint64_t rip = cpu.rip();
    if (skip_breakpoint_) {
        skip_breakpoint_ = false;
        // Observed execution runs one-instruction blocks, so icount() is this instruction's number.
        if (rip == resume_rip_ && cpu.icount() == resume_icount_) return false;
    }
    if (std::find(sw_breaks_.begin(), sw_breaks_.end(), rip) != sw_breaks_.end())
        return stop_ = StopKind::BREAKPOINT, true;
    if (std::find(hw_breaks_.begin(), hw_breaks_.end(), rip) != hw_breaks_.end())
        return stop_ = StopKind::HW_BREAKPOINT, true;
    return false;
}

void GdbStub::after_insn(Cpu& cpu, const DecodedInsn&) {
    if (cpu.mmu.debugger_hit.hit) {
        // Watchpoints report after the access, as x86 data breakpoints trap (SDM Vol. 3 §17.2.5).
        watch_hit_ = cpu.mmu.debugger_hit.index;
        cpu.mmu.debugger_hit = {};
        stop_ = StopKind::WATCH;
        m_.pause();
    } else if (stepping_) {
        stop_ = StopKind::STEP;
        m_.pause();  // before any interrupt is taken
    }
}

// ---------------------------------------------------------------- run control

bool GdbStub::resume(Action how, const std::function<void()>& poll, int& status) {
    Cpu& cpu = m_.cpu;
    stepping_ = how == Action::STEP;
    step_taken_ = false;
    skip_breakpoint_ = true;
    resume_rip_ = cpu.rip();
    resume_icount_ = cpu.icount();
    if (stepping_ && !cpu.halted) cpu.intr = false;  // as QEMU's stub: no interrupt before a step
    update_observation();
    m_.between_slices = poll;
    status = m_.run();
    m_.between_slices = nullptr;
    stepping_ = false;
    update_observation();
    return status == Machine::PAUSED;
}

void GdbStub::interrupt() {
    stop_ = StopKind::INTERRUPT;
    m_.pause();
}

std::string GdbStub::stop_reply() const {
    const int sig = stop_ == StopKind::INTERRUPT ? SIGINT_NUM : SIGTRAP_NUM;
    std::string r = fmt::format("T{:02x}", sig);
    if (stop_ == StopKind::BREAKPOINT) r += "swbreak:;";
    if (stop_ == StopKind::HW_BREAKPOINT) r += "hwbreak:;";
    if (stop_ == StopKind::WATCH && watch_hit_ < watches_.size()) {
        const Watch& w = watches_[watch_hit_];
        r += fmt::format("{}:{:x};", w.type == '2' ? "watch" : w.type == '3' ? "rwatch" : "awatch", w.addr);
    }
    // The registers gdb needs first, so it does not have to ask.
    for (unsigned n : {REG_RBP, REG_RSP, REG_RIP}) r += fmt::format("{:02x}:{};", n, read_register(m_.cpu, n));
    return r + "thread:1;";
}

// ---------------------------------------------------------------- registers and memory

std::string GdbStub::read_registers() const {
    std::string out;
    for (unsigned n = 0; n < register_count(); ++n) out += read_register(m_.cpu, n);
    return out;
}

std::string GdbStub::write_registers(std::string_view hex) {
    std::vector<uint8_t> bytes;
    if (!hex_decode(hex, bytes)) return E_INVAL;
    size_t off = 0;
    for (unsigned n = 0; n < register_count() && off + register_size(n) <= bytes.size(); ++n) {
        write_register(m_.cpu, n, bytes.data() + off, register_size(n));
        off += register_size(n);
    }
    return "OK";
}

std::string GdbStub::read_memory(std::string_view args) const {
    uint64_t addr, len;
    if (!parse_addr_len(args, addr, len)) return E_INVAL;
    len = std::min<uint64_t>(len, MAX_PACKET / 2);
    // As much as is mapped from the start (gdb accepts a short read); nothing mapped is an error.
    if (addr && len > 0 - addr) len = 0 - addr;  // not past the top of the address space
    std::vector<uint8_t> buf(len);
    uint64_t got = 0;
    while (got < len) {
        const uint64_t n = std::min(len - got, PAGE_SIZE - ((addr + got) & PAGE_MASK));
        if (!mapped(addr + got) || !m_.cpu.mmu.copy_out(addr + got, buf.data() + got, n)) break;
        got += n;
    }
    if (got == 0 && len) return E_FAULT;
    return hex_encode(buf.data(), got);
}

std::string GdbStub::write_memory(std::string_view args, bool binary) {
    const size_t colon = args.find(':');
    uint64_t addr, len;
    if (colon == std::string_view::npos || !parse_addr_len(args.substr(0, colon), addr, len)) return E_INVAL;
    const std::string_view data = args.substr(colon + 1);
    std::vector<uint8_t> bytes;
    if (binary) {
        std::string raw;
        if (!unescape_binary(data, raw)) return E_INVAL;
        bytes.assign(raw.begin(), raw.end());
    } else if (!hex_decode(data, bytes)) {
        return E_INVAL;
    }
    if (bytes.size() != len) return E_INVAL;
    if (len && addr + (len - 1) < addr) return E_FAULT;  // wraps around the address space
    // Every page first, so a write to a partly unmapped range changes nothing.
    const uint64_t pages = len ? ((addr + len - 1) >> 12) - (addr >> 12) + 1 : 0;
    for (uint64_t k = 0; k < pages; ++k)
        if (!mapped(k == 0 ? addr : ((addr >> 12) + k) << 12)) return E_FAULT;
    if (len && !m_.cpu.mmu.copy_in(addr, bytes.data(), len)) return E_FAULT;
    return "OK";
}

// Whether gdb may read or write the byte at linear address la. The MMU's side-effect-free
// translation ignores bits 63:48, so non-canonical addresses are refused here (in IA-32e mode).
bool GdbStub::mapped(uint64_t la) const {
    if ((m_.cpu.s.efer & (1u << 10)) && !is_canonical(la)) return false;
    uint64_t pa;
    return m_.cpu.mmu.peek_translate(la, pa);
}

// Z/z TYPE,ADDR,KIND: 0 software and 1 hardware breakpoints, 2 write, 3 read, 4 access
// watchpoints of KIND bytes.
std::string GdbStub::breakpoint(std::string_view args, bool insert) {
    if (args.size() < 2 || args[1] != ',') return E_INVAL;
    const char type = args[0];
    uint64_t addr, kind;
    if (!parse_addr_len(args.substr(2), addr, kind)) {
        // KIND may be followed by ";cond..." lists, which lstar does not take.
        const size_t semi = args.find(';');
        if (semi == std::string_view::npos || !parse_addr_len(args.substr(2, semi - 2), addr, kind)) return E_INVAL;
    }
    if (type == '0' || type == '1') {
        std::vector<uint64_t>& list = type == '0' ? sw_breaks_ : hw_breaks_;
        std::erase(list, addr);
        if (insert) list.push_back(addr);
    } else if (type >= '2' && type <= '4') {
        if (kind == 0 || kind > MAX_WATCH_LEN) return E_INVAL;
        std::erase_if(watches_, [&](const Watch& w) { return w.addr == addr && w.len == kind && w.type == type; });
        if (insert) watches_.push_back({addr, kind, type});
    } else {
        return "";  // not supported
    }
    update_observation();
    return "OK";
}

// ---------------------------------------------------------------- resuming

// "c [ADDR]" and "s [ADDR]": resume at ADDR if given.
bool GdbStub::set_pc_from(std::string_view args) {
    if (args.empty()) return true;
    uint64_t addr;
    if (!parse_hex(args, addr)) return false;
    m_.cpu.set_rip(addr);
    return true;
}

// vCont;ACTION[:THREAD];...: lstar has one thread, so a step for it (or for all) wins.
GdbStub::Action GdbStub::parse_vcont(std::string_view actions, bool& ok) const {
    Action how = Action::REPLY;
    ok = !actions.empty();
    while (ok && !actions.empty()) {
        if (actions[0] != ';') return ok = false, how;
        actions.remove_prefix(1);
        const size_t end = std::min(actions.find(';'), actions.size());
        const std::string_view a = actions.substr(0, end);
        actions.remove_prefix(end);
        const std::string_view thread = a.find(':') == std::string_view::npos ? "" : a.substr(a.find(':') + 1);
        const bool ours = thread.empty() || thread == "1" || thread == "-1" || thread == "01";
        if (a.empty()) return ok = false, how;
        switch (a[0]) {
        case 's':
        case 'S':
            if (ours) how = Action::STEP;
            break;
        case 'c':
        case 'C':
            if (ours && how != Action::STEP) how = Action::CONTINUE;
            break;
        case 't':
            break;
        default:
            ok = false;
        }
    }
    return how;
}

// ---------------------------------------------------------------- queries

std::string GdbStub::query(std::string_view p, Reply& r) {
    if (starts_with(p, "qSupported"))
        return fmt::format("PacketSize={:x};qXfer:features:read+;swbreak+;hwbreak+;vContSupported+", MAX_PACKET);
    if (p == "qAttached") return "1";  // an existing machine: quitting gdb detaches, not kills
    if (p == "qC") return "QC1";
    if (p == "qfThreadInfo") return "m1";
    if (p == "qsThreadInfo") return "l";
    if (starts_with(p, "qSymbol")) return "OK";
    if (starts_with(p, "qXfer:features:read:")) {
        // qXfer:features:read:ANNEX:OFFSET,LENGTH
        const std::string_view rest = p.substr(20);
        const size_t colon = rest.find(':');
        uint64_t off, len;
        if (colon == std::string_view::npos || !parse_addr_len(rest.substr(colon + 1), off, len)) return E_INVAL;
        if (rest.substr(0, colon) != "target.xml") return E_NOENT;
        const std::string& xml = target_xml();
        if (off >= xml.size()) return "l";
        len = std::min<uint64_t>(len, MAX_PACKET / 2);
        const std::string part = xml.substr(off, len);
        return (off + part.size() >= xml.size() ? "l" : "m") + part;
    }
    if (starts_with(p, "qRcmd,")) {
        std::vector<uint8_t> cmd;
        if (!hex_decode(p.substr(6), cmd)) return E_INVAL;
        const std::string text = monitor(std::string_view(reinterpret_cast<const char*>(cmd.data()), cmd.size()));
        // Console output in O packets of at most MAX_PACKET hex digits, then OK.
        for (size_t k = 0; k < text.size(); k += MAX_PACKET / 2 - 1)
            r.packets.push_back("O" + hex_encode(std::string_view(text).substr(k, MAX_PACKET / 2 - 1)));
        return "OK";
    }
    return "";
}

// ---------------------------------------------------------------- dispatch

GdbStub::Reply GdbStub::handle(std::string_view p) {
    if (p.empty()) return reply("");
    const std::string_view args = p.substr(1);
    switch (p[0]) {
    case '?':
        return reply(stop_reply());
    case 'g':
        return reply(p.size() == 1 ? read_registers() : E_INVAL);
    case 'G':
        return reply(write_registers(args));
    case 'p': {
        uint64_t n;
        if (!parse_hex(args, n)) return reply(E_INVAL);
        return reply(n < register_count() ? read_register(m_.cpu, static_cast<unsigned>(n)) : E_NOENT);
    }
    case 'P': {
        const size_t eq = args.find('=');
        uint64_t n;
        std::vector<uint8_t> bytes;
        if (eq == std::string_view::npos || !parse_hex(args.substr(0, eq), n) || !hex_decode(args.substr(eq + 1), bytes))
            return reply(E_INVAL);
        if (n >= register_count()) return reply(E_NOENT);
        return reply(write_register(m_.cpu, static_cast<unsigned>(n), bytes.data(), bytes.size()) ? "OK" : E_INVAL);
    }
    case 'm':
        return reply(read_memory(args));
    case 'M':
        return reply(write_memory(args, false));
    case 'X':
        return reply(write_memory(args, true));
    case 'Z':
    case 'z':
        return reply(breakpoint(args, p[0] == 'Z'));
    case 'c':
    case 's':
        if (!set_pc_from(args)) return reply(E_INVAL);
        return Reply{{}, p[0] == 's' ? Action::STEP : Action::CONTINUE};
    case 'D':
        return Reply{{"OK"}, Action::DETACH};
    case 'k':
        return Reply{{}, Action::KILL};
    case 'H':
        return reply(args.size() >= 2 ? "OK" : E_INVAL);  // one thread: any selection is it
    case 'T':
        return reply(args == "1" || args == "01" ? "OK" : E_NOENT);
    case 'v':
        if (p == "vCont?") return reply("vCont;c;C;s;S");
        if (starts_with(p, "vCont")) {
            bool ok;
            const Action how = parse_vcont(p.substr(5), ok);
            if (!ok) return reply(E_INVAL);
            if (how == Action::REPLY) return reply(stop_reply());  // nothing for our thread
            return Reply{{}, how};
        }
        return reply("");  // vMustReplyEmpty and everything lstar does not do
    case 'q': {
        Reply r;
        std::string last = query(p, r);
        r.packets.push_back(std::move(last));
        return r;
    }
    default:
        return reply("");
    }
}

}  // namespace lstar
