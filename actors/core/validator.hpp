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

/// Collects whether a series of rules held, reporting each broken one at its field.
class rule_check {
 public:
  explicit rule_check(validator& v) : v_(v) {}
  /// Reports `text` at `field` of `msg` unless `good`.
  void operator()(bool good, const google::protobuf::Message& msg, const char* field,
                  const char* text) {
    if (!good) v_.error(msg, field, text);
    ok_ = ok_ && good;
  }
  /// True when every rule held.
  bool ok() const { return ok_; }

 private:
  validator& v_;
  bool ok_ = true;
};

}  // namespace sdsim::core
