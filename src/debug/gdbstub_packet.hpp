// The GDB remote serial protocol's framing (gdb manual, "Overview" of the Remote Protocol):
// packets are "$PAYLOAD#CC" with CC the modulo-256 sum of the payload in two hex digits, each
// answered by '+' (received) or '-' (send again). A lone 0x03 byte is Ctrl-C. In binary data
// (the X packet, qXfer replies) '#', '$', '}' and '*' travel as '}' followed by the byte XOR 0x20.
//
// This layer knows nothing of registers or memory, so it can be fed anything: the tests
// (tests/debug/gdbstub_packet_test.cpp) throw garbage at it.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lstar::gdb {

// The largest payload lstar accepts, as advertised in qSupported (PacketSize, in hex there).
constexpr size_t MAX_PACKET = 0x4000;

// ---- hex ----
int hex_digit(char c);  // 0..15, or -1
// The whole of `text` as a hex number of 1..16 digits; false otherwise.
bool parse_hex(std::string_view text, uint64_t& value);
// Pairs of hex digits into bytes; false on an odd length or a non-hex character.
bool hex_decode(std::string_view hex, std::vector<uint8_t>& out);
std::string hex_encode(const void* data, size_t len);
std::string hex_encode(std::string_view text);
// A value as `bytes` little-endian bytes in hex (the order of registers in g and p replies).
std::string hex_le(uint64_t value, unsigned bytes);

// ---- framing ----
uint8_t checksum(std::string_view payload);
std::string escape_binary(std::string_view data);
// Undoes escape_binary; false on a '}' with nothing after it.
bool unescape_binary(std::string_view data, std::string& out);
// "$" + payload with '#', '$', '}' and '*' escaped + "#" + checksum.
std::string frame(std::string_view payload);

// Splits the byte stream from gdb into packets, acknowledgements and Ctrl-C.
class PacketReader {
public:
    struct Event {
        enum class Kind {
            PACKET,        // a complete packet with a good checksum: answer '+', then handle it
            INTERRUPT,     // Ctrl-C (0x03) outside a packet
            ACK,           // '+'
            NACK,          // '-': send the last packet again
            BAD_CHECKSUM,  // answer '-': gdb sends it again
            OVERLONG,      // longer than MAX_PACKET (checksum good): answer '+' and an error
        };
        Kind kind;
        std::string payload;  // PACKET only
    };

    // Takes one byte; true when it completed an event, which is then in `ev`.
    bool feed(char c, Event& ev);
    // True between a '$' and the end of its checksum.
    bool in_packet() const { return state_ != State::IDLE; }

private:
    enum class State { IDLE, BODY, SUM1, SUM2 };
    State state_ = State::IDLE;
    std::string body_;
    uint8_t sum_ = 0;
    int sum_hi_ = 0;
    bool overlong_ = false;
};

}  // namespace lstar::gdb
