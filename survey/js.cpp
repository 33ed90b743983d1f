// ECMAScript conversions, operators and Date arithmetic, as far as SurveyJS expressions reach.
// Section numbers refer to ECMA-262. Index:
//   [SECTION] Values        [SECTION] Strings      [SECTION] Numbers
//   [SECTION] Conversions   [SECTION] Operators    [SECTION] Dates
#include "survey/js.hpp"

#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <cwctype>
#include <limits>
#include <locale.h>
#include <algorithm>
#include <regex>

#include "survey/utf8.hpp"

namespace survey::js {
namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
constexpr double ms_per_day = 86400000.0;

// [SECTION] Strings ------------------------------------------------------------------------------

bool is_js_space(char32_t c) {
  return c == 0x09 || c == 0x0A || c == 0x0B || c == 0x0C || c == 0x0D || c == 0x20 ||
         c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

// Unicode case mapping through glibc's built-in C.UTF-8 tables, independent of the user's locale.
locale_t unicode_locale() {
  static locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return loc;
}

template <class Map>
std::string map_case(std::string_view s, Map map) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += static_cast<char>(map(static_cast<char32_t>(c)));
      ++i;
      continue;
    }
    encode_utf8(map(decode_utf8(s, i)), out);
  }
  return out;
}

// [SECTION] Numbers ------------------------------------------------------------------------------

// Length of the StrDecimalLiteral prefix of s (no sign, no Infinity), 0 when there is none.
std::size_t decimal_literal_length(std::string_view s) {
  std::size_t i = 0, digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    std::size_t j = i + 1;
    std::size_t frac = 0;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j, ++frac;
    if (digits + frac > 0) {
      i = j;
      digits += frac;
    }
  }
  if (digits == 0) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    std::size_t exp_start = j;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
    if (j > exp_start) i = j;
  }
  return i;
}

double strtod_exact(std::string_view s) {
  std::string tmp(s);
  return std::strtod(tmp.c_str(), nullptr);
}

double digits_in_radix(std::string_view s, int radix, std::size_t* used) {
  double value = 0;
  std::size_t i = 0;
  for (; i < s.size(); ++i) {
    int d;
    char c = s[i];
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z') d = c - 'A' + 10;
    else break;
    if (d >= radix) break;
    value = value * radix + d;
  }
  *used = i;
  return value;
}

// [SECTION] Dates --------------------------------------------------------------------------------

double days_from_civil(double y, double m /*1..12*/, double d) {
  y -= m <= 2 ? 1 : 0;
  double era = std::floor(y / 400);
  double yoe = y - era * 400;
  double mp = m > 2 ? m - 3 : m + 9;
  double doy = std::floor((153 * mp + 2) / 5) + d - 1;
  double doe = yoe * 365 + std::floor(yoe / 4) - std::floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(double z, int& y, int& m, int& d) {
  z += 719468;
  double era = std::floor(z / 146097);
  double doe = z - era * 146097;
  double yoe = std::floor((doe - std::floor(doe / 1460) + std::floor(doe / 36524) -
                           std::floor(doe / 146096)) / 365);
  double doy = doe - (365 * yoe + std::floor(yoe / 4) - std::floor(yoe / 100));
  double mp = std::floor((5 * doy + 2) / 153);
  d = static_cast<int>(doy - std::floor((153 * mp + 2) / 5) + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

// Offset of local time from UTC at the UTC instant `utc_ms`, in ms.
double local_offset_ms(double utc_ms) {
  // Beyond the Date range (+-8.64e15 ms) there is no offset to ask for; time_clip gives NaN.
  if (!std::isfinite(utc_ms) || std::fabs(utc_ms) > 8.7e15) return 0;
  auto t = static_cast<std::time_t>(std::floor(utc_ms / 1000));
  std::tm tm{};
  if (!localtime_r(&t, &tm)) return 0;
  return static_cast<double>(tm.tm_gmtoff) * 1000.0;
}

double to_integer(double v) { return std::isfinite(v) ? std::trunc(v) : v; }

int to_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace
double time_clip(double t);
namespace {

// ISO-8601 as ECMA-262 21.4.1.32 defines it; returns nullopt when s is not in that format.
std::optional<double> parse_iso_date(std::string_view s) {
  static const std::regex iso(
      R"(^([+-]\d{6}|\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?$)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(s.begin(), s.end(), m, iso)) return std::nullopt;
  auto part = [&](int i) { return std::string_view(&*m[i].first, static_cast<std::size_t>(m[i].length())); };
  std::string_view ys = part(1);
  if (ys == "-000000") return nan_value;
  int year = ys[0] == '+' || ys[0] == '-' ? to_int(ys.substr(1)) * (ys[0] == '-' ? -1 : 1) : to_int(ys);
  int month = m[2].matched ? to_int(part(2)) : 1;
  int day = m[3].matched ? to_int(part(3)) : 1;
  int hour = m[4].matched ? to_int(part(4)) : 0;
  int minute = m[5].matched ? to_int(part(5)) : 0;
  int second = m[6].matched ? to_int(part(6)) : 0;
  int millis = 0;
  if (m[7].matched) {
    std::string frac(part(7).substr(0, 3));
    while (frac.size() < 3) frac += '0';
    millis = to_int(frac);
  }
  // V8 takes any day up to 31 and rolls over: 2025-02-30 is March 2nd.
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 ||
      minute > 59 || second > 59)
    return nan_value;
  if (hour == 24 && (minute != 0 || second != 0 || millis != 0)) return nan_value;
  double local = (days_from_civil(year, month, 1) + day - 1) * ms_per_day + hour * 3600000.0 +
                 minute * 60000.0 + second * 1000.0 + millis;
  bool has_time = m[4].matched;
  if (m[8].matched) {
    std::string_view tz = part(8);
    if (tz == "Z") return time_clip(local);
    double off = (to_int(tz.substr(1, 2)) * 60 + to_int(tz.substr(4, 2))) * 60000.0;
    return time_clip(tz[0] == '+' ? local - off : local + off);
  }
  if (!has_time) return time_clip(local);  // date-only forms are UTC
  double off = local_offset_ms(local - local_offset_ms(local));
  return time_clip(local - off);
}

}  // namespace

// [SECTION] Values -------------------------------------------------------------------------------

namespace {
// An array index key ("0", "17"): JS objects list these first, in numeric order.
bool is_index_key(const std::string& k) {
  if (k.empty() || k.size() > 10 || (k.size() > 1 && k[0] == '0')) return false;
  for (char c : k)
    if (c < '0' || c > '9') return false;
  return std::stoull(k) < 4294967295ULL;
}

template <class Json>
Value value_from_json(const Json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return Value::null();
    case nlohmann::json::value_t::boolean: return Value::boolean(j.template get<bool>());
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return Value::number(j.template get<double>());
    case nlohmann::json::value_t::string: return Value::string(j.template get<std::string>());
    case nlohmann::json::value_t::array: {
      Array a;
      a.reserve(j.size());
      for (const auto& e : j) a.push_back(value_from_json(e));
      return Value::array(std::move(a));
    }
    case nlohmann::json::value_t::object: {
      Object o;
      o.reserve(j.size());
      for (auto it = j.begin(); it != j.end(); ++it) o.emplace_back(it.key(), value_from_json(it.value()));
      std::stable_partition(o.begin(), o.end(), [](const auto& kv) { return is_index_key(kv.first); });
      auto indexes_end = std::find_if(o.begin(), o.end(), [](const auto& kv) { return !is_index_key(kv.first); });
      std::stable_sort(o.begin(), indexes_end,
                       [](const auto& a, const auto& b) { return std::stoull(a.first) < std::stoull(b.first); });
      return Value::object(std::move(o));
    }
    default: return Value::undefined();
  }
}
}  // namespace

Value Value::from_json(const nlohmann::ordered_json& j) { return value_from_json(j); }

Value Value::from_json(const nlohmann::json& j) { return value_from_json(j); }

const Value* Value::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [k, v] : as_object())
    if (k == key) return &v;
  return nullptr;
}

std::optional<nlohmann::json> Value::to_json() const {
  switch (kind()) {
    case Kind::Undefined: return std::nullopt;
    case Kind::Null: return nlohmann::json(nullptr);
    case Kind::Boolean: return nlohmann::json(as_boolean());
    case Kind::Number: {
      double n = as_number();
      if (!std::isfinite(n)) return nlohmann::json(nullptr);
      if (n == 0) return nlohmann::json(0);
      if (std::trunc(n) == n && std::fabs(n) < 9007199254740992.0)
        return nlohmann::json(static_cast<std::int64_t>(n));
      return nlohmann::json(n);
    }
    case Kind::String: return nlohmann::json(as_string());
    case Kind::ArrayValue: {
      auto out = nlohmann::json::array();
      for (const auto& e : as_array()) out.push_back(e.to_json().value_or(nlohmann::json(nullptr)));
      return out;
    }
    case Kind::ObjectValue: {
      auto out = nlohmann::json::object();
      for (const auto& [k, v] : as_object())
        if (auto j = v.to_json()) out[k] = *j;
      return out;
    }
    case Kind::DateValue: {
      double ms = as_date();
      if (std::isnan(ms)) return nlohmann::json(nullptr);
      return nlohmann::json(date_to_iso(ms));
    }
  }
  return std::nullopt;
}

// [SECTION] Conversions --------------------------------------------------------------------------

bool truthy(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Undefined:
    case Value::Kind::Null: return false;
    case Value::Kind::Boolean: return v.as_boolean();
    case Value::Kind::Number: return v.as_number() != 0 && !std::isnan(v.as_number());
    case Value::Kind::String: return !v.as_string().empty();
    default: return true;
  }
}

Value to_primitive(const Value& v, bool prefer_number) {
  switch (v.kind()) {
    case Value::Kind::ArrayValue:
    case Value::Kind::ObjectValue: return Value::string(to_string(v));
    case Value::Kind::DateValue:
      return prefer_number ? Value::number(v.as_date()) : Value::string(date_to_string(v.as_date()));
    default: return v;
  }
}

double to_number(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Undefined: return nan_value;
    case Value::Kind::Null: return 0;
    case Value::Kind::Boolean: return v.as_boolean() ? 1 : 0;
    case Value::Kind::Number: return v.as_number();
    case Value::Kind::String: return string_to_number(v.as_string());
    case Value::Kind::DateValue: return v.as_date();
    default: return to_number(to_primitive(v, true));
  }
}

std::string to_string(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Undefined: return "undefined";
    case Value::Kind::Null: return "null";
    case Value::Kind::Boolean: return v.as_boolean() ? "true" : "false";
    case Value::Kind::Number: return number_to_string(v.as_number());
    case Value::Kind::String: return v.as_string();
    case Value::Kind::ArrayValue: {
      std::string out;
      bool first = true;
      for (const auto& e : v.as_array()) {
        if (!first) out += ',';
        first = false;
        if (!e.is_nullish()) out += to_string(e);
      }
      return out;
    }
    case Value::Kind::ObjectValue: return "[object Object]";
    case Value::Kind::DateValue: return date_to_string(v.as_date());
  }
  return {};
}

double string_to_number(std::string_view s) {
  s = trim(s);
  if (s.empty()) return 0;
  if (s.size() > 2 && s[0] == '0') {
    int radix = (s[1] == 'x' || s[1] == 'X') ? 16 : (s[1] == 'o' || s[1] == 'O') ? 8
              : (s[1] == 'b' || s[1] == 'B') ? 2 : 0;
    if (radix) {
      std::size_t used = 0;
      double value = digits_in_radix(s.substr(2), radix, &used);
      return used == s.size() - 2 ? value : nan_value;
    }
  }
  std::string_view body = s;
  double sign = 1;
  if (body[0] == '+' || body[0] == '-') {
    sign = body[0] == '-' ? -1 : 1;
    body.remove_prefix(1);
  }
  if (body == "Infinity") return sign * std::numeric_limits<double>::infinity();
  std::size_t len = decimal_literal_length(body);
  if (len == 0 || len != body.size()) return nan_value;
  return sign * strtod_exact(body);
}

std::string number_to_string(double n) {
  if (std::isnan(n)) return "NaN";
  if (n == 0) return "0";
  if (std::isinf(n)) return n < 0 ? "-Infinity" : "Infinity";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, n, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<std::size_t>(res.ptr - buf));
  std::string sign;
  if (sci[0] == '-') {
    sign = "-";
    sci.remove_prefix(1);
  }
  auto e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos))
    if (c != '.') digits += c;
  int exponent = to_int(sci.substr(e_pos + (sci[e_pos + 1] == '+' ? 2 : 1)));
  int k = static_cast<int>(digits.size());
  int point = exponent + 1;  // "n" in Number::toString
  std::string out = sign;
  if (k <= point && point <= 21) {
    out += digits + std::string(static_cast<std::size_t>(point - k), '0');
  } else if (0 < point && point <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(point)) + "." +
           digits.substr(static_cast<std::size_t>(point));
  } else if (-6 < point && point <= 0) {
    out += "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
  } else {
    out += digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += "e";
    out += point - 1 >= 0 ? "+" : "-";
    out += std::to_string(std::abs(point - 1));
  }
  return out;
}

namespace {
// Leading white space skipped and an optional sign taken, as parseFloat and parseInt begin.
double take_sign_after_space(std::string_view& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t j = i;
    if (!is_js_space(decode_utf8(s, j))) break;
    i = j;
  }
  s.remove_prefix(i);
  if (s.empty() || (s[0] != '+' && s[0] != '-')) return 1;
  double sign = s[0] == '-' ? -1 : 1;
  s.remove_prefix(1);
  return sign;
}
}  // namespace

double parse_float(std::string_view body) {
  double sign = take_sign_after_space(body);
  if (body.substr(0, 8) == "Infinity") return sign * std::numeric_limits<double>::infinity();
  std::size_t len = decimal_literal_length(body);
  if (len == 0) return nan_value;
  return sign * strtod_exact(body.substr(0, len));
}

double parse_int(std::string_view s, int radix) {
  double sign = take_sign_after_space(s);
  if ((radix == 0 || radix == 16) && s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    radix = 16;
  }
  if (radix == 0) radix = 10;
  std::size_t used = 0;
  double value = digits_in_radix(s, radix, &used);
  if (used == 0) return nan_value;
  if (radix == 10) value = strtod_exact(s.substr(0, used));  // correctly rounded, as V8 does
  return sign * value;
}

std::string to_fixed(double n, int digits) {
  if (std::isnan(n)) return "NaN";
  if (std::fabs(n) >= 1e21) return number_to_string(n);
  // The exact decimal expansion, rounded half away from zero as the spec's "larger n" demands.
  char buf[1200];
  std::snprintf(buf, sizeof buf, "%.1100f", std::fabs(n));
  std::string exact(buf);
  auto point = exact.find('.');
  std::string int_part = exact.substr(0, point);
  std::string frac = exact.substr(point + 1);
  std::string kept = int_part + frac.substr(0, static_cast<std::size_t>(digits));
  if (frac[static_cast<std::size_t>(digits)] >= '5') {
    int i = static_cast<int>(kept.size()) - 1;
    for (; i >= 0; --i) {
      if (kept[static_cast<std::size_t>(i)] == '9') {
        kept[static_cast<std::size_t>(i)] = '0';
      } else {
        ++kept[static_cast<std::size_t>(i)];
        break;
      }
    }
    if (i < 0) kept.insert(kept.begin(), '1');
  }
  std::size_t int_len = kept.size() - static_cast<std::size_t>(digits);
  std::string out = kept.substr(0, int_len);
  if (digits > 0) out += "." + kept.substr(int_len);
  if (n < 0) out.insert(out.begin(), '-');  // (-0.0001).toFixed(2) is "-0.00", as in JS
  return out;
}

std::string lower(std::string_view s) {
  locale_t loc = unicode_locale();
  return map_case(s, [loc](char32_t c) -> char32_t {
    if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
    return loc ? static_cast<char32_t>(towlower_l(static_cast<wint_t>(c), loc)) : c;
  });
}

std::string upper(std::string_view s) {
  locale_t loc = unicode_locale();
  return map_case(s, [loc](char32_t c) -> char32_t {
    if (c < 0x80) return c >= 'a' && c <= 'z' ? c - 32 : c;
    return loc ? static_cast<char32_t>(towupper_l(static_cast<wint_t>(c), loc)) : c;
  });
}

std::string_view trim(std::string_view s) {
  std::size_t begin = 0;
  while (begin < s.size()) {
    std::size_t j = begin;
    if (!is_js_space(decode_utf8(s, j))) break;
    begin = j;
  }
  std::size_t end = s.size();
  while (end > begin) {
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    std::size_t j = start;
    if (!is_js_space(decode_utf8(s, j))) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

std::size_t utf16_length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) n += decode_utf8(s, i) > 0xFFFF ? 2 : 1;
  return n;
}

std::string utf16_substring(std::string_view s, double start, std::optional<double> end) {
  // Work on code points; surrogate pairs count two as in JS, never split.
  std::vector<std::pair<std::size_t, std::size_t>> units;  // byte offset per UTF-16 unit
  for (std::size_t i = 0; i < s.size();) {
    std::size_t b = i;
    char32_t c = decode_utf8(s, i);
    units.emplace_back(b, i);
    if (c > 0xFFFF) units.emplace_back(i, i);
  }
  double len = static_cast<double>(units.size());
  auto clamp = [&](double v) { return std::isnan(v) ? 0.0 : std::min(std::max(std::trunc(v), 0.0), len); };
  double a = clamp(start), b = end ? clamp(*end) : len;
  if (a > b) std::swap(a, b);
  if (a == b) return {};
  std::size_t from = units[static_cast<std::size_t>(a)].first;
  std::size_t to = b >= len ? s.size() : units[static_cast<std::size_t>(b)].first;
  return std::string(s.substr(from, to - from));
}

// [SECTION] Operators ----------------------------------------------------------------------------

bool strict_equals(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::Undefined:
    case Value::Kind::Null: return true;
    case Value::Kind::Boolean: return a.as_boolean() == b.as_boolean();
    case Value::Kind::Number: return a.as_number() == b.as_number();
    case Value::Kind::String: return a.as_string() == b.as_string();
    case Value::Kind::ArrayValue: return &a.as_array() == &b.as_array();
    case Value::Kind::ObjectValue: return &a.as_object() == &b.as_object();
    case Value::Kind::DateValue: return false;  // two Date objects are never the same object here
  }
  return false;
}

bool loose_equals(const Value& a, const Value& b) {
  if (a.kind() == b.kind()) return strict_equals(a, b);
  if (a.is_nullish() && b.is_nullish()) return true;
  if (a.is_nullish() || b.is_nullish()) return false;
  if (a.is_number() && b.is_string()) return a.as_number() == string_to_number(b.as_string());
  if (a.is_string() && b.is_number()) return string_to_number(a.as_string()) == b.as_number();
  if (a.is_boolean()) return loose_equals(Value::number(a.as_boolean() ? 1 : 0), b);
  if (b.is_boolean()) return loose_equals(a, Value::number(b.as_boolean() ? 1 : 0));
  if ((a.is_number() || a.is_string()) && b.is_reference()) return loose_equals(a, to_primitive(b));
  if (a.is_reference() && (b.is_number() || b.is_string())) return loose_equals(to_primitive(a), b);
  return false;
}

std::optional<bool> less_than(const Value& a, const Value& b) {
  Value pa = to_primitive(a, true), pb = to_primitive(b, true);
  if (pa.is_string() && pb.is_string()) {
    // UTF-8 byte order is code point order, which is UTF-16 order outside the surrogate range.
    return pa.as_string() < pb.as_string();
  }
  double x = to_number(pa), y = to_number(pb);
  if (std::isnan(x) || std::isnan(y)) return std::nullopt;
  return x < y;
}

Value add(const Value& a, const Value& b) {
  Value pa = to_primitive(a), pb = to_primitive(b);
  if (pa.is_string() || pb.is_string()) return Value::string(to_string(pa) + to_string(pb));
  return Value::number(to_number(pa) + to_number(pb));
}

// [SECTION] Dates --------------------------------------------------------------------------------

double time_clip(double t) {
  if (!std::isfinite(t) || std::fabs(t) > 8.64e15) return nan_value;
  return std::trunc(t) + 0.0;
}

DateParts local_parts(double ms) {
  DateParts p;
  double local = ms + local_offset_ms(ms);
  double days = std::floor(local / ms_per_day);
  double in_day = local - days * ms_per_day;
  civil_from_days(days, p.year, p.month, p.day);
  p.month -= 1;
  p.hours = static_cast<int>(in_day / 3600000);
  p.minutes = static_cast<int>(std::fmod(in_day, 3600000) / 60000);
  p.seconds = static_cast<int>(std::fmod(in_day, 60000) / 1000);
  p.ms = static_cast<int>(std::fmod(in_day, 1000));
  p.weekday = static_cast<int>(std::fmod(std::fmod(days + 4, 7) + 7, 7));
  return p;
}

double make_local(double year, double month, double day, double hours, double minutes,
                  double seconds, double ms) {
  for (double v : {year, month, day, hours, minutes, seconds, ms})
    if (!std::isfinite(v)) return nan_value;
  year = to_integer(year), month = to_integer(month), day = to_integer(day);
  double y = year + std::floor(month / 12);
  double m = std::fmod(month, 12);
  if (m < 0) m += 12;
  double days = days_from_civil(y, m + 1, 1) + day - 1;
  double time = to_integer(hours) * 3600000 + to_integer(minutes) * 60000 +
                to_integer(seconds) * 1000 + to_integer(ms);
  double local = days * ms_per_day + time;
  double utc = local - local_offset_ms(local - local_offset_ms(local));
  return time_clip(utc);
}

double make_utc(double year, double month, double day) {
  double y = to_integer(year) + std::floor(to_integer(month) / 12);
  double m = std::fmod(to_integer(month), 12);
  if (m < 0) m += 12;
  return time_clip((days_from_civil(y, m + 1, 1) + to_integer(day) - 1) * ms_per_day);
}

double parse_date(std::string_view s) {
  if (auto iso = parse_iso_date(s)) return *iso;
  // V8's fallback parser accepts far more; these are the forms people type into date fields.
  static const std::regex loose(
      R"(^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$)");
  static const std::regex us(R"(^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$)");
  std::match_results<std::string_view::const_iterator> m;
  auto part = [&](int i) {
    return m[i].matched ? to_int(std::string_view(&*m[i].first, static_cast<std::size_t>(m[i].length()))) : 0;
  };
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (std::regex_match(s.begin(), s.end(), m, loose)) {
    y = part(1), mo = part(2), d = part(3), h = part(4), mi = part(5), sec = part(6);
  } else if (std::regex_match(s.begin(), s.end(), m, us)) {
    mo = part(1), d = part(2), y = part(3);
  } else {
    return nan_value;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || sec > 59) return nan_value;
  return make_local(y, mo - 1, d, h, mi, sec);
}

std::string date_to_string(double ms) {
  if (std::isnan(ms)) return "Invalid Date";
  static const char* week[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  DateParts p = local_parts(ms);
  double off_min = local_offset_ms(ms) / 60000;
  auto t = static_cast<std::time_t>(std::floor(ms / 1000));
  std::tm tm{};
  localtime_r(&t, &tm);
  std::string zone = tm.tm_gmtoff == 0 && (!tm.tm_zone || std::string_view(tm.tm_zone) == "UTC")
                         ? "Coordinated Universal Time"
                         : (tm.tm_zone ? tm.tm_zone : "");
  char buf[128];
  int off = static_cast<int>(std::fabs(off_min));
  std::snprintf(buf, sizeof buf, "%s %s %02d %04d %02d:%02d:%02d GMT%c%02d%02d (%s)",
                week[p.weekday], months[p.month], p.day, p.year, p.hours, p.minutes, p.seconds,
                off_min < 0 ? '-' : '+', off / 60, off % 60, zone.c_str());
  return buf;
}

std::string date_to_iso(double ms) {
  double days = std::floor(ms / ms_per_day);
  double in_day = ms - days * ms_per_day;
  int y, m, d;
  civil_from_days(days, y, m, d);
  char buf[64];
  auto h = static_cast<int>(in_day / 3600000);
  auto mi = static_cast<int>(std::fmod(in_day, 3600000) / 60000);
  auto s = static_cast<int>(std::fmod(in_day, 60000) / 1000);
  auto milli = static_cast<int>(std::fmod(in_day, 1000));
  if (y >= 0 && y <= 9999)
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d, h, mi, s, milli);
  else
    std::snprintf(buf, sizeof buf, "%c%06d-%02d-%02dT%02d:%02d:%02d.%03dZ", y < 0 ? '-' : '+',
                  std::abs(y), m, d, h, mi, s, milli);
  return buf;
}

}  // namespace survey::js
