#include "kb/answerer.h"

#include <algorithm>
#include <ctime>
#include <regex>
#include <unordered_map>
#include <unordered_set>

#include "kb/rules.h"
#include "kb/text.h"

namespace kb {
namespace {

constexpr int kCandidateRows = 64;
constexpr size_t kMaxRelated = 3;

// Slot evidence: an entry whose rules test exactly what the question states (a cross-province
// case, a rule on the relative or channel named) fits better than one that ignores it.
double slot_bonus(const Entry& e, const Slots& s, const Lexicon& lex) {
  constexpr double kPerSlot = 0.05, kMax = 0.1;
  double best = 0;
  for (const auto& c : e.cases) {
    if (c.when.empty()) continue;
    int stated = 0;
    bool holds = true;
    for (const auto& [key, values] : c.when.slots) {
      // Nearly every family question names a relative; that is no evidence for one entry.
      if (key == "relation" || key == "intent") continue;
      if (s.get(key).empty()) {
        holds = false;
        break;
      }
      ++stated;
    }
    if (c.when.cross_province) {
      if (!s.cross_province) holds = false;
      ++stated;
    }
    if (!holds || stated == 0) continue;
    Condition slots_only = c.when;
    slots_only.any.clear();
    slots_only.none.clear();
    if (!condition_holds(slots_only, s, U"", lex)) continue;
    best = std::max(best, std::min(kMax, kPerSlot * stated));
  }
  return best;
}

struct Scored {
  int entry;
  double score;
};

bool valid_date(const std::string& d) {
  static const std::regex re(R"((\d{4})-(\d{2})-(\d{2}))");
  std::smatch m;
  if (!std::regex_match(d, m, re)) return false;
  int month = std::stoi(m[2]), day = std::stoi(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

void validate(const AskRequest& r, size_t max_chars) {
  if (!is_valid_utf8(r.question) || !is_valid_utf8(r.region) || !is_valid_utf8(r.channel))
    throw InvalidRequest("invalid_utf8", "text fields must be valid UTF-8");
  size_t n = utf8_length(r.question);
  bool blank = std::all_of(r.question.begin(), r.question.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
  if (n == 0 || blank) throw InvalidRequest("empty_question", "question must not be empty");
  if (n > max_chars)
    throw InvalidRequest("question_too_long", "question has " + std::to_string(n) + " characters; the limit is " + std::to_string(max_chars));
  Format f;
  if (!parse_format(r.format, f)) throw InvalidRequest("invalid_format", "format must be text, markdown or speech");
  if (!r.as_of.empty() && !valid_date(r.as_of)) throw InvalidRequest("invalid_as_of", "as_of must be a date YYYY-MM-DD");
  if (utf8_length(r.region) > 50) throw InvalidRequest("invalid_region", "region is too long");
}

}  // namespace

std::string today_iso() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[11];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

nlohmann::json AskResponse::to_json() const {
  nlohmann::json src = nlohmann::json::array();
  for (const auto& s : sources) src.push_back(s);
  nlohmann::json rel = nlohmann::json::array();
  for (const auto& r : related) rel.push_back({{"entry_id", r.entry_id}, {"question", r.question}});
  return {{"answer", answer},     {"verdict", verdict}, {"topic", topic},           {"entry_id", entry_id},
          {"confidence", confidence}, {"slots", slots.to_json()}, {"sources", src}, {"related", rel},
          {"kb_version", kb_version}};
}

AskResponse Answerer::ask(const AskRequest& req, bool with_debug) const {
  validate(req, t_.max_question_chars);
  Format format;
  parse_format(req.format, format);
  const std::string as_of = req.as_of.empty() ? today_iso() : req.as_of;
  const Lexicon& lex = store_.lexicon();
  const Analyzer& analyzer = store_.analyzer();

  Analysis analysis = analyzer.analyze(req.question);
  std::vector<Term> terms = analyzer.terms(analysis);
  AskResponse resp;
  resp.kb_version = store_.kb_version();
  resp.corrections = analysis.corrections;
  resp.slots = extract_slots(analysis, lex, req.region);

  // Two places in different provinces imply what 异地/跨省 would have said in words.
  if (resp.slots.cross_province) {
    int c = lex.find_concept("异地");
    bool present = std::any_of(terms.begin(), terms.end(), [](const Term& t) { return t.key == "异地"; });
    if (c >= 0 && !present) terms.push_back({"异地", TermKind::Domain, lex.concepts()[static_cast<size_t>(c)].weight});
  }

  // Query-side weights: the same function weighs the rows below.
  std::unordered_map<int, double> query_weight;  // term id → weight
  double query_norm = 0;
  std::vector<std::string> offtopic;
  for (const auto& t : terms) {
    TermStats st = store_.term(t.key);
    double w = t.weight * (st.id >= 0 ? store_.idf(st.id) : store_.unknown_idf());
    query_norm += w;
    if (st.id >= 0) query_weight[st.id] = w;
    if (t.kind == TermKind::Offtopic) {
      offtopic.push_back(t.key);
    }
  }

  std::string match = compile_match(terms, [&](const std::string& k) { return store_.term(k); },
                                    static_cast<int>(store_.entries().size()));
  std::vector<Hit> hits = store_.search(match, kCandidateRows);

  // Re-score: how much of the phrasing the question covers, and how much of the question the
  // phrasing covers, each weighted by idf × kind. An answer row only adds coverage evidence.
  std::unordered_map<int, double> best_question, best_answer;
  std::unordered_map<int, std::string> best_row;
  for (const auto& h : hits) {
    double matched = 0, row_norm = 0;
    for (int id : h.term_ids) {
      double w = store_.term_weight(id);
      row_norm += w;
      if (auto it = query_weight.find(id); it != query_weight.end()) matched += w;
    }
    if (row_norm <= 0 || query_norm <= 0) continue;
    if (h.is_answer) {
      best_question.try_emplace(h.entry, 0.0);  // found through its answer only
    } else {
      // Both directions count equally (measured: 0.4–0.7 on the phrasing side all scored lower).
      double s = 0.5 * matched / row_norm + 0.5 * matched / query_norm;
      auto& b = best_question[h.entry];
      if (s > b) best_row[h.entry] = h.text;
      b = std::max(b, s);
    }
  }
  // How much of the question the entry's answers cover: evidence for every candidate alike.
  for (const auto& [entry, q] : best_question) {
    const auto& ids = store_.entries()[static_cast<size_t>(entry)].answer_term_ids;
    double matched = 0;
    for (const auto& [id, w] : query_weight)
      if (std::binary_search(ids.begin(), ids.end(), id)) matched += w;
    best_answer[entry] = query_norm > 0 ? matched / query_norm : 0;
  }
  std::vector<Scored> ranked;
  for (const auto& [entry, q] : best_question) {
    const Entry& e = store_.entries()[static_cast<size_t>(entry)].entry;
    if (!entry_applies(e, resp.slots, lex, as_of)) continue;
    double a = best_answer.count(entry) ? best_answer[entry] : 0;
    ranked.push_back({entry, 0.85 * q + 0.15 * a + slot_bonus(e, resp.slots, lex)});
  }
  std::sort(ranked.begin(), ranked.end(), [](const Scored& x, const Scored& y) {
    return x.score != y.score ? x.score > y.score : x.entry < y.entry;
  });

  if (with_debug) {
    nlohmann::json tj = nlohmann::json::array(), rj = nlohmann::json::array(), toks = nlohmann::json::array();
    for (const auto& t : terms) tj.push_back(t.key);
    for (const auto& t : analysis.tokens) toks.push_back(t.text);
    for (size_t i = 0; i < ranked.size() && i < 6; ++i)
      rj.push_back({store_.entries()[static_cast<size_t>(ranked[i].entry)].entry.id, ranked[i].score, best_row[ranked[i].entry],
                  best_question[ranked[i].entry], best_answer[ranked[i].entry]});
    resp.debug = {{"tokens", toks}, {"terms", tj}, {"match", match}, {"ranked", rj}, {"corrections", analysis.corrections}};
  }

  auto related_from = [&](size_t skip_first) {
    std::vector<Related> out;
    for (size_t i = skip_first; i < ranked.size() && out.size() < kMaxRelated; ++i) {
      if (ranked[i].score < t_.floor * 0.5) break;
      const Entry& e = store_.entries()[static_cast<size_t>(ranked[i].entry)].entry;
      out.push_back({e.id, e.question});
    }
    return out;
  };

  // Another domain's words dominate when the question has none of this service's own words
  // (医保, 个人账户, 共济 …) or the best entry never uses them: never answer 公积金 with a rule
  // that merely shares 提取.
  bool anchored = false;
  for (const auto& tok : analysis.tokens) {
    if (tok.form < 0) continue;
    int c = lex.sense(tok.form).concept_id;
    if (c >= 0 && lex.concepts()[static_cast<size_t>(c)].anchor) anchored = true;
  }
  bool foreign = false;
  if (!offtopic.empty()) {
    const std::vector<int>* ids = ranked.empty() ? nullptr : &store_.entries()[static_cast<size_t>(ranked.front().entry)].term_ids;
    for (const auto& t : terms) {
      if (t.kind != TermKind::Offtopic) continue;
      TermStats st = store_.term(t.key);
      bool shared = ids && st.id >= 0 && std::binary_search(ids->begin(), ids->end(), st.id);
      if (!shared || !anchored) foreign = true;
    }
  }
  // Without any word of its own subject a question needs a confident match to be answered.
  double floor = anchored ? t_.floor : t_.direct;

  const bool oos_entry = !ranked.empty() && store_.entries()[static_cast<size_t>(ranked.front().entry)].entry.topic == "out_of_scope";
  if (ranked.empty() || ranked.front().score < floor || (foreign && !oos_entry)) {
    resp.topic = "out_of_scope";
    resp.verdict = "unknown";
    resp.confidence = ranked.empty() ? 0 : std::min(1.0, ranked.front().score);
    resp.related = related_from(0);
    std::vector<std::string> related_questions;
    for (const auto& r : resp.related) related_questions.push_back(r.question);
    resp.answer = render_out_of_scope(offtopic, resp.slots, related_questions, format);
    return resp;
  }

  const Scored& best = ranked.front();
  const Entry& entry = store_.entries()[static_cast<size_t>(best.entry)].entry;
  const Case* chosen = select_case(entry, resp.slots, analysis.text, lex, as_of);
  if (!chosen) chosen = &entry.cases.back();
  resp.topic = entry.topic;
  resp.entry_id = entry.id;
  resp.verdict = chosen->verdict;
  resp.confidence = std::min(1.0, best.score);
  resp.sources = entry.sources;
  resp.related = related_from(1);

  RenderInput in{&entry, chosen, &resp.slots, {}};
  bool close_runner_up = ranked.size() > 1 && best.score - ranked[1].score < t_.margin &&
                         store_.entries()[static_cast<size_t>(ranked[1].entry)].entry.topic != entry.topic;
  if (best.score < t_.direct || close_runner_up) {
    resp.suggested = true;
    for (const auto& r : resp.related) in.suggestions.push_back(r.question);
  }
  resp.answer = render_answer(in, format);
  return resp;
}

}  // namespace kb
