// An answer as the API returns it.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kb/knowledge.h"
#include "kb/slots.h"

namespace kb {

// What the answer asks back when the one fact that changes the verdict is missing.
struct AskPrompt {
  std::string slot;
  std::string question;
  std::vector<std::string> options;
};

struct Related {
  std::string entry_id, question;
};

struct AskResponse {
  std::string answer, verdict, topic, entry_id;
  double confidence = 0;
  Slots slots;
  std::vector<Source> sources;
  std::vector<Related> related;
  std::string kb_version;
  std::optional<AskPrompt> ask;
  std::string context;     // sealed; the client sends it back with the next question
  bool follow_up = false;  // answered as a follow-up to the context
  // The rule depends on where the asker is insured (regional scope, regional cases, a place in
  // the answer, a procedure whose channels differ by place): clients add "以参保地经办机构为准".
  bool regional = false;
  // Channels should offer a person: the question is another part of medical insurance (verdict
  // unknown), the match is weak (confidence below scoring.handoff_below) or the answer is an excerpt.
  bool handoff = false;
  // The answer is an excerpt of a policy article (verdict info, its citation as source), given
  // because no entry answers the question well: clients may mark it (摘录). In the JSON only when true.
  bool excerpt = false;
  // Diagnostics, not part of the answer contract.
  std::vector<std::string> corrections;
  bool suggested = false;
  nlohmann::json debug;  // terms, match expression and ranking (filled for --ask only)
  // The contract's JSON; `with_context` false leaves the context out (the cache adds it per answer).
  nlohmann::json to_json(bool with_context = true) const;
  // The same JSON as text, byte for byte what to_json().dump() gives, written directly: building
  // the JSON object first cost as much as a third of an uncached answer.
  std::string json_text(bool with_context = true) const;
};

}  // namespace kb
