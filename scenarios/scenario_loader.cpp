// Parsing and --set. Semantic rules live in scenario_rules.cpp.
#include "scenarios/scenario_loader.hpp"

#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include "scenarios/field_path.hpp"
#include "scenarios/scenario_rules.hpp"
#include "scenarios/utf8.hpp"

namespace sdsim::scenarios {
namespace {

namespace pb = google::protobuf;

// Keeps the parser's first error only (what follows it is usually the same mistake seen
// again), with the position a person expects.
class error_collector : public pb::io::ErrorCollector {
 public:
  error_collector(std::string file, const std::string& text, std::vector<std::string>& out)
      : file_(std::move(file)), text_(text), out_(out) {}
  // Protobuf counts lines and columns from 0; editors count from 1.
  void AddError(int line, pb::io::ColumnNumber column, const std::string& message) override {
    if (seen_++) return;
    column = start_of_unknown_name(line, column, message);
    out_.push_back(file_ + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1) +
                   ": " + message);
  }
  void AddWarning(int line, pb::io::ColumnNumber column, const std::string& message) override {
    AddError(line, column, message);
  }

 private:
  // For an unknown field protobuf points at the token after the name; point at the name.
  int start_of_unknown_name(int line, int column, const std::string& message) const {
    const std::string marker = "has no field named \"";
    const auto m = message.find(marker);
    if (m == std::string::npos) return column;
    const auto end = message.find('"', m + marker.size());
    const std::string name = message.substr(m + marker.size(), end - m - marker.size());
    std::size_t pos = 0;
    for (int l = 0; l < line && pos != std::string::npos; ++l) {
      pos = text_.find('\n', pos);
      if (pos != std::string::npos) ++pos;
    }
    if (pos == std::string::npos) return column;
    const std::string before = text_.substr(pos, static_cast<std::size_t>(column));
    const auto at = before.rfind(name);
    return at == std::string::npos ? column : static_cast<int>(at);
  }

  std::string file_;
  const std::string& text_;
  std::vector<std::string>& out_;
  int seen_ = 0;
};

std::optional<std::string> read_file(const std::string& path, std::vector<std::string>& errors) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    errors.push_back(path + ": cannot open: no such file");
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    errors.push_back(path + ": is a directory, not a scenario file");
    return std::nullopt;
  }
  if (static_cast<std::size_t>(st.st_size) > max_scenario_bytes) {
    errors.push_back(path + ": " + std::to_string(st.st_size) + " bytes is over the " +
                     std::to_string(max_scenario_bytes >> 20) + " MiB limit for a scenario");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back(path + ": cannot open for reading");
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::optional<loaded_scenario> load_scenario(const std::string& path,
                                             const std::vector<std::string>& sets,
                                             const core::design_registry& designs,
                                             std::vector<std::string>& errors) {
  const auto text = read_file(path, errors);
  if (!text) return std::nullopt;
  if (auto bad = first_invalid_utf8(*text)) {
    errors.push_back(path + ":" + std::to_string(bad->line) + ":" + std::to_string(bad->column) +
                     ": invalid UTF-8 byte");
    return std::nullopt;
  }
  loaded_scenario out;
  out.file = path;
  out.sets = sets;
  pb::TextFormat::ParseInfoTree tree;
  error_collector collector(path, *text, errors);
  pb::TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  parser.WriteLocationsTo(&tree);
  parser.SetRecursionLimit(32);
  if (!parser.ParseFromString(*text, &out.scenario)) {
    if (errors.empty()) errors.push_back(path + ":1:1: cannot parse the scenario");
    // An unknown top-level field is most often a design this binary does not have.
    if (errors.front().find("\"sdsim.Scenario\" has no field named") != std::string::npos) {
      std::string names;
      for (const auto* d : designs.all()) names += (names.empty() ? "" : ", ") + d->name();
      errors.front() += " (not a scenario field; the designs built in are: " + names + ")";
    }
    return std::nullopt;
  }
  for (const auto& s : sets)
    if (auto e = apply_assignment(out.scenario, s)) errors.push_back("--set " + *e);
  if (!errors.empty()) return std::nullopt;
  check_rules(out.scenario, path, tree, sets, designs, errors);
  if (!errors.empty()) return std::nullopt;
  return out;
}

std::vector<const core::design*> enabled_designs(const Scenario& s,
                                                 const core::design_registry& designs) {
  std::vector<const core::design*> out;
  const auto* desc = s.GetDescriptor();
  for (const auto* d : designs.all()) {
    const auto* f = desc->FindFieldByName(d->name());
    if (f && s.GetReflection()->HasField(s, f)) out.push_back(d);
  }
  return out;
}

const google::protobuf::Message& design_config(const Scenario& s, const core::design& d) {
  const auto* f = s.GetDescriptor()->FindFieldByName(d.name());
  return s.GetReflection()->GetMessage(s, f);
}

Scenario apply_variant(const Scenario& s, const Variant& v) {
  Scenario out = s;
  out.clear_variant();
  for (const auto& a : v.set()) apply_assignment(out, a);  // checked by check_rules
  return out;
}

}  // namespace sdsim::scenarios
