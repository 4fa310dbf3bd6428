// Running a case on the host CPU.
//
// The CODE, DATA and RODATA pages are one memfd mapped twice: at their fixed addresses with the
// case's permissions, and once more read-write for the harness to fill. trampoline.S loads the
// case's registers (FXRSTOR64 for the x87/SSE state) and jumps to it; the case ends in a signal
// (the INT3 after it, or a fault) whose handler copies the registers out of the ucontext and
// siglongjmps back. Linux reports the exception vector, error code and CR2 in the ucontext
// (REG_TRAPNO, REG_ERR, REG_CR2: #XM and #MF come as SIGFPE with trap numbers 19 and 16), and
// the x87/SSE state at the fault in uc_mcontext.fpregs, an FXSAVE image. The signal handler
// starts with a fresh x87/SSE state and siglongjmp keeps it, so nothing of a case (a pending
// x87 exception, an unmasked MXCSR) leaks into the harness.
#include <asm/prctl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "difftest/case.hpp"

extern "C" {
extern lstar::difftest::Regs difftest_regs;
extern uint8_t difftest_fpu[512];
[[noreturn]] void difftest_enter();
}

namespace lstar::difftest {
namespace {

sigjmp_buf g_back;
Outcome* volatile g_out = nullptr;  // non-null while a case runs
constexpr int kSignals[] = {SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGILL};
constexpr size_t kAltStack = 256 * 1024;

// Greg indexes of RAX..R15 in ModRM order.
constexpr int kGreg[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                           REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};

// The frame's x87/SSE state. On XSAVE hosts the frame is an XSAVE area whose legacy part lacks
// the components in their initial configuration (XSTATE_BV bit clear): fill those in.
void copy_fp_state(const ucontext_t* uc, FpImage& fp) {
    constexpr uint32_t kXstateMagic = 0x46505853;  // FP_XSTATE_MAGIC1 at byte 464
    const auto* frame = reinterpret_cast<const uint8_t*>(uc->uc_mcontext.fpregs);
    if (!frame) return;
    std::memcpy(fp.b, frame, sizeof fp.b);
    uint32_t magic;
    uint64_t xstate_bv;
    std::memcpy(&magic, frame + 464, 4);
    if (magic != kXstateMagic) return;
    std::memcpy(&xstate_bv, frame + 512, 8);
    if (!(xstate_bv & 1)) {
        const FpImage init = FpImage::init();
        std::memcpy(fp.b, init.b, FpImage::MXCSR);
        std::memset(fp.b + FpImage::ST, 0, FpImage::XMM - FpImage::ST);
    }
    if (!(xstate_bv & 2)) std::memset(fp.b + FpImage::XMM, 0, 16 * 16);
}

void on_signal(int sig, siginfo_t*, void* ctx) {
    Outcome* out = g_out;
    if (!out) {  // the harness itself faulted: die of it, so the parent reports the case
        signal(sig, SIG_DFL);
        return;
    }
    g_out = nullptr;
    const greg_t* g = static_cast<ucontext_t*>(ctx)->uc_mcontext.gregs;
    copy_fp_state(static_cast<ucontext_t*>(ctx), out->fp);
    for (int n = 0; n < 16; ++n) out->regs.gpr[n] = static_cast<uint64_t>(g[kGreg[n]]);
    out->regs.rip = static_cast<uint64_t>(g[REG_RIP]);
    out->regs.rflags = static_cast<uint64_t>(g[REG_EFL]);
    out->status = Status::STOPPED;
    out->vector = static_cast<uint8_t>(g[REG_TRAPNO]);
    out->error = static_cast<uint32_t>(g[REG_ERR]);
    out->cr2 = out->vector == VEC_PF ? static_cast<uint64_t>(g[REG_CR2]) : 0;
    siglongjmp(g_back, 1);
}

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

// Maps `len` bytes of `fd` at exactly `at`, failing if anything is there already.
bool map_fixed(uint64_t at, size_t len, int prot, int fd, off_t off, std::string& error) {
    void* want = reinterpret_cast<void*>(at);
    void* p = mmap(want, len, prot, MAP_SHARED | MAP_FIXED_NOREPLACE | MAP_POPULATE, fd, off);
    if (p == want) return true;
    if (p != MAP_FAILED) munmap(p, len);  // kernels before 4.17 take the flag as a hint
    error = "cannot map the difftest page at " + std::to_string(at) + " (" + std::strerror(errno) + ")";
    return false;
}

// The guard pages must be unmapped so that touching them faults the same way in lstar.
bool check_unmapped(uint64_t at, std::string& error) {
    void* want = reinterpret_cast<void*>(at);
    void* p = mmap(want, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != MAP_FAILED) munmap(p, PAGE);
    if (p == want) return true;
    error = "the page at " + std::to_string(at) + " is in use; difftest needs it unmapped";
    return false;
}

}  // namespace

bool NativeRunner::init(std::string& error) {
    const int fd = static_cast<int>(syscall(SYS_memfd_create, "lstar-difftest", 0));
    if (fd < 0) return error = errno_text("memfd_create"), false;
    if (ftruncate(fd, 4 * PAGE) != 0) return error = errno_text("ftruncate"), false;
    void* alias = mmap(nullptr, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (alias == MAP_FAILED) return error = errno_text("mmap"), false;
    alias_ = static_cast<uint8_t*>(alias);
    std::memset(alias_, 0xcc, PAGE);
    if (!map_fixed(CODE, PAGE, PROT_READ | PROT_EXEC, fd, 0, error) ||
        !map_fixed(DATA, 2 * PAGE, PROT_READ | PROT_WRITE, fd, PAGE, error) ||
        !map_fixed(RODATA, PAGE, PROT_READ, fd, 3 * PAGE, error))
        return false;
    close(fd);
    for (uint64_t at : {CODE - PAGE, CODE + PAGE, DATA - PAGE, DATA_END})
        if (!check_unmapped(at, error)) return false;

    stack_t ss{};
    ss.ss_size = kAltStack;
    ss.ss_sp = mmap(nullptr, kAltStack, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ss.ss_sp == MAP_FAILED || sigaltstack(&ss, nullptr) != 0) return error = errno_text("sigaltstack"), false;
    struct sigaction sa{};
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;  // NODEFER: siglongjmp skips sigreturn
    sigemptyset(&sa.sa_mask);
    for (int sig : kSignals)
        if (sigaction(sig, &sa, nullptr) != 0) return error = errno_text("sigaction"), false;
    return true;
}

void NativeRunner::run(const Input& in, Outcome& out) {
    std::memset(alias_ + last_off_, 0xcc, last_len_);
    std::memcpy(alias_ + in.code_off, in.bytes, in.len);
    last_off_ = in.code_off, last_len_ = in.len;
    std::memcpy(alias_ + PAGE, in.data, DATA_BYTES);
    // Writing through the alias leaves the fixed mappings' PTEs absent until first touched;
    // a fault on an absent PTE would report P=0 where lstar (and a real kernel) say P=1.
    for (uint64_t page = DATA; page < DATA_END; page += PAGE) (void)*reinterpret_cast<volatile uint8_t*>(page);
    out = Outcome{};
    if (in.gs_base != gs_base_) {
        // glibc keeps TLS in FS; nothing in the harness uses GS.
        if (syscall(SYS_arch_prctl, ARCH_SET_GS, in.gs_base) != 0) {
            out.status = Status::CRASH;
            return;
        }
        gs_base_ = in.gs_base;
    }
    difftest_regs = in.regs;
    std::memcpy(difftest_fpu, in.fp.b, sizeof in.fp.b);
    out.status = Status::NO_STOP;
    g_out = &out;
    if (sigsetjmp(g_back, 0) == 0) difftest_enter();
    g_out = nullptr;
    std::memcpy(out.data, alias_ + PAGE, DATA_BYTES);
}

}  // namespace lstar::difftest
