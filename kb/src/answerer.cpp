#include "kb/answerer.h"

#include <algorithm>
#include <ctime>
#include <regex>
#include <unordered_map>
#include <unordered_set>
#include <span>

#include "kb/normalizer.h"
#include "kb/rules.h"
#include "kb/text.h"

namespace kb {
namespace {

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

struct QueryTerm {
  uint32_t id;
  double weight;
  bool selective;  // its postings are short enough to walk
};

struct Scored {
  int entry;
  double score;     // the ranking score
  double question;  // best phrasing match
  double answer;    // answer coverage
};

// Per-thread scores keyed by a dense index (rows or entries), reset in O(touched): the arrays
// are allocated once per thread and size, and only the touched slots are cleared.
class ScoreBoard {
 public:
  void reset(size_t n) {
    if (values_.size() < n) {
      values_.resize(n, 0.0f);
      seen_.resize(n, 0);
    }
    for (uint32_t i : touched_) {
      values_[i] = 0.0f;
      seen_[i] = 0;
    }
    touched_.clear();
  }
  void add(uint32_t i, float v) {
    if (!seen_[i]) {
      seen_[i] = 1;
      touched_.push_back(i);
    }
    values_[i] += v;
  }
  void max(uint32_t i, float v) {
    if (!seen_[i]) {
      seen_[i] = 1;
      touched_.push_back(i);
      values_[i] = v;
    } else if (v > values_[i]) {
      values_[i] = v;
    }
  }
  float get(uint32_t i) const { return values_[i]; }
  const std::vector<uint32_t>& touched() const { return touched_; }

 private:
  std::vector<float> values_;
  std::vector<uint8_t> seen_;
  std::vector<uint32_t> touched_;
};

// How many postings a term may have and still select candidates; longer lists (医保, 余额 in a
// big store) only add to the score of rows found through rarer terms. FTS5's cost follows the
// number of matching rows, and so does this.
size_t selective_limit(size_t rows) { return std::max<size_t>(4096, rows / 50); }
constexpr size_t kMaxCandidateRows = 20000;
constexpr size_t kSlotBonusTop = 12;

// Ranks entries by concept overlap with their best phrasing (both directions), answer coverage
// and slot evidence; only entries in force for the date and region are kept.
std::vector<Scored> retrieve(const Store& store, std::vector<QueryTerm>& qterms, double query_norm, const Slots& slots,
                             const std::string& as_of) {
  std::vector<Scored> ranked;
  if (qterms.empty() || query_norm <= 0) return ranked;
  thread_local ScoreBoard rows, entries;
  rows.reset(store.row_count());
  entries.reset(store.entry_count());

  const size_t limit = selective_limit(store.row_count());
  std::sort(qterms.begin(), qterms.end(),
            [&](const QueryTerm& a, const QueryTerm& b) { return store.postings(a.id).size() < store.postings(b.id).size(); });
  for (auto& q : qterms) q.selective = store.postings(q.id).size() <= limit;
  if (!qterms.front().selective) qterms.front().selective = true;  // the rarest term always selects
  for (const auto& q : qterms) {
    if (!q.selective) continue;
    auto list = store.postings(q.id);
    size_t n = std::min(list.size(), kMaxCandidateRows);
    for (size_t k = 0; k < n; ++k) rows.add(list[k], static_cast<float>(q.weight));
  }
  for (uint32_t row : rows.touched()) {
    double matched = rows.get(row);
    for (const auto& q : qterms) {
      if (q.selective) continue;
      auto terms = store.row_terms(row);
      if (std::find(terms.begin(), terms.end(), q.id) != terms.end()) matched += q.weight;
    }
    double norm = store.row_norm(row);
    if (norm <= 0) continue;
    // Both directions count equally (measured: 0.4–0.7 on the phrasing side all scored lower).
    entries.max(static_cast<uint32_t>(store.row_entry(row)), static_cast<float>(0.5 * matched / norm + 0.5 * matched / query_norm));
  }
  const Lexicon& lex = store.lexicon();
  for (uint32_t e : entries.touched()) {
    const EntryInfo& info = store.info(static_cast<int>(e));
    if (!in_force(info.effective_from, info.effective_to, as_of)) continue;
    if (!info.regions.empty()) {
      int province = lex.province_of(slots.region_index);
      if (std::none_of(info.regions.begin(), info.regions.end(),
                       [&](int r) { return r >= 0 && (r == slots.region_index || r == province); }))
        continue;
    }
    auto answer_terms = store.answer_terms(static_cast<int>(e));
    double covered = 0;
    for (const auto& q : qterms)
      if (std::binary_search(answer_terms.begin(), answer_terms.end(), q.id)) covered += q.weight;
    double a = covered / query_norm, qs = entries.get(e);
    ranked.push_back({static_cast<int>(e), 0.85 * qs + 0.15 * a, qs, a});
  }
  auto by_score = [](const Scored& x, const Scored& y) { return x.score != y.score ? x.score > y.score : x.entry < y.entry; };
  std::sort(ranked.begin(), ranked.end(), by_score);
  // Slot evidence needs the entry's rules: only the leaders can be overtaken by it.
  for (size_t i = 0; i < ranked.size() && i < kSlotBonusTop; ++i)
    ranked[i].score += slot_bonus(*store.entry(ranked[i].entry), slots, lex);
  std::sort(ranked.begin(), ranked.begin() + static_cast<long>(std::min(ranked.size(), kSlotBonusTop)), by_score);
  return ranked;
}

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

std::string Answerer::ask_json(const AskRequest& req) const {
  if (!cache_.enabled()) return ask(req).to_json().dump();
  validate(req, t_.max_question_chars);  // bad input is never cached, and always reported
  std::string key = normalize_utf8(req.question);
  for (const auto* part : {&req.region, &req.format}) (key += '\x1f') += *part;
  (key += '\x1f') += req.as_of.empty() ? today_iso() : req.as_of;
  if (auto hit = cache_.get(key)) return *hit;
  std::string body = ask(req).to_json().dump();
  cache_.put(key, body);
  return body;
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
  double query_norm = 0;
  std::vector<std::string> offtopic;
  std::vector<QueryTerm> qterms;
  for (const auto& t : terms) {
    TermStats st = store_.term(t.key);
    double w = t.weight * (st.id >= 0 ? store_.idf(st.id) : store_.unknown_idf());
    query_norm += w;
    if (st.id >= 0 && w > 0) qterms.push_back({static_cast<uint32_t>(st.id), store_.term_weight(st.id), false});
    if (t.kind == TermKind::Offtopic) offtopic.push_back(t.key);
  }

  std::vector<Scored> ranked = retrieve(store_, qterms, query_norm, resp.slots, as_of);
  std::string match;
  if (ranked.empty()) {
    // No phrasing shares a term with the question: FTS5 over the texts, by character phrases,
    // still finds related entries to offer.
    std::vector<std::string> words;
    for (const auto& tok : analysis.tokens)
      if (tok.form < 0 || lex.sense(tok.form).concept_id < 0 ||
          lex.concept_kind(lex.sense(tok.form).concept_id) != TermKind::Filler)
        words.push_back(tok.text);
    match = compile_text_match(words);
    for (const auto& h : store_.search_text(match, 8))
      if (std::none_of(ranked.begin(), ranked.end(), [&](const Scored& x) { return x.entry == h.entry; }))
        ranked.push_back({h.entry, 0.0, 0.0, 0.0});
  }

  if (with_debug) {
    nlohmann::json tj = nlohmann::json::array(), rj = nlohmann::json::array(), toks = nlohmann::json::array();
    for (const auto& t : terms) tj.push_back(t.key);
    for (const auto& t : analysis.tokens) toks.push_back(t.text);
    for (size_t i = 0; i < ranked.size() && i < 6; ++i)
      rj.push_back({store_.info(ranked[i].entry).id, ranked[i].score, store_.entry(ranked[i].entry)->question,
                    ranked[i].question, ranked[i].answer});
    resp.debug = {{"tokens", toks}, {"terms", tj}, {"match", match}, {"ranked", rj}, {"corrections", analysis.corrections}};
  }

  auto related_from = [&](size_t skip_first) {
    std::vector<Related> out;
    for (size_t i = skip_first; i < ranked.size() && out.size() < kMaxRelated; ++i) {
      if (ranked[i].score < t_.floor * 0.5) break;
      out.push_back({store_.info(ranked[i].entry).id, store_.entry(ranked[i].entry)->question});
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
    std::span<const uint32_t> ids;
    if (!ranked.empty()) ids = store_.entry_terms(ranked.front().entry);
    for (const auto& t : terms) {
      if (t.kind != TermKind::Offtopic) continue;
      TermStats st = store_.term(t.key);
      bool shared = st.id >= 0 && std::binary_search(ids.begin(), ids.end(), static_cast<uint32_t>(st.id));
      if (!shared || !anchored) foreign = true;
    }
  }
  // Without any word of its own subject a question needs a confident match to be answered.
  double floor = anchored ? t_.floor : t_.direct;

  const bool oos_entry = !ranked.empty() && store_.info(ranked.front().entry).topic == "out_of_scope";
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
  std::shared_ptr<const Entry> entry_ptr = store_.entry(best.entry);
  const Entry& entry = *entry_ptr;
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
                         store_.info(ranked[1].entry).topic != entry.topic;
  if (best.score < t_.direct || close_runner_up) {
    resp.suggested = true;
    for (const auto& r : resp.related) in.suggestions.push_back(r.question);
  }
  resp.answer = render_answer(in, format);
  return resp;
}

}  // namespace kb
