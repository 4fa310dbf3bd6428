// src/machine/cpio.cpp: the newc initramfs writer, checked byte by byte against a hand-computed
// header and read back by GNU cpio.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "machine/cpio.hpp"

using namespace lstar;

namespace {

std::vector<uint8_t> bytes(const std::string& s) { return std::vector<uint8_t>(s.begin(), s.end()); }

// Runs a shell command and returns what it printed on stdout.
std::string run(const std::string& command) {
    std::string out;
    std::FILE* p = popen(command.c_str(), "r");
    REQUIRE(p);
    char buf[256];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
    return out;
}

}  // namespace

TEST_CASE("cpio: one file, then the trailer, byte for byte", "[machine][cpio]") {
    CpioWriter w;
    w.add_file("init", bytes("hello"), 0755);
    const std::vector<uint8_t> a = w.finish();
    const char raw[] =
        // magic  ino      mode     uid      gid      nlink    mtime    filesize
        "070701" "00000001" "000081ED" "00000000" "00000000" "00000001" "00000000" "00000005"
        // devmajor devminor rdevmaj rdevmin namesize check
        "00000000" "00000000" "00000000" "00000000" "00000005" "00000000"
        "init\0"     // 110 + 5 = 115 bytes: pad to 116
        "\0"
        "hello\0\0\0"  // data padded to 4
        "070701" "00000000" "00000000" "00000000" "00000000" "00000001" "00000000" "00000000"
        "00000000" "00000000" "00000000" "00000000" "0000000B" "00000000"
        "TRAILER!!!\0"  // 110 + 11 = 121: pad to 124
        "\0\0\0";
    CHECK(std::string(a.begin(), a.end()) == std::string(raw, sizeof raw - 1));
    CHECK(a.size() % 4 == 0);
}

TEST_CASE("cpio: parent directories come first; bad paths are refused", "[machine][cpio]") {
    CpioWriter w;
    w.add_file("/bin/sub/prog", bytes("x"));
    CHECK_THROWS_AS(w.add_file("bin/sub/prog", bytes("y")), std::invalid_argument);
    CHECK_THROWS_AS(w.add_directory("bin"), std::invalid_argument);
    CHECK_THROWS_AS(w.add_file("", bytes("y")), std::invalid_argument);
    CHECK_THROWS_AS(w.add_file("a//b", bytes("y")), std::invalid_argument);
    CHECK_THROWS_AS(w.add_file("../etc/passwd", bytes("y")), std::invalid_argument);
    CHECK_THROWS_AS(w.add_file("TRAILER!!!", bytes("y")), std::invalid_argument);
    w.add_directory("etc", 0700);
    const std::vector<uint8_t> a = w.finish();
    const std::string s(a.begin(), a.end());
    auto find = [&](const char* name) { return s.find(std::string(name) + '\0'); };
    const size_t bin = find("bin"), sub = find("bin/sub"), prog = find("bin/sub/prog");
    REQUIRE(bin != std::string::npos);
    REQUIRE(sub != std::string::npos);
    REQUIRE(prog != std::string::npos);
    CHECK(bin < sub);
    CHECK(sub < prog);
    CHECK(s.substr(bin - 110 + 14, 8) == "000041ED");  // the mode field of "bin": a directory, 0755
}

TEST_CASE("cpio: GNU cpio lists and extracts what the writer wrote", "[machine][cpio]") {
    if (std::system("command -v cpio >/dev/null 2>&1") != 0) {
        WARN("cpio is not installed; 'make test' installs it (Debian package cpio)");
        return;
    }
    std::vector<uint8_t> big(70000);
    for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<uint8_t>(i * 7);
    CpioWriter w;
    w.add_file("init", bytes("#!/bin/true\n"));
    w.add_file("data/big.bin", big, 0644);
    w.add_file("data/odd", bytes("abc"));
    w.add_directory("empty");
    const std::vector<uint8_t> a = w.finish();

    char path[] = "/tmp/lstar-cpio-test-XXXXXX";
    const int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    REQUIRE(write(fd, a.data(), a.size()) == static_cast<ssize_t>(a.size()));
    close(fd);
    const std::string archive = path;
    CHECK(run("cpio -it --quiet < " + archive) == "init\ndata\ndata/big.bin\ndata/odd\nempty\n");
    CHECK(run("cpio -itv --quiet < " + archive + " | cut -c1-10") ==
          "-rwxr-xr-x\ndrwxr-xr-x\n-rw-r--r--\n-rwxr-xr-x\ndrwxr-xr-x\n");
    CHECK(run("cpio -i --quiet --to-stdout data/odd < " + archive) == "abc");
    const std::string extracted = run("cpio -i --quiet --to-stdout data/big.bin < " + archive);
    CHECK(extracted == std::string(big.begin(), big.end()));
    std::remove(path);
}

TEST_CASE("cpio: symbolic links, owners and times as GNU cpio reads them", "[machine][cpio]") {
    REQUIRE(std::system("command -v cpio >/dev/null 2>&1") == 0);  // 'make test' installs it
    CpioWriter w;
    w.add_directory("d", CpioAttrs{.mode = 0750, .uid = 1234, .gid = 56, .mtime = 981173106});
    w.add_file("d/f", bytes("data"), CpioAttrs{.mode = 04711, .uid = 7, .gid = 8, .mtime = 1000000000});
    w.add_symlink("d/link", "../target/file", CpioAttrs{.mode = 0600, .uid = 1, .gid = 2, .mtime = 86400});
    w.add_symlink("new/dir/l", "x");
    CHECK(w.contains("/d/link"));
    CHECK(w.contains("new/dir"));
    CHECK_FALSE(w.contains("d/nothere"));
    CHECK_FALSE(w.contains("../bad"));
    CHECK_THROWS_AS(w.add_symlink("d/link", "y"), std::invalid_argument);
    CHECK_THROWS_AS(w.add_symlink("d/empty", ""), std::invalid_argument);
    const std::vector<uint8_t> a = w.finish();

    char path[] = "/tmp/lstar-cpio-test-XXXXXX";
    const int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    REQUIRE(write(fd, a.data(), a.size()) == static_cast<ssize_t>(a.size()));
    close(fd);
    const std::string archive = path;
    // numeric owners, and the times in UTC with the year
    CHECK(run("TZ=UTC cpio -itvn --quiet < " + archive + " | tr -s ' ' | cut -d' ' -f1,3,4,6-") ==
          "drwxr-x--- 1234 56 Feb 3 2001 d\n"
          "-rws--x--x 7 8 Sep 9 2001 d/f\n"
          "lrwxrwxrwx 1 2 Jan 2 1970 d/link -> ../target/file\n"
          "drwxr-xr-x 0 0 Jan 1 1970 new\n"
          "drwxr-xr-x 0 0 Jan 1 1970 new/dir\n"
          "lrwxrwxrwx 0 0 Jan 1 1970 new/dir/l -> x\n");
    std::remove(path);
}
