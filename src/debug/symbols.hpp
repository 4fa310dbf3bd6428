// Symbols for the views of src/debug: the ELF symbol tables of the guest kernel and of the
// program, in one address-sorted table (kernel and user addresses do not overlap).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lstar {

struct Symbol {
    uint64_t addr = 0;
    uint64_t size = 0;  // 0 when the ELF file does not say
    std::string name;
    bool function = false;
};

class SymbolTable {
public:
    // Adds the STT_FUNC and STT_OBJECT symbols of an ELF32 or ELF64 image, each moved by `bias`.
    // Returns the number added; an image without a symbol table adds none, and a malformed one
    // throws std::runtime_error with a one-line message. `sign_extend32`: ELF32 values are
    // sign-extended from bit 31, for a higher-half 64-bit kernel carried in an ELF32 container
    // for Multiboot (guestos.elf, whose 0xffffffff8010c040 is stored as 0x8010c040).
    size_t load_elf(std::span<const uint8_t> image, uint64_t bias = 0, bool sign_extend32 = false);
    void add(Symbol s);

    // The symbol containing addr: the closest one at or below it, within its size (or within
    // 64 KiB when it has no size). nullptr when none.
    const Symbol* find(uint64_t addr) const;
    // "name+0x12", "name", or "0x401000" when no symbol covers addr.
    std::string describe(uint64_t addr) const;
    // The address of the symbol called `name`.
    std::optional<uint64_t> lookup(std::string_view name) const;

    bool empty() const { return syms_.empty(); }
    size_t size() const { return syms_.size(); }

private:
    void sort() const;
    mutable std::vector<Symbol> syms_;
    mutable bool sorted_ = true;
};

}  // namespace lstar
