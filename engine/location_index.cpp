// Walks the message and its ParseInfoTree side by side.
#include "engine/location_index.hpp"

#include <google/protobuf/descriptor.h>

namespace sdsim::scenarios {
namespace {
namespace pb = google::protobuf;
}

location_index::location_index(const pb::Message& root, std::string file,
                               const pb::TextFormat::ParseInfoTree* tree,
                               const std::vector<std::string>& sets,
                               std::vector<std::string>& errors)
    : file_(std::move(file)), sets_(sets), errors_(errors) {
  place p;
  p.tree = tree;
  p.line = 0;
  p.column = 0;
  index(root, p);
}

void location_index::index(const pb::Message& m, place p) {
  places_[&m] = p;
  const auto* r = m.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  r->ListFields(m, &fields);
  for (const auto* f : fields) {
    if (f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    const int n = f->is_repeated() ? r->FieldSize(m, f) : 1;
    for (int i = 0; i < n; ++i) {
      const int idx = f->is_repeated() ? i : -1;
      place child;
      child.parent = &m;
      child.path = (p.path.empty() ? "" : p.path + ".") + f->name() +
                   (f->is_repeated() ? "[" + std::to_string(i) + "]" : "");
      if (p.tree) {
        child.tree = p.tree->GetTreeForNested(f, idx);
        const auto loc = p.tree->GetLocation(f, idx);
        child.line = loc.line;
        child.column = loc.column;
      }
      if (child.line < 0) {  // created by --set: fall back to the parent's position
        child.line = p.line;
        child.column = p.column;
      }
      const auto& sub = f->is_repeated() ? r->GetRepeatedMessage(m, f, i) : r->GetMessage(m, f);
      index(sub, child);
    }
  }
}

std::string location_index::where(int line, int column) const {
  return file_ + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1);
}

std::string location_index::path_of(const pb::Message& msg) const {
  auto it = places_.find(&msg);
  return it == places_.end() ? "" : it->second.path;
}

void location_index::error(const pb::Message& msg, const std::string& field,
                           const std::string& text, int index) {
  auto it = places_.find(&msg);
  if (it == places_.end()) {
    errors_.push_back(file_ + ": " + text);
    return;
  }
  const place& p = it->second;
  const std::string path = (p.path.empty() ? "" : p.path + ".") + field +
                           (index >= 0 ? "[" + std::to_string(index) + "]" : "");
  // A value that came from --set has no place in the file: name the flag.
  for (const auto& s : sets_) {
    if (s.rfind(path + "=", 0) == 0 || s.rfind(path + ".", 0) == 0) {
      errors_.push_back("--set " + s + ": " + text);
      return;
    }
  }
  const auto* f = msg.GetDescriptor()->FindFieldByName(field);
  if (f && p.tree) {
    const auto loc = p.tree->GetLocation(f, f->is_repeated() ? std::max(index, 0) : -1);
    if (loc.line >= 0) {
      errors_.push_back(where(loc.line, loc.column) + ": " + text);
      return;
    }
  }
  // The field is absent (a required value was left out): point at the enclosing message.
  errors_.push_back(where(p.line, p.column) + ": " + path + ": " + text);
}

}  // namespace sdsim::scenarios
