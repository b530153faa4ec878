// The design registry.
#include "actors/core/design.hpp"

#include <cassert>

namespace sdsim::core {

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

}  // namespace sdsim::core
