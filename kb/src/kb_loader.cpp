#include "kb/kb_loader.h"

#include "faq_loader.h"
#include "yaml_reader.h"

namespace kb {

LoadResult load_knowledge_base(const std::string& dir) {
  LoadResult out;
  std::filesystem::path root = std::filesystem::absolute(dir).lexically_normal();
  if (root.filename().empty()) root = root.parent_path();
  YamlReader in(out.problems, root);
  // First: entries are checked against it. Without a lexicon/ folder the knowledge base is
  // domain-free (FAQ sheets only): no concepts, and the built-in defaults.
  if (std::filesystem::is_directory(root / "lexicon"))
    load_lexicon_files(in, root / "lexicon", out.kb);
  else
    load_default_lexicon(in, out.kb);
  load_entry_files(in, root / "entries", out.kb);
  load_faq_files(in, root / "faq", out.kb);           // after the rules: checked against them
  load_article_files(in, root / "articles", out.kb);  // last: passage ids are checked against all others
  if (out.kb.entries.empty())
    in.problem(root.string(), 0, "no entries: rules in entries/*.yaml, FAQ sheets in faq/ or articles in articles/");
  return out;
}

}  // namespace kb
