// Top-N by partial sort, at report time only.
#include "actors/shortener/click_counter.hpp"

#include <algorithm>

namespace sdsim::shortener {

std::vector<std::pair<std::string, uint64_t>> click_counter::top(std::size_t n) const {
  std::vector<std::pair<std::string, uint64_t>> all(counts_.begin(), counts_.end());
  auto hotter = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  n = std::min(n, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), hotter);
  all.resize(n);
  return all;
}

}  // namespace sdsim::shortener
