// Parsing and --set. Semantic rules live in scenario_rules.cpp.
#include "engine/scenario_loader.hpp"

#include <fstream>
#include <stdexcept>
#include <sstream>
#include <sys/stat.h>

#include <google/protobuf/text_format.h>

#include "engine/field_path.hpp"
#include "engine/first_parse_error.hpp"
#include "engine/scenario_rules.hpp"
#include "engine/utf8.hpp"

namespace sdsim::scenarios {
namespace {

namespace pb = google::protobuf;


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
  first_parse_error collector(path, *text);
  pb::TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  parser.WriteLocationsTo(&tree);
  parser.SetRecursionLimit(32);
  if (!parser.ParseFromString(*text, &out.scenario)) {
    errors.push_back(collector.first().empty() ? path + ":1:1: cannot parse the scenario"
                                               : collector.first());
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

namespace {

// The scenario's field of design `d`: the one whose type is the design's configuration.
const google::protobuf::FieldDescriptor* config_field(const core::design& d) {
  const auto* desc = Scenario::descriptor();
  for (int i = 0; i < desc->field_count(); ++i)
    if (desc->field(i)->message_type() == d.config_type()) return desc->field(i);
  return nullptr;
}

}  // namespace

std::vector<const core::design*> enabled_designs(const Scenario& s,
                                                 const core::design_registry& designs) {
  std::vector<const core::design*> out;
  for (const auto* d : designs.all()) {
    const auto* f = config_field(*d);
    if (f && s.GetReflection()->HasField(s, f)) out.push_back(d);
  }
  return out;
}

const google::protobuf::Message& design_config(const Scenario& s, const core::design& d) {
  const auto* f = config_field(d);
  if (!f) throw std::logic_error("scenario.proto has no field of type " + d.config_type()->name());
  return s.GetReflection()->GetMessage(s, f);
}

Scenario apply_variant(const Scenario& s, const Variant& v) {
  Scenario out = s;
  out.clear_variant();
  for (const auto& a : v.set()) apply_assignment(out, a);  // checked by check_rules
  return out;
}

}  // namespace sdsim::scenarios
