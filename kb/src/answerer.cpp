#include "kb/answerer.h"

#include <algorithm>
#include <ctime>
#include <regex>
#include <set>
#include <span>
#include <unordered_map>
#include <unordered_set>

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
      // Nearly every family question names a relative, and most ask "can" or "how": no evidence
      // for one entry. A rarer intent (why, consequence, materials) is.
      if (key == "relation") continue;
      if (key == "intent" && (s.intent.empty() || s.intent == "can" || s.intent == "how")) continue;
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
    if (c.when.same_province) {
      if (!s.same_province) holds = false;
      ++stated;
    }
    if (!holds || stated == 0) continue;
    Condition slots_only = c.when;
    slots_only.any.clear();
    slots_only.none.clear();
    if (!condition_holds(slots_only, s, "", lex)) continue;
    best = std::max(best, std::min(kMax, kPerSlot * stated));
  }
  return best;
}

struct QueryTerm {
  uint32_t id;
  double weight;
  bool selective;       // its postings are short enough to walk
  bool common = false;  // a word so frequent here that it only ranks (医保, 用, 能不能)
};

using Scored = Candidate;

// Per-thread scores for at most kCapacity/2 keys (rows or entries): open addressing with linear
// probing, reset in O(touched). Fixed size whatever the store, so a million-entry store costs no
// more memory per server thread than a small one.
class ScoreMap {
 public:
  static constexpr uint32_t kCapacity = 1u << 13;  // ≥ 2 × kCandidateBudget; 64 KiB a map
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  ScoreMap() : keys_(kCapacity, kEmpty), values_(kCapacity, 0.0f) {}
  // `dense`: every key is below kCapacity (a store of the project's size), so a key is its own
  // slot and no hashing or probing is needed.
  void reset(bool dense) {
    for (uint32_t slot : touched_) keys_[slot] = kEmpty;
    touched_.clear();
    dense_ = dense;
  }
  bool full() const { return touched_.size() >= kCapacity / 2; }
  // Adds v to key's score; a new key is only admitted while there is room (returns false if not).
  bool add(uint32_t key, float v) {
    uint32_t slot = find(key);
    if (keys_[slot] == kEmpty) {
      if (full()) return false;
      keys_[slot] = key;
      values_[slot] = 0.0f;
      touched_.push_back(slot);
    }
    values_[slot] += v;
    return true;
  }
  void max(uint32_t key, float v) {
    uint32_t slot = find(key);
    if (keys_[slot] == kEmpty) {
      if (full()) return;
      keys_[slot] = key;
      values_[slot] = v;
      touched_.push_back(slot);
    } else if (v > values_[slot]) {
      values_[slot] = v;
    }
  }
  bool dense() const { return dense_; }
  void add_if_present(uint32_t key, float v) {
    uint32_t slot = find(key);
    if (keys_[slot] != kEmpty) values_[slot] += v;
  }
  template <class F>
  void for_each(F&& f) const {
    for (uint32_t slot : touched_) f(keys_[slot], values_[slot]);
  }

 private:
  uint32_t find(uint32_t key) const {
    if (dense_) return key;
    uint32_t slot = (key * 2654435761u) & (kCapacity - 1);
    while (keys_[slot] != kEmpty && keys_[slot] != key) slot = (slot + 1) & (kCapacity - 1);
    return slot;
  }
  std::vector<uint32_t> keys_;
  std::vector<float> values_;
  std::vector<uint32_t> touched_;
  bool dense_ = false;
};

// Candidate rows come from the rarest query terms first, until kCandidateBudget rows are
// collected; the remaining, commoner terms only add to the score of rows already found (FTS5's
// cost follows the number of matching rows, and so would ours without this). On the project's own
// knowledge base every term fits the budget, so nothing is cut.
constexpr size_t kCandidateBudget = 4000;
static_assert(kCandidateBudget <= ScoreMap::kCapacity / 2, "the candidate budget must fit the score map");
constexpr size_t kSlotBonusTop = 6;

// Ranks entries by concept overlap with their best phrasing (both directions), answer coverage
// and slot evidence; only entries in force for the date and region are kept.
std::vector<Scored> retrieve(const Store& store, std::vector<QueryTerm>& qterms, double query_norm, const Slots& slots,
                             const std::string& as_of) {
  std::vector<Scored> ranked;
  if (qterms.empty() || query_norm <= 0) return ranked;
  thread_local ScoreMap rows, entries;
  rows.reset(store.row_count() <= ScoreMap::kCapacity);
  entries.reset(store.entry_count() <= ScoreMap::kCapacity);

  std::sort(qterms.begin(), qterms.end(), [&](const QueryTerm& a, const QueryTerm& b) {
    if (a.common != b.common) return !a.common;  // content words select first
    return store.postings(a.id).size() < store.postings(b.id).size();
  });
  size_t collected = 0;
  if (qterms.size() >= 2 && store.postings(qterms[0].id).size() > kCandidateBudget) {
    // Even the rarest term is common: candidates are the rows holding both of the two rarest
    // terms (postings are sorted by row, so this is one merge).
    auto a = store.postings(qterms[0].id), b = store.postings(qterms[1].id);
    auto w = static_cast<float>(qterms[0].weight + qterms[1].weight);
    for (size_t i = 0, j = 0; i < a.size() && j < b.size() && collected < kCandidateBudget;) {
      if (a[i] < b[j])
        ++i;
      else if (b[j] < a[i])
        ++j;
      else {
        rows.add(a[i], w);
        ++collected, ++i, ++j;
      }
    }
    qterms[0].selective = qterms[1].selective = true;
  }
  for (auto& q : qterms) {
    if (q.selective) continue;
    auto list = store.postings(q.id);
    // The rarest term always selects (capped at the budget); the others while the budget allows.
    // Common words only rank unless nothing else selected: walking their long postings for every
    // question cost more than the rest of retrieval, and a row that shares only 医保/用 with the
    // question is never the answer to it.
    if (q.common && collected > 0) continue;
    q.selective = collected == 0 || collected + list.size() <= kCandidateBudget;
    if (!q.selective) continue;
    size_t n = std::min(list.size(), kCandidateBudget);
    for (size_t k = 0; k < n; ++k) rows.add(list[k], static_cast<float>(q.weight));
    collected += n;
  }
  // Ranking-only terms add to rows already found. With a dense map a posting is checked in O(1),
  // so walking their postings beats searching every candidate's terms; a large store (hashed map,
  // postings of a million rows) searches the candidates instead.
  const bool walk_postings = rows.dense();
  if (walk_postings)
    for (const auto& q : qterms)
      if (!q.selective)
        for (uint32_t row : store.postings(q.id)) rows.add_if_present(row, static_cast<float>(q.weight));
  rows.for_each([&](uint32_t row, float acc) {
    double matched = acc;
    if (!walk_postings) {
      auto terms = store.row_terms(row);
      for (const auto& q : qterms)
        if (!q.selective && std::find(terms.begin(), terms.end(), q.id) != terms.end()) matched += q.weight;
    }
    double norm = store.row_norm(row);
    if (norm <= 0) return;
    // Both directions count equally (measured: 0.4–0.7 on the phrasing side all scored lower).
    entries.max(static_cast<uint32_t>(store.row_entry(row)),
                static_cast<float>(0.5 * matched / norm + 0.5 * matched / query_norm));
  });
  const Lexicon& lex = store.lexicon();
  // Entries in force for the date and region, by their best phrasing; only the best kRankTop go
  // on to answer coverage and sorting (a larger store touches thousands).
  constexpr size_t kRankTop = 64;
  std::vector<std::pair<float, uint32_t>> candidates;
  entries.for_each([&](uint32_t e, float qs) {
    const EntryInfo& info = store.info(static_cast<int>(e));
    if (!in_force(info.effective_from, info.effective_to, as_of)) return;
    if (!info.regions.empty()) {
      int province = lex.province_of(slots.region_index);
      if (std::none_of(info.regions.begin(), info.regions.end(),
                       [&](int r) { return r >= 0 && (r == slots.region_index || r == province); }))
        return;
    }
    candidates.emplace_back(qs, e);
  });
  auto better = [](const std::pair<float, uint32_t>& x, const std::pair<float, uint32_t>& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  };
  if (candidates.size() > kRankTop) {
    std::nth_element(candidates.begin(), candidates.begin() + kRankTop, candidates.end(), better);
    candidates.resize(kRankTop);
  }
  for (const auto& [qs, e] : candidates) {
    auto answer_terms = store.answer_terms(static_cast<int>(e));
    double covered = 0;
    for (const auto& q : qterms)
      if (std::binary_search(answer_terms.begin(), answer_terms.end(), q.id)) covered += q.weight;
    double a = covered / query_norm;
    ranked.push_back({static_cast<int>(e), 0.85 * qs + 0.15 * a, qs, a});
  }
  auto by_score = [](const Scored& x, const Scored& y) {
    return x.score != y.score ? x.score > y.score : x.entry < y.entry;
  };
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
  bool blank = std::all_of(r.question.begin(), r.question.end(),
                           [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
  if (n == 0 || blank) throw InvalidRequest("empty_question", "question must not be empty");
  if (n > max_chars)
    throw InvalidRequest("question_too_long", "question has " + std::to_string(n) + " characters; the limit is " +
                                                  std::to_string(max_chars));
  Format f;
  if (!parse_format(r.format, f)) throw InvalidRequest("invalid_format", "format must be text, markdown or speech");
  if (!r.as_of.empty() && !valid_date(r.as_of))
    throw InvalidRequest("invalid_as_of", "as_of must be a date YYYY-MM-DD");
  if (utf8_length(r.region) > 50) throw InvalidRequest("invalid_region", "region is too long");
}

}  // namespace

std::string today_iso() {
  // Asked on every request: recomputed once a minute per thread.
  thread_local std::time_t computed = -1;
  thread_local std::string today;
  std::time_t now = std::time(nullptr);
  if (now / 60 != computed) {
    computed = now / 60;
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[11];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    today = buf;
  }
  return today;
}

namespace {
// Bodies longer than this are answered normally but not kept under their raw bytes: the key would
// cost more memory than the answer it saves (questions are short; a body this long carries padding).
constexpr size_t kMaxRawBodyKey = 1024;

std::string raw_body_key(std::string_view body) {
  std::string key = "b" + today_iso() + '\x1f';
  key.append(body);
  return key;
}
}  // namespace

std::string Answerer::serve(const CachedAnswer& cached) const {
  std::string context = codec_.seal(cached.context_prefix, unix_now());
  std::string out;
  out.reserve(cached.body_open.size() + context.size() + 16);
  // base64url and '.': nothing in a context needs escaping
  out.append(cached.body_open).append(",\"context\":\"").append(context).append("\"}");
  return out;
}

std::optional<std::string> Answerer::cached_json(std::string_view body) const {
  if (!cache_.enabled() || body.size() > kMaxRawBodyKey) return std::nullopt;
  if (auto hit = cache_.get(raw_body_key(body))) return serve(*hit);
  return std::nullopt;
}

std::string Answerer::ask_json(const AskRequest& req, std::string_view body) const {
  // A conversation turn depends on its context: never cached.
  if (!cache_.enabled() || !req.context.empty()) return ask(req).to_json().dump();
  validate(req, t_.max_question_chars);  // bad input is never cached, and always reported
  // Keys beside the body as sent: the question as sent (most repeats are byte-identical, and skip
  // normalisation), and the normalised question (punctuation, width and script variants).
  std::string rest;
  for (const auto* part : {&req.region, &req.format}) (rest += '\x1f') += *part;
  (rest += '\x1f') += req.as_of.empty() ? today_iso() : req.as_of;
  const std::string raw_key = "r" + req.question + rest;
  const bool keep_body = !body.empty() && body.size() <= kMaxRawBodyKey;
  AnswerCache::Value hit = cache_.get(raw_key);
  std::string key;
  if (!hit) {
    key = "n" + normalize_utf8(req.question) + rest;
    hit = cache_.get(key);
    if (hit) cache_.put(raw_key, hit);
  }
  if (hit) {
    if (keep_body) cache_.put(raw_body_key(body), hit);
    return serve(*hit);
  }
  AskResponse resp = ask(req);
  nlohmann::json j = resp.to_json();
  j.erase("context");
  auto made = std::make_shared<CachedAnswer>();
  made->body_open = j.dump();
  made->body_open.pop_back();  // the closing brace: serve() appends the context and closes
  made->context_prefix = ContextCodec::payload_prefix(context_state(resp));
  AnswerCache::Value value = std::move(made);
  cache_.put(key, value);
  cache_.put(raw_key, value);
  if (keep_body) cache_.put(raw_body_key(body), value);
  return serve(*value);
}

nlohmann::json AskResponse::to_json() const {
  nlohmann::json src = nlohmann::json::array();
  for (const auto& s : sources) src.push_back(s);
  nlohmann::json rel = nlohmann::json::array();
  for (const auto& r : related) rel.push_back({{"entry_id", r.entry_id}, {"question", r.question}});
  nlohmann::json j = {{"answer", answer},         {"verdict", verdict},       {"topic", topic}, {"entry_id", entry_id},
                      {"confidence", confidence}, {"slots", slots.to_json()}, {"sources", src}, {"related", rel},
                      {"kb_version", kb_version}, {"context", context}};
  if (ask) j["ask"] = {{"slot", ask->slot}, {"question", ask->question}, {"options", ask->options}};
  return j;
}

Retrieval Answerer::retrieve(const Analysis& analysis, const Slots& slots, const std::string& as_of) const {
  const Lexicon& lex = store_.lexicon();
  Retrieval out;
  out.terms = store_.analyzer().terms(analysis);
  // Two places in different provinces imply what 异地/跨省 would have said in words.
  if (slots.cross_province) {
    int c = lex.find_concept("异地");
    bool present = std::any_of(out.terms.begin(), out.terms.end(), [](const Term& t) { return t.key == "异地"; });
    if (c >= 0 && !present)
      out.terms.push_back({"异地", TermKind::Domain, lex.concepts()[static_cast<size_t>(c)].weight});
  }
  // Query-side weights: the same function weighs the rows.
  double query_norm = 0;
  std::vector<QueryTerm> qterms;
  for (const auto& t : out.terms) {
    TermStats st = store_.term(t.key);
    double w = t.weight * (st.id >= 0 ? store_.idf(st.id) : store_.unknown_idf());
    query_norm += w;
    // Common by kind only (医保, 用, 能不能). Treating frequent content words (钱, 家人) the same was
    // measured: retrieval 7.1 → 3.0 µs, but six eligibility questions lost their answer, whose
    // phrasings hold nothing but such words.
    const bool common = t.kind == TermKind::Common;
    if (st.id >= 0 && w > 0) qterms.push_back({static_cast<uint32_t>(st.id), store_.term_weight(st.id), false, common});
    if (t.kind == TermKind::Offtopic) out.offtopic.push_back(t.key);
  }
  out.ranked = kb::retrieve(store_, qterms, query_norm, slots, as_of);
  return out;
}

namespace {

// What a follow-up may state without repeating the question: slot words (a relative, a place, a
// channel …) and facet words (带什么材料). Anything else is content that can start a new topic.
bool is_slot_or_facet_term(const Term& t, const Lexicon& lex) {
  if (t.key == "家人" || t.key == "外人" || t.key == "材料" || t.key == "哪些") return true;
  for (const auto& [key, values] : lex.data().slot_values)
    if (values.count(t.key)) return true;
  return t.kind == TermKind::Common || t.kind == TermKind::Filler;
}

bool elliptical(const std::u32string& text) {
  if (text.empty()) return false;
  bool ends_ne = text.back() == U'呢' || (text.size() >= 2 && text[text.size() - 2] == U'呢');
  bool starts_na = text.rfind(U"那", 0) == 0 || text.rfind(U"要是", 0) == 0 || text.rfind(U"如果是", 0) == 0 ||
                   text.rfind(U"换成", 0) == 0 || text.rfind(U"那么", 0) == 0;
  return ends_ne || starts_na || text.size() <= 6;
}

const std::vector<std::string>& ask_options(const std::string& slot, const Lexicon& lex) {
  static const std::vector<std::string> none;
  if (slot == "relation") return canonical_relations();
  static std::map<std::string, std::vector<std::string>> cache = [&] {
    std::map<std::string, std::vector<std::string>> m;
    for (const auto& [key, values] : lex.data().slot_values)
      for (const auto& [value, forms] : values) m[key].push_back(value);
    return m;
  }();
  auto it = cache.find(slot);
  return it == cache.end() ? none : it->second;
}

std::string ask_question(const std::string& slot) {
  if (slot == "relation") return "请问是给哪位亲属用？比如配偶、父母、子女、兄弟姐妹、祖父母或孙辈。";
  if (slot == "region") return "请问您在哪个城市参保？";
  if (slot == "insurance") return "请问您参加的是职工医保、居民医保，还是以灵活就业身份参保？";
  if (slot == "channel") return "请问您想用哪种方式办理？比如微信、支付宝、APP、电话或窗口。";
  return "请补充一下具体情况。";
}

// "这算违规吗" asks whether something is forbidden, so its yes is the rule's no: the verdict answers
// the question as asked, and the answer's first words say so instead of the rule's 可以/不可以.
void answer_violation_question(AskResponse& resp, const std::u32string& text) {
  if (resp.verdict != "yes" && resp.verdict != "no") return;
  const bool forbidden = resp.verdict == "no";
  const bool scam = text.find(U"骗") != std::u32string::npos && text.find(U"骗保") == std::u32string::npos;
  std::string lead = scam ? (forbidden ? "是骗局。" : "不是骗局。") : (forbidden ? "算违规。" : "不算违规。");
  for (const char* said : {"不可以。", "不可以，", "不行。", "不行，", "不能。", "不能，", "不可信，", "不可信。",
                           "不合规。", "不合规，", "可以。", "可以，", "能。", "行。"}) {
    if (resp.answer.rfind(said, 0) == 0) {
      resp.answer.erase(0, std::string(said).size());
      break;
    }
  }
  resp.answer = lead + resp.answer;
  resp.verdict = forbidden ? "yes" : "no";
}

}  // namespace

void Answerer::answer_entry(AskResponse& resp, int entry_index, double score, const std::vector<Candidate>& ranked,
                            const std::u32string& text, Format format, const std::string& as_of, bool materials) const {
  std::shared_ptr<const Entry> entry_ptr = store_.entry(entry_index);
  const Entry& entry = *entry_ptr;
  const Case* chosen = select_case(entry, resp.slots, text, store_.lexicon(), as_of);
  if (!chosen) chosen = &entry.cases.back();
  resp.topic = entry.topic;
  resp.entry_id = entry.id;
  resp.verdict = chosen->verdict;
  resp.confidence = std::min(1.0, score);
  resp.sources = entry.sources;
  resp.related.clear();
  for (const auto& r : ranked) {
    if (resp.related.size() == kMaxRelated || r.score < t_.floor * 0.5) break;
    if (r.entry != entry_index) resp.related.push_back({store_.info(r.entry).id, store_.entry(r.entry)->question});
  }
  // The materials facet of the same topic ("需要带什么材料").
  const std::string& what_to_bring = !chosen->materials.empty() ? chosen->materials : entry.materials;
  if (materials && !what_to_bring.empty()) {
    resp.verdict = "info";
    std::string text_out = "需要准备的材料：" + fill_template(what_to_bring, resp.slots);
    resp.answer = format == Format::Speech ? speakable(text_out) : text_out;
    return;
  }
  RenderInput in{&entry, chosen, &resp.slots, {}};
  bool close_runner_up = ranked.size() > 1 && ranked[0].entry == entry_index && score - ranked[1].score < t_.margin &&
                         store_.info(ranked[1].entry).topic != entry.topic;
  if (score < t_.direct || close_runner_up) {
    resp.suggested = true;
    for (const auto& r : resp.related) in.suggestions.push_back(r.question);
  }
  resp.answer = render_answer(in, format);
  if (resp.slots.intent == "violation") answer_violation_question(resp, text);
  // "……要准备啥材料" asks for the list: the answer gives it after the rule, and is information.
  if (resp.slots.intent == "materials" && !what_to_bring.empty()) {
    resp.verdict = "info";
    std::string list = "需要准备的材料：" + fill_template(what_to_bring, resp.slots);
    if (format == Format::Speech)
      resp.answer = speakable(list);
    else if (resp.answer.find(list) == std::string::npos)
      resp.answer += (format == Format::Markdown ? "\n\n" : "\n") + list;
  }
  // A short yes/no question answered by how to do it ("支付宝能查余额吗", "能去现场办吗") is a yes:
  // the way exists, and the answer says so first. Only for topics whose answers are procedures, and
  // not for questions of how many or which (能绑几个), nor long calls where 能/吗 may be anywhere.
  static const std::set<std::string> procedural = {"balance_query", "family_sharing_binding", "family_sharing_usage"};
  auto asks_which = [&] {
    for (const char32_t* w : {U"几", U"多少", U"哪", U"什么", U"啥"})
      if (text.find(w) != std::u32string::npos) return true;
    return false;
  };
  constexpr size_t kShortQuestion = 24;  // characters
  if (resp.verdict == "info" && resp.slots.intent == "can" && procedural.count(entry.topic) &&
      text.size() <= kShortQuestion && !asks_which()) {
    resp.verdict = "yes";
    if (resp.answer.rfind("可以", 0) != 0 && resp.answer.rfind("能", 0) != 0) resp.answer = "可以。" + resp.answer;
  }
  if (!chosen->ask.empty() && resp.slots.get(chosen->ask).empty())
    resp.ask = AskPrompt{chosen->ask, ask_question(chosen->ask), ask_options(chosen->ask, store_.lexicon())};
}

bool Answerer::follow_up(const ContextState& prev, const Analysis& analysis, const Retrieval& found, Format format,
                         const std::string& as_of, AskResponse& resp) const {
  const Lexicon& lex = store_.lexicon();
  if (!found.offtopic.empty()) return false;  // "公积金呢" starts afresh
  double content = 0;
  for (const auto& t : found.terms)
    if (!is_slot_or_facet_term(t, lex)) content += t.weight;
  const bool materials = resp.slots.intent == "materials";
  // Inherit what the question does not state; what it states wins.
  Slots merged = resp.slots;
  bool adds_slot = false;
  for (const auto& [key, value] : prev.slots) {
    const std::string& mine = merged.get(key);
    if (!mine.empty()) {
      adds_slot |= mine != value;
      continue;
    }
    if (key == "relation")
      merged.relation = value;
    else if (key == "region") {
      merged.region = value;
      merged.region_index = lex.find_region(value);
    } else if (key == "insurance")
      merged.insurance = value;
    else if (key == "channel")
      merged.channel = value;
    else if (key == "purpose")
      merged.purpose = value;
  }
  for (const auto& key : {"relation", "region", "insurance", "channel", "purpose"})
    if (!resp.slots.get(key).empty() && !prev.slots.count(key)) adds_slot = true;

  int prev_entry = store_.entry_index(prev.entry_id);
  if (content == 0 && prev_entry >= 0 && (adds_slot || materials)) {
    // "那我哥哥呢", "支付宝呢", "在南京", "我外甥", "需要带什么材料": the same entry, new slots.
    resp.slots = merged;
    answer_entry(resp, prev_entry, 1.0, found.ranked, analysis.text, format, as_of, materials);
    return true;
  }
  if (content > 0 && !prev.topic.empty() && prev.topic != "out_of_scope" && elliptical(analysis.text)) {
    // "老人不会用手机呢": the new words, read inside the previous topic.
    for (const auto& c : found.ranked) {
      if (store_.info(c.entry).topic != prev.topic) continue;
      if (c.score < t_.floor) break;
      resp.slots = merged;
      answer_entry(resp, c.entry, c.score, found.ranked, analysis.text, format, as_of, materials);
      return true;
    }
  }
  return false;
}

std::string Answerer::context_for(const AskResponse& resp) const {
  ContextState s = context_state(resp);
  s.issued = unix_now();
  return codec_.encode(s);
}

ContextState Answerer::context_state(const AskResponse& resp) const {
  ContextState s;
  s.kb_version = store_.kb_version();
  s.entry_id = resp.entry_id;
  s.topic = resp.topic;
  for (const auto& key : {"relation", "region", "insurance", "channel", "purpose"})
    if (!resp.slots.get(key).empty()) s.slots[key] = resp.slots.get(key);
  if (resp.ask) s.ask = resp.ask->slot;
  return s;
}

AskResponse Answerer::ask(const AskRequest& req, bool with_debug) const {
  validate(req, t_.max_question_chars);
  Format format;
  parse_format(req.format, format);
  const std::string as_of = req.as_of.empty() ? today_iso() : req.as_of;
  const Lexicon& lex = store_.lexicon();
  const Analyzer& analyzer = store_.analyzer();

  Analysis analysis = analyzer.analyze(req.question);
  AskResponse resp;
  resp.kb_version = store_.kb_version();
  resp.corrections = analysis.corrections;
  resp.slots = extract_slots(analysis, lex, req.region);

  Retrieval found = retrieve(analysis, resp.slots, as_of);
  std::vector<Term>& terms = found.terms;
  std::vector<Scored>& ranked = found.ranked;
  const std::vector<std::string>& offtopic = found.offtopic;

  // A follow-up to the previous answer? (A context that does not decode is simply ignored.)
  if (!req.context.empty()) {
    // A context from another knowledge-base version continues only while its entry still exists.
    auto prev = codec_.decode(req.context, unix_now());
    if (prev && prev->kb_version != store_.kb_version() && store_.entry_index(prev->entry_id) < 0) prev.reset();
    if (prev && follow_up(*prev, analysis, found, format, as_of, resp)) {
      resp.follow_up = true;
      resp.context = context_for(resp);
      return resp;
    }
  }

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
    resp.debug = {
        {"tokens", toks}, {"terms", tj}, {"match", match}, {"ranked", rj}, {"corrections", analysis.corrections}};
  }

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
      // A question with words of this subject and a clear match keeps it even if an aside in a
      // long call names another domain ("女儿在成都读研究生，怎么用医保钱包给她转钱").
      bool clear_match = anchored && !ranked.empty() && ranked.front().score >= t_.direct + 0.2;
      if (!anchored || (!shared && !clear_match)) foreign = true;
    }
  }
  // Without any word of its own subject a question needs a confident match to be answered.
  double floor = anchored ? t_.floor : t_.direct;
  // Frame words alone (这个是啥, 为什么, 多少) name no subject: whatever entry they match shares a
  // question word, not a topic. (Inside a conversation they were read as a follow-up above.)
  if (!anchored) {
    bool subject = false;
    for (const auto& t : terms) {
      if (t.kind == TermKind::Filler) continue;
      int c = t.kind == TermKind::Word ? -1 : lex.find_concept(t.key);
      if (c < 0 || !lex.concepts()[static_cast<size_t>(c)].frame) subject = true;
    }
    if (!subject) floor = 2.0;  // above any score: answered as out of scope, with related entries
  }

  const bool oos_entry = !ranked.empty() && store_.info(ranked.front().entry).topic == "out_of_scope";
  if (ranked.empty() || ranked.front().score < floor || (foreign && !oos_entry)) {
    resp.topic = "out_of_scope";
    resp.verdict = "unknown";
    resp.confidence = ranked.empty() ? 0 : std::min(1.0, ranked.front().score);
    for (size_t i = 0; i < ranked.size() && resp.related.size() < kMaxRelated; ++i) {
      if (ranked[i].score < t_.floor * 0.5) break;
      resp.related.push_back({store_.info(ranked[i].entry).id, store_.entry(ranked[i].entry)->question});
    }
    std::vector<std::string> related_questions;
    for (const auto& r : resp.related) related_questions.push_back(r.question);
    resp.answer = render_out_of_scope(offtopic, resp.slots, related_questions, format);
  } else {
    answer_entry(resp, ranked.front().entry, ranked.front().score, ranked, analysis.text, format, as_of,
                 /*materials=*/false);
  }
  resp.context = context_for(resp);
  return resp;
}

}  // namespace kb
