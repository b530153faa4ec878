// RFC 3339 parsing, UTC only (offsets would make diurnal shapes ambiguous).
#include "engine/calendar.hpp"

#include <cstdio>
#include <ctime>

namespace sdsim::scenarios {

std::optional<int64_t> parse_utc(const std::string& text) {
  // sscanf's %d also takes signs, spaces and short fields: insist on the fixed-width digits.
  if (text.size() != 20) return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  int y, mo, d, h, mi, s;
  char z = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &y, &mo, &d, &h, &mi, &s, &z,
                  &consumed) != 7 ||
      z != 'Z' || static_cast<std::size_t>(consumed) != text.size())
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || y < 1970)
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  const auto t = timegm(&tm);
  std::tm back{};
  gmtime_r(&t, &back);
  if (back.tm_mday != d) return std::nullopt;  // 2026-02-30 and the like
  return static_cast<int64_t>(t);
}

}  // namespace sdsim::scenarios
