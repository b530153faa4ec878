#include "viz/scenario_knobs.hpp"

#include <fmt/format.h>
#include <google/protobuf/descriptor.h>

#include "actors/core/model.pb.h"

namespace sdsim::viz {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// A design marks the fields a viewer may change in its proto: `[(sdsim.knob) = true]`.
bool is_knob(const FieldDescriptor* f) { return f->options().GetExtension(knob); }

double number_of(const Message& m, const FieldDescriptor* f) {
  const auto* r = m.GetReflection();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_DOUBLE: return r->GetDouble(m, f);
    case FieldDescriptor::CPPTYPE_FLOAT: return r->GetFloat(m, f);
    case FieldDescriptor::CPPTYPE_UINT32: return r->GetUInt32(m, f);
    case FieldDescriptor::CPPTYPE_UINT64: return static_cast<double>(r->GetUInt64(m, f));
    case FieldDescriptor::CPPTYPE_INT32: return r->GetInt32(m, f);
    case FieldDescriptor::CPPTYPE_INT64: return static_cast<double>(r->GetInt64(m, f));
    default: return 0;
  }
}

void walk(const Message& m, const std::string& prefix, std::vector<scenario_knob>& out) {
  const auto* r = m.GetReflection();
  const auto* d = m.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const auto* f = d->field(i);
    // Fields left unset are no knobs, except an enum, whose default is a choice too.
    const bool set = f->is_repeated() ? r->FieldSize(m, f) > 0 : r->HasField(m, f);
    if (!set && !(f->cpp_type() == FieldDescriptor::CPPTYPE_ENUM && is_knob(f))) continue;
    const std::string path = prefix.empty() ? f->name() : prefix + "." + f->name();
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int i = 0; i < r->FieldSize(m, f); ++i)
          walk(r->GetRepeatedMessage(m, f, i), fmt::format("{}[{}]", path, i), out);
      } else {
        walk(r->GetMessage(m, f), path, out);
      }
      continue;
    }
    if (f->is_repeated() || !is_knob(f)) continue;
    scenario_knob k;
    k.path = path;
    const auto dot = path.find('.');
    k.label = dot == std::string::npos ? path : path.substr(dot + 1);
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
      k.is_enum = true;
      k.enum_value = r->GetEnum(m, f)->name();
      for (int i = 0; i < f->enum_type()->value_count(); ++i)
        k.choices.push_back(f->enum_type()->value(i)->name());
    } else {
      k.value = number_of(m, f);
    }
    out.push_back(std::move(k));
  }
}

}  // namespace

std::vector<scenario_knob> find_knobs(const Message& scenario) {
  std::vector<scenario_knob> out;
  walk(scenario, "", out);
  return out;
}

std::string assignment(const scenario_knob& k, double value) {
  return fmt::format("{}={:g}", k.path, value);
}

std::string assignment(const scenario_knob& k, const std::string& enum_value) {
  return k.path + "=" + enum_value;
}

}  // namespace sdsim::viz
