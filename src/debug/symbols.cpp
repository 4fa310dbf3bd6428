#include "debug/symbols.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace lstar {

namespace {

template <class T>
T get(std::span<const uint8_t> img, uint64_t off) {
    if (off > img.size() || img.size() - off < sizeof(T)) throw std::runtime_error("ELF file is truncated");
    T v;
    std::memcpy(&v, img.data() + off, sizeof(T));
    return v;
}

constexpr unsigned SHT_SYMTAB = 2, STT_NOTYPE = 0, STT_OBJECT = 1, STT_FUNC = 2, SHF_EXECINSTR = 4;

bool executable_section(std::span<const uint8_t> img, bool is64, uint64_t sh) {
    const uint64_t flags = is64 ? get<uint64_t>(img, sh + 8) : get<uint32_t>(img, sh + 8);
    return flags & SHF_EXECINSTR;
}

}  // namespace

size_t SymbolTable::load_elf(std::span<const uint8_t> img, uint64_t bias, bool sign_extend32) {
    if (img.size() < 52 || std::memcmp(img.data(), "\x7f" "ELF", 4) != 0)
        throw std::runtime_error("not an ELF file");
    const bool is64 = img[4] == 2;
    const uint64_t shoff = is64 ? get<uint64_t>(img, 0x28) : get<uint32_t>(img, 0x20);
    const unsigned shentsize = get<uint16_t>(img, is64 ? 0x3a : 0x2e);
    const unsigned shnum = get<uint16_t>(img, is64 ? 0x3c : 0x30);
    if (shoff == 0 || shnum == 0) return 0;
    if (shentsize < (is64 ? 64u : 40u)) throw std::runtime_error("ELF section headers are malformed");
    size_t added = 0;
    std::vector<Symbol> labels;
    std::vector<std::pair<uint64_t, uint64_t>> functions;  // [start, end) of the sized functions
    for (unsigned k = 0; k < shnum; ++k) {
        const uint64_t sh = shoff + uint64_t{k} * shentsize;
        if (get<uint32_t>(img, sh + 4) != SHT_SYMTAB) continue;
        const uint64_t off = is64 ? get<uint64_t>(img, sh + 0x18) : get<uint32_t>(img, sh + 0x10);
        const uint64_t size = is64 ? get<uint64_t>(img, sh + 0x20) : get<uint32_t>(img, sh + 0x14);
        const unsigned link = get<uint32_t>(img, sh + (is64 ? 0x28 : 0x18));
        if (link >= shnum) throw std::runtime_error("ELF symbol table names no string table");
        const uint64_t strsh = shoff + uint64_t{link} * shentsize;
        const uint64_t stroff = is64 ? get<uint64_t>(img, strsh + 0x18) : get<uint32_t>(img, strsh + 0x10);
        const uint64_t strsize = is64 ? get<uint64_t>(img, strsh + 0x20) : get<uint32_t>(img, strsh + 0x14);
        if (stroff > img.size() || img.size() - stroff < strsize) throw std::runtime_error("ELF file is truncated");
        const unsigned entsize = is64 ? 24 : 16;
        for (uint64_t e = off; e + entsize <= off + size; e += entsize) {
            const uint32_t name = get<uint32_t>(img, e);
            const uint8_t info = get<uint8_t>(img, e + (is64 ? 4 : 12));
            const uint16_t shndx = get<uint16_t>(img, e + (is64 ? 6 : 14));
            const uint32_t value32 = get<uint32_t>(img, e + 4);
            const uint64_t value = is64            ? get<uint64_t>(img, e + 8)
                                   : sign_extend32 ? static_cast<uint64_t>(static_cast<int32_t>(value32))
                                                   : value32;
            const uint64_t sz = is64 ? get<uint64_t>(img, e + 16) : get<uint32_t>(img, e + 8);
            const unsigned type = info & 0xf;
            // An assembly label (STT_NOTYPE, like entry_SYSCALL_64 in the test kernel) in code
            // is where instructions are: it names them unless a sized function covers it.
            const bool label = type == STT_NOTYPE && shndx < shnum &&
                               executable_section(img, is64, shoff + uint64_t{shndx} * shentsize);
            if ((type != STT_FUNC && type != STT_OBJECT && !label) || shndx == 0 || name >= strsize) continue;
            const char* s = reinterpret_cast<const char*>(img.data() + stroff + name);
            const size_t len = strnlen(s, strsize - name);
            if (len == 0) continue;
            Symbol sym{value + bias, sz, std::string(s, len), type == STT_FUNC || label};
            if (label) labels.push_back(std::move(sym));
            else {
                if (type == STT_FUNC && sz) functions.emplace_back(sym.addr, sym.addr + sz);
                add(std::move(sym));
                ++added;
            }
        }
    }
    std::sort(functions.begin(), functions.end());
    for (Symbol& l : labels) {
        // The last function starting at or below the label; ranges of one image do not overlap.
        auto it = std::upper_bound(functions.begin(), functions.end(), std::pair<uint64_t, uint64_t>(l.addr, ~uint64_t{0}));
        if (it != functions.begin() && l.addr < std::prev(it)->second) continue;
        add(std::move(l));
        ++added;
    }
    return added;
}

void SymbolTable::add(Symbol s) {
    syms_.push_back(std::move(s));
    sorted_ = false;
}

void SymbolTable::sort() const {
    if (sorted_) return;
    std::stable_sort(syms_.begin(), syms_.end(), [](const Symbol& a, const Symbol& b) {
        if (a.addr != b.addr) return a.addr < b.addr;
        return a.function > b.function;  // a function before an object at the same address
    });
    sorted_ = true;
}

const Symbol* SymbolTable::find(uint64_t addr) const {
    sort();
    auto it = std::upper_bound(syms_.begin(), syms_.end(), addr,
                               [](uint64_t a, const Symbol& s) { return a < s.addr; });
    for (int tries = 0; tries < 8 && it != syms_.begin(); ++tries) {
        --it;
        const uint64_t reach = it->size ? it->size : 0x10000;
        if (addr - it->addr < reach) {
            // Prefer the first symbol at this address (a function over an alias object).
            while (it != syms_.begin() && std::prev(it)->addr == it->addr) --it;
            return &*it;
        }
        if (!it->size) return nullptr;
        // A sized symbol that ends below addr: a larger one just below it might still cover it.
    }
    return nullptr;
}

std::string SymbolTable::describe(uint64_t addr) const {
    const Symbol* s = find(addr);
    if (!s) return fmt::format("{:#x}", addr);
    if (addr == s->addr) return s->name;
    return fmt::format("{}+{:#x}", s->name, addr - s->addr);
}

std::optional<uint64_t> SymbolTable::lookup(std::string_view name) const {
    for (const Symbol& s : syms_)
        if (s.name == name) return s.addr;
    return std::nullopt;
}

}  // namespace lstar
