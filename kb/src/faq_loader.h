// Reads kb/faq/ (faq_files.h) for the loader. (Private to the loader.)
#pragma once
#include <filesystem>

#include "yaml_reader.h"

namespace kb {

// The rows of every FAQ file in `dir` as entries after those already loaded: ids and questions
// are checked against every entry before them. Topics the rows name that the knowledge base
// does not define are added (id and name: the text). A missing folder is no problem.
void load_faq_files(YamlReader& in, const std::filesystem::path& dir, KnowledgeBase& kb);

}  // namespace kb
