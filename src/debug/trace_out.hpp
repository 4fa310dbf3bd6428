// TraceOut: the buffered output every trace view writes to. The views append text with these
// helpers instead of formatting each line into a new std::string, so an instruction trace costs
// a few memcpy's per line; the buffer goes to the file in large writes.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

namespace lstar {

class TraceOut {
public:
    explicit TraceOut(std::FILE* f) : f_(f) { buf_.reserve(CAPACITY + 4096); }
    ~TraceOut() { flush(); }
    TraceOut(const TraceOut&) = delete;
    TraceOut& operator=(const TraceOut&) = delete;

    TraceOut& put(std::string_view s) {
        buf_.append(s.data(), s.size());
        return *this;
    }
    TraceOut& put(char c) {
        buf_.push_back(c);
        return *this;
    }
    // `width` lowercase hex digits (at least the significant ones when width is 0).
    TraceOut& hex(uint64_t v, unsigned width = 0) {
        char tmp[16];
        unsigned n = 0;
        do {
            tmp[n++] = "0123456789abcdef"[v & 15];
            v >>= 4;
        } while (v);
        for (unsigned k = n; k < width; ++k) buf_.push_back('0');
        while (n) buf_.push_back(tmp[--n]);
        return *this;
    }
    TraceOut& hex0x(uint64_t v) {
        put("0x");
        return hex(v);
    }
    TraceOut& dec(uint64_t v) {
        char tmp[20];
        unsigned n = 0;
        do {
            tmp[n++] = static_cast<char>('0' + v % 10);
            v /= 10;
        } while (v);
        while (n) buf_.push_back(tmp[--n]);
        return *this;
    }
    // Pads the current line with spaces to `column` (counted from the line's start).
    TraceOut& pad_to(size_t column) {
        while (buf_.size() - line_start_ < column) buf_.push_back(' ');
        return *this;
    }
    // Ends a line; writes the buffer out when it is full.
    void end_line() {
        buf_.push_back('\n');
        line_start_ = buf_.size();
        if (buf_.size() >= CAPACITY) flush();
    }
    void flush() {
        if (!buf_.empty()) std::fwrite(buf_.data(), 1, buf_.size(), f_);
        buf_.clear();
        line_start_ = 0;
        std::fflush(f_);
    }
    std::FILE* file() const { return f_; }

private:
    static constexpr size_t CAPACITY = 1 << 16;
    std::FILE* f_;
    std::string buf_;
    size_t line_start_ = 0;  // where the line being built starts in buf_
};

}  // namespace lstar
