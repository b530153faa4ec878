// Who is matched to whom: the matching service's bookkeeping, apart from any actor. A ride
// request is offered to a ranked batch of drivers; the first of them to accept wins and the
// others' accepts are refused; when every driver offered has denied or timed out, the next
// batch is offered; a driver already on a ride is refused whatever he accepts.
//
// A driver sees one offer at a time: while he is thinking about one ride, other rides pass
// him over.
//
// Invariant (checked by `consistent()` and enforced by every call): a driver holds at most one
// ride and a ride at most one driver; ride_of_ and driver_of_ are each other's inverse; a
// driver is offered at most one open ride at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace sdsim::ride_hailing {

/// What an accept or a deny did.
enum class offer_result {
  matched,          ///< this driver won the ride
  refused_taken,    ///< the ride already has a driver (another accept came first)
  refused_busy,     ///< this driver already holds another ride
  refused_unknown,  ///< the ride is not open, or the driver was not offered it
  next_batch,       ///< everyone offered said no: offer to `next_offer()`'s drivers
  exhausted,        ///< no candidates left: the request ends unmatched
  noted,            ///< a deny recorded; others offered may still accept
};

/// Not thread-safe: owned by one matching actor (which is what makes "first accept wins" a
/// matter of message order, not of locks).
class match_book {
 public:
  /// Opens `ride` with `ranked` candidates (best first), offered `batch` at a time. Returns
  /// the first batch (drivers already on a ride are skipped).
  std::vector<uint64_t> open(uint64_t ride, std::vector<uint64_t> ranked, std::size_t batch);

  /// `driver` accepts `ride`.
  offer_result accept(uint64_t ride, uint64_t driver);

  /// `driver` denies `ride`, or his offer timed out.
  offer_result deny(uint64_t ride, uint64_t driver);

  /// After an accept refused as `refused_busy`: `noted` while others offered may still
  /// answer, else `next_batch` or `exhausted` as for a deny.
  offer_result after_refusal(uint64_t ride) const;

  /// The batch to offer after `next_batch` (empty when exhausted).
  std::vector<uint64_t> next_offer(uint64_t ride);

  /// Records `ride` as matched to `driver` before the book saw it (a run that starts with
  /// rides under way); false, changing nothing, when either already has a match.
  bool seat(uint64_t ride, uint64_t driver);

  /// The trip ended or was cancelled: both are free again.
  void release(uint64_t ride);

  /// The request gave up before a match (cancelled by the rider, or exhausted).
  void close(uint64_t ride);

  std::optional<uint64_t> driver_of(uint64_t ride) const;
  std::optional<uint64_t> ride_of(uint64_t driver) const;
  bool busy(uint64_t driver) const { return ride_of_.count(driver) != 0; }

  /// True while `driver` is thinking about an offer of another ride than `ride`.
  bool considering_other(uint64_t driver, uint64_t ride) const {
    auto it = offered_to_.find(driver);
    return it != offered_to_.end() && it->second != ride;
  }

  /// The invariant, checked in full (for tests and the end-of-run checker).
  bool consistent() const;

  std::size_t open_requests() const { return open_.size(); }

 private:
  struct request {
    std::vector<uint64_t> ranked;
    std::size_t next = 0;                 // first candidate not offered yet
    std::size_t batch = 1;
    std::unordered_set<uint64_t> offered; // offered in the current batch, not yet answered
  };
  std::vector<uint64_t> take_batch(uint64_t ride, request& r);
  void withdraw(uint64_t ride, const request& r);  // its outstanding offers

  std::unordered_map<uint64_t, request> open_;
  std::unordered_map<uint64_t, uint64_t> driver_of_;  // ride -> driver
  std::unordered_map<uint64_t, uint64_t> ride_of_;    // driver -> ride
  std::unordered_map<uint64_t, uint64_t> offered_to_; // driver -> the open ride offered him
};

}  // namespace sdsim::ride_hailing
