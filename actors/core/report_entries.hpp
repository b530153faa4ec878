// Adding figures and checks to a report, the one way every design and the engine do it.
#pragma once

#include <string>

#include "actors/core/report.pb.h"

namespace sdsim::core {

/// Appends a figure (`unit` may be empty).
inline void add_figure(DesignReport* out, const std::string& name, double value,
                       const std::string& unit = "") {
  auto* f = out->add_figures();
  f->set_name(name);
  f->set_value(value);
  f->set_unit(unit);
}

/// Appends a checker verdict to `checks` (a design's or the run's own).
inline void add_check(google::protobuf::RepeatedPtrField<Check>* checks, const std::string& name,
                      bool ok, const std::string& detail) {
  auto* c = checks->Add();
  c->set_name(name);
  c->set_ok(ok);
  c->set_detail(detail);
}

}  // namespace sdsim::core
