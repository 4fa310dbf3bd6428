// src/machine/multiboot.cpp. Images are built by hand here; expected addresses follow QEMU's
// layout (information structure at 0x9500, memory map at 0x9000, module list, strings and
// modules right after the kernel on page boundaries) and the Multiboot 0.6.96 field offsets.
#include <catch2/catch.hpp>

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "machine/multiboot.hpp"

using namespace lstar;

namespace {

using Bytes = std::vector<uint8_t>;
constexpr uint64_t RAM = 8 << 20;
constexpr uint32_t MAGIC = 0x1BADB002;

void put32(Bytes& b, size_t at, uint32_t v) {
    if (b.size() < at + 4) b.resize(at + 4);
    for (int i = 0; i < 4; ++i) b[at + i] = uint8_t(v >> (8 * i));
}
void put16(Bytes& b, size_t at, uint16_t v) {
    if (b.size() < at + 2) b.resize(at + 2);
    b[at] = uint8_t(v);
    b[at + 1] = uint8_t(v >> 8);
}
uint32_t get32(const Bytes& b, uint64_t at) {
    uint32_t v;
    std::memcpy(&v, b.data() + at, 4);
    return v;
}
uint64_t get64(const Bytes& b, uint64_t at) {
    uint64_t v;
    std::memcpy(&v, b.data() + at, 8);
    return v;
}
std::string get_string(const Bytes& b, uint64_t at) {
    return std::string(reinterpret_cast<const char*>(b.data() + at));
}

// A Multiboot header: magic, flags, checksum, then the a.out-kludge fields if given.
Bytes mb_header(uint32_t flags, std::vector<uint32_t> aout = {}) {
    Bytes h;
    put32(h, 0, MAGIC);
    put32(h, 4, flags);
    put32(h, 8, uint32_t(-(MAGIC + flags)));
    for (size_t i = 0; i < aout.size(); ++i) put32(h, 12 + 4 * i, aout[i]);
    return h;
}

struct Segment {
    uint32_t vaddr, paddr, memsz, flags;
    Bytes data;
};

// An ELF32 i386 executable: header, program headers, then each segment's data at a 4 KiB file
// offset.
Bytes elf32(const std::vector<Segment>& segs, uint32_t entry, uint16_t machine = 3) {
    Bytes f(52, 0);
    const uint8_t ident[] = {0x7F, 'E', 'L', 'F', 1, 1, 1};
    std::memcpy(f.data(), ident, sizeof ident);
    put16(f, 16, 2);  // ET_EXEC
    put16(f, 18, machine);
    put32(f, 20, 1);
    put32(f, 24, entry);
    put32(f, 28, 52);  // e_phoff
    put16(f, 40, 52);
    put16(f, 42, 32);
    put16(f, 44, uint16_t(segs.size()));
    uint32_t offset = 0x1000;
    for (size_t i = 0; i < segs.size(); ++i) {
        size_t ph = 52 + 32 * i;
        put32(f, ph + 0, 1);  // PT_LOAD
        put32(f, ph + 4, offset);
        put32(f, ph + 8, segs[i].vaddr);
        put32(f, ph + 12, segs[i].paddr);
        put32(f, ph + 16, uint32_t(segs[i].data.size()));
        put32(f, ph + 20, segs[i].memsz);
        put32(f, ph + 24, segs[i].flags);
        put32(f, ph + 28, 0x1000);
        f.resize(offset);
        f.insert(f.end(), segs[i].data.begin(), segs[i].data.end());
        offset = uint32_t((f.size() + 0xFFF) & ~0xFFFu);
    }
    return f;
}

// The test kernel: .text at 1 MiB holding the Multiboot header and a few code bytes, and .data
// at 1 MiB + 4 KiB with 4 bytes of data and 8 KiB of bss.
Bytes test_elf(uint32_t text_vaddr = 0x100000) {
    Bytes text = mb_header(0x00000003);
    text.insert(text.end(), {0xFA, 0xF4, 0xEB, 0xFD});  // cli; hlt; jmp $-1
    Segment t{text_vaddr, 0x100000, uint32_t(text.size()), 5 /* R+X */, text};
    Segment d{text_vaddr + 0x1000, 0x101000, 0x2000, 6 /* R+W */, Bytes{'D', 'A', 'T', 'A'}};
    return elf32({t, d}, text_vaddr + 12);
}

std::string load_error(Bytes& ram, const Bytes& kernel, const std::string& cmdline = "",
                       const std::vector<MultibootModule>& mods = {}) {
    try {
        load_multiboot(ram.data(), ram.size(), kernel, "bad.elf", cmdline, mods);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "(loaded)";
}

}  // namespace

TEST_CASE("Multiboot: the PC memory map matches QEMU with SeaBIOS", "[machine][multiboot]") {
    auto map = pc_memory_map(128 << 20);
    REQUIRE(map.size() == 7);  // as tests/kernel/expected.txt shows QEMU 7.2 giving
    CHECK((map[0].base == 0 && map[0].length == 0x9FC00 && map[0].type == 1));
    CHECK((map[1].base == 0x9FC00 && map[1].length == 0x400 && map[1].type == 2));
    CHECK((map[2].base == 0xF0000 && map[2].length == 0x10000 && map[2].type == 2));
    CHECK((map[3].base == 0x100000 && map[3].length == 0x7EE0000 && map[3].type == 1));
    CHECK((map[4].base == 0x7FE0000 && map[4].length == 0x20000 && map[4].type == 2));
    CHECK((map[5].base == 0xFFFC0000 && map[5].length == 0x40000 && map[5].type == 2));
    CHECK((map[6].base == 0xFD00000000ull && map[6].length == 0x300000000ull && map[6].type == 2));

    auto big = pc_memory_map(4ull << 30);  // 3 GiB below the PCI hole, 1 GiB above 4 GiB
    REQUIRE(big.size() == 8);
    CHECK(big[3].length == 0xC0000000 - 0x120000);
    CHECK((big[6].base == 1ull << 32 && big[6].length == 1ull << 30 && big[6].type == 1));
}

TEST_CASE("Multiboot: an ELF32 kernel with a module", "[machine][multiboot]") {
    Bytes ram(RAM, 0xCC);
    Bytes module = {'c', 'p', 'i', 'o', '!'};
    auto img = load_multiboot(ram.data(), ram.size(), test_elf(), "kernel.elf", "console=ttyS0",
                              {{module, "initrd.img arg"}});
    CHECK(img.entry == 0x10000C);
    CHECK(img.info_addr == 0x9500);
    CHECK(img.warnings.empty());

    // Segments at p_paddr, bss zeroed.
    CHECK(get32(ram, 0x100000) == MAGIC);
    CHECK(ram[0x10000C] == 0xFA);
    CHECK(get32(ram, 0x101000) == 0x41544144);  // "DATA"
    CHECK(ram[0x101004] == 0);
    CHECK(ram[0x102FFF] == 0);

    // The information structure.
    const uint32_t info = 0x9500;
    CHECK(get32(ram, info + 0) == 0x24F);  // mem, boot device, cmdline, mods, mmap, loader name
    CHECK(get32(ram, info + 4) == 639);
    CHECK(get32(ram, info + 8) == 8192 - 1024 - 128);  // KiB from 1 MiB to the BIOS tables
    CHECK(get32(ram, info + 12) == 0x8000FFFF);
    // Kernel extent 0x100000-0x103000: module list at 0x103000, strings after it.
    CHECK(get32(ram, info + 20) == 1);
    CHECK(get32(ram, info + 24) == 0x103000);
    CHECK(get32(ram, 0x103000) == 0x104000);  // mod_start: the next page after the strings
    CHECK(get32(ram, 0x103004) == 0x104005);  // mod_end
    CHECK(get32(ram, 0x103008) == 0x103010);
    CHECK(get_string(ram, 0x103010) == "initrd.img arg");
    CHECK(get32(ram, info + 16) == 0x10301F);
    CHECK(get_string(ram, 0x10301F) == "kernel.elf console=ttyS0");
    CHECK(get32(ram, info + 64) == 0x103038);
    CHECK(get_string(ram, 0x103038) == "qemu");
    CHECK(std::memcmp(ram.data() + 0x104000, module.data(), module.size()) == 0);
    CHECK(ram[0x104005] == 0);  // the rest of the module's page is cleared
    CHECK(img.load_start == 0x100000);
    CHECK(img.load_end == 0x105000);

    // The memory map, in the info structure's format (size field first).
    CHECK(get32(ram, info + 44) == 7 * 24);
    CHECK(get32(ram, info + 48) == 0x9000);
    auto map = pc_memory_map(RAM);
    for (size_t i = 0; i < map.size(); ++i) {
        uint64_t e = 0x9000 + 24 * i;
        CHECK(get32(ram, e) == 20);
        CHECK(get64(ram, e + 4) == map[i].base);
        CHECK(get64(ram, e + 12) == map[i].length);
        CHECK(get32(ram, e + 20) == map[i].type);
    }
    CHECK(get64(ram, 0x9000 + 24 * 3 + 12) == RAM - 0x120000);
}

TEST_CASE("Multiboot: without modules and --append the command line is 'NAME '",
          "[machine][multiboot]") {
    Bytes ram(RAM, 0);
    load_multiboot(ram.data(), ram.size(), test_elf(), "build/k.elf", "", {});
    CHECK(get32(ram, 0x9500 + 20) == 0);
    CHECK(get32(ram, 0x9500 + 24) == 0x103000);
    CHECK(get32(ram, 0x9500 + 16) == 0x103000);
    CHECK(get_string(ram, 0x103000) == "build/k.elf ");
    CHECK(get_string(ram, 0x10300D) == "qemu");
}

TEST_CASE("Multiboot: a higher-half ELF is entered at its physical address",
          "[machine][multiboot]") {
    Bytes ram(RAM, 0);
    auto img = load_multiboot(ram.data(), ram.size(), test_elf(0xC0100000), "hh.elf", "", {});
    CHECK(img.entry == 0x10000C);
    CHECK(get32(ram, 0x100000) == MAGIC);
    CHECK(get32(ram, 0x101000) == 0x41544144);
}

TEST_CASE("Multiboot: an a.out-kludge image", "[machine][multiboot]") {
    // Flat binary: 8 bytes of code, the header at offset 8, code up to 0x40, then 0x40 bytes
    // the header says not to load. Loaded at 0x200000 with bss to 0x201000.
    Bytes k(8, 0x90);
    Bytes h = mb_header(0x00010002, {0x200008, 0x200000, 0x200040, 0x201000, 0x200004});
    k.insert(k.end(), h.begin(), h.end());
    k.resize(0x40, 0x90);
    k.resize(0x80, 0xEE);
    Bytes ram(RAM, 0xCC);
    auto img = load_multiboot(ram.data(), ram.size(), k, "k.bin", "x=1", {});
    CHECK(img.entry == 0x200004);
    CHECK(ram[0x200000] == 0x90);
    CHECK(get32(ram, 0x200008) == MAGIC);
    CHECK(ram[0x20003F] == 0x90);
    CHECK(ram[0x200040] == 0x00);  // bss, not the trailing file bytes
    CHECK(ram[0x200FFF] == 0x00);
    CHECK(get32(ram, 0x9500 + 24) == 0x201000);
    CHECK(get_string(ram, get32(ram, 0x9500 + 16)) == "k.bin x=1");

    // load_end_addr 0: the rest of the file; bss_end_addr 0: no bss.
    Bytes k2 = mb_header(0x00010000, {0x300000, 0x300000, 0, 0, 0x300020});
    k2.resize(0x30, 0x90);
    auto img2 = load_multiboot(ram.data(), ram.size(), k2, "k2.bin", "", {});
    CHECK(img2.entry == 0x300020);
    CHECK(ram[0x30002F] == 0x90);
    CHECK(get32(ram, 0x9500 + 24) == 0x301000);
}

TEST_CASE("Multiboot: a video-mode request is ignored with a warning", "[machine][multiboot]") {
    Bytes k = mb_header(0x00010004, {0x100000, 0x100000, 0, 0, 0x100000});
    k.resize(0x40, 0);
    Bytes ram(RAM, 0);
    auto img = load_multiboot(ram.data(), ram.size(), k, "v.bin", "", {});
    CHECK(img.warnings.size() == 1);
}

TEST_CASE("Multiboot: malformed images give one clear line", "[machine][multiboot]") {
    Bytes ram(RAM, 0xCC);
    Bytes good = test_elf();

    SECTION("no header") {
        Bytes k(16384, 0);
        CHECK(load_error(ram, k) == "bad.elf: no Multiboot header in the first 8192 bytes "
                                    "(not a Multiboot 1 kernel)");
    }
    SECTION("header beyond 8192 bytes") {
        Bytes k(8192, 0);
        Bytes h = mb_header(0);
        k.insert(k.end(), h.begin(), h.end());
        CHECK(load_error(ram, k).find("no Multiboot header") != std::string::npos);
    }
    SECTION("bad checksum") {
        Bytes k = good;
        k[0x1000 + 8] ^= 1;
        CHECK(load_error(ram, k).find("bad checksum") != std::string::npos);
    }
    SECTION("ELF truncated in the program headers") {
        Bytes k(good.begin(), good.begin() + 52);
        Bytes h = mb_header(0);
        k.insert(k.end(), h.begin(), h.end());  // 64 bytes: the header right after the ELF's
        put16(k, 44, 8);  // eight program headers need 52 + 256 bytes
        CHECK(load_error(ram, k).find("program headers lie beyond the end") != std::string::npos);
    }
    SECTION("ELF truncated in a segment") {
        Bytes k = good;
        k.resize(0x1000 + 0x10 + 4);  // text is whole (16 bytes), data is cut
        CHECK(load_error(ram, k).find("segment 1 lies beyond the end of the file") !=
              std::string::npos);
    }
    SECTION("segment outside RAM") {
        Bytes text = mb_header(0);
        Bytes k = elf32({{0x10000000, 0x10000000, 0x100, 5, text}}, 0x10000000);
        CHECK(load_error(ram, k).find("RAM ends at 0x800000") != std::string::npos);
    }
    SECTION("segment over the information area or the VGA window") {
        Bytes text = mb_header(0);
        CHECK(load_error(ram, elf32({{0x8000, 0x8000, 0x2000, 5, text}}, 0x8000))
                  .find("Multiboot information area") != std::string::npos);
        CHECK(load_error(ram, elf32({{0xB8000, 0xB8000, 0x1000, 5, text}}, 0xB8000))
                  .find("VGA and BIOS area") != std::string::npos);
    }
    SECTION("overlapping segments") {
        Bytes text = mb_header(0);
        text.resize(0x100, 0x90);
        Bytes k = elf32({{0x100000, 0x100000, 0x100, 5, text}, {0x100080, 0x100080, 0x10, 6,
                                                                 Bytes(16, 1)}},
                        0x100000);
        CHECK(load_error(ram, k).find("overlap") != std::string::npos);
    }
    SECTION("p_filesz larger than p_memsz") {
        Bytes text = mb_header(0);
        Bytes k = elf32({{0x100000, 0x100000, 4, 5, text}}, 0x100000);
        CHECK(load_error(ram, k).find("p_filesz > p_memsz") != std::string::npos);
    }
    SECTION("ELF64") {
        Bytes text = mb_header(0);
        Bytes k = elf32({{0x100000, 0x100000, 0x100, 5, text}}, 0x100000, 62);
        k[4] = 2;  // ELFCLASS64
        CHECK(load_error(ram, k).find("cannot load a 64-bit ELF image") != std::string::npos);
    }
    SECTION("not ELF and no a.out kludge") {
        Bytes k = mb_header(0);
        k.resize(64, 0);
        CHECK(load_error(ram, k).find("not an ELF file") != std::string::npos);
    }
    SECTION("wrong machine") {
        Bytes text = mb_header(0);
        Bytes k = elf32({{0x100000, 0x100000, 0x100, 5, text}}, 0x100000, 40);  // ARM
        CHECK(load_error(ram, k) == "bad.elf: ELF machine 40 is not i386 (3)");
    }
    SECTION("a.out: header_addr below load_addr") {
        Bytes k = mb_header(0x10000, {0x100000, 0x100010, 0, 0, 0x100000});
        k.resize(64, 0);
        CHECK(load_error(ram, k).find("below load_addr") != std::string::npos);
    }
    SECTION("a.out: load_end_addr beyond the file") {
        Bytes k = mb_header(0x10000, {0x100000, 0x100000, 0x110000, 0, 0x100000});
        k.resize(64, 0);
        CHECK(load_error(ram, k).find("file is too short") != std::string::npos);
    }
    SECTION("a.out: bss_end_addr below load_end_addr") {
        Bytes k = mb_header(0x10000, {0x100000, 0x100000, 0x100020, 0x100010, 0x100000});
        k.resize(64, 0);
        CHECK(load_error(ram, k).find("bss_end_addr") != std::string::npos);
    }
    SECTION("a.out: header cut off") {
        Bytes k = mb_header(0x10000);
        k.resize(20, 0);
        CHECK(load_error(ram, k).find("cut off") != std::string::npos);
    }
    SECTION("modules that do not fit") {
        CHECK(load_error(ram, good, "", {{Bytes(RAM, 1), "big"}}).find("RAM ends") !=
              std::string::npos);
    }
    SECTION("too little RAM") {
        Bytes small(1 << 20, 0);
        CHECK(load_error(small, good).find("too little") != std::string::npos);
    }
    // Every failure leaves guest memory as it was, and is one line.
    CHECK(ram[0x9000] == 0xCC);
    CHECK(ram[0x100000] == 0xCC);
}

TEST_CASE("Multiboot: error messages are single lines", "[machine][multiboot]") {
    Bytes ram(RAM, 0);
    std::vector<Bytes> bad = {Bytes(100, 0), mb_header(0), elf32({}, 0)};
    for (const Bytes& k : bad) {
        std::string e = load_error(ram, k);
        CHECK(e.find('\n') == std::string::npos);
        CHECK(e.rfind("bad.elf: ", 0) == 0);
    }
}
