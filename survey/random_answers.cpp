// Random valid answers per question type, guided by the question's own limits (choices, rating
// scale, numeric validators, text lengths) so that most pages pass on the first try.
#include "survey/random_answers.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "survey/helpers.hpp"
#include "survey/js.hpp"

namespace survey {
namespace {

using Json = nlohmann::ordered_json;

// Open answers as residents type them, including the characters exports must survive.
constexpr std::array sample_texts{
    "Meer plekken voor jongeren in Beilen", "Een skatebaan bij de sporthal",
    "Sneller hulp, minder formulieren", "De buurtcoach is fijn; meer van dat!",
    "Mijn oma zegt: \"luister naar kinderen\"", "Café in Smilde 's avonds open 🙂",
    "Geen idee", "Betere bus naar Westerbork\nen Hooghalen", "Hulp bij ruzie thuis, zonder wachtlijst",
    "Een ijsbaan in de winter ❄️", "Naïeve vraag misschien: waarom geen jeugdraad?", "Ĳsselmeer-uitje met school"};

template <class T>
const T& pick(const std::vector<T>& items, std::mt19937_64& rng) {
  return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng)];
}

bool chance(double p, std::mt19937_64& rng) { return std::bernoulli_distribution(p)(rng); }

std::string text_within(const Element& e, std::mt19937_64& rng) {
  double min_len = 0, max_len = 1e9;
  for (const auto& v : e.validators) {
    if (v.kind != Validator::Kind::Text) continue;
    if (v.min_length) min_len = std::max(min_len, *v.min_length);
    if (v.max_length && *v.max_length > 0) max_len = std::min(max_len, *v.max_length);
  }
  std::string text = sample_texts[std::uniform_int_distribution<std::size_t>(0, sample_texts.size() - 1)(rng)];
  while (static_cast<double>(js::utf16_length(text)) < min_len) text += " en verder";
  if (static_cast<double>(text.size()) > max_len) text = std::string(static_cast<std::size_t>(std::max(1.0, max_len)), 'a');
  return text;
}

// A bound of a number input, when it reads as one.
std::optional<double> numeric_bound(const nlohmann::json& bound) {
  if (bound.is_null()) return std::nullopt;
  js::Value v = js::Value::from_json(bound);
  if (!helpers::is_number(v)) return std::nullopt;
  return helpers::get_number(v);
}

Json number_within(const Element& e, std::mt19937_64& rng) {
  double lo = numeric_bound(e.min_value).value_or(0), hi = numeric_bound(e.max_value).value_or(100);
  for (const auto& v : e.validators) {
    if (v.kind != Validator::Kind::Numeric) continue;
    if (v.min_value) lo = std::max(lo, *v.min_value);
    if (v.max_value) hi = std::min(hi, *v.max_value);
  }
  if (hi < lo) hi = lo;
  const double step = e.step && *e.step >= 1 ? std::floor(*e.step) : 1;
  const auto first = static_cast<long long>(std::ceil(lo / step)), last = static_cast<long long>(std::floor(std::max(lo, hi) / step));
  return static_cast<std::int64_t>(step) * std::uniform_int_distribution<long long>(first, std::max(first, last))(rng);
}

// A date or time written as the input gives it, kept inside the question's min and max (which
// compare letter by letter for these well-formed texts).
Json written_within(const Element& e, std::string text) {
  if (e.min_value.is_string() && text < e.min_value.get<std::string>()) text = e.min_value.get<std::string>();
  if (e.max_value.is_string() && text > e.max_value.get<std::string>()) text = e.max_value.get<std::string>();
  return text;
}

Json choice_answer(Session& s, int index, const Element& e, std::mt19937_64& rng) {
  std::vector<Json> options;
  for (const Choice* c : s.visible_choices(index)) options.push_back(c->value);
  bool other = e.has_other && chance(0.1, rng);
  if (e.has_none && chance(0.05, rng)) return e.type == QuestionType::Checkbox ? Json::array({"none"}) : Json("none");
  if (other) s.set_value(Session::comment_key(e.name), text_within(e, rng));
  if (e.type != QuestionType::Checkbox) return other || options.empty() ? Json("other") : pick(options, rng);
  std::shuffle(options.begin(), options.end(), rng);
  std::size_t most = e.max_selected_choices > 0 ? static_cast<std::size_t>(e.max_selected_choices) : 3;
  std::size_t least = static_cast<std::size_t>(std::max(1, e.min_selected_choices));
  most = std::max(least, std::min(most, options.size()));
  std::size_t count = std::uniform_int_distribution<std::size_t>(std::min(least, options.size()), most)(rng);
  Json list = Json::array();
  for (std::size_t i = 0; i < count && i < options.size(); ++i) list.push_back(options[i]);
  if (other) list.push_back("other");
  return list;
}

Json rating_answer(const Element& e, std::mt19937_64& rng) {
  if (!e.rate_values.empty()) return pick(e.rate_values, rng).value;
  auto steps = static_cast<long long>(std::floor((e.rate_max - e.rate_min) / e.rate_step));
  double v = e.rate_min + e.rate_step * static_cast<double>(std::uniform_int_distribution<long long>(0, steps)(rng));
  return std::trunc(v) == v ? Json(static_cast<std::int64_t>(v)) : Json(v);
}

// What a text question or a multipletext box takes, by its inputType.
Json text_answer(const Element& e, std::mt19937_64& rng) {
  switch (e.input_type) {
    case InputType::Number:
    case InputType::Range: return number_within(e, rng);
    case InputType::Email: return "deelnemer" + std::to_string(rng() % 1000) + "@example.nl";
    case InputType::Date:
    case InputType::DateTimeLocal:
    case InputType::Month:
    case InputType::Week:
    case InputType::Time: {
      auto in = [&rng](int lo, int hi) { return lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo + 1)); };
      char text[32];
      const int year = in(1960, 2019);
      if (e.input_type == InputType::Date)
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, in(1, 12), in(1, 28));
      else if (e.input_type == InputType::DateTimeLocal)
        std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d", year, in(1, 12), in(1, 28), in(0, 23), in(0, 59));
      else if (e.input_type == InputType::Month)
        std::snprintf(text, sizeof text, "%04d-%02d", year, in(1, 12));
      else if (e.input_type == InputType::Week)
        std::snprintf(text, sizeof text, "%04d-W%02d", year, in(1, 52));
      else
        std::snprintf(text, sizeof text, "%02d:%02d", in(7, 21), in(0, 59));
      return written_within(e, text);
    }
    case InputType::Tel: return "06-" + std::to_string(10000000 + rng() % 90000000);
    case InputType::Url: return "https://www.middendrenthe.nl/jeugd";
    case InputType::Color: return pick(std::vector<Json>{"#e4572e", "#29335c", "#f3a712", "#669bbc"}, rng);
    case InputType::Password:
    case InputType::Other:
    case InputType::Text: return text_within(e, rng);
  }
  return nullptr;
}

// A matrix cell's answer, by the column's cell type.
Json cell_answer(const Element& column, std::mt19937_64& rng) {
  switch (column.type) {
    case QuestionType::Radiogroup:
    case QuestionType::Dropdown: return column.choices.empty() ? Json() : Json::parse(pick(column.choices, rng).value.dump());
    case QuestionType::Checkbox: {
      Json chosen = Json::array();
      for (const Choice& c : column.choices)
        if (chance(0.4, rng)) chosen.push_back(Json::parse(c.value.dump()));
      if (chosen.empty() && !column.choices.empty()) chosen.push_back(Json::parse(pick(column.choices, rng).value.dump()));
      return chosen;
    }
    case QuestionType::Boolean: return chance(0.5, rng);
    case QuestionType::Rating: return rating_answer(column, rng);
    case QuestionType::Text: return text_answer(column, rng);
    default: return text_within(column, rng);
  }
}

// A drawing as the signature pad stores it: a data: URL of a picture (a one-pixel PNG, or an
// empty SVG when the question asks for svg).
Json signature_answer(const Element& e) {
  if (e.signature_format == "svg") return "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=";
  return "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
}

Json random_answer(Session& s, int index, std::mt19937_64& rng) {
  const Element& e = s.survey().elements[static_cast<std::size_t>(index)];
  switch (e.type) {
    case QuestionType::Radiogroup:
    case QuestionType::Dropdown:
    case QuestionType::Checkbox: return choice_answer(s, index, e, rng);
    case QuestionType::Boolean: return chance(0.5, rng);
    case QuestionType::Rating: return rating_answer(e, rng);
    case QuestionType::Matrix: {
      Json cells = Json::object();
      for (const auto& row : e.rows) {
        std::string key = row.key();
        cells[key] = pick(e.columns, rng).value;
      }
      return cells;
    }
    case QuestionType::Text: return text_answer(e, rng);
    case QuestionType::MultipleText: {
      Json boxes = Json::object();
      for (const Element& box : e.items)
        if (box.is_required || chance(0.85, rng)) boxes[box.name] = text_answer(box, rng);
      return boxes;
    }
    case QuestionType::Comment: return text_within(e, rng);
    case QuestionType::MatrixDropdown:
    case QuestionType::MatrixDynamic:
    case QuestionType::PanelDynamic: {
      Json rows = is_dynamic_list(e.type) ? Json::array() : Json::object();
      for (int r : s.visible_rows(index)) {
        Json cells = Json::object();
        for (const Element& column : e.cell_columns)
          if (column.has_input() && (column.is_required || chance(0.85, rng))) cells[column.name] = cell_answer(column, rng);
        if (rows.is_array()) rows.push_back(cells);
        else rows[e.rows[static_cast<std::size_t>(r)].key()] = cells;
      }
      return rows;
    }
    case QuestionType::SignaturePad: return signature_answer(e);
    case QuestionType::Html:
    case QuestionType::Image:
    case QuestionType::Expression: return nullptr;
  }
  return nullptr;
}

}  // namespace

void answer_page_randomly(Session& s, std::mt19937_64& rng) {
  std::vector<int> answered;
  // Answers change what is visible, so look again after each pass.
  for (int pass = 0; pass < 3; ++pass) {
    for (int q : s.page_questions(s.current_page())) {
      if (std::find(answered.begin(), answered.end(), q) != answered.end() || s.is_read_only(q)) continue;
      answered.push_back(q);
      if (!s.is_required(q) && chance(0.15, rng)) continue;
      Json value = random_answer(s, q, rng);
      if (!value.is_null()) s.set_value(s.survey().elements[static_cast<std::size_t>(q)].name, value);
    }
  }
}

bool fill_randomly(Session& s, std::mt19937_64& rng) {
  for (std::size_t pages = 0; pages <= s.survey().pages.size() + 1; ++pages) {
    if (!s.in_preview()) answer_page_randomly(s, rng);  // the preview is read-only: Complete
    for (int attempt = 0;; ++attempt) {
      bool passed = s.advance();
      if (s.is_completed()) return true;
      if (passed) break;
      if (attempt == 8) return false;
      for (const auto& error : s.errors_on_page()) {
        if (error.element < 0) continue;  // a required page: its questions' own errors say what to answer
        const Element& e = s.survey().elements[static_cast<std::size_t>(error.element)];
        if (e.is_panel) continue;
        Json value = s.is_required(error.element) || attempt < 4 ? random_answer(s, error.element, rng) : Json();
        s.set_value(e.name, value);
      }
    }
  }
  return false;
}

}  // namespace survey
