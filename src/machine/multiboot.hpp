// A Multiboot 1 loader that places things where QEMU's -kernel does (hw/i386/multiboot.c plus
// its option ROM and SeaBIOS), so a kernel finds the same addresses and values under both:
//   - the kernel: ELF32 PT_LOAD segments at p_paddr, or the a.out-kludge load range;
//   - right after it (page-aligned): the module list, the module and kernel command lines and
//     the boot loader name ("qemu"); then each module, page-aligned;
//   - the memory map at 0x9000 and the information structure at 0x9500 (EBX).
// The caller then enters the kernel as the specification says: EAX = 0x2BADB002, EBX =
// info_addr, flat 32-bit protected mode, paging off, interrupts off, EIP = entry.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lstar {

constexpr uint32_t MULTIBOOT_BOOTLOADER_MAGIC = 0x2BADB002;

struct MultibootModule {
    std::vector<uint8_t> data;
    std::string cmdline;  // what the guest sees: QEMU passes "FILE ARGS" as given to -initrd
};

struct MultibootImage {
    uint32_t entry = 0;      // physical entry point
    uint32_t info_addr = 0;  // the information structure, for EBX
    uint32_t load_start = 0, load_end = 0;  // guest memory written for kernel, data and modules
    std::vector<std::string> warnings;      // things QEMU also ignores (e.g. a video mode)
};

// One entry of the PC's physical memory map (E820 types: 1 usable, 2 reserved).
struct MemoryRegion {
    uint64_t base, length;
    uint32_t type;
};

// The memory map QEMU's PC machine with SeaBIOS reports for `ram_size` bytes of RAM.
std::vector<MemoryRegion> pc_memory_map(uint64_t ram_size);

// Loads `kernel` into `ram` (guest-physical address 0 .. ram_size) with its modules and builds
// the Multiboot information. `kernel_name` is the path as the user gave it: the kernel's
// command line is "KERNEL_NAME CMDLINE", as under QEMU. Throws std::runtime_error with one line
// ("NAME: problem") for any image it cannot load; `ram` is untouched in that case.
MultibootImage load_multiboot(uint8_t* ram, uint64_t ram_size, std::span<const uint8_t> kernel,
                              const std::string& kernel_name, const std::string& cmdline,
                              const std::vector<MultibootModule>& modules);

}  // namespace lstar
