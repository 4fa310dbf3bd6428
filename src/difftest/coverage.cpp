// The instruction-coverage table of docs/cpu.md, generated from the dispatch table: every form
// the differential tester runs (one per mnemonic, operand pattern and size in ops.def), grouped
// by the ISA extension Zydis assigns to its encoding.
#include <Zydis/Zydis.h>

#include <map>
#include <string>

#include "difftest/case.hpp"

namespace lstar::difftest {

std::string coverage_markdown() {
    ZydisDecoder dec;
    ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
    std::map<std::string, std::map<std::string, unsigned>> counts;
    const auto& all = forms();
    for (uint32_t k = 0; k < all.size(); ++k) {
        // Some generated cases carry a deliberately illegal prefix (LOCK); take the first that
        // decodes.
        std::string ext = "(not encodable here)";
        for (uint64_t n = 0; n < 64; ++n) {
            Input in;
            generate(k, 1, n, in);
            ZydisDecodedInstruction insn;
            ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
            if (in.valid && ZYAN_SUCCESS(ZydisDecoderDecodeFull(&dec, in.bytes, in.len, &insn, ops))) {
                ext = ZydisISAExtGetString(insn.meta.isa_ext);
                break;
            }
        }
        counts[ext][all[k].label]++;
    }
    std::string md = "| ISA extension | forms | mnemonics |\n|---|---|---|\n";
    for (const auto& [ext, names] : counts) {
        unsigned total = 0;
        std::string list;
        for (const auto& [name, n] : names) {
            total += n;
            if (!list.empty()) list += ' ';
            list += name;
        }
        md += "| " + ext + " | " + std::to_string(total) + " | " + list + " |\n";
    }
    return md;
}

}  // namespace lstar::difftest
