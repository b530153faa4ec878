// Where validation reports a semantic error about a field of a configuration message; the
// engine turns (message, field) into file:line:column through the parser's location tree.
#pragma once

#include <string>

#include <google/protobuf/message.h>

namespace sdsim::core {

/// Receives the problems found in a scenario. Implemented by the scenario engine.
class validator {
 public:
  virtual ~validator() = default;
  /// Reports `text` about `field` (by name) of `msg`, element `index` of a repeated field.
  virtual void error(const google::protobuf::Message& msg, const std::string& field,
                     const std::string& text, int index = -1) = 0;
};

}  // namespace sdsim::core
