// Human units for back-of-envelope figures: 11.6K/s, 400 GB/day, 1.46 PB.
#include "app/human_units.hpp"

#include <vector>

#include <fmt/format.h>

namespace sdsim::scenarios {
namespace {

// "1234567" -> "1,234,567"; only reached for figures past the largest unit (1,825 PB).
std::string with_commas(std::string digits) {
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(i, ",");
  return digits;
}

// Decimal steps of 1000, capped at the last suffix, as back-of-envelope tables write them.
std::string scaled(double v, const std::vector<const char*>& suffixes) {
  size_t i = 0;
  while (v >= 1000 && i + 1 < suffixes.size()) {
    v /= 1000;
    ++i;
  }
  return short_number(v) + suffixes[i];
}

}  // namespace

// About three significant figures, no trailing zeros: 11.6, 400, 1.46, 0.05.
std::string short_number(double v) {
  if (v >= 1000) return with_commas(fmt::format("{:.0f}", v));
  const int decimals = v >= 100 ? 0 : v >= 10 ? 1 : v >= 1 ? 2 : 3;
  std::string s = fmt::format("{:.{}f}", v, decimals);
  if (s.find('.') != std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string count(double v) { return scaled(v, {"", "K", "M", " billion", " trillion"}); }
std::string bytes(double v) { return scaled(v, {" B", " KB", " MB", " GB", " TB", " PB"}); }
std::string percent(double fraction) { return short_number(fraction * 100) + "%"; }

std::string human(double value, const std::string& unit) {
  if (unit == "B") return bytes(value);
  if (unit == "B/day") return bytes(value) + "/day";
  if (unit == "B/s") return bytes(value) + "/s";
  if (unit == "events/day") return count(value) + "/day";
  if (unit == "events/s") return count(value) + "/s";
  return count(value);  // users, records
}

}  // namespace sdsim::scenarios
