// Maps every message of a parsed scenario to its place in the file, so that a rule broken by
// (message, field) can be reported as file:line:column.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <google/protobuf/text_format.h>

#include "actors/core/design.hpp"

namespace sdsim::scenarios {

/// Implements core::validator for one parsed file. Not thread-safe.
class location_index : public core::validator {
 public:
  location_index(const google::protobuf::Message& root, std::string file,
                 const google::protobuf::TextFormat::ParseInfoTree* tree,
                 const std::vector<std::string>& sets, std::vector<std::string>& errors);

  void error(const google::protobuf::Message& msg, const std::string& field,
             const std::string& text, int index = -1) override;

  /// The dotted path of a message ("queueing.workload[0]"), "" for the root.
  std::string path_of(const google::protobuf::Message& msg) const;

 private:
  struct place {
    const google::protobuf::TextFormat::ParseInfoTree* tree = nullptr;
    int line = -1;     // 0-based, -1 unknown
    int column = -1;
    std::string path;
    const google::protobuf::Message* parent = nullptr;
  };
  void index(const google::protobuf::Message& m, place p);
  std::string where(int line, int column) const;

  std::string file_;
  const std::vector<std::string>& sets_;
  std::vector<std::string>& errors_;
  std::map<const google::protobuf::Message*, place> places_;
};

}  // namespace sdsim::scenarios
