// Protobuf messages as JSON the way sdsim writes them everywhere: proto field names, every
// field printed (so `"saturated": false` is there), 64-bit counts as strings.
#pragma once

#include <string>

#include <google/protobuf/message.h>

namespace sdsim::scenarios {

/// `m` as JSON; `pretty` adds line breaks and indentation.
std::string to_json_text(const google::protobuf::Message& m, bool pretty = true);

/// Reads JSON file `path` into `out` (unknown fields refused); false with `*error` ("PATH:
/// what is wrong") when it cannot.
bool read_json_file(const std::string& path, google::protobuf::Message* out, std::string* error);

/// The name of this host, for reports.
std::string host_name();

}  // namespace sdsim::scenarios
