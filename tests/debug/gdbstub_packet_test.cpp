// src/debug/gdbstub_packet.cpp: checksums, hex, binary escapes and the packet reader, with
// good input from the gdb manual's examples and with garbage.
#include <catch2/catch.hpp>

#include <random>

#include "debug/gdbstub_packet.hpp"

using namespace lstar::gdb;
using Kind = PacketReader::Event::Kind;

namespace {
std::vector<PacketReader::Event> feed_all(PacketReader& r, std::string_view bytes) {
    std::vector<PacketReader::Event> out;
    for (char c : bytes)
        if (PacketReader::Event e; r.feed(c, e)) out.push_back(std::move(e));
    return out;
}
}  // namespace

TEST_CASE("checksums and frames", "[gdbstub]") {
    // Sums worked out by hand: 'O' + 'K' = 0x4f + 0x4b = 0x9a; "g" = 0x67.
    CHECK(checksum("OK") == 0x9a);
    CHECK(frame("OK") == "$OK#9a");
    CHECK(frame("g") == "$g#67");
    CHECK(frame("") == "$#00");
    // 256 bytes of 0xff sum to 0xff00: the checksum is taken modulo 256.
    CHECK(checksum(std::string(256, '\xff')) == 0x00);
    // '#', '$', '}' and '*' are escaped as '}' and the byte XOR 0x20, and the checksum covers
    // what is sent: "}\x03" for '#' (0x23), so 0x7d + 0x03 = 0x80.
    CHECK(frame("#") == "$}\x03#80");
    CHECK(escape_binary("a$b}c*") == "a}\x04" "b}]c}\x0a");
}

TEST_CASE("hex helpers refuse what is not hex", "[gdbstub]") {
    uint64_t v = 0;
    CHECK(parse_hex("ffffffff8010c040", v));
    CHECK(v == 0xffffffff8010c040ull);
    CHECK(parse_hex("A", v));
    CHECK(v == 10);
    CHECK_FALSE(parse_hex("", v));
    CHECK_FALSE(parse_hex("12345678123456781", v));  // 17 digits would overflow
    CHECK_FALSE(parse_hex("12g", v));
    CHECK_FALSE(parse_hex("-1", v));
    std::vector<uint8_t> bytes;
    CHECK(hex_decode("00ff7d", bytes));
    CHECK(bytes == std::vector<uint8_t>{0x00, 0xff, 0x7d});
    CHECK_FALSE(hex_decode("abc", bytes));
    CHECK_FALSE(hex_decode("zz", bytes));
    CHECK(hex_encode("\x01\xab", 2) == "01ab");
    CHECK(hex_le(0x1122334455667788ull, 8) == "8877665544332211");
    CHECK(hex_le(0x86, 4) == "86000000");
}

TEST_CASE("binary escapes round-trip every byte", "[gdbstub]") {
    std::string all;
    for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
    const std::string sent = escape_binary(all);
    CHECK(sent.find('#') == std::string::npos);
    CHECK(sent.find('$') == std::string::npos);
    std::string back;
    REQUIRE(unescape_binary(sent, back));
    CHECK(back == all);
    CHECK_FALSE(unescape_binary("ab}", back));  // an escape with nothing after it
}

TEST_CASE("the packet reader: packets, acks, Ctrl-C", "[gdbstub]") {
    PacketReader r;
    auto ev = feed_all(r, "+" + frame("qSupported:swbreak+") + "-\x03");
    REQUIRE(ev.size() == 4);
    CHECK(ev[0].kind == Kind::ACK);
    CHECK(ev[1].kind == Kind::PACKET);
    CHECK(ev[1].payload == "qSupported:swbreak+");
    CHECK(ev[2].kind == Kind::NACK);
    CHECK(ev[3].kind == Kind::INTERRUPT);
    // Upper-case checksum digits are accepted too; 0x03 inside a packet is data, not Ctrl-C.
    ev = feed_all(r, "$OK#9A" + frame("X0,1:\x03"));
    REQUIRE(ev.size() == 2);
    CHECK(ev[0].payload == "OK");
    CHECK(ev[1].payload == "X0,1:\x03");
}

TEST_CASE("the packet reader: malformed input", "[gdbstub]") {
    PacketReader r;
    SECTION("a wrong or non-hex checksum") {
        auto ev = feed_all(r, "$g#68$g#6z$g#z7");
        REQUIRE(ev.size() == 3);
        for (auto& e : ev) CHECK(e.kind == Kind::BAD_CHECKSUM);
        ev = feed_all(r, "$g#67");  // and the next good one still works
        REQUIRE(ev.size() == 1);
        CHECK(ev[0].kind == Kind::PACKET);
    }
    SECTION("a packet cut short by the next '$'") {
        auto ev = feed_all(r, "$m1000,4$g#67");
        REQUIRE(ev.size() == 1);
        CHECK(ev[0].payload == "g");
    }
    SECTION("an overlong packet is reported once its checksum arrives") {
        const std::string body(MAX_PACKET + 100, 'A');
        auto ev = feed_all(r, frame(body));
        REQUIRE(ev.size() == 1);
        CHECK(ev[0].kind == Kind::OVERLONG);
        CHECK(ev[0].payload.empty());
        ev = feed_all(r, frame(std::string(MAX_PACKET, 'B')));  // exactly the limit is fine
        REQUIRE(ev.size() == 1);
        CHECK(ev[0].kind == Kind::PACKET);
        CHECK(ev[0].payload.size() == MAX_PACKET);
    }
    SECTION("stray bytes between packets are ignored") {
        auto ev = feed_all(r, "hello#00}}\n$?#3f");
        REQUIRE(ev.size() == 1);
        CHECK(ev[0].payload == "?");
    }
    SECTION("garbage never breaks the reader: a good packet after it is read whole") {
        std::mt19937 rng(12345);
        for (int round = 0; round < 200; ++round) {
            std::string junk(rng() % 3000, '\0');
            for (char& c : junk) c = static_cast<char>(rng());
            feed_all(r, junk);
            // Whatever state the junk left, '#' and two characters end any packet in progress.
            feed_all(r, "#00");
            auto ev = feed_all(r, "$vCont?#49");
            REQUIRE(!ev.empty());
            CHECK(ev.back().kind == Kind::PACKET);
            CHECK(ev.back().payload == "vCont?");
        }
    }
}
