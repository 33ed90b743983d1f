#include <catch2/catch.hpp>

#include "kiosk/core/text.hpp"

using namespace peilpunt::kiosk;

TEST_CASE("HTML shows as plain text: tags gone, blocks on lines, entities decoded") {
  CHECK(plain_text_from_html("<h3>Dank je!</h3><p>Tot ziens &amp; doei</p>") == "Dank je!\nTot ziens & doei");
  CHECK(plain_text_from_html("Zo&euml; &#233;&#x00EF; caf&eacute;") == "Zoë éï café");
  CHECK(plain_text_from_html("a<br>b<br/>c") == "a\nb\nc");
  CHECK(plain_text_from_html("  veel    spaties\n\t hier ") == "veel spaties hier");
  CHECK(plain_text_from_html("<p>a</p><p></p><p></p><p>b</p>") == "a\n\nb");
  CHECK(plain_text_from_html("3 < 4 &unknown; &") == "3 < 4 &unknown; &");
  CHECK(plain_text_from_html("kapot <b") == "kapot");
  CHECK(plain_text_from_html("&#0; &#99999999;") == "&#0; &#99999999;");
  CHECK(plain_text_from_html("") == "");
}

TEST_CASE("the on-screen keyboard edits whole UTF-8 characters") {
  std::string s = "Zo";
  append_utf8(s, 0x00EB);  // ë
  CHECK(s == "Zoë");
  append_utf8(s, 0x0133);  // ĳ
  CHECK(s == "Zoëĳ");
  CHECK(utf8_length(s) == 4);
  pop_utf8(s);
  CHECK(s == "Zoë");
  pop_utf8(s);
  CHECK(s == "Zo");
  append_utf8(s, 0x1F600);
  pop_utf8(s);
  CHECK(s == "Zo");
  std::string empty;
  pop_utf8(empty);
  CHECK(empty.empty());
}

TEST_CASE("shift makes capitals of Dutch letters, ĳ included") {
  CHECK(utf8_upper("a") == "A");
  CHECK(utf8_upper("\xC3\xAB") == "\xC3\x8B");  // ë -> Ë
  CHECK(utf8_upper("\xC3\xA9") == "\xC3\x89");  // é -> É
  CHECK(utf8_upper("\xC4\xB3") == "\xC4\xB2");  // ĳ -> Ĳ
  CHECK(utf8_upper("1") == "1");
  CHECK(utf8_upper("@") == "@");
}

TEST_CASE("staff read stored times as a clock time today, else with the date first") {
  CHECK(short_time_text("2026-11-23T17:12:16+01:00", "2026-11-23") == "17:12");
  CHECK(short_time_text("2026-11-22T09:05:00+01:00", "2026-11-23") == "22-11-2026 09:05");
  CHECK(short_time_text("2025-12-31T23:59:59-05:00", "2026-01-01") == "31-12-2025 23:59");
  CHECK(short_time_text("gisteren", "2026-11-23") == "gisteren");
  CHECK(short_time_text("2026-11-23", "2026-11-23") == "2026-11-23");
  CHECK(short_time_text("", "2026-11-23") == "");
}
