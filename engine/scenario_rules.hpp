// The semantic rules a parsed scenario must satisfy, reported at the offending field's
// `file:line:column` through the parser's location tree.
#pragma once

#include <string>
#include <vector>

#include <google/protobuf/text_format.h>

#include "actors/core/design.hpp"
#include "scenarios/scenario.pb.h"

namespace sdsim::scenarios {

/// Appends one message per broken rule to `errors`. Fields set by `--set` have no location in
/// the file; their errors name the flag instead.
void check_rules(const Scenario& s, const std::string& file,
                 const google::protobuf::TextFormat::ParseInfoTree& tree,
                 const std::vector<std::string>& sets, const core::design_registry& designs,
                 std::vector<std::string>& errors);

}  // namespace sdsim::scenarios
