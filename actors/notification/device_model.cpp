#include "actors/notification/device_model.hpp"

#include <algorithm>

namespace sdsim::notification {

std::string device_model::pair_name(uint64_t device, std::string_view key) {
  std::string s = std::to_string(device);
  s += '/';
  s += key;
  return s;
}

bool device_model::offer(uint64_t device, std::string_view key) {
  if (shown_.insert(pair_name(device, key)).second) return true;
  ++duplicates_;
  return false;
}

std::vector<std::string> device_model::shown_keys() const {
  std::vector<std::string> out(shown_.begin(), shown_.end());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace sdsim::notification
