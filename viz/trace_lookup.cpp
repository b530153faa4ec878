#include "viz/trace_lookup.hpp"

#include <fmt/format.h>

namespace sdsim::viz {

void trace_lookup::ask(uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (trace_.id != id) trace_ = request_trace{id, false, {}, 0};
  pending_ = true;
}

std::optional<uint64_t> trace_lookup::take_ask() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!pending_) return std::nullopt;
  pending_ = false;
  return trace_.id;
}

void trace_lookup::answer(uint64_t id, const std::vector<std::optional<std::string>>& replies) {
  std::vector<std::vector<core::trace_hop>> from;
  uint32_t unanswered = 0;
  for (const auto& r : replies) {
    if (r)
      from.push_back(core::decode_hops(*r));
    else
      ++unanswered;
  }
  auto hops = core::merge_hops(std::move(from));
  std::lock_guard<std::mutex> lock(mutex_);
  if (trace_.id != id) return;
  trace_.ready = true;
  trace_.hops = std::move(hops);
  trace_.unanswered = unanswered;
}

request_trace trace_lookup::trace() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return trace_;
}

void trace_lookup::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  trace_ = {};
  pending_ = false;
}

std::string format_trace(const request_trace& t) {
  std::string out = fmt::format("request {}{}\n", t.id, t.ready ? "" : " (asking...)");
  // The service without its design ("trip", not "ride_hailing/trip"): a trace is one design's.
  for (const auto& h : t.hops)
    out += fmt::format("  {:8.3f} s  {:<9} {:<15} {}\n", static_cast<double>(h.at) / 1e9,
                       h.service.substr(h.service.find('/') + 1), h.what, h.detail);
  if (t.ready && t.hops.empty()) out += "  nothing known (finished long ago, or not yet seen)\n";
  if (t.unanswered > 0) out += fmt::format("  {} service(s) did not answer in time\n", t.unanswered);
  return out;
}

}  // namespace sdsim::viz
