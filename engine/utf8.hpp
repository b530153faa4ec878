// UTF-8 validation with the position of the first bad byte, for scenario files.
#pragma once

#include <optional>
#include <string_view>

namespace sdsim::scenarios {

/// A 1-based position in a text.
struct text_position {
  int line = 1;
  int column = 1;
};

/// The position of the first byte that is not well-formed UTF-8 (overlong forms, surrogates
/// and code points above U+10FFFF included), or nullopt when the text is valid.
std::optional<text_position> first_invalid_utf8(std::string_view text);

}  // namespace sdsim::scenarios
