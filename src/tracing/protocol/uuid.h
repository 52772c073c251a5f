// Uuid: a 128-bit identifier as the Reflow protocol carries it (trace, execution and event ids).
//
// On the wire a UUID is written as the uuid crate writes it under serde: lower-case, hyphenated
// ("67e55044-10b1-426f-9247-bb680e5fe0c8"). Parsing accepts what the uuid crate accepts: that
// form in either case, the 32-digit simple form, braces ("{...}") and the "urn:uuid:" prefix.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tracing::protocol {

struct Uuid {
  std::array<uint8_t, 16> bytes{};

  // nullopt when `text` is not a UUID in one of the accepted forms.
  static std::optional<Uuid> Parse(std::string_view text);
  // A random (version 4) UUID. Thread-safe (one generator per thread).
  static Uuid RandomV4();

  // Appends the 36-character lower-case hyphenated form.
  void AppendTo(std::string* out) const;
  std::array<char, 36> Chars() const;
  std::string ToString() const;

  friend bool operator==(const Uuid&, const Uuid&) = default;
  friend auto operator<=>(const Uuid&, const Uuid&) = default;
};

}  // namespace tracing::protocol
