#include "cli/options.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

namespace lstar::cli {

void die(const std::string& msg, int status) {
    std::fflush(stdout);
    std::fprintf(stderr, "lstar: %s\n", msg.c_str());
    std::exit(status);
}

uint64_t parse_number(std::string_view opt, const std::string& text) {
    if (text.empty() || text[0] == '-') die(fmt::format("{} needs a non-negative number, got '{}'", opt, text));
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(text.c_str(), &end, 0);
    if (errno || *end) die(fmt::format("{} needs a number, got '{}'", opt, text));
    return v;
}

uint64_t parse_size(std::string_view opt, const std::string& text) {
    if (text.empty()) die(fmt::format("{} needs a size such as 128M", opt));
    std::string digits = text;
    uint64_t unit = 1;
    const char last = static_cast<char>(std::toupper(static_cast<unsigned char>(text.back())));
    if (last == 'K' || last == 'M' || last == 'G') {
        unit = last == 'K' ? 1ull << 10 : last == 'M' ? 1ull << 20 : 1ull << 30;
        digits.pop_back();
    }
    const uint64_t n = parse_number(opt, digits);
    if (n == 0 || n > (4ull << 30) / unit) die(fmt::format("{} must be between 1M and 4G, got '{}'", opt, text));
    return n * unit;
}

std::vector<uint8_t> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) die(fmt::format("cannot open '{}': {}", path, std::strerror(errno)), 1);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool Args::take(std::string_view name, std::string& value) {
    const std::string& a = v[pos];
    if (a == name) {
        if (pos + 1 >= v.size()) die(fmt::format("{} needs a value", name));
        value = v[pos + 1];
        pos += 2;
        return true;
    }
    if (a.size() > name.size() && a.compare(0, name.size(), name) == 0 && a[name.size()] == '=') {
        value = a.substr(name.size() + 1);
        pos += 1;
        return true;
    }
    return false;
}

bool Args::take_flag(std::string_view name) {
    if (v[pos] != name) return false;
    ++pos;
    return true;
}

}  // namespace lstar::cli
