#include "viz/api_series.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "actors/core/histogram.hpp"

namespace sdsim::viz {

const std::vector<double>& latency_bins_ms() {
  static const std::vector<double> edges = {0.1, 0.2, 0.5, 1,   2,   5,    10,   20,
                                            50,  100, 200, 500, 1000, 2000, 5000, 10000};
  return edges;
}

std::vector<float> latency_histogram(const HistogramData& h) {
  const auto& edges = latency_bins_ms();
  std::vector<float> out(edges.size(), 0);
  for (int i = 0; i < h.index_size() && i < h.count_size(); ++i) {
    const double ms = core::histogram::bucket_value(h.index(i)) / 1e6;
    const auto above = std::upper_bound(edges.begin(), edges.end(), ms);
    const std::size_t bin = above == edges.begin() ? 0 : static_cast<std::size_t>(above - edges.begin()) - 1;
    out[bin] += static_cast<float>(h.count(i));
  }
  return out;
}

void api_series::update(const std::vector<ActorMetrics>& clients) {
  struct acc {
    api_line line;
    core::histogram latency;
    std::vector<double> count, sum_ns;
    std::map<std::string, uint64_t> errors;
  };
  // Ordered by (design, api), so the charts keep their places from one update to the next.
  std::map<std::pair<std::string, std::string>, acc> by;
  for (const auto& m : clients) {
    for (const auto& a : m.apis()) {
      auto& x = by[{a.design(), a.api()}];
      x.line.design = a.design();
      x.line.api = a.api();
      x.line.sent += a.sent();
      x.line.late += a.late_arrivals();
      x.line.in_flight += a.in_flight_at_end();
      for (const auto& o : a.outcomes()) {
        (o.kind() == "ok" ? x.line.ok : x.line.errors) += o.count();
        if (o.kind() != "ok" && o.count() > 0) x.errors[o.kind()] += o.count();
      }
      x.latency.merge(core::histogram::from_proto(a.latency_ns()));
      const auto n = static_cast<std::size_t>(a.per_second_count_size());
      if (x.count.size() < n) {
        x.count.resize(n, 0);
        x.sum_ns.resize(n, 0);
      }
      for (std::size_t i = 0; i < n; ++i) {
        x.count[i] += static_cast<double>(a.per_second_count(static_cast<int>(i)));
        if (static_cast<int>(i) < a.per_second_latency_sum_ns_size())
          x.sum_ns[i] += a.per_second_latency_sum_ns(static_cast<int>(i));
      }
    }
  }
  lines_.clear();
  for (auto& [key, x] : by) {
    x.line.p50_ms = x.latency.quantile(0.5) / 1e6;
    x.line.p99_ms = x.latency.quantile(0.99) / 1e6;
    HistogramData merged;
    x.latency.to_proto(&merged);
    x.line.latency_hist = latency_histogram(merged);
    x.line.errors_by_kind.assign(x.errors.begin(), x.errors.end());
    std::stable_sort(x.line.errors_by_kind.begin(), x.line.errors_by_kind.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    // The last second is still filling: leave it out, or every chart would end in a dip.
    const std::size_t n = x.count.empty() ? 0 : x.count.size() - 1;
    for (std::size_t i = 0; i < n; ++i) {
      x.line.rps.push_back(static_cast<float>(x.count[i]));
      x.line.mean_ms.push_back(x.count[i] > 0 ? static_cast<float>(x.sum_ns[i] / x.count[i] / 1e6) : 0);
    }
    lines_.push_back(std::move(x.line));
  }
}

}  // namespace sdsim::viz
