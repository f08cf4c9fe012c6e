// Reading the human-edited YAML files: every problem is recorded with its file and line, never
// thrown, so that `indexer check` can list them all at once. (Private to the loader.)
#pragma once
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kb/kb_loader.h"

namespace kb {

class YamlReader {
 public:
  YamlReader(std::vector<Problem>& problems, std::filesystem::path root)
      : problems_(problems), root_(std::move(root)) {}

  // The parsed file, or nothing (a problem is recorded) when it cannot be read or parsed.
  std::optional<YAML::Node> parse(const std::filesystem::path& path);
  // A file built into the programs (kb/defaults/, embedded at build time): parse(path) reads
  // `text` instead of the disk, and problems name it "built-in <path>". `text` must outlive this.
  void add_builtin(const std::filesystem::path& path, std::string_view text) { builtin_[path] = text; }
  // The file's name as problems show it: relative to the folder that holds kb/.
  std::string name(const std::filesystem::path& path) const;

  void problem(const std::string& file, const YAML::Node& node, const std::string& message);
  void problem(const std::string& file, int line, const std::string& message);

  // A scalar as text ("" when absent or null; a problem when it is not a scalar).
  std::string text(const std::string& file, const YAML::Node& n, const char* what);
  // A list of texts (a lone scalar is a list of one).
  std::vector<std::string> list(const std::string& file, const YAML::Node& n, const char* what);
  bool flag(const std::string& file, const YAML::Node& n, const char* what);
  double number(const std::string& file, const YAML::Node& n, const char* what, double fallback);

 private:
  std::vector<Problem>& problems_;
  std::filesystem::path root_;
  std::map<std::filesystem::path, std::string_view> builtin_;
};

// One folder of the knowledge base (lexicon/ or entries/), each file read by its own parser.
void load_lexicon_files(YamlReader& in, const std::filesystem::path& dir, KnowledgeBase& kb);
void load_entry_files(YamlReader& in, const std::filesystem::path& dir, KnowledgeBase& kb);
// kb/articles/: policy articles cut into passage entries, appended to kb.entries (optional folder).
void load_article_files(YamlReader& in, const std::filesystem::path& dir, KnowledgeBase& kb);
// Domain-free mode, for a knowledge base without a lexicon/ folder: no concepts, and the built-in
// kind factors, topics and messages of kb/defaults/ (default_lexicon.cpp).
void load_default_lexicon(YamlReader& in, KnowledgeBase& kb);
void load_topics(YamlReader& in, const std::filesystem::path& path, std::vector<TopicDef>& topics);
void load_messages(YamlReader& in, const std::filesystem::path& path, Messages& m);

}  // namespace kb
