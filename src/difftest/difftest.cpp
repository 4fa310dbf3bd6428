// STUB until the differential tester lands.
#include "difftest/difftest.hpp"

namespace lstar::difftest {
int run(const Options&, std::FILE* out) {
    std::fprintf(out, "difftest: not implemented yet\n");
    return 1;
}
}  // namespace lstar::difftest
