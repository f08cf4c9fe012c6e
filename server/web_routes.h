// The routes of the website widget and the hotline console:
//   GET /widget.js, /widget.css       the widget a site embeds with one script tag (web/)
//   GET /ask                          the full-page view, rendered on the server (works without JS)
//   GET /console, POST /console/login the hotline console, only when console_enabled
//   OPTIONS /v1/*                     CORS preflight for the origins on cors_origins
// plus the CORS headers of every /v1/* response. GET /v1/suggest is in the main route table
// (http_api.cpp); its JSON is made here.
#pragma once
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "config.h"
#include "engine_holder.h"

namespace faq {

void install_web_routes(httplib::Server& server, const EngineHolder& engines, const Config& config);

// GET /v1/suggest?q=…&limit=…: {"suggestions": [{"question", "entry", "topic"}]}. Throws
// kb::InvalidRequest (missing_query, invalid_limit) on a bad query string.
nlohmann::json suggest_json(const Engine& engine, const httplib::Request& req);

// The Content-Security-Policy of the pages the server renders: nothing but this origin.
extern const char* const kPageCsp;

}  // namespace faq
