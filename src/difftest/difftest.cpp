// The differential tester's driver. Cases are generated in the parent and run in batches by a
// child process, first on the host CPU and then on lstar's CPU; the child writes both outcomes
// into shared memory and the parent compares them. A child that dies (a case that escaped the
// harness, or lstar crashing) costs that one case, reported as such, and a fresh child goes on.
#include <fmt/core.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <chrono>
#include <cstring>
#include <map>

#include "difftest/case.hpp"
#include "difftest/difftest.hpp"
#include "difftest/values.hpp"

namespace lstar::difftest {
namespace {

constexpr size_t kBatch = 256;

struct Shared {
    volatile uint64_t done;  // cases of the batch finished
    volatile uint8_t stage;  // 0: the host is running case `done`, 1: lstar is
    char error[256];
    Outcome host[kBatch];
    Outcome emu[kBatch];
};

// The child: runs in[from, n) on the host and on lstar. Exit 0 when done, 3 on a setup error.
[[noreturn]] void child_main(const Input* in, size_t from, size_t n, Shared* sh) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);           // never outlive an interrupted tester
    alarm(static_cast<unsigned>(30 + n / 16));  // a runaway case ends the child
    NativeRunner native;
    std::string err;
    if (!native.init(err)) {
        std::snprintf(sh->error, sizeof sh->error, "%s", err.c_str());
        _exit(3);
    }
    Emulator emu;
    for (size_t i = from; i < n; ++i) {
        if (!in[i].valid) {  // never run what the generator gave up on
            sh->done = i + 1;
            continue;
        }
        sh->stage = 0;
        native.run(in[i], sh->host[i]);
        sh->stage = 1;
        emu.run(in[i], sh->emu[i]);
        sh->done = i + 1;
    }
    _exit(0);
}

// Runs a batch, restarting the child after each case that kills it. False on a setup error.
bool run_batch(const Input* in, size_t n, Shared* sh, CaseFate* fate, std::string& error) {
    for (size_t i = 0; i < n; ++i) fate[i] = CaseFate{in[i].valid ? Fate::COMPARE : Fate::GEN_FAILED, 0};
    size_t from = 0;
    while (from < n) {
        sh->done = from;
        sh->stage = 0;
        std::fflush(nullptr);  // the child must not write the parent's buffers twice
        const pid_t pid = fork();
        if (pid < 0) return error = "fork failed", false;
        if (pid == 0) child_main(in, from, n, sh);
        int st = 0;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
        if (WIFEXITED(st) && WEXITSTATUS(st) == 0) return true;
        if (WIFEXITED(st) && WEXITSTATUS(st) == 3) return error = sh->error, false;
        const size_t bad = sh->done;
        if (bad >= n) return true;
        fate[bad].fate = sh->stage == 0 ? Fate::HOST_DIED : Fate::LSTAR_DIED;
        fate[bad].signal = WIFSIGNALED(st) ? WTERMSIG(st) : -WEXITSTATUS(st);
        from = bad + 1;
    }
    return true;
}

static_assert(ISA_GP == isa_bit(Isa::GP) && ISA_SSE == isa_bit(Isa::SSE) && ISA_X87 == isa_bit(Isa::X87));

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::vector<std::string> split_list(const std::string& list) {
    std::vector<std::string> out;
    size_t p = 0;
    while (p <= list.size() && !list.empty()) {
        const size_t q = std::min(list.find(',', p), list.size());
        if (q > p) out.push_back(list.substr(p, q - p));
        p = q + 1;
    }
    return out;
}

// The forms that take part: of the ISA groups asked for, the host must have the feature, the
// mnemonic must match the filter, and a gen::OPTIONAL form's mnemonic must be in ops.def.
// Grouped by label (the mnemonic) so that every mnemonic gets about the same number of cases.
struct Selection {
    std::vector<std::string> mnemonics;
    std::vector<std::vector<uint32_t>> forms;  // per mnemonic
    std::vector<std::string> skipped;          // mnemonics the host cannot run
};

Selection select_forms(const std::string& filter, unsigned isas) {
    std::vector<std::string> wanted = split_list(filter);
    for (std::string& w : wanted) w = upper(w);
    Selection s;
    std::map<std::string, std::vector<uint32_t>> by_name;
    std::map<std::string, bool> lacking;
    const auto& all = forms();
    for (uint32_t i = 0; i < all.size(); ++i) {
        const Form& f = all[i];
        if (!(isas & isa_bit(f.isa))) continue;
        if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), f.name) == wanted.end()) continue;
        if ((f.flags & gen::OPTIONAL) && !implemented(f.name)) continue;
        if (!host_has(f.feature)) {
            lacking[f.label] = true;
            continue;
        }
        by_name[f.label].push_back(i);
    }
    for (auto& [name, v] : by_name) {
        s.mnemonics.push_back(name);
        s.forms.push_back(v);
    }
    for (auto& [name, x] : lacking)
        if (!by_name.count(name)) s.skipped.push_back(name);
    return s;
}

struct Tally {
    uint64_t passed = 0, total = 0;
};

Shared* map_shared() {
    void* mem = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return mem == MAP_FAILED ? nullptr : static_cast<Shared*>(mem);
}

}  // namespace

bool parse_isas(const std::string& list, unsigned& isas, std::string& bad) {
    isas = 0;
    for (const std::string& name : split_list(list)) {
        if (name == "gp") isas |= ISA_GP;
        else if (name == "sse") isas |= ISA_SSE;
        else if (name == "x87") isas |= ISA_X87;
        else return bad = name, false;
    }
    if (!isas) return bad = list, false;
    return true;
}

bool run_cases(const std::vector<Input>& in, std::vector<Outcome>& host, std::vector<Outcome>& emu,
               std::vector<CaseFate>& fate, std::string& error) {
    Shared* sh = map_shared();
    if (!sh) return error = "cannot map shared memory", false;
    host.resize(in.size()), emu.resize(in.size()), fate.assign(in.size(), CaseFate{});
    bool ok = true;
    for (size_t start = 0; ok && start < in.size(); start += kBatch) {
        const size_t n = std::min(kBatch, in.size() - start);
        ok = run_batch(in.data() + start, n, sh, fate.data() + start, error);
        for (size_t i = 0; ok && i < n; ++i) {
            host[start + i] = sh->host[i];
            emu[start + i] = sh->emu[i];
        }
    }
    munmap(sh, sizeof(Shared));
    return ok;
}

int run(const Options& opt, std::FILE* out) {
    const Selection sel = select_forms(opt.filter, opt.isas);
    if (sel.mnemonics.empty()) {
        std::fprintf(stderr, "lstar difftest: no instruction form of the selected ISAs matches --filter '%s'%s\n",
                     opt.filter.c_str(), sel.skipped.empty() ? "" : " that this host can run");
        return 2;
    }
    Shared* sh = map_shared();
    if (!sh) {
        std::fprintf(stderr, "lstar difftest: cannot map shared memory\n");
        return 2;
    }
    size_t nforms = 0;
    for (const auto& v : sel.forms) nforms += v.size();
    fmt::print(out, "difftest: seed {}, {} cases from {}, {} mnemonics, {} forms\n", opt.seed, opt.count,
               opt.first, sel.mnemonics.size(), nforms);
    const auto t0 = std::chrono::steady_clock::now();

    std::map<std::string, Tally> tally;
    uint64_t passed = 0, failed = 0, harness = 0, reported = 0;
    std::vector<Input> in(kBatch);
    std::vector<CaseFate> fate(kBatch);
    int status = 0;
    for (uint64_t start = 0; start < opt.count; start += kBatch) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(kBatch, opt.count - start));
        for (size_t i = 0; i < n; ++i) {
            const uint64_t case_no = opt.first + start + i;
            Rng pick(opt.seed ^ (case_no * 0xd1342543de82ef95ull));
            const auto& group = sel.forms[pick.below(sel.forms.size())];
            generate(group[pick.below(group.size())], opt.seed, case_no, in[i]);
        }
        std::string error;
        if (!run_batch(in.data(), n, sh, fate.data(), error)) {
            std::fprintf(stderr, "lstar difftest: %s\n", error.c_str());
            status = 2;
            break;
        }
        for (size_t i = 0; i < n; ++i) {
            const uint64_t case_no = opt.first + start + i;
            const Form& f = forms()[in[i].form];
            Tally& t = tally[f.label];
            ++t.total;
            if (fate[i].fate == Fate::GEN_FAILED || fate[i].fate == Fate::HOST_DIED ||
                sh->host[i].status != Status::STOPPED) {
                ++harness, ++failed;
                if (reported++ < opt.max_reports)
                    fmt::print(out, "--- harness error in case {}: {}: {}\n    {}\n", case_no, f.text,
                               fate[i].fate == Fate::GEN_FAILED ? "the generator cannot encode this form"
                               : fate[i].fate == Fate::HOST_DIED
                                   ? fmt::format("the host run died (signal {})", fate[i].signal)
                                   : "the host run did not start",
                               fate[i].fate == Fate::GEN_FAILED ? "(no bytes)" : case_summary(in[i]));
                continue;
            }
            if (fate[i].fate == Fate::LSTAR_DIED) {
                ++failed;
                if (reported++ < opt.max_reports)
                    fmt::print(out, "--- lstar crashed in case {} (signal {}): {}\n    {}\n", case_no,
                               fate[i].signal, f.text, case_summary(in[i]));
                continue;
            }
            const Diff d = compare(f, in[i], sh->host[i], sh->emu[i]);
            if (!d.any()) {
                ++passed, ++t.passed;
                continue;
            }
            ++failed;
            if (reported++ < opt.max_reports) print_case(out, in[i], sh->host[i], sh->emu[i], d, case_no);
        }
    }
    munmap(sh, sizeof(Shared));

    for (const auto& [name, t] : tally)
        fmt::print(out, "{:<16} {:>7}/{:<7}{}\n", name, t.passed, t.total, t.passed == t.total ? "" : "  FAIL");
    if (!sel.skipped.empty()) {
        std::string s;
        for (const auto& m : sel.skipped) s += " " + m;
        fmt::print(out, "skipped (the host CPU lacks them):{}\n", s);
    }
    if (opt.filter.empty()) {
        std::string s;
        for (const auto& m : uncovered_mnemonics()) s += " " + m;
        if (!s.empty()) fmt::print(out, "note: implemented in ops.def but without forms here:{}\n", s);
    }
    if (reported > opt.max_reports) fmt::print(out, "({} more failing cases not shown)\n", reported - opt.max_reports);
    if (harness) fmt::print(out, "{} of the failures are harness errors\n", harness);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    fmt::print(out, "({:.1f} s)\n", secs);
    fmt::print(out, "{} passed, {} failed\n", passed, failed);
    if (status) return status;
    return failed ? 1 : 0;
}

}  // namespace lstar::difftest
