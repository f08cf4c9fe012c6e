// Every number that decides which entry answers and how surely: one struct, loaded from the
// server's configuration (config/faq.yaml `scoring:` and the threshold_* keys) and printed by
// `faq-server --print-config`, so a sweep needs no rebuild. Index-time weights (kind factors)
// are data in kb/lexicon/concepts.yaml instead: the store is built with them.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace kb {

struct ScoringParams {
  // Decision.
  double floor = 0.30;              // below: out of scope
  double direct = 0.50;             // at or above (with the margin): answer without suggestions
  double margin = 0.04;             // a runner-up of another topic closer than this makes the match uncertain
  double clear_match_margin = 0.2;  // above direct by this: an aside naming another domain is ignored
  // So is one whose question shares at least this many of this subject's words with the best entry
  // per word of the other domain.
  size_t aside_domain_terms = 4;
  double related_floor = 0.5;  // related entries score at least this fraction of the floor
  size_t max_related = 3;
  size_t text_search_limit = 8;  // entries the full-text fallback offers when no concept matches
  // Ranking.
  double phrasing_blend = 0.5;     // weight of the phrasing's side of the overlap (the question's: the rest)
  double question_weight = 0.85;   // weight of the best phrasing's match
  double coverage_weight = 0.15;   // weight of the answers' coverage of the question
  size_t rank_top = 64;            // entries that go on to answer coverage
  size_t candidate_budget = 4000;  // phrasing rows collected from rare terms before common ones only rank
  double slot_bonus_per_slot = 0.05, slot_bonus_max = 0.1;  // rules that test what the question states
  size_t slot_bonus_top = 6;
  double claim_bonus = 0.25;  // an entry claiming a concept the question names (Entry::claims)
  // An entry of a topic about others (TopicDef::about_others) when the question names nobody but
  // the asker: no relative, no person word (家人, 别人, 共济, 哪些人).
  double nobody_else_penalty = 0.15;
  // An entry of a topic that shuns a concept the question names (TopicDef::shuns).
  double shun_penalty = 0.1;
  // An entry of a conduct topic (TopicDef::conduct) when the question asks whether a conduct is a
  // violation or punished ("药店让刷米面油，算不算违规").
  double conduct_bonus = 0.05;
  // An entry of a topic whose rules answer whether (TopicDef::whether) when the question asks only
  // how or with what, with no word asking yes or no ("给我妈绑要怎么弄" is how to bind).
  double how_only_penalty = 0.05;
  // Among the best few, an entry whose own question asks why ("为什么余额显示为0") when the question
  // asks whether ("我哥哥姐姐可以用我的个人账户吗").
  double why_entry_penalty = 0.05;
  double handoff_below = 0.5;  // an answer less sure than this tells channels to offer a person
  // A passage of a policy article matching at least this is quoted as an excerpt when no entry
  // answers (decider.h: excerpt).
  double passage_floor = 0.25;
  // Composition and dialogue.
  size_t short_question_chars = 24;  // a 能…吗 about a procedure this short is answered yes
  size_t elliptical_chars = 6;       // a reply this short continues the previous topic
  // Inside a conversation, an entry of the previous topic's family this close to the best one
  // wins the near tie: people mostly go on with what they were asking about.
  double continuity_margin = 0.06;
  // An elliptical reply with new words ("老人不会用手机呢") is read inside the previous topic's
  // family when an entry of it ranks within this of the best; further behind, the new words have
  // moved the question elsewhere ("那能一次性全取出来吗" after whether the balance is cleared).
  double family_margin = 0.2;

  // A domain-free store (no lexicon: FAQ sheets only, questions read as ICU words and characters;
  // kb/defaults/) has no synonyms to make a paraphrase match whole: it shares part of its
  // characters. There the phrasing score is the weighted harmonic mean of both sides (an
  // F-measure), which ranked question-pair corpora better than their average (bench/README.md),
  // and the thresholds fit its scale.
  struct DomainFree {
    double phrasing_blend = 1.0 / 3;  // the phrasing side's weight in the harmonic mean
    // Below the floor: out of scope. At 0.35 every right answer of the corpora stays answered,
    // and of the questions of one corpus run against the other's pool (花呗 questions), 17 %
    // still are (bench/README.md); a match below `direct` is offered with suggestions.
    double floor = 0.35, direct = 0.60, handoff_below = 0.50;
  };
  DomainFree domain_free;
  bool harmonic = false;  // set by for_domain_free(), never by the configuration

  // These parameters as a domain-free store uses them: `domain_free` in place, the harmonic mean,
  // and the best phrasing's match alone (answers yield no terms without a lexicon).
  ScoringParams for_domain_free() const;

  // Problems with the values, one line each (empty when all are usable).
  std::vector<std::string> problems() const;
  // One "name: value" line per parameter, in the config file's terms.
  std::string describe() const;
};

// Limits on a request, beyond the HTTP body limit.
struct RequestLimits {
  size_t max_question_chars = 500;
  size_t max_region_chars = 50;
};

}  // namespace kb
