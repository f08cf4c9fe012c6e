#include "kb/response.h"

namespace kb {

nlohmann::json AskResponse::to_json(bool with_context) const {
  nlohmann::json src = nlohmann::json::array();
  for (const auto& s : sources) src.push_back(s);
  nlohmann::json rel = nlohmann::json::array();
  for (const auto& r : related) rel.push_back({{"entry_id", r.entry_id}, {"question", r.question}});
  nlohmann::json j = {{"answer", answer},     {"verdict", verdict},       {"topic", topic},
                      {"entry_id", entry_id}, {"confidence", confidence}, {"slots", slots.to_json()},
                      {"sources", src},       {"related", rel},           {"kb_version", kb_version}};
  if (with_context) j["context"] = context;
  if (ask) j["ask"] = {{"slot", ask->slot}, {"question", ask->question}, {"options", ask->options}};
  return j;
}

}  // namespace kb
