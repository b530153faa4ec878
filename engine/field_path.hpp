// Setting a scenario field by its path ("queueing.workload[0].shape[0].constant.rate_per_s")
// through protobuf reflection: the mechanism behind `--set`, variants and sweeps.
#pragma once

#include <optional>
#include <string>

#include <google/protobuf/message.h>

namespace sdsim::scenarios {

/// Sets the scalar (number, bool, string, enum by name) at `path` to `value`. Repeated message
/// fields take an index (`field[i]`, which must exist); singular messages are created on the
/// way. Returns why it could not (unknown field, not a scalar, bad value), or nullopt.
std::optional<std::string> set_field(google::protobuf::Message& root, const std::string& path,
                                     const std::string& value);

/// Splits "path=value" and applies it; the error names the assignment.
std::optional<std::string> apply_assignment(google::protobuf::Message& root,
                                            const std::string& assignment);

}  // namespace sdsim::scenarios
