// Back-of-envelope estimates (`sdsim estimate [DESIGN]`): requests/s, storage, bandwidth and
// cache per design, derived from the sizing inputs in `data/scales.textproto`.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scenarios/scales.pb.h"

namespace sdsim::scenarios {

/// One figure of an estimate, in base units (events, bytes, seconds).
struct estimate_row {
  /// Stable key for lookups: "requests_per_s", "storage_per_day", "messages_per_day", ...
  std::string name;
  /// What the figure is, as printed: "requests per second", "storage over 10 years".
  std::string label;
  /// The figure in the base unit named by `unit`.
  double value = 0;
  /// "users", "events/day", "events/s", "records", "B", "B/day" or "B/s".
  std::string unit;
  /// How the figure follows from the inputs ("1 billion/day ÷ 86,400 s").
  std::string how;
};

/// One design's table of figures, in print order.
struct design_estimate {
  /// The design's key ("ride_hailing").
  std::string design;
  /// The design's printed title ("Ride-hailing (Uber)").
  std::string title;
  /// Where the inputs come from.
  std::string source;
  /// The figures, in print order.
  std::vector<estimate_row> rows;

  /// The row called `name`, or nullptr when the design has none.
  const estimate_row* find(std::string_view name) const;
};

/// Turns checked sizing inputs into estimate tables.
// Invariants, established by `parse` before any estimator exists:
// (1) design names are non-empty and unique; flow names are unique within a design;
// (2) every flow has exactly one rate, and a share refers to a flow earlier in its design;
// (3) every number is finite and non-negative, and cache fractions are at most 1.
// Immutable after construction; const calls are safe from any thread.
class estimator {
 public:
  /// Reads and checks a scales file; on failure returns nullopt and sets `*error` to
  /// "file:line:column: message".
  static std::optional<estimator> load(const std::string& path, std::string* error);

  /// Checks scales given as text; `file_name` only labels error messages.
  static std::optional<estimator> parse(const std::string& text, const std::string& file_name,
                                        std::string* error);

  /// The design keys, in file order.
  std::vector<std::string> design_names() const;

  /// The table of one design, or nullopt when no design has that key.
  std::optional<design_estimate> estimate(std::string_view design) const;

  /// The tables of every design, in file order.
  std::vector<design_estimate> estimate_all() const;

 private:
  explicit estimator(sdsim::Scales scales) : scales_(std::move(scales)) {}

  static design_estimate compute(const sdsim::DesignScale& design);

  sdsim::Scales scales_;
};

/// Loads `scales_path` and estimates every design; nullopt with `*error` set on a bad file.
std::optional<std::vector<design_estimate>> estimate_all(const std::string& scales_path,
                                                         std::string* error);

/// A design's table as aligned text, figures in human units (12K/s, 1.4 PB, 5 MB/s).
std::string render(const design_estimate& estimate);

/// `sdsim estimate [DESIGN]`: prints one design's table, or all when `design_or_empty` is
/// empty. Returns 0, or 2 after writing to `err` when the file is bad or the design unknown.
int run_estimate(const std::string& design_or_empty, const std::string& scales_path,
                 std::ostream& out, std::ostream& err);

}  // namespace sdsim::scenarios
