#include "engine/cost_marks.hpp"

#ifdef SDSIM_HAVE_CALLGRIND
#include <valgrind/callgrind.h>
#endif

namespace sdsim::scenarios {

void end_cost_phase(const char* name) {
#ifdef SDSIM_HAVE_CALLGRIND
  CALLGRIND_DUMP_STATS_AT(name);
#else
  (void)name;
#endif
}

bool marks_cost_phases() {
#ifdef SDSIM_HAVE_CALLGRIND
  return true;
#else
  return false;
#endif
}

}  // namespace sdsim::scenarios
