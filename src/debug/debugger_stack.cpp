// bt: the call stack.
//
// Neither the guest kernel nor musl is built with frame pointers (-O2 omits them; see
// src/guestos/guestos.cmake), so walking RBP would follow whatever RBP happens to hold. Instead
// the stack is scanned upward from RSP for return addresses, and each candidate is checked
// against the code: the bytes before it must be a CALL, and a direct CALL must target the
// function the frame below it is in. Stale return addresses left in dead stack slots fail
// that check, so the frames found are the real ones, with these limits:
//   - a function reached by a tail call (JMP) hides the caller's CALL target; the walk then
//     takes the nearest CALL of any target and marks the frame "?";
//   - an indirect CALL (through a register or a table, as do_syscall_64's) cannot be checked;
//   - a frame needs a symbol: the walk stops in code that has none.
// The kernel's walk ends at an entry point (entry_SYSCALL_64, the IDT stubs). When the entry
// came from user mode, the walk goes on in the user program: the guest kernel, as Linux, keeps
// struct pt_regs at the top of the task's kernel stack, where TSS.RSP0 points.
#include <fmt/format.h>

#include "cpu/cpu.hpp"
#include "cpu/decode.hpp"
#include "debug/debugger.hpp"
#include "machine/machine.hpp"

namespace lstar::debug {

namespace {

constexpr unsigned MAX_FRAMES = 64;
constexpr uint64_t SCAN_BYTES = 64 * 1024;         // how far up the stack a frame's caller may be
constexpr uint64_t KERNEL_STACK_SIZE = 16 * 1024;  // the guest kernel's THREAD_SIZE, as Linux's
// struct pt_regs (arch/x86/include/asm/ptrace.h): r15 ... di, orig_ax, then ip cs flags sp ss.
constexpr uint64_t PT_REGS_SIZE = 21 * 8, PT_REGS_IP = 16 * 8, PT_REGS_CS = 17 * 8, PT_REGS_SP = 19 * 8;
constexpr uint64_t TSS_RSP0 = 4;                   // offset in the 64-bit TSS (SDM Vol. 3 §8.7)

// Functions with no caller on this stack: the kernel's ways in from user mode or an interrupt.
bool is_entry_point(const std::string& name) {
    return name.rfind("entry_", 0) == 0 || name == "common_interrupt" || name == "idt_stubs" ||
           name.rfind("ret_from_", 0) == 0 || name == "_start" || name == "startup_64";
}

struct CallSite {
    bool direct;
    uint64_t target;  // direct calls only
};

}  // namespace

std::string Debugger::backtrace() const {
    // The CALL that ends just before `ret`, if there is one.
    auto call_before = [&](uint64_t ret) -> std::optional<CallSite> {
        uint8_t b[7];
        if (ret < sizeof b || !read_linear(ret - sizeof b, b, sizeof b)) return std::nullopt;
        if (b[2] == 0xe8) {  // CALL rel32
            int32_t rel;
            std::memcpy(&rel, b + 3, 4);
            return CallSite{true, ret + static_cast<uint64_t>(static_cast<int64_t>(rel))};
        }
        for (unsigned len = 2; len <= 7; ++len) {  // CALL r/m64 (FF /2), 2 to 7 bytes
            DecodedInsn d;
            const uint8_t* at = b + sizeof b - len;
            if (decode(at, len, cpu_.mode(), d).status == DecodeStatus::OK && d.len == len &&
                std::string_view(mnemonic_name(d.mnemonic)) == "call" && at[0] != 0xe8)
                return CallSite{false, 0};
        }
        return std::nullopt;
    };
    auto frame_line = [&](unsigned n, uint64_t pc, const char* note) {
        return fmt::format("#{:<2} {:#018x}{}{}\n", n, pc, syms_.find(pc) ? " in " + syms_.describe(pc) : "", note);
    };

    // The top of the kernel stack: TSS.RSP0 when RSP is on that stack, else the next
    // THREAD_SIZE boundary. A user stack ends where memory does.
    uint64_t rsp0 = 0;
    const bool have_rsp0 = cpu_.long64() && read_linear(cpu_.s.tr.base + TSS_RSP0, &rsp0, 8);
    auto stack_end_for = [&](uint64_t sp) {
        if (static_cast<int64_t>(sp) >= 0) return sp + SCAN_BYTES;
        if (have_rsp0 && sp <= rsp0 && rsp0 - sp <= KERNEL_STACK_SIZE) return rsp0;
        return (sp | (KERNEL_STACK_SIZE - 1)) + 1;
    };
    // The frame a user-mode entry saved, if the kernel stack holds one.
    auto user_entry = [&](uint64_t& ip, uint64_t& sp) {
        uint64_t cs = 0, desc = 0;
        const uint64_t regs = rsp0 - PT_REGS_SIZE;
        if (!have_rsp0 || !read_linear(regs + PT_REGS_CS, &cs, 8) || (cs & 3) != 3) return false;
        // Only a 64-bit code segment (L = 1): a compatibility-mode program's stack holds 4-byte
        // return addresses.
        if (!read_linear(cpu_.s.gdtr.base + (cs & ~7ull), &desc, 8) || !((desc >> 53) & 1)) return false;
        return read_linear(regs + PT_REGS_IP, &ip, 8) && read_linear(regs + PT_REGS_SP, &sp, 8);
    };

    uint64_t pc = cpu_.rip(), sp = cpu_.reg(RSP);
    uint64_t stack_end = stack_end_for(sp);
    std::string text = frame_line(0, pc, "");
    if (!cpu_.long64()) return text + "    (bt walks 64-bit stacks only)\n";
    for (unsigned n = 1; n < MAX_FRAMES; ++n) {
        const Symbol* fn = syms_.find(pc);
        if (fn && is_entry_point(fn->name)) {
            if (static_cast<int64_t>(pc) >= 0 || !user_entry(pc, sp)) break;
            text += fmt::format("    -- entered from user mode; pt_regs at {:#x} --\n", rsp0 - PT_REGS_SIZE);
            text += frame_line(n, pc, "");
            stack_end = stack_end_for(sp);
            continue;
        }
        // Two passes: a return address whose CALL can be the one that reached `fn`, and failing
        // that (a tail call) the nearest return address of any CALL.
        std::optional<uint64_t> found_slot;
        bool guessed = false;
        for (int pass = 0; pass < 2 && !found_slot; ++pass) {
            for (uint64_t slot = sp; slot < stack_end && slot - sp < SCAN_BYTES; slot += 8) {
                uint64_t v;
                if (!read_linear(slot, &v, 8)) break;
                const Symbol* caller = syms_.find(v);
                if (!caller || !caller->function) continue;
                const std::optional<CallSite> c = call_before(v);
                if (!c) continue;
                if (pass == 0 && c->direct && fn && c->target != fn->addr) continue;
                found_slot = slot;
                guessed = pass == 1;
                break;
            }
        }
        if (!found_slot) break;
        read_linear(*found_slot, &pc, 8);
        sp = *found_slot + 8;
        text += frame_line(n, pc, guessed ? "  ?" : "");
    }
    return text;
}

}  // namespace lstar::debug
