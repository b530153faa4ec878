// Recording of one API's outcomes.
#include "actors/core/api_stats.hpp"

#include <numeric>

namespace sdsim::core {

api_stats::api_stats(std::string design, std::string api, sim_ns window_start)
    : design_(std::move(design)), api_(std::move(api)), window_start_(window_start) {}

void api_stats::on_sent(sim_ns scheduled) {
  if (measured(scheduled)) ++sent_;
}

void api_stats::on_outcome(sim_ns scheduled, sim_ns now, outcome o) {
  if (!measured(scheduled)) return;
  ++outcomes_[static_cast<std::size_t>(o)];
  if (o != outcome::ok) return;
  const sim_ns latency = now - scheduled;
  latency_.record(latency);
  // Series are indexed by the second of the window in which the reply arrived.
  const auto second = static_cast<std::size_t>((now - window_start_) / ns_per_s);
  if (second >= per_second_count_.size()) {
    per_second_count_.resize(second + 1, 0);
    per_second_latency_sum_.resize(second + 1, 0.0);
  }
  ++per_second_count_[second];
  per_second_latency_sum_[second] += static_cast<double>(latency);
}

uint64_t api_stats::completed() const {
  return std::accumulate(outcomes_.begin(), outcomes_.end(), uint64_t{0});
}

void api_stats::to_proto(ApiMetrics* out, uint64_t in_flight) const {
  out->set_design(design_);
  out->set_api(api_);
  out->set_sent(sent_);
  for (std::size_t i = 0; i < outcome_count; ++i) {
    if (outcomes_[i] == 0) continue;
    auto* c = out->add_outcomes();
    c->set_kind(std::string{name(static_cast<outcome>(i))});
    c->set_count(outcomes_[i]);
  }
  latency_.to_proto(out->mutable_latency_ns());
  for (auto c : per_second_count_) out->add_per_second_count(c);
  for (auto s : per_second_latency_sum_) out->add_per_second_latency_sum_ns(s);
  out->set_late_arrivals(late_arrivals_);
  out->set_late_replies(late_replies_);
  out->set_in_flight_at_end(in_flight);
}

}  // namespace sdsim::core
