// TraceOut: the buffered output every trace view writes to. The views append text with these
// helpers instead of formatting each line into a new std::string, so an instruction trace costs
// a few memcpy's per line; the buffer goes to the file in large writes.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace lstar {

class TraceOut {
public:
    explicit TraceOut(std::FILE* f) : f_(f), buf_(CAPACITY + SLACK) {}
    ~TraceOut() { flush(); }
    TraceOut(const TraceOut&) = delete;
    TraceOut& operator=(const TraceOut&) = delete;

    TraceOut& put(std::string_view s) {
        char* p = room(s.size());
        std::memcpy(p, s.data(), s.size());
        len_ += s.size();
        return *this;
    }
    TraceOut& put(char c) {
        *room(1) = c;
        ++len_;
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
        const unsigned total = n > width ? n : width;
        char* p = room(total);
        for (unsigned k = n; k < width; ++k) *p++ = '0';
        while (n) *p++ = tmp[--n];
        len_ += total;
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
        char* p = room(n);
        len_ += n;
        while (n) *p++ = tmp[--n];
        return *this;
    }
    // Pads the current line with spaces to `column` (counted from the line's start).
    TraceOut& pad_to(size_t column) {
        const size_t want = line_start_ + column;
        if (len_ < want) {
            std::memset(room(want - len_), ' ', want - len_);
            len_ = want;
        }
        return *this;
    }
    // Ends a line; writes the buffer out when it is full (or at every line, with line_flush).
    void end_line() {
        put('\n');
        line_start_ = len_;
        if (len_ >= CAPACITY || line_flush) flush();
    }
    void flush() {
        if (len_) std::fwrite(buf_.data(), 1, len_, f_);
        len_ = line_start_ = 0;
        std::fflush(f_);
    }
    std::FILE* file() const { return f_; }
    bool line_flush = false;  // for views that write little and are watched live

private:
    static constexpr size_t CAPACITY = 1 << 16, SLACK = 1 << 14;
    // Space for n more bytes; the buffer grows only for a line longer than SLACK.
    char* room(size_t n) {
        if (len_ + n > buf_.size()) buf_.resize(2 * (len_ + n));
        return buf_.data() + len_;
    }
    std::FILE* f_;
    std::vector<char> buf_;
    size_t len_ = 0;
    size_t line_start_ = 0;  // where the line being built starts in buf_
};

}  // namespace lstar
