// Protobuf counts lines and columns from 0; editors count from 1. For an unknown field it
// points at the token after the name; we point at the name.
#include "engine/first_parse_error.hpp"

namespace sdsim::scenarios {

void first_parse_error::AddError(int line, google::protobuf::io::ColumnNumber column,
                                 const std::string& message) {
  if (!first_.empty()) return;
  if (line < 0) {
    first_ = file_ + ": " + message;
    return;
  }
  column = start_of_unknown_name(line, column, message);
  first_ = file_ + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " +
           message;
}

int first_parse_error::start_of_unknown_name(int line, int column,
                                             const std::string& message) const {
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

}  // namespace sdsim::scenarios
