#include "actors/cluster/modeled_links.hpp"

#include <caf/send.hpp>

#include "actors/core/messages.hpp"

namespace sdsim::cluster {

void modeled_links::set(const std::string& node, const core::link_state& l) {
  if (l.to.clear() && l.from.clear()) links_.erase(node);
  else links_[node] = l;
}

link_verdict modeled_links::message(const std::string& node, bool toward, core::rng& r) const {
  if (links_.empty() || node.empty()) return {};
  auto it = links_.find(node);
  if (it == links_.end()) return {};
  const auto& d = toward ? it->second.to : it->second.from;
  const bool lost = d.cut || (d.loss > 0 && r.uniform() < d.loss);
  return {lost, core::from_ms(d.delay_ms)};
}

caf::message_handler modeled_links::handler() {
  return {[this](core::link_atom, const std::string& node, bool cut_to, double delay_to,
                 double loss_to, bool cut_from, double delay_from, double loss_from) {
    set(node, core::link_state{{cut_to, delay_to, loss_to}, {cut_from, delay_from, loss_from}});
  }};
}

void modeled_links::tell_routers(const std::vector<caf::actor>& routers, const std::string& node,
                                 const core::link_state& l) {
  for (const auto& r : routers)
    caf::anon_send(r, core::link_atom::value, node, l.to.cut, l.to.delay_ms, l.to.loss,
                   l.from.cut, l.from.delay_ms, l.from.loss);
}

}  // namespace sdsim::cluster
