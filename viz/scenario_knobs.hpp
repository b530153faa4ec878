// The knobs a scenario offers that take effect by running it again with an override: the
// fields a design marks `[(sdsim.knob) = true]` in its proto (every workload rate; for
// ride-hailing the drivers, the geo index, the surge cap). Found by walking the resolved
// scenario through protobuf reflection, so a new design's knobs need nothing in the
// visualizer. Each knob is a `--set path=value`, so whatever the viewer chose can be
// replayed headless with the same flags.
#pragma once

#include <string>
#include <vector>

#include <google/protobuf/message.h>

namespace sdsim::viz {

/// One field a viewer may change.
struct scenario_knob {
  std::string path;                  ///< as `--set` takes it
  std::string label;                 ///< the path without the design's prefix
  double value = 0;                  ///< numbers (the current value)
  bool is_enum = false;
  std::string enum_value;            ///< enums: the current value's name
  std::vector<std::string> choices;  ///< enums: every value's name
};

/// The knobs of `scenario`: every set field marked as a knob (and every enum so marked, set
/// or not), in declaration order.
std::vector<scenario_knob> find_knobs(const google::protobuf::Message& scenario);

/// `--set` text for a knob at a new value.
std::string assignment(const scenario_knob& k, double value);
std::string assignment(const scenario_knob& k, const std::string& enum_value);

}  // namespace sdsim::viz
