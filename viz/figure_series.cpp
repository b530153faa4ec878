#include "viz/figure_series.hpp"

#include <algorithm>

namespace sdsim::viz {

void figure_series::update(const std::vector<core::live_figure>& now) {
  for (const auto& f : now) {
    auto it = std::find_if(lines_.begin(), lines_.end(),
                           [&](const figure_line& l) { return l.name == f.name; });
    if (it == lines_.end()) it = lines_.insert(lines_.end(), figure_line{f.name, 0, "", {}});
    it->value = f.value;
    it->text = f.text;
    if (!f.text.empty()) continue;
    it->history.push_back(static_cast<float>(f.value));
    if (it->history.size() > keep)
      it->history.erase(it->history.begin(), it->history.begin() + static_cast<long>(it->history.size() - keep));
  }
}

}  // namespace sdsim::viz
