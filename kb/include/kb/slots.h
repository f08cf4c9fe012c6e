// Slot extraction: which relative, region and intent a question names, and the value slots of
// slots.yaml (insurance type, channel, purpose …).
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "kb/analyzer.h"

namespace kb {

struct Slots {
  std::string relation, region, intent;
  std::map<std::string, std::string> values;  // value slots (slots.yaml): key → value
  int region_index = -1;                      // gazetteer index, -1 when unknown or not given
  bool cross_province = false;                // the question names places in two provinces
  bool same_province = false;                 // the question names two or more places, all in one province
  bool relation_unclear = false;  // a relative is named, but who it is to the asker is not (孩子他爷爷)
  // The relative is named after 他/她 ("那她爸呢"): theirs, not the asker's; a follow-up composes it
  // with the relative of the previous turn (配偶 + 父母 = 配偶的父母). Not carried on.
  bool relation_of_third_person = false;
  // Whose account it is, when the question names its owner and the relative was re-read as the
  // owner's ("老公的医保能给公公用吗": owner 配偶, relation 父母); empty otherwise. Not carried on.
  std::string owner;
  // A bare 他/她 (no kinship term after it) names a person: inside a conversation, the relative of
  // the previous turn ("共济给他行不" after a question about a friend). Not carried on.
  bool names_third_person = false;
  // A word asking yes or no (slots.yaml intent `can`: 能, 可以, 吗 …) occurs, whatever the intent.
  bool asks_whether = false;
  // It asks whether a negative holds ("是不是不能给岳父用"): its yes is the rule's no.
  bool negated = false;
  // Any slot by key ("" when not filled).
  const std::string& get(const std::string& key) const;
  void set(const std::string& key, const std::string& value);
  // Every filled slot but the intent (what a conversation carries on): key → value.
  std::map<std::string, std::string> carried() const;
  // Every filled slot as template variables ({relation}, {channel} …); empty for the rest.
  std::map<std::string, std::string> template_vars(const Lexicon& lexicon) const;
  nlohmann::json to_json() const;
  // Whether the question asks if a conduct is a violation or punished ("算不算违规", "会不会被罚"):
  // the intents slots.yaml names violation and penalty.
  bool asks_of_conduct() const { return intent == "violation" || intent == "penalty"; }
  // Whether the question asks only how or with what ("给我妈绑要怎么弄", "要带啥"), not whether.
  bool asks_only_how() const { return (intent == "how" || intent == "materials") && !asks_whether; }
};

// `request_region` (the request's "region" field) applies when the question names no region.
Slots extract_slots(const Analysis& a, const Lexicon& lex, std::string_view request_region = {});

}  // namespace kb
