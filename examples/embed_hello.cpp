// Embedding lstar's CPU, in the manner of Unicorn's hello-world: map memory, write code, set
// registers, run, and read the state back.
#include <cstdio>

#include "cpu/cpu.hpp"

int main() {
    // inc rcx; dec rdx; add rcx, rdx; int3
    const uint8_t code[] = {0x48, 0xff, 0xc1, 0x48, 0xff, 0xca, 0x48, 0x01, 0xd1, 0xcc};
    constexpr uint64_t BASE = 0x1000000;

    lstar::Cpu cpu(16 << 20);
    cpu.map(BASE, 0x1000, lstar::perm::R | lstar::perm::X);
    cpu.write_mem(BASE, code, sizeof code);
    cpu.set_reg(lstar::RCX, 0x1234);
    cpu.set_reg(lstar::RDX, 0x7890);
    cpu.set_rip(BASE);

    lstar::StopInfo stop = cpu.run(100);
    std::printf("stopped by %s after %llu instructions\n",
                stop.reason == lstar::StopInfo::Reason::FAULT ? lstar::vec_name(stop.fault.vector) : "budget",
                static_cast<unsigned long long>(stop.insns));
    std::printf("RCX = 0x%llx, RDX = 0x%llx\n", static_cast<unsigned long long>(cpu.reg(lstar::RCX)),
                static_cast<unsigned long long>(cpu.reg(lstar::RDX)));
    // 0x1235 + 0x788f = 0x8ac4
    const bool ok = cpu.reg(lstar::RCX) == 0x8ac4 && cpu.reg(lstar::RDX) == 0x788f &&
                    stop.fault.vector == lstar::Vec::BP;
    return ok ? 0 : 1;
}
