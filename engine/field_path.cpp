// Reflection walk for `--set`.
#include "engine/field_path.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include <google/protobuf/descriptor.h>

namespace sdsim::scenarios {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

struct step {
  std::string name;
  int index = -1;
};

std::optional<step> parse_step(const std::string& s) {
  step st;
  auto open = s.find('[');
  if (open == std::string::npos) {
    st.name = s;
    return st;
  }
  if (s.back() != ']' || open + 2 > s.size() - 1) return std::nullopt;
  st.name = s.substr(0, open);
  const std::string digits = s.substr(open + 1, s.size() - open - 2);
  // At most 9 digits, so std::stoi cannot throw out_of_range on a user's typo.
  if (digits.empty() || digits.size() > 9 ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  st.index = std::stoi(digits);
  return st;
}

std::optional<long long> parse_int(const std::string& v) {
  if (v.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  long long x = std::strtoll(v.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') return std::nullopt;
  return x;
}

std::optional<unsigned long long> parse_uint(const std::string& v) {
  if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  unsigned long long x = std::strtoull(v.c_str(), &end, 10);
  if (errno != 0 || *end != '\0') return std::nullopt;
  return x;
}

std::optional<double> parse_double(const std::string& v) {
  if (v.empty()) return std::nullopt;
  char* end = nullptr;
  double x = std::strtod(v.c_str(), &end);
  if (*end != '\0' || !std::isfinite(x)) return std::nullopt;
  return x;
}

std::optional<std::string> set_scalar(Message& m, const FieldDescriptor* f, const std::string& v) {
  const auto* r = m.GetReflection();
  const std::string bad = "'" + v + "' is not a valid " + f->type_name() + " for " + f->name();
  const bool padded = !v.empty() && (std::isspace(static_cast<unsigned char>(v.front())) ||
                                     std::isspace(static_cast<unsigned char>(v.back())));
  if (padded && f->cpp_type() != FieldDescriptor::CPPTYPE_STRING) return bad;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      auto x = parse_int(v);
      if (!x || *x < std::numeric_limits<int32_t>::min() || *x > std::numeric_limits<int32_t>::max())
        return bad;
      r->SetInt32(&m, f, static_cast<int32_t>(*x));
      return std::nullopt;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      auto x = parse_int(v);
      if (!x) return bad;
      r->SetInt64(&m, f, *x);
      return std::nullopt;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      auto x = parse_uint(v);
      if (!x || *x > std::numeric_limits<uint32_t>::max()) return bad;
      r->SetUInt32(&m, f, static_cast<uint32_t>(*x));
      return std::nullopt;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      auto x = parse_uint(v);
      if (!x) return bad;
      r->SetUInt64(&m, f, *x);
      return std::nullopt;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      auto x = parse_double(v);
      if (!x) return bad;
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) r->SetDouble(&m, f, *x);
      else r->SetFloat(&m, f, static_cast<float>(*x));
      return std::nullopt;
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      if (v == "true" || v == "1") r->SetBool(&m, f, true);
      else if (v == "false" || v == "0") r->SetBool(&m, f, false);
      else return bad;
      return std::nullopt;
    case FieldDescriptor::CPPTYPE_STRING:
      r->SetString(&m, f, v);
      return std::nullopt;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* e = f->enum_type()->FindValueByName(v);
      if (!e) {
        std::string names;
        for (int i = 0; i < f->enum_type()->value_count(); ++i)
          names += (i ? ", " : "") + f->enum_type()->value(i)->name();
        return bad + " (one of " + names + ")";
      }
      r->SetEnum(&m, f, e);
      return std::nullopt;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return f->name() + " is a message, not a value: name one of its fields";
}

}  // namespace

std::optional<std::string> set_field(Message& root, const std::string& path,
                                     const std::string& value) {
  Message* m = &root;
  std::size_t pos = 0;
  for (;;) {
    const auto dot = path.find('.', pos);
    const std::string part = path.substr(pos, dot == std::string::npos ? dot : dot - pos);
    auto st = parse_step(part);
    if (!st || st->name.empty()) return "malformed path element '" + part + "'";
    const auto* f = m->GetDescriptor()->FindFieldByName(st->name);
    if (!f) return m->GetDescriptor()->name() + " has no field named '" + st->name + "'";
    const auto* r = m->GetReflection();
    const bool last = dot == std::string::npos;
    if (f->is_repeated()) {
      if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || last)
        return "'" + st->name + "' is a list: --set changes single values";
      if (st->index < 0) return "'" + st->name + "' is a list: name an element, e.g. " + st->name + "[0]";
      if (st->index >= r->FieldSize(*m, f))
        return "'" + st->name + "' has " + std::to_string(r->FieldSize(*m, f)) +
               " element(s); there is no [" + std::to_string(st->index) + "]";
      m = r->MutableRepeatedMessage(m, f, st->index);
    } else {
      if (st->index >= 0) return "'" + st->name + "' is not a list";
      if (last) return set_scalar(*m, f, value);
      if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE)
        return "'" + st->name + "' is a value, not a message";
      m = r->MutableMessage(m, f);
    }
    if (last) return std::nullopt;
    pos = dot + 1;
  }
}

std::optional<std::string> apply_assignment(Message& root, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    return "'" + assignment + "': expected path=value";
  if (auto e = set_field(root, assignment.substr(0, eq), assignment.substr(eq + 1)))
    return "'" + assignment + "': " + *e;
  return std::nullopt;
}

}  // namespace sdsim::scenarios
