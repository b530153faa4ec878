// Human units for back-of-envelope figures, as estimation tables write them.
#pragma once

#include <string>

namespace sdsim::scenarios {

/// About three significant figures, no trailing zeros: 11.6, 400, 1.46, 0.05.
std::string short_number(double v);

/// A count in decimal steps: "11.6K", "1 billion".
std::string count(double v);

/// Bytes in decimal steps: "400 GB", "1.46 PB".
std::string bytes(double v);

/// A fraction as a percentage: 0.2 -> "20%".
std::string percent(double fraction);

/// `value` in `unit` ("B", "B/day", "B/s", "events/day", "events/s"; anything else a count).
std::string human(double value, const std::string& unit);

}  // namespace sdsim::scenarios
