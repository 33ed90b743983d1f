// Reads the CSV files Peilpunt writes for Dutch Excel (the kiosk's export and the collector's
// /v1/export), failing the test on anything Excel would misread. Test-only; uses Catch2.
//
// **Example**:
//   auto rows = parse_csv(file_bytes(folder / "jeugdakkoord.csv"));   // rows[0] is the header
#pragma once

#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace peilpunt::sync::testing {

// RFC 4180 with ';': a leading UTF-8 BOM is required (Dutch Excel needs it), records end in CRLF,
// quoted fields may hold ; "" CR and LF.
inline std::vector<std::vector<std::string>> parse_csv(const std::string& bytes) {
  REQUIRE(bytes.rfind("\xEF\xBB\xBF", 0) == 0);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, field_started = false;
  for (std::size_t i = 3; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (quoted) {
      if (c == '"' && i + 1 < bytes.size() && bytes[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (c == ';') {
      row.push_back(field);
      field.clear();
      field_started = false;
    } else if (c == '\r') {
      REQUIRE(i + 1 < bytes.size());
      REQUIRE(bytes[i + 1] == '\n');  // a bare CR outside quotes would split the row in Excel
      ++i;
      row.push_back(field);
      rows.push_back(row);
      row.clear();
      field.clear();
      field_started = false;
    } else {
      REQUIRE(c != '\n');
      REQUIRE(c != '"');
      field += c;
      field_started = true;
    }
  }
  REQUIRE_FALSE(quoted);
  REQUIRE(row.empty());  // the last record ends in CRLF too
  REQUIRE(field.empty());
  return rows;
}

}  // namespace peilpunt::sync::testing
