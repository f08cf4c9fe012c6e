// Slot extraction: which relative, region, insurance type, channel and purpose a question names.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "kb/analyzer.h"

namespace kb {

struct Slots {
  std::string relation, region, insurance, channel, purpose, intent;
  int region_index = -1;          // gazetteer index, -1 when unknown or not given
  bool cross_province = false;    // the question names places in two provinces
  bool same_province = false;     // the question names two or more places, all in one province
  bool relation_unclear = false;  // a relative is named, but who it is to the asker is not (孩子他爷爷)
  const std::string& get(const std::string& key) const;
  nlohmann::json to_json() const;
};

// `request_region` (the request's "region" field) applies when the question names no region.
Slots extract_slots(const Analysis& a, const Lexicon& lex, std::string_view request_region = {});

}  // namespace kb
