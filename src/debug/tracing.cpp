#include "debug/tracing.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "debug/event_trace.hpp"
#include "debug/insn_trace.hpp"
#include "debug/path_trace.hpp"
#include "debug/syscall_trace.hpp"

namespace lstar {

namespace {

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        const size_t comma = s.find(',', start);
        out.push_back(s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

bool parse_u64(const std::string& s, uint64_t& v) {
    if (s.empty() || s[0] == '-') return false;
    errno = 0;
    char* end = nullptr;
    v = std::strtoull(s.c_str(), &end, 0);
    return !errno && *end == 0;
}

}  // namespace

std::string set_trace_option(TraceConfig& cfg, const std::string& opt, const std::string& value) {
    if (opt == "--trace") {
        for (const std::string& v : split_commas(value)) {
            if (v == "insn") cfg.insn = true;
            else if (v == "syscall") cfg.syscall = true;
            else if (v == "syscall-path") cfg.syscall_path = true;
            else if (v == "exc") cfg.exc = true;
            else if (v == "irq") cfg.irq = true;
            else return fmt::format("--trace: unknown view '{}' (insn, syscall, syscall-path, exc, irq)", v);
        }
    } else if (opt == "--stats") {
        cfg.stats = true;
    } else if (opt == "--syntax") {
        if (value != "intel" && value != "att") return fmt::format("--syntax must be intel or att, got '{}'", value);
        cfg.att = value == "att";
    } else if (opt == "--trace-format") {
        if (value != "text" && value != "jsonl") return fmt::format("--trace-format must be text or jsonl, got '{}'", value);
        cfg.jsonl = value == "jsonl";
    } else if (opt == "--trace-out") {
        if (value.empty()) return "--trace-out needs a file name";
        cfg.out_path = value;
    } else if (opt == "--trace-range") {
        if (value.empty()) return "--trace-range needs SYM or ADDR-ADDR";
        cfg.range = value;
    } else if (opt == "--trace-cpl") {
        if (value != "0" && value != "3") return fmt::format("--trace-cpl must be 0 or 3, got '{}'", value);
        cfg.cpl = value[0] - '0';
    } else if (opt == "--trace-start") {
        if (!parse_u64(value, cfg.start)) return fmt::format("--trace-start needs an instruction number, got '{}'", value);
    } else if (opt == "--trace-count") {
        if (!parse_u64(value, cfg.count)) return fmt::format("--trace-count needs a number, got '{}'", value);
    } else if (opt == "--trace-syscalls") {
        if (value.empty()) return "--trace-syscalls needs a list of names or classes";
        cfg.syscalls = split_commas(value);
    } else {
        return fmt::format("unknown trace option '{}'", opt);
    }
    return "";
}

// ---- TraceContext ----

uint64_t TraceContext::mem_u64(uint64_t la, bool* ok) const {
    uint64_t v = 0;
    const bool good = cpu.mmu.copy_out(la, &v, sizeof v);
    if (ok) *ok = good;
    return v;
}

uint32_t TraceContext::mem_u32(uint64_t la, bool* ok) const {
    uint32_t v = 0;
    const bool good = cpu.mmu.copy_out(la, &v, sizeof v);
    if (ok) *ok = good;
    return v;
}

// cpu_pcpu.current_task -> task_struct, whose first field is pid_t pid.
int TraceContext::current_pid() const {
    if (!current_task_slot) return -1;
    bool ok = false;
    const uint64_t task = mem_u64(*current_task_slot, &ok);
    if (!ok || !task) return -1;
    const uint32_t pid = mem_u32(task, &ok);
    return ok ? static_cast<int>(pid) : -1;
}

// ---- TraceSession ----

namespace {

// --trace-range=SYM or ADDR-ADDR into [lo, hi).
void resolve_range(const std::string& spec, const SymbolTable& syms, uint64_t& lo, uint64_t& hi) {
    const size_t dash = spec.find('-');
    if (dash != std::string::npos && parse_u64(spec.substr(0, dash), lo) && parse_u64(spec.substr(dash + 1), hi)) {
        if (hi <= lo) throw std::runtime_error(fmt::format("--trace-range {}: the end must be above the start", spec));
        return;
    }
    const auto addr = syms.lookup(spec);
    if (!addr) throw std::runtime_error(fmt::format("--trace-range: no symbol '{}' (and not ADDR-ADDR)", spec));
    const Symbol* s = syms.find(*addr);
    lo = *addr;
    hi = *addr + (s && s->size ? s->size : 1);
}

}  // namespace

TraceSession::TraceSession(Cpu& cpu, const TraceConfig& cfg, SymbolTable syms, std::FILE* default_out)
    : cpu_(cpu), cfg_(cfg), syms_(std::move(syms)) {
    InsnTrace::Filter filter;
    filter.cpl = cfg.cpl;
    filter.start = cfg.start;
    filter.count = cfg.count;
    if (!cfg.range.empty()) resolve_range(cfg.range, syms_, filter.lo, filter.hi);
    std::FILE* f = default_out;
    if (!cfg.out_path.empty()) {
        file_ = f = std::fopen(cfg.out_path.c_str(), "w");
        if (!f) throw std::runtime_error(fmt::format("cannot write '{}': {}", cfg.out_path, std::strerror(errno)));
    }
    out_ = std::make_unique<TraceOut>(f);
    out_->line_flush = !cfg.insn;  // the other views write a line now and then: show it at once
    std::optional<uint64_t> task_slot;
    if (const auto pcpu = syms_.lookup("cpu_pcpu")) task_slot = *pcpu + 16;
    ctx_ = std::make_unique<TraceContext>(TraceContext{cpu, syms_, *out_, cfg.jsonl, false, false, task_slot});

    if (cfg.exc || cfg.irq) events_ = std::make_unique<EventTrace>(*ctx_, cfg.exc, cfg.irq);
    if (cfg.syscall) syscall_ = std::make_unique<SyscallTrace>(*ctx_, cfg.syscalls);
    if (cfg.syscall_path) path_ = std::make_unique<PathTrace>(*ctx_, cfg.syscalls);
    if (cfg.insn) insn_ = std::make_unique<InsnTrace>(*ctx_, filter, cfg.att);
    if (cfg.stats) stats_ = std::make_unique<StatsCollector>();
    for (CpuObserver* o : std::initializer_list<CpuObserver*>{events_.get(), syscall_.get(), path_.get(), insn_.get(), stats_.get()})
        if (o) cpu_.add_observer(o);
    started_ = std::chrono::steady_clock::now();
    icount_at_start_ = cpu.icount();
}

TraceSession::~TraceSession() { finish(nullptr); }

void TraceSession::note_fault(const GuestFault& f) {
    if (insn_) insn_->fault_line(cpu_, f);
}

void TraceSession::finish(std::FILE* stats_out) {
    if (finished_) return;
    finished_ = true;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    if (syscall_) syscall_->finish();
    out_->flush();
    for (CpuObserver* o : std::initializer_list<CpuObserver*>{events_.get(), syscall_.get(), path_.get(), insn_.get(), stats_.get()})
        if (o) cpu_.remove_observer(o);
    cpu_.observe_insns = false;
    if (stats_ && stats_out) stats_->print(stats_out, cpu_, cpu_.icount() - icount_at_start_, seconds);
    if (file_) std::fclose(file_);
    file_ = nullptr;
}

}  // namespace lstar
