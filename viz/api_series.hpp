// Per-API throughput and latency over sim time, from the counters clients report while the run
// goes on (`peek_atom`): what the charts draw. Plain: fed ActorMetrics, read by the UI.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "actors/core/metrics.pb.h"

namespace sdsim::viz {

/// One API so far.
struct api_line {
  std::string design, api;
  uint64_t sent = 0, ok = 0, errors = 0, in_flight = 0;
  uint64_t late = 0;                ///< arrivals that left later than the host-lag threshold
  double p50_ms = 0, p99_ms = 0;
  std::vector<float> rps;           ///< completions per sim second of the measured window
  std::vector<float> mean_ms;       ///< their mean latency per sim second (0 where none)
  /// Completions by latency, one count per bin of `latency_bins_ms` (the last bin open-ended).
  std::vector<float> latency_hist;
  /// Errors by kind ("timeout", "overloaded"), most first.
  std::vector<std::pair<std::string, uint64_t>> errors_by_kind;
};

/// Lower edges of the latency histogram's bins, in ms: 1-2-5 steps from 0.1 ms to 10 s.
const std::vector<double>& latency_bins_ms();

/// Counts of `h` per bin of `latency_bins_ms` (values below the first edge go in the first).
std::vector<float> latency_histogram(const HistogramData& h);

/// The APIs of a run, merged over every client. Not thread-safe.
class api_series {
 public:
  /// Replaces everything with what `clients` report now (each one's counters since the start).
  void update(const std::vector<ActorMetrics>& clients);

  const std::vector<api_line>& lines() const { return lines_; }

 private:
  std::vector<api_line> lines_;
};

}  // namespace sdsim::viz
