#include "debug/gdbstub_packet.hpp"

namespace lstar::gdb {

namespace {
constexpr char kHex[] = "0123456789abcdef";
bool needs_escape(char c) { return c == '#' || c == '$' || c == '}' || c == '*'; }
}  // namespace

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool parse_hex(std::string_view text, uint64_t& value) {
    if (text.empty() || text.size() > 16) return false;
    value = 0;
    for (char c : text) {
        const int d = hex_digit(c);
        if (d < 0) return false;
        value = (value << 4) | static_cast<uint64_t>(d);
    }
    return true;
}

bool hex_decode(std::string_view hex, std::vector<uint8_t>& out) {
    if (hex.size() % 2) return false;
    out.clear();
    out.reserve(hex.size() / 2);
    for (size_t k = 0; k < hex.size(); k += 2) {
        const int hi = hex_digit(hex[k]), lo = hex_digit(hex[k + 1]);
        if (hi < 0 || lo < 0) return false;
        out.push_back(static_cast<uint8_t>(hi << 4 | lo));
    }
    return true;
}

std::string hex_encode(const void* data, size_t len) {
    const uint8_t* p = static_cast<const uint8_t*>(data);
    std::string out;
    out.reserve(len * 2);
    for (size_t k = 0; k < len; ++k) {
        out += kHex[p[k] >> 4];
        out += kHex[p[k] & 15];
    }
    return out;
}

std::string hex_encode(std::string_view text) { return hex_encode(text.data(), text.size()); }

std::string hex_le(uint64_t value, unsigned bytes) {
    uint8_t b[8];
    for (unsigned k = 0; k < 8; ++k) b[k] = static_cast<uint8_t>(value >> (8 * k));
    return hex_encode(b, bytes > 8 ? 8 : bytes);
}

uint8_t checksum(std::string_view payload) {
    uint8_t sum = 0;
    for (char c : payload) sum = static_cast<uint8_t>(sum + static_cast<uint8_t>(c));
    return sum;
}

std::string escape_binary(std::string_view data) {
    std::string out;
    out.reserve(data.size());
    for (char c : data) {
        if (needs_escape(c)) {
            out += '}';
            out += static_cast<char>(c ^ 0x20);
        } else {
            out += c;
        }
    }
    return out;
}

bool unescape_binary(std::string_view data, std::string& out) {
    out.clear();
    for (size_t k = 0; k < data.size(); ++k) {
        if (data[k] != '}') {
            out += data[k];
            continue;
        }
        if (++k == data.size()) return false;
        out += static_cast<char>(data[k] ^ 0x20);
    }
    return true;
}

std::string frame(std::string_view payload) {
    const std::string body = escape_binary(payload);
    const uint8_t sum = checksum(body);
    std::string out = "$" + body + "#";
    out += kHex[sum >> 4];
    out += kHex[sum & 15];
    return out;
}

bool PacketReader::feed(char c, Event& ev) {
    switch (state_) {
    case State::IDLE:
        // Between packets only these bytes mean anything; gdb sends nothing else here.
        if (c == '$') {
            state_ = State::BODY;
            body_.clear();
            sum_ = 0;
            overlong_ = false;
        } else if (c == '\x03') {
            ev = {Event::Kind::INTERRUPT, {}};
            return true;
        } else if (c == '+') {
            ev = {Event::Kind::ACK, {}};
            return true;
        } else if (c == '-') {
            ev = {Event::Kind::NACK, {}};
            return true;
        }
        return false;
    case State::BODY:
        if (c == '$') {  // a new packet before this one ended: the first was cut short
            body_.clear();
            sum_ = 0;
            overlong_ = false;
        } else if (c == '#') {
            state_ = State::SUM1;
        } else {
            sum_ = static_cast<uint8_t>(sum_ + static_cast<uint8_t>(c));
            if (body_.size() < MAX_PACKET) body_ += c;
            else overlong_ = true;
        }
        return false;
    case State::SUM1:
        sum_hi_ = hex_digit(c);
        state_ = State::SUM2;
        return false;
    case State::SUM2: {
        state_ = State::IDLE;
        const int lo = hex_digit(c);
        if (sum_hi_ < 0 || lo < 0 || ((sum_hi_ << 4) | lo) != sum_) {
            ev = {Event::Kind::BAD_CHECKSUM, {}};
        } else if (overlong_) {
            ev = {Event::Kind::OVERLONG, {}};
        } else {
            ev = {Event::Kind::PACKET, std::move(body_)};
        }
        body_.clear();
        return true;
    }
    }
    return false;
}

}  // namespace lstar::gdb
