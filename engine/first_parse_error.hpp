// Collects the text-format parser's first complaint as "file:line:column: message", with the
// position a person expects. What follows a first error is usually the same mistake seen again.
#pragma once

#include <string>

#include <google/protobuf/io/tokenizer.h>

namespace sdsim::scenarios {

/// Give it to `TextFormat::Parser::RecordErrorsTo`; `text` must outlive it.
class first_parse_error : public google::protobuf::io::ErrorCollector {
 public:
  first_parse_error(std::string file, const std::string& text)
      : file_(std::move(file)), text_(text) {}

  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override;
  void AddWarning(int line, google::protobuf::io::ColumnNumber column,
                  const std::string& message) override {
    AddError(line, column, message);
  }

  /// The first complaint, or "" when there was none.
  const std::string& first() const { return first_; }

 private:
  int start_of_unknown_name(int line, int column, const std::string& message) const;

  std::string file_;
  const std::string& text_;
  std::string first_;
};

}  // namespace sdsim::scenarios
