#include "actors/core/trace_hop.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>

namespace sdsim::core {
namespace {

std::string clean(const std::string& field) {
  std::string out = field;
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '\t' || c == '\n'; }, ' ');
  return out;
}

}  // namespace

std::string encode_hops(const std::vector<trace_hop>& hops) {
  std::string out;
  for (const auto& h : hops) {
    out += std::to_string(h.at);
    for (const auto* f : {&h.service, &h.what, &h.detail}) out += '\t' + clean(*f);
    out += '\n';
  }
  return out;
}

std::vector<trace_hop> decode_hops(const std::string& bytes) {
  std::vector<trace_hop> out;
  std::string_view rest = bytes;
  while (!rest.empty()) {
    const auto eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
    std::vector<std::string_view> f;
    for (std::size_t from = 0;;) {
      const auto tab = line.find('\t', from);
      f.push_back(line.substr(from, tab == std::string_view::npos ? tab : tab - from));
      if (tab == std::string_view::npos) break;
      from = tab + 1;
    }
    trace_hop h;
    if (f.size() != 4) continue;
    auto [end, ec] = std::from_chars(f[0].data(), f[0].data() + f[0].size(), h.at);
    if (ec != std::errc{} || end != f[0].data() + f[0].size()) continue;
    h.service = std::string(f[1]);
    h.what = std::string(f[2]);
    h.detail = std::string(f[3]);
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<trace_hop> merge_hops(std::vector<std::vector<trace_hop>> from_services) {
  std::vector<trace_hop> all;
  for (auto& hops : from_services)
    for (auto& h : hops) all.push_back(std::move(h));
  std::stable_sort(all.begin(), all.end(),
                   [](const trace_hop& a, const trace_hop& b) { return a.at < b.at; });
  return all;
}

}  // namespace sdsim::core
