// The end-of-run summary a person reads in the terminal.
#pragma once

#include <string>
#include <vector>

#include "actors/core/report.pb.h"

namespace sdsim::scenarios {

/// The summary of one run: per API, per service, bottleneck, figures, checks, host verdict.
std::string render_summary(const RunReport& r);

/// Several variants' headline numbers side by side.
std::string render_comparison(const std::vector<RunReport>& runs);

/// The report (or the variants' reports) as protobuf JSON with proto field names.
std::string to_json(const std::vector<RunReport>& runs);

}  // namespace sdsim::scenarios
