// The immutable questionnaire model that survey::load_file() and load_text() build from SurveyJS JSON.
// Elements (panels and questions) live in one flat vector; pages and panels list child indexes.
//
// **Example**:
//   #include <iostream>
//   auto result = survey::load_file("assets/surveys/jeugdakkoord-midden-drenthe.json");
//   for (const auto& e : result.errors) std::cerr << e.to_string() << '\n';
//   const survey::Survey& s = *result.survey;  // set only when errors is empty
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "survey/expression.hpp"
#include "survey/js.hpp"

namespace survey {

// A string in several languages: {"default": "...", "nl": "..."} or a plain string (default).
struct LocalizedString {
  std::vector<std::pair<std::string, std::string>> texts;  // locale -> text, in file order

  // survey-core's rule: the text for `locale`, else "default", else the survey's locale, else "".
  std::string get(std::string_view locale, std::string_view survey_locale = "") const;
  bool empty() const { return texts.empty(); }
};

struct Choice {
  nlohmann::json value;        // as written in the file (string, number, bool)
  js::Value js_value;          // the same, for expressions
  LocalizedString text;        // empty: the value is the label
  std::optional<Expression> visible_if;
  std::optional<Expression> enable_if;
  LocalizedString image_link;  // an imagepicker's picture: a file beside the questionnaire or a data: URI
  std::string label(std::string_view locale, std::string_view survey_locale = "") const;
  // The value as text: a matrix row's key in the answer object, and what tells choices apart.
  std::string key() const { return value.is_string() ? value.get<std::string>() : value.dump(); }
};

// Whether an answer is this choice, as survey-core decides (ItemValue.getItemByValue): two
// strings exactly, case and spaces included; anything else by value, so "2" and "02" are the
// choice 2. The one rule for the session, the kiosk's tiles, the staff charts and the exports.
bool same_choice_value(const nlohmann::json& choice, const nlohmann::ordered_json& value);
bool same_choice_value(const nlohmann::json& choice, const nlohmann::json& value);

// The items a questionnaire may leave without a label: a choice question's "other" and "none",
// a boolean's true and false, the comment area's title.
enum class BuiltinItem { Other, None, True, False, Comment, SelectAll };
// Their labels when the questionnaire gives none, in plain Dutch ("nl") or English (anything
// else). The one home of these words: the kiosk's buttons, its staff charts and the exports'
// codebook all say what the resident saw.
std::string builtin_item_label(BuiltinItem item, std::string_view language);

enum class QuestionType {
  Radiogroup, Checkbox, Dropdown, Boolean, Rating, Matrix, Text, Comment, Html, Expression, MultipleText,
  MatrixDropdown, MatrixDynamic, Image, SignaturePad, PanelDynamic
};
// A matrix whose cells are questions: matrixdropdown (fixed rows) and matrixdynamic (rows added and removed).
inline bool is_cell_matrix(QuestionType t) { return t == QuestionType::MatrixDropdown || t == QuestionType::MatrixDynamic; }
// A question whose answer holds questions of its own, row by row or panel by panel: the cell
// matrices and paneldynamic (each panel a row, each template question a column).
inline bool has_cells(QuestionType t) { return is_cell_matrix(t) || t == QuestionType::PanelDynamic; }
// Its answer is a list the respondent adds to and removes from: matrixdynamic and paneldynamic.
inline bool is_dynamic_list(QuestionType t) { return t == QuestionType::MatrixDynamic || t == QuestionType::PanelDynamic; }
// A text question's inputType, as survey-core reads it (lower-cased; "datetime" and
// "datetime_local" are datetime-local). Tel, url, password and color check nothing; Other is an
// inputType survey-core does not know: typed as text, but its min and max still compare.
enum class InputType { Text, Number, Range, Email, Date, DateTimeLocal, Month, Week, Time, Tel, Url, Password, Color, Other };
// survey-core's minMaxTypes: these carry min and max (number and range as numbers, the rest as
// the strings the browser's date and time inputs give).
bool has_min_max(InputType t);
// date and datetime-local: their values and bounds compare as dates (createDate).
bool is_date_input(InputType t);
// survey-core's name for it ("datetime-local"); "text" for Other.
std::string_view input_type_name(InputType t);
enum class RateType { Numbers, Stars, Smileys };

struct Validator {
  enum class Kind { Numeric, Text, Email, Regex, Expression };
  Kind kind = Kind::Expression;
  std::optional<double> min_value, max_value;    // numeric
  std::optional<double> min_length, max_length;  // text
  bool allow_digits = true;                      // text
  std::string regex;                             // regex (ECMAScript syntax)
  bool case_insensitive = false;                 // regex
  std::optional<Expression> expression;          // expression
  LocalizedString text;                          // the author's error message
};

// When a hidden question loses its value (survey clearInvisibleValues, question
// clearIfInvisible): never, on completion, as soon as the question is hidden, or also as soon
// as its panel or page is. Default: the survey's mode.
enum class ClearInvisible { Default, None, OnComplete, OnHidden, OnHiddenContainer };

struct Element {
  bool is_panel = false;
  QuestionType type = QuestionType::Text;
  std::string name;
  std::string pointer;  // JSON pointer in the source file, e.g. /pages/0/elements/3
  int page = -1;        // index into Survey::pages
  int parent = -1;      // index of the enclosing panel, -1 when directly on the page
  std::vector<int> children;  // panels: element indexes in order

  LocalizedString title, description;
  bool visible = true, read_only = false, is_required = false;
  std::optional<Expression> visible_if, enable_if, required_if;
  LocalizedString required_error_text;
  std::vector<Validator> validators;
  // The answer a question starts with (defaultValue), or computed while the respondent has not
  // answered it (defaultValueExpression). Null / absent when there is none.
  nlohmann::ordered_json default_value;  // in the file's key order, as survey-core keeps an object
  std::optional<Expression> default_value_expression;
  // The question's own triggers, run after any value changes when they read a name that changed
  // (Session::run_question_triggers): resetValueIf puts the default back (or clears), setValueIf
  // sets setValueExpression's result (or clears when there is none), and setValueExpression
  // alone sets its result. A matrix column's run per cell (Session::run_triggers_of_cell).
  std::optional<Expression> reset_value_if, set_value_if, set_value_expression;
  ClearInvisible clear_if_invisible = ClearInvisible::Default;

  // showCommentArea (hasComment): a free text under the question, kept in "<name>-Comment".
  // Choice questions, boolean, rating and matrix have it; never together with "other".
  bool has_comment_area = false;
  LocalizedString comment_text, comment_placeholder;

  // choice questions (radiogroup, checkbox, dropdown)
  std::vector<Choice> choices;
  std::optional<Expression> choices_visible_if, choices_enable_if;
  bool has_other = false, has_none = false;
  LocalizedString other_text, none_text, other_placeholder, other_error_text;
  int max_selected_choices = 0, min_selected_choices = 0;
  bool has_select_all = false;  // checkbox: showSelectAllItem (Session::toggle_select_all)
  bool tagbox = false;          // a checkbox written as a tagbox: the same answers, shown as chips and a list
  // An imagepicker: a radiogroup (a checkbox with multiSelect) whose choices are pictures
  // (Choice::image_link); survey-core gives it no other, none or select-all item.
  bool image_picker = false;
  // A ranking: a checkbox whose answer lists the visible choices in the respondent's order; with
  // selectToRankEnabled only those moved to the ranked side.
  bool ranking = false, select_to_rank = false;
  bool is_multi_image_picker() const { return image_picker && type == QuestionType::Checkbox; }
  LocalizedString select_all_text;

  // text
  InputType input_type = InputType::Text;
  // "min"/"max" as written, null when absent or when survey-core drops them at load (a number on
  // a date input, a text on a number input, any on an input without bounds).
  nlohmann::json min_value, max_value;
  std::optional<double> step;  // number input: a value must be a multiple of it
  LocalizedString min_error_text, max_error_text;
  LocalizedString placeholder;

  // rating
  RateType rate_type = RateType::Numbers;
  std::vector<Choice> rate_values;  // explicit rateValues, else derived from min/max/step
  double rate_min = 1, rate_max = 5, rate_step = 1;
  LocalizedString min_rate_description, max_rate_description;

  // boolean
  LocalizedString label_true, label_false;

  // matrix
  std::vector<Choice> rows, columns;  // a row's value is its key in the answer object
  bool all_rows_required = false;

  // multipletext: its text boxes, each a text question of its own (name, title, inputType,
  // isRequired, requiredErrorText, validators, placeholder) whose answer is the key `name` of
  // the question's answer object. Two boxes of one name share that answer, as in survey-core.
  std::vector<Element> items;

  // matrixdropdown / matrixdynamic: each column is the question every row's cell of it is (its
  // type is the cellType; visibleIf, requiredIf and enableIf also read {row.name}). A
  // matrixdropdown's answer is {row: {column: value}} over `rows`, a matrixdynamic's a list of
  // {column: value}, one per row.
  std::vector<Element> cell_columns;
  // a column's totalType (sum, count, min, max, avg): the matrix's "<name>-total" answer holds it
  std::string total_type;
  std::optional<Expression> total_expression;  // totalType's function over the matrix's visible rows
  bool is_unique = false;  // a column whose value must differ between rows
  int row_count = 2, min_row_count = 0, max_row_count = 1000;  // matrixdynamic; paneldynamic's panelCount & co.
  bool allow_add_rows = true, allow_remove_rows = true;

  // paneldynamic: its answer is a list of {question: value}, one per panel; each panel shows the
  // template's questions (`cell_columns`, nested panels flattened), which read {panel.name},
  // {panelIndex} (from 0) and {visiblePanelIndex}. A panel shows while templateVisibleIf holds;
  // keyName names the question whose answer must differ between panels.
  LocalizedString template_title, template_description;
  std::optional<Expression> template_visible_if;
  std::string key_name;

  // expression question: its value is computed; html: text shown
  std::optional<Expression> expression;
  LocalizedString html;
  // image: a picture shown (a file beside the questionnaire or a data: URI) and its text for
  // those who cannot see it (altText)
  LocalizedString image_link, alt_text;
  // signaturepad: the drawing's format in the answer's data: URL (png, jpeg or svg)
  std::string signature_format = "png";

  bool is_question() const { return !is_panel; }
  // The multipletext box whose name is `name` (case-insensitive, as piped text finds it); null when none.
  const Element* item(std::string_view name) const;
  // Html and Image only show something: no answer, no errors, no title.
  bool has_input() const { return !is_panel && type != QuestionType::Html && type != QuestionType::Image; }
  bool has_own_triggers() const { return reset_value_if || set_value_if || set_value_expression; }
  // A rating's items: rateValues, else rateMin..rateMax by rateStep as survey-core derives them.
  std::vector<Choice> rating_items() const;
  // The label of `item` here: the questionnaire's own text (otherText, noneText, labelTrue,
  // labelFalse) in `locale`, else builtin_item_label.
  std::string item_label(BuiltinItem item, std::string_view locale, std::string_view survey_locale = "") const;
};

struct Page {
  std::string name;
  std::string pointer;
  LocalizedString title, description;
  bool visible = true;
  std::optional<Expression> visible_if;
  // A required page, like a required panel, wants at least one of its questions answered.
  bool is_required = false;
  std::optional<Expression> required_if;
  LocalizedString required_error_text;
  std::vector<int> elements;  // top-level element indexes
};

// A named expression (calculatedValues): {name} in other expressions; with includeIntoResult
// also a key of the answers.
struct CalculatedValue {
  std::string name;
  std::optional<Expression> expression;
  bool include_into_result = false;
};

// A survey trigger, as survey-core runs it: setvalue, copyvalue, runexpression and skip when an
// answer changes and `expression` then gives true (exactly true, not just truthy); complete on
// Next. Each runs only when its expression reads a name that changed (Session::run_triggers).
struct Trigger {
  enum class Kind { Complete, SetValue, CopyValue, Skip, RunExpression };
  Kind kind = Kind::Complete;
  std::string pointer;                    // /triggers/N
  std::optional<Expression> expression;   // none: never fires (a copyvalue then copies on any change of from_name)
  std::string set_to_name;                // setvalue, copyvalue, runexpression: the answer (or variable) it writes
  nlohmann::json set_value;               // setvalue; null clears the answer
  bool is_variable = false;               // setvalue: set_to_name is a variable, not an answer
  std::string from_name;                  // copyvalue
  bool copy_display_value = false;        // copyvalue: the label, not the value
  std::string goto_name;                  // skip: the question whose page becomes current
  std::optional<Expression> run_expression;  // runexpression: its value goes to set_to_name
};

// completedHtmlOnCondition: the thank-you text for respondents whose answers make `expression` true.
struct HtmlCondition {
  std::optional<Expression> expression;  // none: never chosen
  LocalizedString html;
};

struct Survey {
  std::string id;           // file name without .json
  std::string locale;       // the survey's own default language ("" = SurveyJS default, English)
  LocalizedString title, description, completed_html;
  bool show_progress_bar = false;
  // firstPageIsStarted: page 0 is a start page (with two pages or more), answered and confirmed
  // before the questionnaire's own pages; it is not one of them (no progress step, no way back).
  bool first_page_is_started = false;
  // showPreviewBeforeComplete: after the last page, every answer read-only with a way back to
  // its page; Complete is pressed there. AnsweredQuestions leaves out unanswered questions.
  enum class Preview { None, AllQuestions, AnsweredQuestions };
  Preview preview = Preview::None;
  ClearInvisible clear_invisible_values = ClearInvisible::OnComplete;
  std::vector<Page> pages;
  std::vector<Element> elements;   // all panels and questions
  std::vector<int> questions;      // question indexes in questionnaire order
  std::vector<CalculatedValue> calculated_values;
  std::vector<Trigger> triggers;
  bool has_question_triggers = false;  // some question has resetValueIf, setValueIf or setValueExpression
  std::vector<HtmlCondition> completed_html_on_condition;  // the first that holds wins over completed_html

  const Element* find(std::string_view name) const;  // question or panel, case-insensitive
  int index_of(std::string_view name) const;         // -1 when absent
};

// One problem in a questionnaire file; prints as "FILE: /pointer: message".
struct LoadError {
  std::string file;
  std::string pointer;
  std::string message;
  std::string to_string() const;
};

struct LoadResult {
  std::shared_ptr<const Survey> survey;  // null when there are errors
  std::vector<LoadError> errors;
  // What loads but deserves a look: properties survey-core does not know (and ignores), and
  // properties accepted that cannot act on a kiosk. Print as "FILE: /pointer: warning: message".
  std::vector<LoadError> warnings;
  bool ok() const { return errors.empty(); }
};

// Files over this size are refused before parsing.
inline constexpr std::size_t max_questionnaire_bytes = 8 * 1024 * 1024;

// Whether a picture (imageLink) must be a file beside the questionnaire: `check` and the kiosk
// ask; the exports and the collector read answers and need no pictures.
enum class Pictures { NotLooked, MustExist };
LoadResult load_file(const std::filesystem::path& path, Pictures pictures = Pictures::NotLooked);
// `file` names the source in error messages.
LoadResult load_text(std::string_view text, std::string file);

}  // namespace survey
