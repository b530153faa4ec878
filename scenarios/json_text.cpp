// One set of JSON print options for reports, bench results and the results database.
#include "scenarios/json_text.hpp"

#include <unistd.h>

#include <google/protobuf/util/json_util.h>

namespace sdsim::scenarios {

std::string to_json_text(const google::protobuf::Message& m, bool pretty) {
  google::protobuf::util::JsonPrintOptions o;
  o.preserve_proto_field_names = true;
  o.add_whitespace = pretty;
  o.always_print_primitive_fields = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(m, &json, o);
  return json;
}

std::string host_name() {
  char buf[256] = {};
  ::gethostname(buf, sizeof buf - 1);
  return buf;
}

}  // namespace sdsim::scenarios
