// Callgrind's format (valgrind's docs/cl-format): `desc: Trigger: ...` names what made the
// dump, `cfn=` the function a following `calls=COUNT ...` line calls, `totals:` (or the
// older `summary:`) the event counts of the dump. Names may be compressed: "(12) malloc" the
// first time, "(12)" after.
#include "app/callgrind_dump.hpp"

#include <map>
#include <set>

namespace sdsim::scenarios {
namespace {

const std::string client_request = "desc: Trigger: Client Request: ";

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// The name a `cfn=` value stands for, learning compressed names on the way.
std::string function_name(const std::string& value, std::map<std::string, std::string>& names) {
  if (value.empty() || value[0] != '(') return value;
  const auto close = value.find(')');
  if (close == std::string::npos) return value;
  const std::string id = value.substr(0, close + 1);
  if (close + 1 < value.size()) names[id] = value.substr(value.find_first_not_of(' ', close + 1));
  auto it = names.find(id);
  return it == names.end() ? "" : it->second;
}

uint64_t leading_count(const std::string& text) {
  uint64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') break;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n;
}

}  // namespace

std::optional<callgrind_dump> read_callgrind_dump(std::istream& in, std::string* error) {
  static const std::set<std::string> allocators = {"malloc", "calloc", "realloc"};
  callgrind_dump d;
  std::map<std::string, std::string> names;  // compressed function names
  std::string line, callee;
  bool format = false, totals = false;
  while (std::getline(in, line)) {
    if (starts_with(line, "# callgrind format") || starts_with(line, "creator: callgrind")) {
      format = true;
    } else if (starts_with(line, client_request)) {
      d.trigger = line.substr(client_request.size());
    } else if (starts_with(line, "fn=")) {
      function_name(line.substr(3), names);  // a definition may introduce a compressed name
    } else if (starts_with(line, "cfn=")) {
      callee = function_name(line.substr(4), names);
    } else if (starts_with(line, "calls=")) {
      if (allocators.count(callee)) d.allocations += leading_count(line.substr(6));
    } else if (starts_with(line, "totals: ") || (!totals && starts_with(line, "summary: "))) {
      d.instructions = leading_count(line.substr(line.find(' ') + 1));
      totals = true;
    }
  }
  if (!format || !totals) {
    *error = !format ? "not a callgrind dump" : "the dump has no totals";
    return std::nullopt;
  }
  return d;
}

}  // namespace sdsim::scenarios
