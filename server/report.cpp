#include "report.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <unordered_map>

#include "config.h"
#include "feedback.h"
#include "kb/normalizer.h"
#include "kb/text.h"
#include "log.h"

namespace faq {
namespace {

struct Options {
  std::string log, format = "text";
  int days = 30;
  size_t top = 20;
  double similarity = 0.5, low_confidence = 0.5;
};

struct TopQuestion {
  Asked asked;
  std::string topic, entry, verdict;
};

struct NegativeFeedback {
  int64_t time_ms = 0;
  std::string rating, entry, topic, kb_version, question, comment;
};

struct TopicCount {
  std::string topic, verdict;
  uint64_t count = 0;
};

struct Report {
  std::string log;
  int days = 0;
  double low_confidence = 0;
  std::map<std::string, uint64_t> outcomes;
  uint64_t questions = 0, low_confidence_answers = 0, ratings = 0;
  std::vector<TopQuestion> top;
  std::vector<SimilarGroup> unanswered;
  std::vector<NegativeFeedback> negative;
  std::vector<TopicCount> topics;
};

const char* kUsage =
    "usage: faq-server report [--log FILE] [--format text|csv] [--days N] [--top N] [--similarity J] "
    "[--low-confidence C]\n";

// --- Similar wording ------------------------------------------------------------------------------

std::vector<uint64_t> grams(const std::string& normalised) {
  const std::u32string s = kb::to_u32(normalised);
  std::vector<uint64_t> out;
  if (s.size() == 1) out.push_back(1ull << 63 | s[0]);
  for (size_t i = 0; i + 1 < s.size(); ++i) out.push_back(static_cast<uint64_t>(s[i]) << 32 | s[i + 1]);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double jaccard(size_t shared, size_t a, size_t b) {
  return a + b == shared ? 0 : static_cast<double>(shared) / static_cast<double>(a + b - shared);
}

// Wordings that normalise alike, merged: (normalised text, wording shown, total), most asked first.
struct Wording {
  std::string key;
  Asked shown;
  uint64_t total = 0;
};
std::vector<Wording> merge_normalised(const std::vector<Asked>& questions) {
  std::unordered_map<std::string, Wording> by_key;
  for (const auto& q : questions) {
    Wording& w = by_key[kb::normalize_utf8(q.text)];
    w.total += q.count;
    if (q.count > w.shown.count) w.shown = q;
  }
  std::vector<Wording> out;
  for (auto& [key, w] : by_key) {
    w.key = key;
    w.shown.count = w.total;
    out.push_back(std::move(w));
  }
  std::sort(out.begin(), out.end(), [](const Wording& a, const Wording& b) {
    return a.total != b.total ? a.total > b.total : a.shown.text < b.shown.text;
  });
  return out;
}

// --- Reading the log ------------------------------------------------------------------------------

void read_totals(SQLite::Database& db, int64_t since, Report& r) {
  SQLite::Statement q(db, "SELECT outcome, count(*) FROM questions WHERE time >= ? GROUP BY outcome");
  q.bind(1, since);
  while (q.executeStep()) {
    r.outcomes[q.getColumn(0).getString()] = static_cast<uint64_t>(q.getColumn(1).getInt64());
    r.questions += static_cast<uint64_t>(q.getColumn(1).getInt64());
  }
  SQLite::Statement low(db,
                        "SELECT count(*) FROM questions WHERE time >= ? AND outcome = 'answered' AND confidence < ?");
  low.bind(1, since);
  low.bind(2, r.low_confidence);
  if (low.executeStep()) r.low_confidence_answers = static_cast<uint64_t>(low.getColumn(0).getInt64());
  SQLite::Statement ratings(db, "SELECT count(*) FROM feedback WHERE time >= ?");
  ratings.bind(1, since);
  if (ratings.executeStep()) r.ratings = static_cast<uint64_t>(ratings.getColumn(0).getInt64());
}

void read_top(SQLite::Database& db, int64_t since, size_t top, Report& r) {
  SQLite::Statement q(db,
                      "SELECT question, topic, entry, verdict, count(*) FROM questions WHERE time >= ? "
                      "GROUP BY question, topic, entry, verdict");
  q.bind(1, since);
  std::unordered_map<std::string, TopQuestion> by_key;  // normalised wording → its most common answer
  std::unordered_map<std::string, uint64_t> totals;
  while (q.executeStep()) {
    const std::string text = q.getColumn(0).getString(), key = kb::normalize_utf8(text);
    const auto n = static_cast<uint64_t>(q.getColumn(4).getInt64());
    totals[key] += n;
    TopQuestion& t = by_key[key];
    if (n > t.asked.count)
      t = {{text, n}, q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString()};
  }
  for (auto& [key, t] : by_key) {
    t.asked.count = totals[key];
    r.top.push_back(std::move(t));
  }
  std::sort(r.top.begin(), r.top.end(), [](const TopQuestion& a, const TopQuestion& b) {
    return a.asked.count != b.asked.count ? a.asked.count > b.asked.count : a.asked.text < b.asked.text;
  });
  if (r.top.size() > top) r.top.resize(top);
}

void read_unanswered(SQLite::Database& db, int64_t since, const Options& o, Report& r) {
  SQLite::Statement q(db,
                      "SELECT question, count(*) FROM questions WHERE time >= ? AND "
                      "(outcome != 'answered' OR confidence < ?) GROUP BY question");
  q.bind(1, since);
  q.bind(2, o.low_confidence);
  std::vector<Asked> asked;
  while (q.executeStep())
    asked.push_back({q.getColumn(0).getString(), static_cast<uint64_t>(q.getColumn(1).getInt64())});
  r.unanswered = group_similar(asked, o.similarity);
}

void read_negative(SQLite::Database& db, int64_t since, Report& r) {
  SQLite::Statement q(db,
                      "SELECT f.time, f.rating, f.entry, f.topic, f.kb_version, q.question, f.comment "
                      "FROM feedback f LEFT JOIN questions q ON q.turn = f.turn "
                      "WHERE f.time >= ? ORDER BY f.entry, f.time");
  q.bind(1, since);
  while (q.executeStep()) {
    NegativeFeedback f{q.getColumn(0).getInt64(),  q.getColumn(1).getString(), q.getColumn(2).getString(),
                       q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
                       q.getColumn(6).getString()};
    if (is_negative_rating(f.rating)) r.negative.push_back(std::move(f));
  }
}

void read_topics(SQLite::Database& db, int64_t since, Report& r) {
  SQLite::Statement q(db,
                      "SELECT topic, verdict, count(*) FROM questions WHERE time >= ? GROUP BY topic, verdict "
                      "ORDER BY topic, verdict");
  q.bind(1, since);
  while (q.executeStep())
    r.topics.push_back(
        {q.getColumn(0).getString(), q.getColumn(1).getString(), static_cast<uint64_t>(q.getColumn(2).getInt64())});
}

Report build(const Options& o) {
  if (!std::filesystem::exists(o.log)) throw std::runtime_error("question log not found: " + o.log);
  SQLite::Database db(o.log, SQLite::OPEN_READONLY, /*busy_timeout_ms=*/5000);
  Report r;
  r.log = o.log;
  r.days = o.days;
  r.low_confidence = o.low_confidence;
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  const int64_t since = o.days > 0 ? now_ms - static_cast<int64_t>(o.days) * 86400 * 1000 : 0;
  read_totals(db, since, r);
  read_top(db, since, o.top, r);
  read_unanswered(db, since, o, r);
  read_negative(db, since, r);
  read_topics(db, since, r);
  return r;
}

// --- Writing it -----------------------------------------------------------------------------------

std::string when(int64_t time_ms) {
  const std::time_t t = static_cast<std::time_t>(time_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

std::string shown(const std::string& text) { return log::printable(text, 150); }

void write_text_summary(const Report& r, std::ostream& out) {
  auto outcome = [&](const char* k) { return r.outcomes.count(k) ? r.outcomes.at(k) : 0; };
  out << "Question log " << r.log << ": "
      << (r.days > 0 ? "the last " + std::to_string(r.days) + " days" : "everything") << "\n  " << r.questions
      << " questions: " << outcome("answered") << " answered, " << outcome("suggested")
      << " answered with suggestions, " << outcome("out_of_scope") << " out of scope; " << r.low_confidence_answers
      << " answered with confidence below " << r.low_confidence << "\n  " << r.ratings << " ratings, "
      << r.negative.size() << " negative\n";
  out << "\nTop questions (count, question, topic / entry / verdict)\n";
  for (const auto& t : r.top)
    out << "  " << t.asked.count << "\t" << shown(t.asked.text) << "\t" << t.topic << " / "
        << (t.entry.empty() ? "-" : t.entry) << " / " << t.verdict << "\n";
}

void write_text(const Report& r, std::ostream& out) {
  write_text_summary(r, out);
  out << "\nUnanswered and low-confidence questions, grouped by similar wording\n";
  for (size_t i = 0; i < r.unanswered.size(); ++i) {
    const SimilarGroup& g = r.unanswered[i];
    out << "  #" << i + 1 << "  asked " << g.asked << " times in " << g.wordings.size()
        << " wording(s): " << shown(g.wordings[0].text) << "\n";
    for (const auto& w : g.wordings) out << "        " << w.count << "\t" << shown(w.text) << "\n";
  }
  out << "\nNegative feedback, with the answer given (by entry)\n";
  std::string entry = "\x01";
  for (const auto& f : r.negative) {
    if (f.entry != entry) {
      entry = f.entry;
      const auto n =
          std::count_if(r.negative.begin(), r.negative.end(), [&](const auto& x) { return x.entry == entry; });
      out << "  entry " << (entry.empty() ? "(none: out of scope)" : entry) << " (" << f.topic << "): " << n << "\n";
    }
    out << "    " << when(f.time_ms) << "  " << f.rating << "  kb " << f.kb_version
        << "  question: " << (f.question.empty() ? "(not in the log)" : shown(f.question))
        << (f.comment.empty() ? "" : "  comment: " + shown(f.comment)) << "\n";
  }
  out << "\nQuestions per topic and verdict\n";
  for (const auto& t : r.topics) out << "  " << t.topic << "\t" << t.verdict << "\t" << t.count << "\n";
}

void csv_row(std::ostream& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << csv_field(fields[i]);
  out << "\r\n";
}

void write_csv(const Report& r, std::ostream& out) {
  csv_row(out, {"section", "group", "count", "question", "topic", "entry", "verdict", "rating", "kb_version", "comment",
                "time"});
  csv_row(out, {"summary", "questions", std::to_string(r.questions), "", "", "", "", "", "", "", ""});
  for (const auto& [outcome, n] : r.outcomes)
    csv_row(out, {"summary", outcome, std::to_string(n), "", "", "", "", "", "", "", ""});
  csv_row(out, {"summary", "ratings", std::to_string(r.ratings), "", "", "", "", "", "", "", ""});
  for (const auto& t : r.top)
    csv_row(out, {"top", "", std::to_string(t.asked.count), t.asked.text, t.topic, t.entry, t.verdict, "", "", "", ""});
  for (size_t i = 0; i < r.unanswered.size(); ++i)
    for (const auto& w : r.unanswered[i].wordings)
      csv_row(out, {"unanswered", std::to_string(i + 1), std::to_string(w.count), w.text, "", "", "", "", "", "", ""});
  for (const auto& f : r.negative)
    csv_row(out, {"negative_feedback", "", "1", f.question, f.topic, f.entry, "", f.rating, f.kb_version, f.comment,
                  when(f.time_ms)});
  for (const auto& t : r.topics)
    csv_row(out, {"topic", "", std::to_string(t.count), "", t.topic, "", t.verdict, "", "", "", ""});
}

// --- Command line ---------------------------------------------------------------------------------

double number(const std::string& flag, const std::string& v) {
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || d < 0) throw std::runtime_error(flag + ": not a non-negative number: '" + v + "'");
  return d;
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) throw std::runtime_error(flag + ": needs a value");
    const std::string v = argv[i + 1];
    if (flag == "--log")
      o.log = v;
    else if (flag == "--format" && (v == "text" || v == "csv"))
      o.format = v;
    else if (flag == "--days")
      o.days = static_cast<int>(number(flag, v));
    else if (flag == "--top")
      o.top = static_cast<size_t>(number(flag, v));
    else if (flag == "--similarity")
      o.similarity = number(flag, v);
    else if (flag == "--low-confidence")
      o.low_confidence = number(flag, v);
    else
      throw std::runtime_error("bad argument '" + flag + " " + v + "'");
  }
  if (o.log.empty()) {
    char name[] = "faq-server";
    char* args[] = {name};
    o.log = load_config(1, args).question_log;  // the configured log: file, then FAQ_QUESTION_LOG
  }
  return o;
}

}  // namespace

double bigram_jaccard(const std::string& a, const std::string& b) {
  const auto x = grams(kb::normalize_utf8(a)), y = grams(kb::normalize_utf8(b));
  std::vector<uint64_t> both;
  std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(both));
  return jaccard(both.size(), x.size(), y.size());
}

std::vector<SimilarGroup> group_similar(const std::vector<Asked>& questions, double threshold) {
  std::vector<SimilarGroup> groups;
  std::vector<size_t> first_size;                           // bigrams of each group's first wording
  std::unordered_map<uint64_t, std::vector<size_t>> index;  // bigram → groups whose first wording has it
  for (auto& w : merge_normalised(questions)) {
    const auto g = grams(w.key);
    std::unordered_map<size_t, size_t> shared;
    for (uint64_t x : g)
      if (auto it = index.find(x); it != index.end())
        for (size_t group : it->second) ++shared[group];
    size_t best = groups.size();
    double best_j = threshold;
    for (const auto& [group, n] : shared)
      if (double j = jaccard(n, g.size(), first_size[group]);
          j >= best_j && (best == groups.size() || j > best_j || group < best))
        best = group, best_j = j;
    if (best == groups.size()) {
      groups.emplace_back();
      first_size.push_back(g.size());
      for (uint64_t x : g) index[x].push_back(best);
    }
    groups[best].wordings.push_back(w.shown);
    groups[best].asked += w.total;
  }
  std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.asked > b.asked; });
  return groups;
}

std::string csv_field(const std::string& value) {
  std::string v = value;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

int run_report(int argc, char** argv, std::ostream& out, std::ostream& err) {
  try {
    const Options o = parse_options(argc, argv);
    const Report r = build(o);
    (o.format == "csv" ? write_csv : write_text)(r, out);
    return 0;
  } catch (const std::exception& e) {
    err << "faq-server report: " << e.what() << "\n" << kUsage;
    return 2;
  }
}

}  // namespace faq
