// Child processes for commands that run others (the cost gate runs sdsim under valgrind):
// started in a folder with their output in a log file, waited for with a deadline.
#pragma once

#include <optional>
#include <string>
#include <vector>
#include <sys/types.h>

namespace sdsim::scenarios {

/// Starts `argv` (argv[0] searched in PATH) in folder `dir`, stdout and stderr appended to
/// file `log`. The pid, or -1 with `*why`.
pid_t spawn_logged(const std::vector<std::string>& argv, const std::string& dir,
                   const std::string& log, std::string* why);

/// How a child ended.
struct child_exit {
  pid_t pid = 0;
  int exit_code = -1;   ///< its exit code, or -1 when a signal ended it
  int signal = 0;       ///< the signal that ended it, or 0
};

/// Waits for any child to end, up to `timeout_s`; nullopt when none ended in time.
std::optional<child_exit> wait_any_child(double timeout_s);

/// What `command` printed on stdout (its first line), or "" when it could not run.
std::string first_line_of(const std::string& command);

}  // namespace sdsim::scenarios
