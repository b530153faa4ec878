// The design registry.
#include "actors/core/design.hpp"

#include <cassert>
#include <cctype>

#include <caf/sec.hpp>

namespace sdsim::core {

// The enum's name in UPPER_SNAKE ("ShortenerApi" -> "SHORTENER_API_") is the values' prefix,
// as protobuf's style asks of enum values.
std::vector<std::string> api_names(const google::protobuf::EnumDescriptor* apis) {
  std::string prefix;
  for (char c : apis->name()) {
    if (std::isupper(static_cast<unsigned char>(c)) && !prefix.empty()) prefix += '_';
    prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  prefix += '_';
  std::vector<std::string> out;
  for (int i = 0; i < apis->value_count(); ++i) {
    const auto* v = apis->FindValueByNumber(i);
    if (!v || v->name().compare(0, prefix.size(), prefix) != 0)
      throw std::logic_error(apis->full_name() + ": values must run 0, 1, 2, ... and start with " +
                             prefix);
    std::string name = v->name().substr(prefix.size());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.push_back(std::move(name));
  }
  return out;
}

void design_registry::add(std::unique_ptr<design> d) {
  auto name = d->name();
  [[maybe_unused]] auto [it, inserted] = designs_.emplace(name, std::move(d));
  assert(inserted && "a design registered twice");
}

const design* design_registry::find(const std::string& name) const {
  auto i = designs_.find(name);
  return i == designs_.end() ? nullptr : i->second.get();
}

std::vector<const design*> design_registry::all() const {
  std::vector<const design*> out;
  for (const auto& [name, d] : designs_) out.push_back(d.get());
  return out;
}

service_spec make_service(std::string name, uint32_t shards, uint32_t servers,
                          const Distribution& service_time) {
  service_spec s;
  s.name = std::move(name);
  s.default_shards = shards;
  s.default_capacity.set_servers(servers);
  *s.default_capacity.mutable_service_time() = service_time;
  return s;
}

Distribution lognormal_ms(double p50, double p99) {
  Distribution d;
  d.mutable_lognormal()->set_p50_ms(p50);
  d.mutable_lognormal()->set_p99_ms(p99);
  return d;
}

Distribution constant_ms(double ms) {
  Distribution d;
  d.mutable_constant()->set_ms(ms);
  return d;
}

actor_basics basics_of(const run_context& ctx) {
  return {&ctx.clock, ctx.seed, ctx.warmup, ctx.arrivals_end, ctx.timer_quantum};
}

caf::actor place_or_spawn(run_context& ctx, const std::string& service, uint32_t shard,
                          const std::function<placement_spec()>& spec,
                          const std::function<caf::actor()>& local) {
  if (!ctx.place || !ctx.node_of || ctx.node_of(service, shard, 0).empty()) return local();
  return ctx.place(service, shard, 0, spec());
}

ActorBasics to_proto(const actor_basics& b) {
  ActorBasics p;
  p.set_seed(b.seed);
  p.set_window_start_ns(b.window_start);
  p.set_arrivals_end_ns(b.arrivals_end);
  p.set_timer_quantum_ns(b.timer_quantum);
  return p;
}

actor_basics from_proto(const ActorBasics& p, const sim_clock* clock) {
  return {clock, p.seed(), p.window_start_ns(), p.arrivals_end_ns(), p.timer_quantum_ns()};
}

caf::expected<caf::actor> design::spawn_placed(caf::actor_system&, const sim_clock&,
                                               const std::string& service,
                                               const placement_spec&) const {
  return caf::make_error(caf::sec::invalid_argument,
                         "service '" + service + "' cannot be placed on a node");
}

std::string design_run::set_link(const std::string&, const link_state&) {
  return "this design sends nothing to nodes";
}

std::string design_run::set_node_link(const std::string&, const std::string&, const link_state&) {
  return "this design sends nothing from node to node";
}

}  // namespace sdsim::core
