// One set of JSON print options for reports, bench results and the results database.
#include "engine/json_text.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

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

bool read_json_file(const std::string& path, google::protobuf::Message* out, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = path + ": cannot open";
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  const auto st = google::protobuf::util::JsonStringToMessage(text.str(), out);
  if (!st.ok()) *error = path + ": " + std::string(st.message());
  return st.ok();
}

std::string host_name() {
  char buf[256] = {};
  ::gethostname(buf, sizeof buf - 1);
  return buf;
}

}  // namespace sdsim::scenarios
