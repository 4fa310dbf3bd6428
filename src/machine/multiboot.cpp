// Multiboot 1 loading, following the Multiboot Specification 0.6.96 and, where it leaves room,
// what QEMU's -kernel does. Every field read from the image is bounds-checked; the image is fully
// validated and laid out before guest memory is written.
#include "machine/multiboot.hpp"

#include <algorithm>
#include <cstring>
#include <span>
#include <stdexcept>

#include <fmt/format.h>

namespace lstar {

namespace {

constexpr uint32_t HEADER_MAGIC = 0x1BADB002;
constexpr uint32_t FLAG_VIDEO = 1u << 2, FLAG_AOUT_KLUDGE = 1u << 16;
constexpr size_t SEARCH_LIMIT = 8192 - 48;  // QEMU scans offsets below this, 4-byte aligned
constexpr uint64_t PAGE = 4096;
constexpr uint64_t MIB = 1 << 20, GIB4 = 1ull << 32;

// Where QEMU's option ROM puts the memory map and the information structure.
constexpr uint32_t MMAP_ADDR = 0x9000, INFO_ADDR = 0x9500, INFO_SIZE = 88;
constexpr uint64_t INFO_AREA_END = 0xA000;
constexpr uint64_t LEGACY_START = 0xA0000;  // VGA window and BIOS: not loadable
constexpr uint64_t EBDA = 0x9FC00;
constexpr uint64_t BIOS_TABLES = 0x20000;   // SeaBIOS reserves the top 128 KiB of low RAM
constexpr char BOOTLOADER_NAME[] = "qemu";
constexpr uint32_t MOD_ENTRY_SIZE = 16;

// Information-structure flags QEMU sets: memory, boot device, command line, modules, memory
// map, boot loader name.
constexpr uint32_t INFO_FLAGS = 0x001 | 0x002 | 0x004 | 0x008 | 0x040 | 0x200;
constexpr uint32_t BOOT_DEVICE = 0x8000FFFF;
constexpr uint32_t MEM_LOWER_KIB = 639;  // INT 12h under SeaBIOS: 1 KiB EBDA below 640 KiB

constexpr uint16_t EM_386 = 3, EM_X86_64 = 62;
constexpr uint32_t PT_LOAD = 1, PF_X = 1;
constexpr size_t EHDR_SIZE = 52, PHDR_SIZE = 32;

uint64_t page_align(uint64_t v) { return (v + PAGE - 1) & ~(PAGE - 1); }

uint32_t le32(std::span<const uint8_t> b, size_t at) {
    return uint32_t(b[at]) | uint32_t(b[at + 1]) << 8 | uint32_t(b[at + 2]) << 16 |
           uint32_t(b[at + 3]) << 24;
}
uint16_t le16(std::span<const uint8_t> b, size_t at) {
    return uint16_t(b[at] | b[at + 1] << 8);
}
void put32(uint8_t* p, uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = uint8_t(v >> (8 * i));
}
void put64(uint8_t* p, uint64_t v) {
    put32(p, uint32_t(v));
    put32(p + 4, uint32_t(v >> 32));
}

struct LoadError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A piece of the kernel image: file bytes copied to `addr`, the rest up to mem_size zeroed.
struct Piece {
    uint64_t addr, file_offset, file_size, mem_size;
};

struct Kernel {
    uint64_t low = ~0ull, high = 0;  // the kernel's extent in guest memory
    uint32_t entry = 0;
    std::vector<Piece> pieces;
};

struct Header {
    size_t offset;
    uint32_t flags;
};

Header find_header(std::span<const uint8_t> k) {
    bool bad_checksum = false;
    for (size_t i = 0; i < SEARCH_LIMIT && i + 12 <= k.size(); i += 4) {
        if (le32(k, i) != HEADER_MAGIC) continue;
        uint32_t flags = le32(k, i + 4);
        if (uint32_t(HEADER_MAGIC + flags + le32(k, i + 8)) == 0) return {i, flags};
        bad_checksum = true;
    }
    if (bad_checksum)
        throw LoadError("Multiboot header has a bad checksum (magic + flags + checksum must be 0)");
    throw LoadError("no Multiboot header in the first 8192 bytes (not a Multiboot 1 kernel)");
}

// The a.out kludge: header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr.
// The checks are QEMU's (which fixed CVE-2018-7550), plus the file-size check it does by
// failing to read.
Kernel aout_kernel(std::span<const uint8_t> k, const Header& h) {
    if (h.offset + 32 > k.size()) throw LoadError("Multiboot header is cut off by the end of file");
    uint32_t header_addr = le32(k, h.offset + 12), load_addr = le32(k, h.offset + 16);
    uint32_t load_end = le32(k, h.offset + 20), bss_end = le32(k, h.offset + 24);
    if (header_addr < load_addr)
        throw LoadError(fmt::format("Multiboot header_addr {:#x} is below load_addr {:#x}",
                                    header_addr, load_addr));
    if (header_addr - load_addr > h.offset)
        throw LoadError(fmt::format("Multiboot header_addr {:#x} puts load_addr before the start "
                                    "of the file", header_addr));
    uint64_t text_offset = h.offset - (header_addr - load_addr);
    uint64_t load_size;
    if (load_end) {
        if (load_end < load_addr)
            throw LoadError(fmt::format("Multiboot load_end_addr {:#x} is below load_addr {:#x}",
                                        load_end, load_addr));
        load_size = load_end - load_addr;
        if (text_offset + load_size > k.size())
            throw LoadError(fmt::format("file is too short for load_end_addr {:#x} (needs {:#x} "
                                        "bytes, has {:#x})", load_end, text_offset + load_size,
                                        k.size()));
    } else {
        load_size = k.size() - text_offset;
    }
    uint64_t mem_size = load_size;
    if (bss_end) {
        if (bss_end < load_addr + load_size)
            throw LoadError(fmt::format("Multiboot bss_end_addr {:#x} is below the end of the "
                                        "loaded image {:#x}", bss_end, load_addr + load_size));
        mem_size = bss_end - load_addr;
    }
    if (load_addr + mem_size > GIB4)
        throw LoadError("the a.out-kludge image does not fit below 4 GiB");
    Kernel kern;
    kern.low = load_addr;
    kern.high = load_addr + mem_size;
    kern.entry = le32(k, h.offset + 28);
    kern.pieces.push_back({load_addr, text_offset, load_size, mem_size});
    return kern;
}

struct Phdr {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags;
};

std::vector<Phdr> read_phdrs(std::span<const uint8_t> k) {
    uint32_t phoff = le32(k, 28);
    uint16_t phentsize = le16(k, 42), phnum = le16(k, 44);
    if (phnum && phentsize != PHDR_SIZE)
        throw LoadError(fmt::format("ELF program header size is {}, not {}", phentsize, PHDR_SIZE));
    if (uint64_t(phoff) + uint64_t(phnum) * PHDR_SIZE > k.size())
        throw LoadError("ELF program headers lie beyond the end of the file (truncated?)");
    std::vector<Phdr> ph;
    for (unsigned i = 0; i < phnum; ++i) {
        size_t p = phoff + i * PHDR_SIZE;
        ph.push_back({le32(k, p), le32(k, p + 4), le32(k, p + 8), le32(k, p + 12),
                      le32(k, p + 16), le32(k, p + 20), le32(k, p + 24)});
    }
    return ph;
}

void check_elf_header(std::span<const uint8_t> k) {
    // QEMU rejects x86-64 images by e_machine alone (the field has the same offset in ELF32
    // and ELF64); any other ELF64 is rejected here as well.
    bool elf = k.size() >= 16 && std::memcmp(k.data(), "\x7f" "ELF", 4) == 0;
    if ((k.size() >= 20 && le16(k, 18) == EM_X86_64) || (elf && k[4] == 2))
        throw LoadError("cannot load a 64-bit ELF image: Multiboot loads 32-bit ELF images "
                        "(link the kernel as elf32-i386, or use the a.out kludge)");
    if (!elf)
        throw LoadError("not an ELF file, and its Multiboot header does not set the a.out "
                        "kludge (flag bit 16) that would give the load addresses");
    if (k.size() < EHDR_SIZE) throw LoadError("ELF header is truncated");
    if (k[4] != 1) throw LoadError(fmt::format("unknown ELF class {}", k[4]));
    if (k[5] != 1) throw LoadError("ELF image is not little-endian");
    if (le16(k, 18) != EM_386)
        throw LoadError(fmt::format("ELF machine {} is not i386 (3)", le16(k, 18)));
}

// PT_LOAD segments at their physical addresses, as QEMU's ELF loader places them.
Kernel elf_kernel(std::span<const uint8_t> k) {
    check_elf_header(k);
    std::vector<Phdr> ph = read_phdrs(k);
    uint32_t e_entry = le32(k, 24);
    Kernel kern;
    kern.entry = e_entry;
    for (size_t i = 0; i < ph.size(); ++i) {
        const Phdr& p = ph[i];
        if (p.type != PT_LOAD) continue;
        if (p.filesz > p.memsz)
            throw LoadError(fmt::format("ELF segment {} has p_filesz > p_memsz", i));
        if (p.filesz && uint64_t(p.offset) + p.filesz > k.size())
            throw LoadError(fmt::format("ELF segment {} lies beyond the end of the file "
                                        "(truncated?)", i));
        // A zero-fill tail that runs into another segment is dropped (QEMU does the same for
        // images whose memsz describes run-time size only).
        uint64_t mem_size = p.memsz;
        uint64_t zero_start = uint64_t(p.paddr) + p.filesz, zero_end = uint64_t(p.paddr) + p.memsz;
        for (size_t j = 0; j < ph.size() && mem_size > p.filesz; ++j) {
            uint64_t other_start = ph[j].paddr, other_end = uint64_t(ph[j].paddr) + ph[j].memsz;
            if (j != i && ph[j].type == PT_LOAD && other_start < zero_end &&
                zero_start < other_end)
                mem_size = p.filesz;
        }
        // e_entry is virtual; a higher-half kernel's entry is moved to the physical copy.
        if (p.vaddr != p.paddr && (p.flags & PF_X) && e_entry >= p.vaddr &&
            uint64_t(e_entry) < uint64_t(p.vaddr) + p.filesz)
            kern.entry = e_entry - p.vaddr + p.paddr;
        kern.low = std::min<uint64_t>(kern.low, p.paddr);
        kern.high = std::max<uint64_t>(kern.high, p.paddr + mem_size);
        if (mem_size) kern.pieces.push_back({p.paddr, p.offset, p.filesz, mem_size});
    }
    if (kern.pieces.empty()) throw LoadError("ELF image has no loadable segment");
    for (size_t a = 0; a < kern.pieces.size(); ++a)
        for (size_t b = a + 1; b < kern.pieces.size(); ++b) {
            const Piece &x = kern.pieces[a], &y = kern.pieces[b];
            if (x.addr < y.addr + y.mem_size && y.addr < x.addr + x.mem_size)
                throw LoadError(fmt::format("ELF segments at {:#x} and {:#x} overlap", x.addr,
                                            y.addr));
        }
    if (kern.high > GIB4) throw LoadError("ELF image does not fit below 4 GiB");
    return kern;
}

uint64_t ram_below_4g(uint64_t ram_size) {
    // QEMU's PC splits RAM at 3 GiB once it reaches the 3.5 GiB PCI hole.
    return ram_size >= 0xE0000000 ? 0xC0000000 : ram_size;
}

void check_placement(uint64_t start, uint64_t end, uint64_t ram_top) {
    if (end > ram_top)
        throw LoadError(fmt::format("kernel, Multiboot data and modules need memory up to {:#x}, "
                                    "but RAM ends at {:#x} (try a larger --mem)", end, ram_top));
    auto overlaps = [&](uint64_t lo, uint64_t hi) { return start < hi && lo < end; };
    if (overlaps(MMAP_ADDR, INFO_AREA_END))
        throw LoadError(fmt::format("image at {:#x}-{:#x} overlaps the Multiboot information "
                                    "area {:#x}-{:#x}", start, end - 1, MMAP_ADDR,
                                    INFO_AREA_END - 1));
    if (overlaps(LEGACY_START, MIB))
        throw LoadError(fmt::format("image at {:#x}-{:#x} overlaps the VGA and BIOS area "
                                    "0xa0000-0xfffff", start, end - 1));
}

uint32_t upper_memory_kib(const std::vector<MemoryRegion>& map) {
    // As QEMU's option ROM computes it: usable memory contiguous from 1 MiB.
    uint64_t top = MIB;
    for (bool grew = true; grew;) {
        grew = false;
        for (const MemoryRegion& r : map)
            if (r.type == 1 && r.base < GIB4 && r.base <= top && top < r.base + r.length) {
                top = r.base + r.length;
                grew = true;
            }
    }
    return uint32_t((top - MIB) / 1024);
}

void write_boot_information(uint8_t* ram, uint64_t ram_size, uint32_t cmdline_addr,
                            uint32_t mods_addr, uint32_t mods_count, uint32_t loader_addr) {
    std::vector<MemoryRegion> map = pc_memory_map(ram_size);
    std::memset(ram + MMAP_ADDR, 0, INFO_ADDR + INFO_SIZE - MMAP_ADDR);
    uint8_t* e = ram + MMAP_ADDR;
    for (const MemoryRegion& r : map) {  // each entry: size (20), base, length, type
        put32(e, 20);
        put64(e + 4, r.base);
        put64(e + 12, r.length);
        put32(e + 20, r.type);
        e += 24;
    }
    uint8_t* info = ram + INFO_ADDR;
    put32(info + 0, INFO_FLAGS);
    put32(info + 4, MEM_LOWER_KIB);
    put32(info + 8, upper_memory_kib(map));
    put32(info + 12, BOOT_DEVICE);
    put32(info + 16, cmdline_addr);
    put32(info + 20, mods_count);
    put32(info + 24, mods_addr);
    put32(info + 44, uint32_t(map.size() * 24));  // mmap_length
    put32(info + 48, MMAP_ADDR);
    put32(info + 64, loader_addr);
}

// Where everything after the kernel goes, as offsets from the kernel's lowest address, in
// QEMU's order: module list, command lines, loader name, then the modules, each on a page.
struct Layout {
    std::string kernel_cmdline;
    uint64_t mods_off, cmdlines_off, loader_off, size;
    std::vector<uint64_t> module_off;
};

Layout plan_layout(const Kernel& k, const std::string& kernel_name, const std::string& cmdline,
                   const std::vector<MultibootModule>& modules) {
    Layout l;
    l.kernel_cmdline = kernel_name + " " + cmdline;
    uint64_t cmdlines_size = l.kernel_cmdline.size() + 1;
    for (const MultibootModule& m : modules) cmdlines_size += m.cmdline.size() + 1;
    l.mods_off = page_align(k.high - k.low);
    l.cmdlines_off = l.mods_off + MOD_ENTRY_SIZE * modules.size();
    l.loader_off = l.cmdlines_off + cmdlines_size;
    l.size = page_align(l.loader_off + sizeof BOOTLOADER_NAME);
    for (const MultibootModule& m : modules) {
        l.module_off.push_back(l.size);
        l.size = page_align(l.size + m.data.size());
    }
    return l;
}

// Writes the kernel, the module list, the strings and the modules; returns the address of the
// kernel's command line.
uint32_t write_image(uint8_t* ram, std::span<const uint8_t> file, const Kernel& k,
                     const Layout& l, const std::vector<MultibootModule>& modules) {
    uint64_t base = k.low;
    std::memset(ram + base, 0, l.size);
    for (const Piece& p : k.pieces)
        if (p.file_size) std::memcpy(ram + p.addr, file.data() + p.file_offset, p.file_size);
    uint64_t str = base + l.cmdlines_off;
    auto put_string = [&](const std::string& s) {
        std::memcpy(ram + str, s.c_str(), s.size() + 1);
        uint32_t at = uint32_t(str);
        str += s.size() + 1;
        return at;
    };
    for (size_t i = 0; i < modules.size(); ++i) {
        uint8_t* entry = ram + base + l.mods_off + i * MOD_ENTRY_SIZE;
        uint64_t start = base + l.module_off[i];
        if (!modules[i].data.empty())
            std::memcpy(ram + start, modules[i].data.data(), modules[i].data.size());
        put32(entry + 0, uint32_t(start));
        put32(entry + 4, uint32_t(start + modules[i].data.size()));
        put32(entry + 8, put_string(modules[i].cmdline));
    }
    uint32_t cmdline_addr = put_string(l.kernel_cmdline);
    std::memcpy(ram + base + l.loader_off, BOOTLOADER_NAME, sizeof BOOTLOADER_NAME);
    return cmdline_addr;
}

}  // namespace

std::vector<MemoryRegion> pc_memory_map(uint64_t ram_size) {
    uint64_t below = ram_below_4g(ram_size), above = ram_size - below;
    std::vector<MemoryRegion> map = {
        {0, EBDA, 1},
        {EBDA, LEGACY_START - EBDA, 2},
        {0xF0000, 0x10000, 2},  // the BIOS
    };
    if (below > MIB + BIOS_TABLES) {
        map.push_back({MIB, below - BIOS_TABLES - MIB, 1});
        map.push_back({below - BIOS_TABLES, BIOS_TABLES, 2});
    }
    map.push_back({0xFFFC0000, 0x40000, 2});  // the BIOS flash below 4 GiB
    if (above) map.push_back({GIB4, above, 1});
    // QEMU 7.x reserves the HyperTransport window below 1 TiB (0xfd00000000..0xffffffffff) in
    // the e820 map it gives SeaBIOS, which passes it on.
    map.push_back({0xFD00000000ull, 0x300000000ull, 2});
    return map;
}

MultibootImage load_multiboot(uint8_t* ram, uint64_t ram_size, std::span<const uint8_t> kernel,
                              const std::string& kernel_name, const std::string& cmdline,
                              const std::vector<MultibootModule>& modules) {
    try {
        uint64_t ram_top = ram_below_4g(ram_size);
        if (ram_top < 2 * MIB)
            throw LoadError(fmt::format("{:#x} bytes of RAM is too little; Multiboot needs at "
                                        "least 2 MiB", ram_size));
        Header h = find_header(kernel);
        MultibootImage image;
        if (h.flags & FLAG_VIDEO)
            image.warnings.push_back("the kernel asks for a video mode (Multiboot flag 2); it "
                                     "gets VGA text mode, as under QEMU");
        Kernel k = (h.flags & FLAG_AOUT_KLUDGE) ? aout_kernel(kernel, h) : elf_kernel(kernel);
        Layout l = plan_layout(k, kernel_name, cmdline, modules);
        check_placement(k.low, k.low + l.size, ram_top);

        // Everything is checked: only now is guest memory written.
        uint32_t cmdline_addr = write_image(ram, kernel, k, l, modules);
        write_boot_information(ram, ram_size, cmdline_addr, uint32_t(k.low + l.mods_off),
                               uint32_t(modules.size()), uint32_t(k.low + l.loader_off));
        image.entry = k.entry;
        image.info_addr = INFO_ADDR;
        image.load_start = uint32_t(k.low);
        image.load_end = uint32_t(k.low + l.size);
        return image;
    } catch (const LoadError& e) {
        throw std::runtime_error(kernel_name + ": " + e.what());
    }
}

}  // namespace lstar
