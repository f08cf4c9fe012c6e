// Domain-free mode: a knowledge base without a lexicon/ folder (FAQ sheets only). It has no
// concepts, kinship terms, places or slots; its kind factors, its two topics and the server's own
// sentences come from kb/defaults/, built into the programs, so that the knowledge base loads
// wherever it lies.
#include <set>

#include "embedded_default_concepts.h"
#include "embedded_default_messages.h"
#include "embedded_default_topics.h"
#include "yaml_reader.h"

namespace kb {
namespace fs = std::filesystem;
namespace {

// The kind factors of kb/defaults/concepts.yaml: every kind the analysis knows, each given.
void load_default_factors(YamlReader& in, const fs::path& path, LexiconData& lex) {
  auto doc = in.parse(path);
  if (!doc) return;
  const std::string file = in.name(path);
  static const std::set<std::string> kinds = {"domain", "common", "filler", "offtopic", "word", "char", "bigram"};
  for (const auto& kv : (*doc)["kind_factors"]) {
    const std::string kind = kv.first.as<std::string>();
    if (!kinds.count(kind)) in.problem(file, kv.first, "kind_factors: unknown kind " + kind);
    lex.kind_factors[kind] = in.number(file, kv.second, "kind factor", 0);
  }
  for (const auto& kind : kinds)
    if (!lex.kind_factors.count(kind)) in.problem(file, (*doc)["kind_factors"], "kind_factors: no factor for " + kind);
}

}  // namespace

void load_default_lexicon(YamlReader& in, KnowledgeBase& kb) {
  const fs::path dir = "kb/defaults";
  in.add_builtin(dir / "concepts.yaml", faq::embedded::default_concepts);
  in.add_builtin(dir / "topics.yaml", faq::embedded::default_topics);
  in.add_builtin(dir / "messages.yaml", faq::embedded::default_messages);
  load_default_factors(in, dir / "concepts.yaml", kb.lexicon);
  load_topics(in, dir / "topics.yaml", kb.topics);
  load_messages(in, dir / "messages.yaml", kb.messages);
}

}  // namespace kb
