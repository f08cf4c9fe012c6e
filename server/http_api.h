// The HTTP layer: configures cpp-httplib for real clients and installs the route table.
// Handlers only parse, call the engine and serialise; every error leaves as JSON
// {"error": {"code", "message"}} with its status chosen in one place (send_error).
#pragma once
#include <httplib.h>

#include "config.h"
#include "engine_holder.h"
#include "wechat_endpoint.h"

namespace faq {

void configure_server(httplib::Server& server, const Config& config);
// `wechat` may be null (no WeChat endpoint: /wechat answers 404).
void install_routes(httplib::Server& server, const EngineHolder& engines, WeChatEndpoint* wechat);

// cpp-httplib 0.11 listens with a backlog of 5: 64 clients connecting at once overflow it and
// wait for SYN retransmission (measured: p99 over 700 ms on /healthz). Linux lets a second
// listen() on the bound socket raise the backlog; this finds our listening socket by its port.
void widen_listen_backlog(int port);

}  // namespace faq
