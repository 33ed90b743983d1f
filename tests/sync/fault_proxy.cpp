// FaultProxy: plain sockets, one thread accepting and one per client connection. Each request is
// read whole (HTTP/1.1 with Content-Length, as libcurl and cpp-httplib send it), then the chosen
// fault decides what the client and the collector see. Every forward uses a fresh connection to
// the collector, so a fault on one request never leaves a half-used upstream connection behind.
#include "tests/sync/fault_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace peilpunt::sync::testing {

const char* to_string(Fault fault) {
  switch (fault) {
    case Fault::None: return "none";
    case Fault::Refuse: return "refuse";
    case Fault::ResetMidRequest: return "reset mid-request";
    case Fault::ResetAfterCommit: return "reset after commit";
    case Fault::Status500: return "500";
    case Fault::Stall: return "stall";
    case Fault::Truncate: return "truncate";
    case Fault::NotJson: return "not JSON";
    case Fault::Duplicate: return "duplicate";
  }
  return "?";
}

namespace {

using Clock = std::chrono::steady_clock;
constexpr int poll_slice_ms = 10;
constexpr auto upstream_patience = std::chrono::seconds(10);

sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  return addr;
}

void set_nodelay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// Closes with RST instead of FIN: the peer's next read or write fails with "connection reset".
void reset(int fd) {
  linger hard{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  ::close(fd);
}

bool send_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}
bool send_all(int fd, const std::string& bytes) { return send_all(fd, bytes.data(), bytes.size()); }

// Buffered reads of HTTP messages from one socket, giving up when `stopping` is set, the peer
// closes, or `patience` passes without a byte.
class Reader {
 public:
  Reader(int fd, const std::atomic<bool>& stopping, Clock::duration patience)
      : fd_(fd), stopping_(stopping), patience_(patience) {}

  // The header block, "\r\n\r\n" included.
  std::optional<std::string> head() {
    for (;;) {
      if (auto end = buffer_.find("\r\n\r\n"); end != std::string::npos) {
        std::string h = buffer_.substr(0, end + 4);
        buffer_.erase(0, end + 4);
        return h;
      }
      if (!fill()) return std::nullopt;
    }
  }
  std::optional<std::string> exactly(std::size_t n) {
    while (buffer_.size() < n)
      if (!fill()) return std::nullopt;
    std::string out = buffer_.substr(0, n);
    buffer_.erase(0, n);
    return out;
  }
  // True when the peer closed (or reset) the connection within `limit`.
  bool closed_within(Clock::duration limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline && !stopping_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, poll_slice_ms) > 0) {
        char byte;
        ssize_t n = ::recv(fd_, &byte, 1, 0);
        if (n <= 0) return true;
        buffer_ += byte;
      }
    }
    return false;
  }

 private:
  bool fill() {
    const auto deadline = Clock::now() + patience_;
    while (!stopping_) {
      pollfd p{fd_, POLLIN, 0};
      int ready = ::poll(&p, 1, poll_slice_ms);
      if (ready < 0 && errno != EINTR) return false;
      if (ready > 0) {
        char chunk[16384];
        ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return true;
      }
      if (Clock::now() > deadline) return false;
    }
    return false;
  }

  int fd_;
  const std::atomic<bool>& stopping_;
  Clock::duration patience_;
  std::string buffer_;
};

// Content-Length of a header block; 0 when absent. Chunked bodies are not expected here.
std::size_t content_length(const std::string& head) {
  std::string lower(head);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower.find("\r\ntransfer-encoding: chunked") != std::string::npos)
    throw std::runtime_error("FaultProxy: chunked messages are not supported");
  auto at = lower.find("\r\ncontent-length:");
  if (at == std::string::npos) return 0;
  return static_cast<std::size_t>(std::strtoull(head.c_str() + at + 17, nullptr, 10));
}

std::optional<std::string> read_message(Reader& reader) {
  auto head = reader.head();
  if (!head) return std::nullopt;
  auto body = reader.exactly(content_length(*head));
  if (!body) return std::nullopt;
  return *head + *body;
}

std::string reply(int status, const char* reason, const char* content_type, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

FaultProxy::FaultProxy(FaultProxyOptions options) : options_(std::move(options)) {
  if (!open_listener()) throw std::runtime_error(std::string("FaultProxy: cannot listen on 127.0.0.1: ") + std::strerror(errno));
  acceptor_ = std::thread([this] { accept_loop(); });
}

FaultProxy::~FaultProxy() {
  stopping_ = true;
  acceptor_.join();
  {
    std::lock_guard lock(mutex_);
    for (auto& c : connections_)
      if (c.fd >= 0) ::shutdown(c.fd, SHUT_RDWR);
  }
  for (auto& c : connections_) c.thread.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

std::map<Fault, int> FaultProxy::injected() const {
  std::lock_guard lock(mutex_);
  return injected_;
}

int FaultProxy::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

int FaultProxy::forwarded() const {
  std::lock_guard lock(mutex_);
  return forwarded_;
}

// Binds 127.0.0.1 on a free port the first time, on the same port after a Refuse.
bool FaultProxy::open_listener() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr = loopback(port_);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 64) != 0) {
    ::close(fd);
    return false;
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  std::lock_guard lock(mutex_);
  port_ = ntohs(addr.sin_port);
  listen_fd_ = fd;
  return true;
}

// Shutting the listening socket down makes the kernel refuse new connections at once; the
// accept loop closes it and opens it again when the time is up.
void FaultProxy::refuse_for_a_while() {
  std::lock_guard lock(mutex_);
  if (listen_fd_ >= 0) ::shutdown(listen_fd_, SHUT_RDWR);
  refusing_ = true;
  reopen_at_ = Clock::now() + options_.refuse_for;
}

void FaultProxy::accept_loop() {
  while (!stopping_) {
    int fd = -1;
    bool reopen = false;
    {
      std::lock_guard lock(mutex_);
      if (refusing_ && listen_fd_ >= 0) {
        ::close(listen_fd_);
        listen_fd_ = -1;
      }
      refusing_ = false;
      if (listen_fd_ < 0 && Clock::now() >= reopen_at_) reopen = true;
      fd = listen_fd_;
      // Reap connections that ended.
      for (auto it = connections_.begin(); it != connections_.end();) {
        if (it->done) {
          it->thread.join();
          it = connections_.erase(it);
        } else {
          ++it;
        }
      }
    }
    if (reopen) {
      if (!open_listener()) std::this_thread::sleep_for(std::chrono::milliseconds(poll_slice_ms));  // port busy a moment
      continue;
    }
    if (fd < 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, poll_slice_ms) <= 0) continue;
    int client = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;  // shut down for a Refuse: the loop closes it above
    set_nodelay(client);
    std::lock_guard lock(mutex_);
    Connection& c = connections_.emplace_back();
    c.fd = client;
    c.thread = std::thread([this, &c] { serve(c); });
  }
}

void FaultProxy::serve(Connection& connection) {
  const int client = connection.fd;
  auto finish = [&](bool hard) {
    std::lock_guard lock(mutex_);
    if (hard) reset(client);
    else ::close(client);
    connection.fd = -1;
    connection.done = true;
  };
  // One fresh connection to the collector per forward; the reply whole, or nothing.
  auto forward = [&](const std::string& request) -> std::optional<std::string> {
    int up = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr = loopback(options_.upstream_port);
    if (up < 0 || ::connect(up, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      if (up >= 0) ::close(up);
      return std::nullopt;
    }
    set_nodelay(up);
    {
      std::lock_guard lock(mutex_);
      ++forwarded_;
    }
    std::optional<std::string> answer;
    if (send_all(up, request)) {
      Reader upstream(up, stopping_, upstream_patience);
      answer = read_message(upstream);
    }
    ::close(up);
    return answer;
  };

  Reader reader(client, stopping_, std::chrono::seconds(30));
  while (!stopping_) {
    auto head = reader.head();
    if (!head) break;
    Fault fault;
    {
      std::lock_guard lock(mutex_);
      fault = options_.choose ? options_.choose() : Fault::None;
      ++injected_[fault];
      ++requests_;
    }
    const std::size_t length = content_length(*head);
    if (fault == Fault::ResetMidRequest) {
      reader.exactly(length / 2);
      return finish(true);
    }
    auto body = reader.exactly(length);
    if (!body) break;
    const std::string request = *head + *body;

    switch (fault) {
      case Fault::Refuse:
        refuse_for_a_while();
        return finish(true);
      case Fault::Status500:
        if (!send_all(client, reply(500, "Internal Server Error", "application/json",
                                    R"({"error": "injected by the fault proxy"})")))
          return finish(false);
        continue;
      case Fault::NotJson:
        if (!send_all(client, reply(200, "OK", "text/html", "<html><body>Welkom op het gastennetwerk</body></html>")))
          return finish(false);
        continue;
      default: break;
    }

    std::optional<std::string> answer = forward(request);
    if (fault == Fault::Duplicate && answer) answer = forward(request);
    if (!answer) return finish(true);  // the collector is gone: the client sees a reset
    switch (fault) {
      case Fault::ResetAfterCommit: return finish(true);
      case Fault::Stall:
        reader.closed_within(options_.stall_limit);
        return finish(false);
      case Fault::Truncate:
        send_all(client, answer->data(), answer->size() / 2);
        return finish(false);
      default:
        if (!send_all(client, *answer)) return finish(false);
    }
  }
  finish(false);
}

}  // namespace peilpunt::sync::testing
