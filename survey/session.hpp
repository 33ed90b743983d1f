// One respondent filling in one questionnaire: answers, the current page, what is visible and
// required, validation and completion, as survey-core's SurveyModel does it. The kiosk draws a
// Session and feeds it input; `peilpunt eval` and `simulate` drive the same class.
//
// **Example**:
//   auto loaded = survey::load_file("assets/surveys/jeugdakkoord-midden-drenthe.json");
//   survey::Session s(loaded.survey, "nl", 1.7e12);  // now, in ms: the clock for today() and age()
//   s.set_value("rol", "jongere");
//   bool moved_on = s.next();                         // false: s.errors_on_page() says why
//   if (s.complete()) nlohmann::ordered_json answers = s.result_data();  // hidden questions' answers cleared
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "survey/model.hpp"

namespace survey {

struct ValidationError {
  int element = -1;   // index into Survey::elements; -1 for an error of the page itself
  std::string kind;   // survey-core's error type: required, custom, otherempty, requirenumeric, ...
  std::string text;   // the author's message in the session's language, or "" for the UI default
  int page = -1;      // the page's index, for an error of the page itself
  // A text input's min, max or step the value crossed ("min", "max", "step"), and that bound as
  // the questionnaire writes it ("08:00"), so the screen can say which; "" for other errors.
  std::string limit, bound;
  int item = -1;  // a multipletext box's error: its index in Element::items; a matrix cell's: its column
  int row = -1;   // a matrix cell's error: its row (matrixdropdown: index into Element::rows)
};

// survey-core's isMatrixValueEmpty: a matrix of cells (rows of {column: value}) with no row
// holding an answered cell is unanswered.
bool no_cell_answered(const nlohmann::ordered_json& value);

class Session {
 public:
  Session(std::shared_ptr<const Survey> survey, std::string locale, double now_ms);

  const Survey& survey() const { return *survey_; }
  const std::string& locale() const { return locale_; }
  void set_locale(std::string locale);

  // [SECTION] answers
  // Adds these values to the answers (survey-core's mergeData); keys are trimmed.
  void merge_data(const nlohmann::ordered_json& data);
  void set_value(const std::string& name, const nlohmann::ordered_json& value);  // null clears
  const nlohmann::ordered_json* value(const std::string& name) const;
  const nlohmann::ordered_json& data() const { return values_; }
  // A multipletext box's answer, and setting it as survey-core's setMultipleTextValue does: the
  // question's answer object with that key changed (removed when empty), or no answer once empty.
  const nlohmann::ordered_json* item_value(int question, std::size_t item) const;
  void set_item_value(int question, std::size_t item, const nlohmann::ordered_json& value);
  static std::string comment_key(const std::string& name) { return name + "-Comment"; }

  // A checkbox's "select all" (showSelectAllItem), as survey-core's isAllSelected / toggleSelectAll:
  // every visible choice except other and none is chosen (and "none" is not); the toggle
  // chooses all of them, or, when all are, clears the answer.
  bool all_selected(int question) const;
  void toggle_select_all(int question);

  // [SECTION] matrices of cells (matrixdropdown, matrixdynamic; session_matrix.cpp)
  // A row is an index into Element::rows (matrixdropdown) or a row's place (matrixdynamic); a
  // column an index into Element::cell_columns. Each cell is a question of its own.
  // The rows shown: a matrixdropdown's rows whose visibleIf holds, a matrixdynamic's 0..n-1.
  std::vector<int> visible_rows(int question) const;
  int row_count(int question) const;  // matrixdynamic: rows shown, answered or not
  bool can_add_row(int question) const;
  bool can_remove_row(int question) const;
  // survey-core's addRow / removeRow: a new empty row at the end (the answer unchanged); a row
  // and its answers taken out. False when allowAddRows / allowRemoveRows or max/minRowCount forbid it.
  bool add_row(int question);
  bool remove_row(int question, int row);
  const nlohmann::ordered_json* cell_value(int question, int row, std::size_t column) const;
  // The matrix's answer with that cell changed: an emptied row drops out of a matrixdropdown's
  // answer, and a matrix with no cell answered has no answer.
  void set_cell_value(int question, int row, std::size_t column, const nlohmann::ordered_json& value);
  bool is_cell_visible(int question, int row, std::size_t column) const;
  bool is_cell_required(int question, int row, std::size_t column) const;
  bool is_cell_read_only(int question, int row, std::size_t column) const;
  std::vector<const Choice*> cell_choices(int question, int row, std::size_t column) const;

  // [SECTION] what the respondent sees
  bool is_visible(int element) const { return visible_[static_cast<std::size_t>(element)]; }
  bool is_required(int element) const { return required_[static_cast<std::size_t>(element)]; }
  bool is_read_only(int element) const { return read_only_[static_cast<std::size_t>(element)]; }
  bool is_page_visible(int page) const { return page_visible_[static_cast<std::size_t>(page)]; }
  bool is_page_required(int page) const { return page_required_[static_cast<std::size_t>(page)]; }
  std::vector<int> visible_pages() const;
  std::vector<const Choice*> visible_choices(int element) const;
  // Visible questions of a page, depth first through panels.
  std::vector<int> page_questions(int page) const;

  // [SECTION] navigation
  // The page shown: the start page (0) until next() starts the questionnaire, then current_page_.
  int current_page() const { return on_start_page_ ? 0 : current_page_; }
  bool on_start_page() const { return on_start_page_; }
  bool is_first_page() const;
  bool is_last_page() const;
  // Validates the current page; true when it has no errors, and then moves to the next visible
  // page (none may be left when validation removed answers: this page is then the last). On the
  // start page it starts the questionnaire (survey.start()).
  // visible_pages() never lists the start page.
  bool next();
  void previous();
  // Validates the current page and, when it is the last, completes the questionnaire. In the
  // preview it validates every page the preview shows.
  bool complete();
  // The one button under a page: Start on the start page, Next, and on the last page the preview
  // (showPreviewBeforeComplete; Complete when a complete trigger holds there) or Complete;
  // Complete in the preview. False: errors_on_page().
  bool advance();
  // showPreviewBeforeComplete: the last page validated, every page shown read-only with its
  // answers (survey-core's state "preview"). show_preview() validates the current, last page.
  bool in_preview() const { return in_preview_; }
  bool show_preview();
  // survey-core's cancelPreview(page): back to that page to change it, or to the last visible one.
  void leave_preview(int page = -1);
  // What the preview shows of a page: its visible questions; with previewMode answeredQuestions
  // only the answered ones, once any question is answered. Empty: the page is left out.
  std::vector<int> preview_questions(int page) const;
  bool is_completed() const { return completed_; }
  const std::vector<ValidationError>& errors_on_page() const { return page_errors_; }
  // A complete trigger holds for an answer given on this page: Next completes the questionnaire
  // (survey-core's canBeCompletedByTrigger; the kiosk then labels the button as the last one).
  bool completes_on_next() const;

  // survey-core's text processing (piped text): {name} becomes the question's display value in
  // the session's language ("" while unanswered), a calculated value, or a value of the data; a
  // name that is none of these stays as written. Case and spaces inside the braces do not matter.
  std::string piped(std::string_view text) const;
  // What survey-core shows for a question's answer: choice labels (a checkbox's joined by ", "),
  // yes/no labels, a rating's text, else the value as JavaScript writes it.
  std::string display_value(int question) const;

  // The thank-you text (not piped yet): the first completedHtmlOnCondition whose expression holds
  // for the answers as they are now, else completedHtml (survey-core's renderedCompletedHtml).
  const LocalizedString& completed_html() const;

  // [SECTION] results
  // Validates every visible page, as survey.validate() does; errors by error_key.
  std::map<std::string, std::vector<std::string>> validate_all();
  // Whose error it is: the element's name, the page's for a page's own, "question.box" for a
  // multipletext box's, "matrix.row.column" for a matrixdropdown cell's and "matrix[i].column"
  // for a matrixdynamic cell's (as expressions name them).
  std::string error_key(const ValidationError& error) const;
  // SurveyJS-shaped data; after complete(), values of hidden questions and values that are no
  // choice are removed, as survey-core removes them on completion.
  nlohmann::ordered_json result_data() const;

 private:
  void refresh();
  js::Value scope_values() const;
  bool condition(const std::optional<Expression>& e, bool if_absent) const;
  bool condition_with_item(const Expression& e, const Choice& choice) const;
  std::vector<ValidationError> validate_question(int element);
  using AddError = std::function<ValidationError&(std::string kind, const LocalizedString& text)>;
  void text_input_errors(const Element& e, const nlohmann::ordered_json* v, const AddError& add) const;
  void validator_errors(const Element& e, const nlohmann::ordered_json* v, const AddError& add) const;
  std::vector<ValidationError> validate_page(int page);
  bool any_answered(const std::vector<int>& elements) const;
  void clean_choice_value(int element);
  void clear_values_on_complete();
  bool clear_incorrect_value(int element);
  bool other_chosen(int element) const;
  bool take_unknown_as_comment(int question);
  enum class DefaultOrigin { Static, Expression };
  struct DefaultAnswer {
    std::optional<nlohmann::ordered_json> value;    // none: the question stays unanswered
    std::optional<nlohmann::ordered_json> comment;  // an unknown value kept as the "other" text
    bool from_expression = false;  // the defaultValueExpression's: setting it is no answer (isChangingViaDefaultValue)
  };
  static DefaultAnswer default_answer(const Element& e, nlohmann::ordered_json v, DefaultOrigin origin);
  DefaultAnswer expression_default(const Element& e) const;
  static DefaultAnswer function_value(const Element& e, const js::Value& result);
  DefaultAnswer initial_default(int question);
  bool store_default(const Element& e, const DefaultAnswer& answer);
  bool apply_visibility_changes(const std::vector<char>& own_visible, const std::function<bool(int)>& content_visible);
  ClearInvisible clear_mode(int question) const;  // the question's, else the survey's; none in the preview
  bool clears_on_hidden(int question) const;       // onHidden or onHiddenContainer
  bool in_start_page(const Element& e) const;      // firstPageIsStarted: on page 0
  bool is_question_empty(int element) const;
  // session_matrix.cpp
  // A row's (a panel's) names before the survey's: {row.x}, {rowIndex}; {panel.x}, {panelIndex},
  // {visiblePanelIndex} (left out while deciding which panels show).
  js::Value row_scope(int question, int row, bool with_visible_index = true) const;
  bool condition_in_row(const std::optional<Expression>& e, bool if_absent, int question, int row) const;
  nlohmann::ordered_json row_value(int question, int row) const;
  bool update_matrices();
  void cell_errors(int question, const AddError& add);
  void key_duplication_errors(int question, const std::vector<int>& panels, const AddError& add);
  void rebuild_rows(int question, const nlohmann::ordered_json* before_numbering = nullptr);
  void clean_cell_choice_value(int question, int row, std::size_t column, bool always = false);
  bool clear_invisible_rows(int question);
  bool clear_invisible_in_panels(int question);
  void build_panels(int question);
  void build_panels_on_current_page();
  std::vector<int> panels_read_by_expressions_;  // dynamic panels an expression reads into ({name[0].x})
  bool building_panels_ = false;
  bool next_page();  // next() before the new page's dynamic panels are built
  struct DynamicRows {
    int count = 0;
    nlohmann::ordered_json seen;  // the answer the count was last taken from
  };
  std::map<int, DynamicRows> dynamic_rows_;  // matrixdynamic questions by element index
  // survey-core builds a matrix's rows when first needed: at once when an expression elsewhere
  // reads into it ({m.row.col}, {m[0].col}), else when it is validated. Building writes the
  // value back as the cells hold it (rebuild_rows); a value set later is not rewritten, unless
  // a matrixdynamic's row count changes with it.
  std::vector<char> rows_built_;
  // A matrix given a whole value (survey.setValue) before its rows were built: building them runs
  // each row's cell triggers on that row's values (isValueChangedWithoutRows, runTriggersOnNewRows).
  std::vector<char> set_before_rows_;
  void build_rows(int question);
  // The visible choices each built cell last had: when they change, a value that is no longer
  // (or never was) among them is cleared (runItemsCondition + clearIncorrectValues).
  std::map<std::tuple<int, int, std::size_t>, std::vector<std::string>> cell_choices_seen_;
  bool clear_cells_whose_choices_changed(int question);
  // The same for questions: the visible choices each choice question last had.
  std::map<int, std::vector<std::string>> choices_seen_;
  bool clear_values_whose_choices_changed();
  // A ranking's choices shown when it last ranked them, and the answer it gave then.
  struct Ranking {
    std::vector<const Choice*> shown;
    nlohmann::ordered_json ranked;
  };
  std::map<int, Ranking> rankings_;
  bool rank_every_visible_choice();
  void mark_matrices_read_by_expressions();
  js::Value expression_value(int element) const;
  std::vector<ValidationError> validate_element(int element);

  // [SECTION] triggers (session.cpp explains the order survey-core runs them in)
  // What follows a change of values: the questions' own triggers, then the survey's.
  void after_change(const nlohmann::ordered_json& values_before, const nlohmann::ordered_json& variables_before,
                    const std::string& name);
  void run_triggers_after_change(const nlohmann::ordered_json& values_before, const nlohmann::ordered_json& variables_before,
                                 const std::string& name, const nlohmann::ordered_json* quiet = nullptr,
                                 const nlohmann::ordered_json* values_now = nullptr,
                                 const nlohmann::ordered_json* variables_now = nullptr);
  void run_question_triggers(const nlohmann::ordered_json& values_before, const nlohmann::ordered_json& variables_before,
                             const std::string& name);
  void run_triggers_of_question(int question, const nlohmann::ordered_json& keys);
  // One question's or one cell's resetValueIf, setValueIf and setValueExpression (Question.runTriggers).
  struct OwnTriggers {
    bool answered = false;
    std::function<js::Value(const Expression&)> evaluate;  // in the question's (or the cell's row's) scope
    std::function<void()> reset, clear;                     // the default again / no answer
    std::function<void(const js::Value&)> set;              // setValueExpression's result as the answer
  };
  static void run_own_triggers(const Element& e, const nlohmann::ordered_json& keys, const OwnTriggers& own);
  // A matrix's cells run their column's triggers: every cell on each pass of the questions'
  // triggers, a row's cells when a cell of that row changes ("row.<column>").
  void run_cell_triggers(int question, const nlohmann::ordered_json& keys);
  void run_row_triggers(int question, int row, const nlohmann::ordered_json& keys);
  void run_triggers_of_cell(int question, int row, std::size_t column, const nlohmann::ordered_json& keys);
  // cells being set (by the respondent or a trigger): they skip their own triggers meanwhile (isSettingQuestionValue)
  std::vector<std::tuple<int, int, std::size_t>> cells_being_set_;
  // Cells that hold another value than the data says: building the rows can write back the value
  // it read before the cells' triggers ran, without telling the cells (isRowChanging). Setting
  // such a cell to what it holds changes nothing; a new value for the matrix ends it.
  std::map<std::tuple<int, int, std::size_t>, nlohmann::ordered_json> cells_holding_;
  bool setting_cell_ = false;  // a cell writes its row into the matrix's value: the other cells keep theirs
  void reset_to_default(int question);
  void clear_question(int question);
  void set_by_expression(int question, const js::Value& result);
  void drop_unused_other_text(int question);
  void run_triggers(nlohmann::ordered_json keys, bool on_next_page, const std::string& changed_name);
  void check_trigger(std::size_t index, bool on_next_page);
  bool trigger_reads_changed_key(const Trigger& t) const;
  void set_trigger_value(const std::string& name, const nlohmann::ordered_json& value, bool is_variable);

  std::shared_ptr<const Survey> survey_;
  std::string locale_;
  double now_ms_;
  nlohmann::ordered_json values_ = nlohmann::ordered_json::object();
  // survey-core's variables: calculatedValues not in the result, and setvalue triggers' isVariable
  nlohmann::ordered_json variables_ = nlohmann::ordered_json::object();
  std::vector<char> visible_, shown_on_page_, required_, read_only_, page_visible_, page_required_;
  std::vector<char> container_visible_;  // panels by element index, then pages, as last refreshed
  std::vector<char> own_visible_;        // each element's own visible / visibleIf, as last refreshed
  nlohmann::ordered_json cleared_on_hiding_ = nlohmann::ordered_json::object();  // key -> value hiding cleared, until triggers saw it
  std::vector<char> changed_directly_;      // answered by the respondent or the data: no default expression
  // A trigger's value a min/max input refused to pass to the data (canSetValueToSurvey): the
  // question holds it, so it is not empty and validates it, until its value is set again.
  std::map<int, nlohmann::ordered_json> held_;
  const nlohmann::ordered_json* question_value(int element) const;
  // survey-core's otherValue: the question took a value that is no choice as its "other" text.
  // An expression default set while loading does not, and validation then drops that value.
  std::vector<char> other_text_taken_;
  // The preview put every question on one page, which re-read its value from the data
  // (updateValueFromSurvey): a value that is no choice then reads as itself, no longer as "other",
  // and Complete drops it with its comment — until the question is answered again.
  std::vector<char> other_reread_;
  std::vector<int> cleared_by_validation_;  // their changed_directly_ ends after the next refresh
  std::vector<char> awaiting_merge_;  // merge_data: questions that have not taken their data value yet
  int current_page_ = 0;
  bool on_start_page_ = false;
  bool completed_ = false;
  bool in_preview_ = false;
  std::vector<ValidationError> page_errors_;
  js::Value scope_;
  std::size_t question_entries_ = 0;
  bool running_triggers_ = false;
  // survey-core's questionTriggersKeys: the names changed in the pass of conditions in progress
  // (name -> value), which the questions' own triggers test; none between passes.
  std::optional<nlohmann::ordered_json> question_trigger_keys_;
  std::vector<int> questions_being_set_;  // by their own triggers: they skip them meanwhile (isSettingQuestionValue)
  int question_trigger_depth_ = 0;
  bool clearing_on_complete_ = false;  // completion clears values one by one, and the questions' triggers see each
  long question_trigger_steps_ = 0;  // in one change from outside: a bound on chains of triggers
  nlohmann::ordered_json trigger_keys_;  // name -> {"new", "old"} (on Next: name -> value)
  std::vector<std::pair<std::size_t, int>> completing_triggers_;  // complete trigger, page it held on
};

}  // namespace survey
