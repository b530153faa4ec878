#include "engine/command_error.hpp"

#include <iostream>

namespace sdsim::scenarios {

int command_error(const std::string& command, exit_code code, const std::string& what) {
  std::cerr << "sdsim" << (command.empty() ? "" : " " + command) << ": " << what << "\n";
  return code;
}

}  // namespace sdsim::scenarios
