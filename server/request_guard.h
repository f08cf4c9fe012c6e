// Refuses, before the body is read, the requests whose bodies cpp-httplib 0.11.4 (Debian 12)
// would buffer or inflate without limit: it inflates Content-Encoding gzip/deflate/br bodies into
// memory before routing and applies payload_max_length to the compressed size only, reads chunked
// bodies whole, and reads a body without a length until the peer closes. Upstream fixed these in
// 0.20–0.35; the project uses Debian's library as it is, so the server refuses such requests itself
// (and the hardened nginx in deploy/nginx/ refuses them before they reach it).
//
// A refused request's body is never read, so the connection must not be reused: the library
// would parse the unread body as the next request. cpp-httplib 0.11 gives a handler no handle on
// its connection; close_connection_of() finds the socket by the request's address pair and shuts
// its read side, which ends the connection once the response is written.
//
// Thread-safety: pure functions; close_connection_of() touches only the request's own socket.
#pragma once
#include <httplib.h>

#include <optional>
#include <string>

namespace faq {

struct Refusal {
  int status;
  std::string code, message;
};

// Why the request must be refused before its body is read, or nothing. Also gives a request
// without Content-Length or Transfer-Encoding the body length HTTP/1.1 says it has, zero (the
// library would otherwise wait for the peer to close): `req` is the library's own mutable request.
std::optional<Refusal> refuse_before_body(const httplib::Request& req, size_t max_body_bytes);

// Shuts the read side of the connection `req` arrived on (found by local and remote address).
void close_connection_of(const httplib::Request& req);

// True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost).
bool is_loopback_host(const std::string& host);

}  // namespace faq
