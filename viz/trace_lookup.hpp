// A request's trace as the UI asks for it: the UI names a request, the poller thread asks the
// designs' tracers (each answers on its own actor thread) and hands their hops in, the UI reads
// the merged path. Plain, so the whole exchange is tested without actors or a window.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "actors/core/trace_hop.hpp"

namespace sdsim::viz {

/// One request's trace, as far as it is known.
struct request_trace {
  uint64_t id = 0;
  bool ready = false;                  ///< the tracers have answered
  std::vector<core::trace_hop> hops;   ///< in time order
  uint32_t unanswered = 0;             ///< tracers that did not answer in time
};

/// Invariant: at most one request is asked for at a time; a newer ask replaces an older one.
/// Thread-safety: every member may be called from any thread.
class trace_lookup {
 public:
  /// The UI wants the trace of request `id` (again, if it asked before: trips go on).
  void ask(uint64_t id);

  /// The poller: the request to look up now, once per ask.
  std::optional<uint64_t> take_ask();

  /// The poller: what the tracers said about `id` (their encoded hops; an unanswered tracer
  /// gives nullopt). Ignored when the UI has asked for another request meanwhile.
  void answer(uint64_t id, const std::vector<std::optional<std::string>>& replies);

  /// The latest trace (id 0 until something was asked).
  request_trace trace() const;

  /// Forgets everything (a new run has other requests).
  void clear();

 private:
  mutable std::mutex mutex_;
  request_trace trace_;
  bool pending_ = false;
};

/// The trace as text, a line per hop: "  12.345 s  ride_hailing/trip  en_route  by driver".
std::string format_trace(const request_trace& t);

}  // namespace sdsim::viz
