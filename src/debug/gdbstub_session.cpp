// The gdb stub's connection: one TCP client on 127.0.0.1, blocking while the machine is
// stopped, polled between CPU slices for Ctrl-C while it runs.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <stdexcept>

#include <fmt/format.h>

#include "debug/gdbstub.hpp"
#include "debug/gdbstub_packet.hpp"
#include "machine/machine.hpp"

namespace lstar {

namespace {

using gdb::PacketReader;
using Event = PacketReader::Event;

// Waits for one connection on 127.0.0.1:port. Loopback only: the stub can read and write all
// of the guest, so it is never offered to the network.
int accept_gdb(uint16_t port) {
    const int ls = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (ls < 0) throw std::runtime_error(fmt::format("--gdb: cannot open a socket: {}", std::strerror(errno)));
    const int one = 1;
    ::setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(ls, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(ls, 1) != 0) {
        const int err = errno;
        ::close(ls);
        throw std::runtime_error(fmt::format("--gdb: cannot listen on 127.0.0.1:{}: {}", port, std::strerror(err)));
    }
    socklen_t alen = sizeof a;
    ::getsockname(ls, reinterpret_cast<sockaddr*>(&a), &alen);  // port 0: the one the kernel chose
    port = ntohs(a.sin_port);
    std::fprintf(stderr, "lstar: waiting for gdb on 127.0.0.1:%u (target remote :%u)\n", port, port);
    int fd;
    do fd = ::accept4(ls, nullptr, nullptr, SOCK_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    const int err = errno;
    ::close(ls);
    if (fd < 0) throw std::runtime_error(fmt::format("--gdb: accept failed: {}", std::strerror(err)));
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // replies are small and wait for each other
    return fd;
}

class Session {
public:
    Session(GdbStub& stub, int fd) : stub_(stub), fd_(fd) {}
    ~Session() { ::close(fd_); }

    // Serves gdb until the session ends. Returns true when the guest is to run on without
    // the stub (detach, or gdb gone); otherwise `end` says how it ended.
    bool serve(const std::function<int(int)>& exit_code, GdbSessionEnd& end);

private:
    bool pump(bool block);
    bool next_event(Event& ev);
    bool send_raw(const std::string& bytes);
    bool send_packet(const std::string& payload);

    GdbStub& stub_;
    int fd_;
    PacketReader reader_;
    std::deque<Event> pending_;  // read while waiting for an acknowledgement or while running
    bool closed_ = false;
};

// Reads what gdb sent into pending_: waits for at least one byte when `block`, else takes only
// what is there. False when gdb has gone (or, not blocking, when nothing was there).
bool Session::pump(bool block) {
    if (closed_) return false;
    if (!block) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 0) <= 0) return false;
    }
    char buf[4096];
    ssize_t n;
    do n = ::recv(fd_, buf, sizeof buf, 0);
    while (n < 0 && errno == EINTR);
    if (n <= 0) {
        closed_ = true;
        return false;
    }
    for (ssize_t k = 0; k < n; ++k)
        if (Event e; reader_.feed(buf[k], e)) pending_.push_back(std::move(e));
    return true;
}

// The next event from gdb, waiting for it; false when gdb has gone.
bool Session::next_event(Event& ev) {
    while (pending_.empty())
        if (!pump(true)) return false;
    ev = std::move(pending_.front());
    pending_.pop_front();
    return true;
}

bool Session::send_raw(const std::string& bytes) {
    size_t off = 0;
    while (off < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return closed_ = true, false;
        off += static_cast<size_t>(n);
    }
    return true;
}

// Sends one packet and waits for gdb's '+', sending it again on '-'. Packets that arrive
// meanwhile wait in pending_.
bool Session::send_packet(const std::string& payload) {
    const std::string framed = gdb::frame(payload);
    for (int tries = 0; tries < 8; ++tries) {
        if (!send_raw(framed)) return false;
        for (;;) {
            if (pending_.empty() || pending_.front().kind == Event::Kind::PACKET) {
                // Look at the socket for the acknowledgement, keeping packets for later.
                char c;
                const ssize_t n = ::recv(fd_, &c, 1, 0);
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) return closed_ = true, false;
                Event e;
                if (!reader_.feed(c, e)) continue;
                if (e.kind == Event::Kind::ACK) return true;
                if (e.kind == Event::Kind::NACK) break;
                pending_.push_back(std::move(e));
                continue;
            }
            const Event::Kind k = pending_.front().kind;
            pending_.pop_front();
            if (k == Event::Kind::ACK) return true;
            if (k == Event::Kind::NACK) break;
        }
    }
    return false;
}

bool Session::serve(const std::function<int(int)>& exit_code, GdbSessionEnd& end) {
    // Between slices: Ctrl-C stops the machine; gdb going away does too, and is handled below.
    const auto poll = [this] {
        const size_t seen = pending_.size();
        while (pump(false)) {}
        // Ctrl-C acts now; anything else waits until the machine has stopped.
        const auto is_interrupt = [](const Event& e) { return e.kind == Event::Kind::INTERRUPT; };
        const auto from = pending_.begin() + static_cast<std::ptrdiff_t>(seen);
        if (std::find_if(from, pending_.end(), is_interrupt) != pending_.end() || closed_) stub_.interrupt();
        pending_.erase(std::remove_if(from, pending_.end(), is_interrupt), pending_.end());
    };
    Event ev;
    while (next_event(ev)) {
        switch (ev.kind) {
        case Event::Kind::ACK:
        case Event::Kind::NACK:
            continue;
        case Event::Kind::BAD_CHECKSUM:
            send_raw("-");
            continue;
        case Event::Kind::OVERLONG:
            send_raw("+");
            send_packet("E16");
            continue;
        case Event::Kind::INTERRUPT:  // already stopped
            send_packet(stub_.stop_reply());
            continue;
        case Event::Kind::PACKET:
            break;
        }
        send_raw("+");
        GdbStub::Reply r = stub_.handle(ev.payload);
        for (const std::string& p : r.packets) send_packet(p);
        switch (r.action) {
        case GdbStub::Action::REPLY:
            break;
        case GdbStub::Action::CONTINUE:
        case GdbStub::Action::STEP: {
            int status;
            if (stub_.resume(r.action, poll, status)) {
                if (closed_) break;  // gdb went away while the guest ran: run on without it
                send_packet(stub_.stop_reply());
                break;
            }
            // The guest ended: W (exit status) or X (killed by a signal, status 128 + N).
            const int code = exit_code(status);
            send_packet(code > 128 && code < 128 + 65 ? fmt::format("X{:02x}", code - 128)
                                                      : fmt::format("W{:02x}", code & 0xff));
            end = {false, status};
            return false;
        }
        case GdbStub::Action::DETACH:
            return true;
        case GdbStub::Action::KILL:
            end = {true, 0};
            return false;
        }
        if (closed_) break;
    }
    // gdb closed the connection: the guest runs on without the stub.
    std::fprintf(stderr, "lstar: gdb disconnected; the guest runs on\n");
    return true;
}

}  // namespace

GdbSessionEnd run_under_gdb(Machine& m, uint16_t port, const std::function<int(int)>& exit_code) {
    const int fd = accept_gdb(port);
    GdbSessionEnd end;
    bool run_on;
    {
        GdbStub stub(m);
        Session session(stub, fd);
        run_on = session.serve(exit_code, end);
    }  // the stub leaves the CPU here: what runs on is not observed at all
    if (run_on) end.status = m.run();
    return end;
}

}  // namespace lstar
