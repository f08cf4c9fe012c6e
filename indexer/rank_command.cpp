// indexer rank STORE --questions FILE [--top N]: every question of FILE (one a line) through the
// store's retrieval and decision, without HTTP, as JSON Lines: the best N entry ids with their
// scores, and the entry the answer would give (null: out of scope). For retrieval benchmarks
// (bench/faq_pairs.py) and for looking at a ranking outside the server.
#include <fstream>
#include <iostream>

#include "commands.h"
#include "kb/answerer.h"

namespace indexer {
namespace {

nlohmann::json ranking(const kb::Answerer& answerer, const std::string& question, size_t top) {
  const kb::Store& store = answerer.store();
  kb::AskRequest request;
  request.question = question;
  const kb::ValidRequest valid = kb::validate(request, answerer.limits());
  const kb::Analysis analysis = store.analyzer().analyze(question);
  const kb::Retrieval found =
      answerer.retriever().retrieve(analysis, kb::extract_slots(analysis, store.lexicon()), valid.as_of);
  nlohmann::json ids = nlohmann::json::array(), scores = nlohmann::json::array();
  for (size_t i = 0; i < found.ranked.size() && i < top; ++i) {
    ids.push_back(store.info(found.ranked[i].entry).id);
    scores.push_back(found.ranked[i].score);
  }
  const kb::AskResponse answer = answerer.ask(request);
  nlohmann::json answered = answer.entry_id.empty() ? nlohmann::json() : nlohmann::json(answer.entry_id);
  return {{"question", question}, {"ids", ids}, {"scores", scores}, {"answer", answered}};
}

}  // namespace

int rank(const Options& o) {
  const std::string questions = o.flag("questions");
  if (o.positional.size() != 1 || questions.empty()) {
    std::cerr << "usage: indexer rank STORE --questions FILE [--top N]\n";
    return 2;
  }
  const size_t top = o.flag("top").empty() ? 5 : std::stoul(o.flag("top"));
  std::ifstream in(questions);
  if (!in) throw std::runtime_error("cannot read " + questions);
  const kb::Store store(o.positional.front());
  const kb::Answerer answerer(store);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    try {
      std::cout << ranking(answerer, line, top).dump() << "\n";
    } catch (const kb::InvalidRequest& e) {
      std::cout << nlohmann::json{{"question", line}, {"error", e.what()}}.dump() << "\n";
    }
  }
  return 0;
}

}  // namespace indexer
