// Where the step debugger's commands come from: a terminal, with libedit's line editing and
// history (its readline-compatible interface), or a script that is echoed as a transcript.
//
// libedit is loaded with dlopen when a terminal session starts: linked, it and the libraries it
// needs (tinfo, libbsd, libmd) would be mapped at every start of lstar. Without it the prompt
// still works, reading plain lines.
#include <dlfcn.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include <editline/readline.h>

#include "debug/debugger.hpp"

namespace lstar::debug {

namespace {

constexpr const char* kLibedit = "libedit.so.2";

// The two functions of libedit's readline interface the prompt uses.
struct Libedit {
    decltype(&::readline) readline = nullptr;
    decltype(&::add_history) add_history = nullptr;
};

// libedit, loaded on first use; null (after a one-line warning) when it cannot be.
const Libedit* libedit() {
    static const Libedit* const api = []() -> const Libedit* {
        static Libedit e;
        void* lib = dlopen(kLibedit, RTLD_NOW | RTLD_LOCAL);
        if (lib) {
            e.readline = reinterpret_cast<decltype(e.readline)>(dlsym(lib, "readline"));
            e.add_history = reinterpret_cast<decltype(e.add_history)>(dlsym(lib, "add_history"));
        }
        if (e.readline && e.add_history) return &e;
        std::fprintf(stderr, "lstar: warning: cannot load %s (%s): no line editing or history\n", kLibedit,
                     lib ? "it has no readline()" : dlerror());
        return nullptr;
    }();
    return api;
}

// One line from stdin, without the newline; null at end of file. Like readline(), it returns a
// malloc'ed string, and fails with errno EINTR when a signal (Ctrl-C) interrupts the read.
char* plain_readline(const char* prompt) {
    std::fputs(prompt, stdout);
    std::fflush(stdout);
    char* text = nullptr;
    size_t cap = 0;
    const ssize_t n = getline(&text, &cap, stdin);
    if (n < 0) {
        if (errno == EINTR) clearerr(stdin);
        std::free(text);
        return nullptr;
    }
    if (n > 0 && text[n - 1] == '\n') text[n - 1] = '\0';
    return text;
}

class TerminalSource : public CommandSource {
public:
    bool read(std::string& line) override {
        char* text;
        for (;;) {
            errno = 0;
            text = edit_ ? edit_->readline(PROMPT) : plain_readline(PROMPT);
            if (text || errno != EINTR) break;
            std::fputc('\n', stdout);  // Ctrl-C at the prompt: a fresh line, as in gdb
        }
        if (!text) {  // Ctrl-D
            std::fputc('\n', stdout);
            return false;
        }
        line = text;
        std::free(text);
        if (edit_ && !line.empty() && line != last_) {
            edit_->add_history(line.c_str());
            last_ = line;
        }
        return true;
    }
    bool interactive() const override { return true; }

private:
    const Libedit* edit_ = libedit();
    std::string last_;
};

class ScriptSource : public CommandSource {
public:
    ScriptSource(std::FILE* in, std::FILE* echo) : in_(in), echo_(echo) {}
    bool read(std::string& line) override {
        for (;;) {
            line.clear();
            int c;
            while ((c = std::fgetc(in_)) != EOF && c != '\n') line += static_cast<char>(c);
            if (c == EOF && line.empty()) return false;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            const size_t first = line.find_first_not_of(" \t");
            if (first == std::string::npos || line[first] == '#') continue;  // blank or comment
            std::fflush(stdout);
            std::fprintf(echo_, "%s%s\n", PROMPT, line.c_str());
            std::fflush(echo_);
            return true;
        }
    }
    bool interactive() const override { return false; }

private:
    std::FILE* in_;
    std::FILE* echo_;
};

}  // namespace

std::unique_ptr<CommandSource> terminal_source() { return std::make_unique<TerminalSource>(); }

std::unique_ptr<CommandSource> script_source(std::FILE* in, std::FILE* echo) {
    return std::make_unique<ScriptSource>(in, echo);
}

}  // namespace lstar::debug
