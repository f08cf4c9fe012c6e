#include "yaml_reader.h"

namespace kb {

std::optional<YAML::Node> YamlReader::parse(const std::filesystem::path& path) {
  try {
    if (auto it = builtin_.find(path); it != builtin_.end()) return YAML::Load(std::string(it->second));
    return YAML::LoadFile(path.string());
  } catch (const YAML::BadFile&) { problem(name(path), 0, "cannot read the file"); } catch (const YAML::Exception& e) {
    problem(name(path), e.mark.line + 1, "YAML error: " + e.msg);
  }
  return std::nullopt;
}

std::string YamlReader::name(const std::filesystem::path& path) const {
  if (builtin_.count(path)) return "built-in " + path.generic_string();
  return path.lexically_relative(root_.parent_path()).string();
}

void YamlReader::problem(const std::string& file, const YAML::Node& node, const std::string& message) {
  problems_.push_back({file, node.IsDefined() ? node.Mark().line + 1 : 0, message});
}

void YamlReader::problem(const std::string& file, int line, const std::string& message) {
  problems_.push_back({file, line, message});
}

std::string YamlReader::text(const std::string& file, const YAML::Node& n, const char* what) {
  if (!n || n.IsNull()) return "";
  if (!n.IsScalar()) {
    problem(file, n, std::string(what) + " must be text");
    return "";
  }
  return n.as<std::string>();
}

std::vector<std::string> YamlReader::list(const std::string& file, const YAML::Node& n, const char* what) {
  std::vector<std::string> out;
  if (!n || n.IsNull()) return out;
  if (n.IsScalar()) return {n.as<std::string>()};
  if (!n.IsSequence()) {
    problem(file, n, std::string(what) + " must be a list");
    return out;
  }
  for (const auto& item : n) out.push_back(text(file, item, what));
  return out;
}

bool YamlReader::flag(const std::string& file, const YAML::Node& n, const char* what) {
  if (!n || n.IsNull()) return false;
  bool value = false;
  if (!n.IsScalar() || !YAML::convert<bool>::decode(n, value))
    problem(file, n, std::string(what) + " must be true or false");
  return value;
}

double YamlReader::number(const std::string& file, const YAML::Node& n, const char* what, double fallback) {
  if (!n || n.IsNull()) return fallback;
  double value = fallback;
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, value))
    problem(file, n, std::string(what) + " must be a number");
  return value;
}

}  // namespace kb
