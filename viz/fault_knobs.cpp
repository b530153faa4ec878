#include "viz/fault_knobs.hpp"

#include <google/protobuf/text_format.h>

namespace sdsim::viz {

Fault slow_fault(const std::string& service, double factor) {
  Fault f;
  f.mutable_slow()->set_service(service);
  f.mutable_slow()->set_factor(factor);
  return f;
}

Fault kill_fault(const std::string& service, uint32_t shard) {
  Fault f;
  f.mutable_kill()->set_service(service);
  f.mutable_kill()->set_shard(shard);
  return f;
}

Fault restart_fault(const std::string& service, uint32_t shard) {
  Fault f;
  f.mutable_restart()->set_service(service);
  f.mutable_restart()->set_shard(shard);
  return f;
}

Fault fail_fault(const std::string& service, double rate) {
  Fault f;
  f.mutable_fail()->set_service(service);
  f.mutable_fail()->set_rate(rate);
  return f;
}

std::string scenario_text(const Fault& f, double at_s) {
  Fault g = f;
  g.set_at_s(at_s);
  google::protobuf::TextFormat::Printer p;
  p.SetSingleLineMode(true);
  std::string body;
  p.PrintToString(g, &body);
  while (!body.empty() && body.back() == ' ') body.pop_back();
  return "fault { " + body + " }";
}

}  // namespace sdsim::viz
