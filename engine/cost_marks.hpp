// Where a run's phases end, for an instruction counter watching the process (valgrind's
// callgrind): the cost gate counts the process's start, the run's setup, the run itself and
// the teardown apart.
#pragma once

namespace sdsim::scenarios {

/// Ends phase `name` ("start", "setup", "run"): under callgrind, what it counted so far is written as
/// a dump of its own and counting starts again from zero. A few instructions otherwise, and
/// nothing at all in a build made without valgrind's headers.
void end_cost_phase(const char* name);

/// True when this binary marks its phases (it was built with valgrind's headers).
bool marks_cost_phases();

}  // namespace sdsim::scenarios
