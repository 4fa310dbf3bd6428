// Where the step debugger's commands come from: a terminal, with libedit's line editing and
// history (its readline-compatible interface), or a script that is echoed as a transcript.
#include <cerrno>
#include <cstdlib>

#include <editline/readline.h>

#include "debug/debugger.hpp"

namespace lstar::debug {

namespace {

class TerminalSource : public CommandSource {
public:
    bool read(std::string& line) override {
        char* text;
        for (;;) {
            errno = 0;
            text = readline(PROMPT);
            if (text || errno != EINTR) break;
            std::fputc('\n', stdout);  // Ctrl-C at the prompt: a fresh line, as in gdb
        }
        if (!text) {  // Ctrl-D
            std::fputc('\n', stdout);
            return false;
        }
        line = text;
        std::free(text);
        if (!line.empty() && line != last_) {
            add_history(line.c_str());
            last_ = line;
        }
        return true;
    }
    bool interactive() const override { return true; }

private:
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
