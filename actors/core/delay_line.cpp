// Entries are moved out of the heap's top before it is popped; the ordering never looks at
// the work itself, so that is safe.
#include "actors/core/delay_line.hpp"

namespace sdsim::core {

void delay_line::add(sim_ns due, std::function<void()> fn) {
  heap_.push(entry{due, seq_++, std::move(fn)});
}

std::function<void()> delay_line::pop(sim_ns* due) {
  auto& top = const_cast<entry&>(heap_.top());
  if (due) *due = top.due;
  std::function<void()> fn = std::move(top.fn);
  heap_.pop();
  return fn;
}

}  // namespace sdsim::core
