// indexer diff OLD.db NEW.db --questions FILE [--json]: what a knowledge-base change does to the
// answers before it is published. Every question of FILE is asked of both stores (kb::Answerer,
// default scoring); each question whose entry, verdict or answer changes is listed, old → new,
// then a summary. Exit status: 1 when a verdict changed (CI stops there), 0 otherwise, 2 for bad
// usage, an unreadable store or question file.
//
// FILE is JSON Lines in the format of tests/questions*.jsonl ("q" or "question", optional "id",
// "region", "format", "as_of"; a "turns" list is a dialogue, each turn asked with the context the
// same store gave the turn before), or plain text with one question a line ('#' starts a comment).
#include <algorithm>
#include <fstream>
#include <iostream>
#include <optional>

#include "commands.h"
#include "kb/answerer.h"

namespace indexer {
namespace {

using nlohmann::json;

struct Question {
  std::string id;
  std::vector<kb::AskRequest> turns;  // one, or a dialogue's
};

struct Outcome {
  std::string entry, verdict, answer;
  bool operator==(const Outcome&) const = default;
};

struct Change {
  const Question* question;
  size_t turn;
  Outcome before, after;
};

kb::AskRequest request_of(const json& j) {
  kb::AskRequest r;
  r.question = j.value("question", j.value("q", std::string()));
  r.region = j.value("region", std::string());
  r.format = j.value("format", std::string("text"));
  r.as_of = j.value("as_of", std::string());
  return r;
}

// The questions of `path`; a problem goes to `error` (and nothing is returned).
std::optional<std::vector<Question>> read_questions(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path;
    return std::nullopt;
  }
  std::vector<Question> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(n);
    if (line[0] != '{') {
      out.push_back({where, {request_of({{"question", line}})}});
      continue;
    }
    const json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      error = where + ": not a JSON object";
      return std::nullopt;
    }
    Question q{j.contains("id") && j["id"].is_string() ? j["id"].get<std::string>() : where, {}};
    if (j.contains("turns") && j["turns"].is_array())
      for (const auto& t : j["turns"]) q.turns.push_back(request_of(t));
    else
      q.turns.push_back(request_of(j));
    if (q.turns.empty() ||
        std::any_of(q.turns.begin(), q.turns.end(), [](const auto& r) { return r.question.empty(); })) {
      error = where + ": no \"q\" or \"question\"";
      return std::nullopt;
    }
    out.push_back(std::move(q));
  }
  return out;
}

// One store's answers to a question, turn by turn (a dialogue carries its context on).
std::vector<Outcome> answers(const kb::Answerer& answerer, const Question& q) {
  std::vector<Outcome> out;
  std::string context;
  for (kb::AskRequest r : q.turns) {
    r.context = context;
    try {
      const kb::AskResponse resp = answerer.ask(r);
      out.push_back({resp.entry_id, resp.verdict, resp.answer});
      context = resp.context;
    } catch (const kb::InvalidRequest& e) {
      out.push_back({"", "", std::string("(invalid request: ") + e.what() + ")"});
      context.clear();
    }
  }
  return out;
}

struct Summary {
  size_t questions = 0, changed = 0, entries = 0, verdicts = 0, answers = 0;
};

Summary summarize(const std::vector<Change>& changes, size_t questions) {
  Summary s;
  s.questions = questions;
  s.changed = changes.size();
  for (const auto& c : changes) {
    s.entries += c.before.entry != c.after.entry;
    s.verdicts += c.before.verdict != c.after.verdict;
    s.answers += c.before.answer != c.after.answer;
  }
  return s;
}

// "- " and "+ " before the old and new answer, each of their lines indented alike.
void print_answer(std::ostream& os, const char* mark, const std::string& answer) {
  os << "    " << mark << " ";
  for (char c : answer) {
    os << c;
    if (c == '\n') os << "      ";
  }
  os << "\n";
}

void print_text(std::ostream& os, const std::vector<Change>& changes, const Summary& s) {
  for (const auto& c : changes) {
    const Question& q = *c.question;
    os << q.id << (q.turns.size() > 1 ? " turn " + std::to_string(c.turn + 1) : "") << ": " << q.turns[c.turn].question
       << "\n";
    auto name = [](const std::string& v) { return v.empty() ? std::string("(none)") : v; };
    if (c.before.entry != c.after.entry)
      os << "  entry:   " << name(c.before.entry) << " → " << name(c.after.entry) << "\n";
    if (c.before.verdict != c.after.verdict)
      os << "  verdict: " << name(c.before.verdict) << " → " << name(c.after.verdict) << "\n";
    if (c.before.answer != c.after.answer) {
      os << "  answer:\n";
      print_answer(os, "-", c.before.answer);
      print_answer(os, "+", c.after.answer);
    }
    os << "\n";
  }
  os << "questions: " << s.questions << ", changed: " << s.changed << " (entries " << s.entries << ", verdicts "
     << s.verdicts << ", answers " << s.answers << ")\n";
}

void print_json(std::ostream& os, const std::vector<Change>& changes, const Summary& s) {
  json list = json::array();
  for (const auto& c : changes) {
    auto side = [](const Outcome& o) {
      return json{{"entry_id", o.entry}, {"verdict", o.verdict}, {"answer", o.answer}};
    };
    list.push_back({{"id", c.question->id},
                    {"turn", c.turn + 1},
                    {"question", c.question->turns[c.turn].question},
                    {"old", side(c.before)},
                    {"new", side(c.after)}});
  }
  os << json{{"changes", list},
             {"summary",
              {{"questions", s.questions},
               {"changed", s.changed},
               {"changed_entries", s.entries},
               {"changed_verdicts", s.verdicts},
               {"changed_answers", s.answers}}}}
            .dump(1)
     << "\n";
}

int usage(const std::string& why) {
  std::cerr << "indexer diff: " << why << "\nusage: indexer diff OLD.db NEW.db --questions FILE [--json]\n";
  return 2;
}

}  // namespace

int diff(const Options& o) {
  const std::string json_flag = o.flag("json");
  if (o.positional.size() != 2) return usage("give the old and the new store");
  if (o.flag("questions").empty()) return usage("give the question file with --questions");
  if (!json_flag.empty() && json_flag != "true") return usage("--json takes no value (put it last)");
  std::string error;
  const auto questions = read_questions(o.flag("questions"), error);
  if (!questions) return usage(error);
  std::optional<kb::Store> before, after;
  try {
    before.emplace(o.positional[0]);
    after.emplace(o.positional[1]);
  } catch (const kb::StoreError& e) { return usage(e.what()); }
  const kb::Answerer old_answers(*before), new_answers(*after);
  std::vector<Change> changes;
  size_t asked = 0;
  try {
    for (const auto& q : *questions) {
      const std::vector<Outcome> a = answers(old_answers, q), b = answers(new_answers, q);
      for (size_t t = 0; t < a.size(); ++t, ++asked)
        if (!(a[t] == b[t])) changes.push_back({&q, t, a[t], b[t]});
    }
  } catch (const std::exception& e) {  // a store damaged past its first read: no verdict to report
    return usage(e.what());
  }
  const Summary s = summarize(changes, asked);
  if (json_flag.empty())
    print_text(std::cout, changes, s);
  else
    print_json(std::cout, changes, s);
  return s.verdicts > 0 ? 1 : 0;
}

}  // namespace indexer
