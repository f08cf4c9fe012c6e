#include "request_guard.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdlib>

namespace faq {
namespace {

bool carries_body(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "ip:port" of a socket address, as cpp-httplib writes req.remote_addr / remote_port.
bool same_endpoint(const sockaddr_storage& a, const std::string& ip, int port) {
  char text[INET6_ADDRSTRLEN] = {};
  int p = -1;
  if (a.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&a);
    inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    p = ntohs(in->sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&a);
    inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    p = ntohs(in6->sin6_port);
  }
  return p == port && ip == text;
}

}  // namespace

std::optional<Refusal> refuse_before_body(const httplib::Request& req, size_t max_body_bytes) {
  if (req.has_header("Content-Encoding") && req.get_header_value("Content-Encoding") != "identity")
    return Refusal{415, "unsupported_content_encoding", "compressed request bodies are not accepted; send plain JSON"};
  if (req.has_header("Transfer-Encoding"))
    return Refusal{411, "length_required", "send the body with a Content-Length; chunked bodies are not accepted"};
  const size_t lengths = req.get_header_value_count("Content-Length");
  if (lengths > 1) return Refusal{400, "bad_request", "more than one Content-Length"};
  if (lengths == 0) {
    // RFC 9112 §6.3: without Content-Length or Transfer-Encoding a request has no body.
    if (carries_body(req.method)) const_cast<httplib::Request&>(req).set_header("Content-Length", "0");
    return std::nullopt;
  }
  const std::string length = req.get_header_value("Content-Length");
  if (!all_digits(length)) return Refusal{400, "bad_request", "Content-Length is not a number"};
  const unsigned long long n = std::strtoull(length.c_str(), nullptr, 10);
  if (n > max_body_bytes) return Refusal{413, "payload_too_large", "the request body is larger than the limit"};
  if (n > 0 && !carries_body(req.method))
    return Refusal{400, "bad_request", "this method takes no request body"};  // it would be read as a request
  return std::nullopt;
}

void close_connection_of(const httplib::Request& req) {
  // Only open descriptors are listed, so this costs a few hundred system calls on a busy server;
  // it runs for refused requests only.
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return;
  while (dirent* e = readdir(dir)) {
    int fd = std::atoi(e->d_name);
    if (fd <= 2) continue;
    sockaddr_storage local{}, peer{};
    socklen_t local_len = sizeof local, peer_len = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) continue;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) continue;
    if (same_endpoint(local, req.local_addr, req.local_port) && same_endpoint(peer, req.remote_addr, req.remote_port)) {
      ::shutdown(fd, SHUT_RD);
      break;
    }
  }
  closedir(dir);
}

bool is_loopback_host(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

}  // namespace faq
