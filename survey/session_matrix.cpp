// Session: matrices whose cells are questions (matrixdropdown, matrixdynamic), as survey-core's
// QuestionMatrixDropdownModelBase and its rows run them. The matrix's answer stays one value in
// the data; rows and cells are read from it and written back into it.
#include <algorithm>
#include <utility>

#include "survey/helpers.hpp"
#include "survey/session.hpp"

namespace survey {
namespace {

using Json = nlohmann::ordered_json;

js::Value as_js(const Json& j) { return js::Value::from_json(j); }

bool is_empty(const Json* j) { return !j || helpers::is_value_empty(as_js(*j)); }

// A required cell treats whitespace-only text as unanswered, as a required question does.
bool blank_cell(const Json* j) {
  if (j && j->is_string()) return js::trim(j->get<std::string>()).empty();
  return is_empty(j);
}

bool is_choice_column(const Element& column) {
  return column.type == QuestionType::Radiogroup || column.type == QuestionType::Dropdown ||
         column.type == QuestionType::Checkbox;
}

Json cell_question_value(const Element& column, Json v);  // below
enum class WriteBack { Built, CellChanged };
Json built_row(const Element& e, const Json& row, WriteBack how = WriteBack::Built);  // below

bool is_column_of(const Element& matrix, const std::string& key) {
  return std::any_of(matrix.cell_columns.begin(), matrix.cell_columns.end(), [&](const Element& c) { return c.name == key; });
}

}  // namespace

bool no_cell_answered(const Json& value) {
  auto row_empty = [](const Json& row) { return !row.is_object() || row.empty(); };
  if (value.is_array() || value.is_object()) return std::all_of(value.begin(), value.end(), row_empty);
  return true;
}

std::vector<int> Session::visible_rows(int question) const {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  std::vector<int> out;
  if (e.type == QuestionType::MatrixDynamic) {
    for (int r = 0; r < row_count(question); ++r) out.push_back(r);
    return out;
  }
  if (e.type == QuestionType::PanelDynamic) {  // templateVisibleIf, in each panel's own scope
    for (int r = 0; r < row_count(question); ++r)
      if (!e.template_visible_if || e.template_visible_if->condition(EvalScope{row_scope(question, r, false), now_ms_, 0}))
        out.push_back(r);
    return out;
  }
  for (std::size_t r = 0; r < e.rows.size(); ++r)
    if (!e.rows[r].visible_if || condition_with_item(*e.rows[r].visible_if, e.rows[r])) out.push_back(static_cast<int>(r));
  return out;
}

int Session::row_count(int question) const {
  auto found = dynamic_rows_.find(question);
  return found == dynamic_rows_.end() ? 0 : found->second.count;
}

bool Session::can_add_row(int question) const {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  return is_dynamic_list(e.type) && e.allow_add_rows && !completed_ &&
         !read_only_[static_cast<std::size_t>(question)] && row_count(question) < e.max_row_count;
}

bool Session::can_remove_row(int question) const {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  return is_dynamic_list(e.type) && e.allow_remove_rows && !completed_ &&
         !read_only_[static_cast<std::size_t>(question)] && row_count(question) > e.min_row_count;
}

bool Session::add_row(int question) {
  if (!can_add_row(question)) return false;
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  if (e.type == QuestionType::PanelDynamic) {
    // a shown dynamic panel has its panels: the new one joins its answer as {}
    build_rows(question);
    DynamicRows& panels = dynamic_rows_[question];
    ++panels.count;
    if (const Json* v = value(e.name); v && v->is_array() && v->size() + 1 == static_cast<std::size_t>(panels.count)) {
      Json next = *v;
      next.push_back(Json::object());
      panels.seen = next;
      set_value(e.name, next);
      return true;
    }
    refresh();
    return true;
  }
  ++dynamic_rows_[question].count;  // the answer keeps its rows: the new one is empty
  refresh();
  return true;
}

bool Session::remove_row(int question, int row) {
  if (!can_remove_row(question) || row < 0 || row >= row_count(question)) return false;
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  const Json* v = value(e.name);
  Json next = v && v->is_array() ? *v : Json::array();
  if (static_cast<std::size_t>(row) < next.size()) next.erase(next.begin() + row);
  // a matrix with no cell answered has no answer; a dynamic panel keeps its empty panels ({})
  if (e.type == QuestionType::PanelDynamic ? next.empty() : no_cell_answered(next)) next = Json();
  DynamicRows& rows = dynamic_rows_[question];
  --rows.count;
  // the rows after it move up: their cells' choices are seen afresh
  std::erase_if(cell_choices_seen_, [question](const auto& entry) { return std::get<0>(entry.first) == question; });
  rows.seen = next;  // the count is set here, not taken from this answer
  set_value(e.name, next);
  if (!v || v->is_null()) refresh();
  return true;
}

Json Session::row_value(int question, int row) const {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  const Json* v = value(e.name);
  if (!v) return Json::object();
  if (is_dynamic_list(e.type)) {
    if (!v->is_array() || row < 0 || static_cast<std::size_t>(row) >= v->size()) return Json::object();
    const Json& r = (*v)[static_cast<std::size_t>(row)];
    return r.is_object() ? r : Json::object();
  }
  if (!v->is_object() || row < 0 || static_cast<std::size_t>(row) >= e.rows.size()) return Json::object();
  auto found = v->find(e.rows[static_cast<std::size_t>(row)].key());
  return found != v->end() && found->is_object() ? *found : Json::object();
}

const Json* Session::cell_value(int question, int row, std::size_t column) const {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  const Json* v = value(e.name);
  if (!v || column >= e.cell_columns.size() || row < 0) return nullptr;
  const Json* r = nullptr;
  if (is_dynamic_list(e.type)) {
    if (v->is_array() && static_cast<std::size_t>(row) < v->size()) r = &(*v)[static_cast<std::size_t>(row)];
  } else if (v->is_object() && static_cast<std::size_t>(row) < e.rows.size()) {
    auto found = v->find(e.rows[static_cast<std::size_t>(row)].key());
    if (found != v->end()) r = &*found;
  }
  if (!r || !r->is_object()) return nullptr;
  auto cell = r->find(e.cell_columns[column].name);
  return cell == r->end() ? nullptr : &*cell;
}

namespace {

// The matrix's answer with one cell changed; null when no cell is left answered. A
// matrixdynamic's answer lists every row (empty ones as {}), as survey-core writes it.
Json with_cell(const Element& e, const Json* old, int rows, int row, const std::string& column, const Json& value) {
  auto change = [&](Json& r) {
    if (!r.is_object()) r = Json::object();
    if (is_empty(&value)) r.erase(column);
    else r[column] = value;
  };
  if (is_dynamic_list(e.type)) {
    Json next = old && old->is_array() ? *old : Json::array();
    while (next.size() < static_cast<std::size_t>(std::max(rows, row + 1))) next.push_back(Json::object());
    change(next[static_cast<std::size_t>(row)]);
    // survey-core's updateItemValue writes a dynamic panel's list even when its panels are empty
    return e.type == QuestionType::MatrixDynamic && no_cell_answered(next) ? Json() : next;
  }
  Json next = old && old->is_object() ? *old : Json::object();
  const std::string key = e.rows[static_cast<std::size_t>(row)].key();
  Json r = next.contains(key) ? next[key] : Json::object();
  change(r);
  if (r.empty()) next.erase(key);
  else next[key] = r;
  return no_cell_answered(next) ? Json() : next;
}

}  // namespace

void Session::set_cell_value(int question, int row, std::size_t column, const Json& value) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  if (!has_cells(e.type) || column >= e.cell_columns.size() || row < 0) return;
  if (e.type == QuestionType::PanelDynamic) {
    // a panel's question writes its value into the panel's object, the rest as it is
    if (row >= row_count(question)) return;
    build_rows(question);
    const Json* old_cell = cell_value(question, row, column);
    if (old_cell ? *old_cell == value : is_empty(&value)) return;
    Json next = with_cell(e, this->value(e.name), row_count(question), row, e.cell_columns[column].name, value);
    dynamic_rows_[question].seen = next;
    set_value(e.name, next);
    return;
  }
  if (e.type == QuestionType::MatrixDropdown && static_cast<std::size_t>(row) >= e.rows.size()) return;
  if (e.type == QuestionType::MatrixDynamic && row >= row_count(question)) return;
  build_rows(question);  // a cell is answered in its row: survey-core has built the rows by then
  const auto cell = std::make_tuple(question, row, column);
  auto holding = cells_holding_.find(cell);
  const Json* old_cell = holding != cells_holding_.end() ? &holding->second : cell_value(question, row, column);
  if (old_cell ? *old_cell == value : is_empty(&value)) return;  // the cell question's value is unchanged
  if (holding != cells_holding_.end()) cells_holding_.erase(holding);
  Json next = with_cell(e, this->value(e.name), row_count(question), row, e.cell_columns[column].name, value);
  // the row is written back as its cells hold it: each as its cell question took it when built
  if (e.type == QuestionType::MatrixDynamic && next.is_array()) {
    next[static_cast<std::size_t>(row)] = built_row(e, next[static_cast<std::size_t>(row)]);
  } else if (next.is_object() && next.contains(e.rows[static_cast<std::size_t>(row)].key())) {
    const std::string key = e.rows[static_cast<std::size_t>(row)].key();
    if (Json built = built_row(e, next[key]); built.empty()) next.erase(key);
    else next[key] = std::move(built);
  }
  if (!next.is_null() && no_cell_answered(next)) next = Json();
  if (e.type == QuestionType::MatrixDynamic) dynamic_rows_[question].seen = next;
  // the cell question is being set until its change has run its course: it skips its own triggers
  cells_being_set_.push_back(cell);
  setting_cell_ = true;
  set_value(e.name, next);
  setting_cell_ = false;
  // runTriggersOnSetValue: once the survey has the new value, the row's cells see the change
  if (survey_->has_question_triggers) run_row_triggers(question, row, Json{{"row." + e.cell_columns[column].name, value}});
  cells_being_set_.pop_back();
}

// generateVisibleRowsIfNeeded, then getVisibleRows: building the rows runs each row's cell
// triggers on its values when the matrix was given a value before (runTriggersOnNewRows), writes
// the rows back as the cells hold them, and numbers the visible rows, on which every cell trigger
// that reads no name (or calls a function) runs (updateRowsVisibleIndexes).
void Session::build_rows(int question) {
  if (std::exchange(rows_built_[static_cast<std::size_t>(question)], 1)) return;
  if (survey_->elements[static_cast<std::size_t>(question)].type == QuestionType::PanelDynamic) return build_panels(question);
  const bool set_before = std::exchange(set_before_rows_[static_cast<std::size_t>(question)], 0);
  if (!survey_->has_question_triggers) return rebuild_rows(question);
  if (set_before) {
    for (int r : visible_rows(question)) {
      Json keys = Json::object();
      const Json values = row_value(question, r);
      for (auto it = values.begin(); it != values.end(); ++it) keys["row." + it.key()] = it.value();
      if (!keys.empty()) run_row_triggers(question, r, keys);
    }
  }
  // writing the rows back reads the value first, then numbers the rows (the cells' triggers run)
  const Json* read = value(survey_->elements[static_cast<std::size_t>(question)].name);
  const Json before_numbering = read ? *read : Json();
  int index = 0;
  for (int r : visible_rows(question)) run_row_triggers(question, r, Json{{"visibleRowIndex", ++index}});
  rebuild_rows(question, &before_numbering);
}

void Session::run_cell_triggers(int question, const Json& keys) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  if (!rows_built_[static_cast<std::size_t>(question)] ||
      std::none_of(e.cell_columns.begin(), e.cell_columns.end(), [](const Element& c) { return c.has_own_triggers(); }))
    return;
  for (int r : visible_rows(question))
    for (std::size_t c = 0; c < e.cell_columns.size(); ++c) run_triggers_of_cell(question, r, c, keys);
}

void Session::run_row_triggers(int question, int row, const Json& keys) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  for (std::size_t c = 0; c < e.cell_columns.size(); ++c) run_triggers_of_cell(question, row, c, keys);
}

void Session::run_triggers_of_cell(int question, int row, std::size_t column, const Json& keys) {
  const Element& col = survey_->elements[static_cast<std::size_t>(question)].cell_columns[column];
  if (!col.has_own_triggers()) return;
  const auto cell = std::make_tuple(question, row, column);
  if (std::find(cells_being_set_.begin(), cells_being_set_.end(), cell) != cells_being_set_.end()) return;
  if ((completed_ && !clearing_on_complete_) || ++question_trigger_steps_ > 100000) return;  // a chain this long is a loop
  OwnTriggers own;
  own.answered = !is_empty(cell_value(question, row, column));
  own.evaluate = [this, question, row](const Expression& x) { return x.evaluate(EvalScope{row_scope(question, row), now_ms_, 0}); };
  // a column has no default (refused by the loader): reset clears, as clearValue does
  own.reset = own.clear = [this, question, row, column] { set_cell_value(question, row, column, Json()); };
  own.set = [this, question, row, column, &col](const js::Value& result) {
    DefaultAnswer answer = function_value(col, result);
    set_cell_value(question, row, column, answer.value ? cell_question_value(col, *answer.value) : Json());
  };
  run_own_triggers(col, keys, own);
}

js::Value Session::row_scope(int question, int row, bool with_visible_index) const {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  js::Object object = scope_.as_object();
  if (e.type == QuestionType::PanelDynamic) {
    // {panel.name}, {panelIndex} and {visiblePanelIndex} count from 0 (-1: a hidden panel)
    js::Object own = {{"panel", as_js(row_value(question, row))}, {"panelIndex", js::Value::number(row)}};
    if (!e.template_visible_if) {  // every panel shows: its place among them is its index
      own.push_back({"visiblePanelIndex", js::Value::number(row)});
    } else if (with_visible_index) {
      const std::vector<int> shown = visible_rows(question);
      const auto at = std::find(shown.begin(), shown.end(), row);
      own.push_back({"visiblePanelIndex", js::Value::number(at == shown.end() ? -1 : static_cast<double>(at - shown.begin()))});
    }
    object.insert(object.begin(), own.begin(), own.end());
    return js::Value::object(std::move(object));
  }
  // the row's own names first: a question called "row" does not hide the row
  js::Object own = {{"row", as_js(row_value(question, row))}, {"rowIndex", js::Value::number(row + 1)}};
  if (e.type == QuestionType::MatrixDropdown) {
    const js::Value& name = e.rows[static_cast<std::size_t>(row)].js_value;
    own.insert(own.end(), {{"rowName", name}, {"rowValue", name}, {"item", name}});
  }
  object.insert(object.begin(), own.begin(), own.end());
  return js::Value::object(std::move(object));
}

bool Session::condition_in_row(const std::optional<Expression>& e, bool if_absent, int question, int row) const {
  if (!e) return if_absent;
  js::Value values = row_scope(question, row);
  return e->condition(EvalScope{values, now_ms_, 0});
}

bool Session::is_cell_visible(int question, int row, std::size_t column) const {
  const Element& col = survey_->elements[static_cast<std::size_t>(question)].cell_columns.at(column);
  return condition_in_row(col.visible_if, col.visible, question, row);
}

bool Session::is_cell_required(int question, int row, std::size_t column) const {
  const Element& col = survey_->elements[static_cast<std::size_t>(question)].cell_columns.at(column);
  return condition_in_row(col.required_if, col.is_required, question, row);
}

bool Session::is_cell_read_only(int question, int row, std::size_t column) const {
  const Element& col = survey_->elements[static_cast<std::size_t>(question)].cell_columns.at(column);
  if (read_only_[static_cast<std::size_t>(question)]) return true;
  return col.enable_if ? !condition_in_row(col.enable_if, true, question, row) : col.read_only;
}

std::vector<const Choice*> Session::cell_choices(int question, int row, std::size_t column) const {
  const Element& col = survey_->elements[static_cast<std::size_t>(question)].cell_columns.at(column);
  std::vector<const Choice*> out;
  if (col.choices.empty()) return out;
  const js::Value base = row_scope(question, row);
  auto holds = [&](const Expression& expr, const Choice& c) {
    js::Object object = base.as_object();
    object.insert(object.begin(), {"item", c.js_value});
    js::Value values = js::Value::object(std::move(object));
    return expr.condition(EvalScope{values, now_ms_, 0});
  };
  for (const Choice& c : col.choices) {
    if (c.visible_if && !holds(*c.visible_if, c)) continue;
    if (col.choices_visible_if && !holds(*col.choices_visible_if, c)) continue;
    out.push_back(&c);
  }
  return out;
}

// Before each refresh: a matrixdynamic given a new list of rows shows that many rows, and
// totals are written to "<name>-total" (survey-core keeps them in the data). True when the data changed.
bool Session::update_matrices() {
  bool changed = false;
  for (int q : survey_->questions) {
    const Element& e = survey_->elements[static_cast<std::size_t>(q)];
    if (!has_cells(e.type)) continue;
    if (is_dynamic_list(e.type)) {
      DynamicRows& rows = dynamic_rows_[q];
      const Json* v = value(e.name);
      // survey-core's setPanelCountBasedOnValue: an empty list keeps the panels there are
      if (v && v->is_array() && *v != rows.seen && e.type == QuestionType::PanelDynamic && v->empty()) rows.seen = *v;
      if (v && v->is_array() && *v != rows.seen) {
        const bool count_changed = rows.count != static_cast<int>(v->size());
        rows.count = static_cast<int>(v->size());
        rows.seen = *v;
        // built rows are built again for the new count
        if (count_changed && rows_built_[static_cast<std::size_t>(q)] && e.type == QuestionType::MatrixDynamic) rebuild_rows(q), changed = true;
      }
      if (const Json* now = value(e.name)) rows.seen = *now;
    }
    if (rows_built_[static_cast<std::size_t>(q)] && clear_cells_whose_choices_changed(q)) changed = true;
    bool has_totals = std::any_of(e.cell_columns.begin(), e.cell_columns.end(), [](const Element& c) { return c.total_expression.has_value(); });
    if (!has_totals) continue;
    js::Array shown;
    for (int r : visible_rows(q)) shown.push_back(as_js(row_value(q, r)));
    Json totals = Json::object();
    for (const Element& col : e.cell_columns) {
      if (!col.total_expression) continue;
      js::Value scope = js::Value::object({{"matrix", js::Value::array(shown)}, {"column", js::Value::string(col.name)}});
      js::Value total = col.total_expression->evaluate(EvalScope{scope, now_ms_, 0});
      if (std::optional<nlohmann::json> j = total.to_json(); j && !helpers::is_value_empty(total)) totals[col.name] = Json::parse(j->dump());
    }
    const std::string key = e.name + "-total";
    const Json* old = value(key);
    if (!old || *old != totals) values_[key] = totals, changed = true;
  }
  return changed;
}

namespace {

// What a cell question makes of a value it is given (its value setter and correctValueType):
// a number input takes numbers (numeric text becomes one, other text none), a boolean reads
// "true" / "false", a checkbox a list, a dropdown or radiogroup one item, and a choice is
// written as the choice's own value ("02" is the choice 2). Null: the cell is left empty.
Json cell_question_value(const Element& column, Json v) {
  if (is_empty(&v)) return Json();
  auto as_item = [](const std::vector<Choice>& items, const Json& x) {
    for (const Choice& c : items)
      if (same_choice_value(c.value, x)) return Json::parse(c.value.dump());
    return x;
  };
  switch (column.type) {
    case QuestionType::Text:
      if (column.input_type == InputType::Number || column.input_type == InputType::Range) {
        const js::Value n = as_js(v);
        if (!helpers::is_number(n)) return Json();
        std::optional<nlohmann::json> j = js::Value::number(helpers::get_number(n)).to_json();
        return j ? Json::parse(j->dump()) : Json();
      }
      return v;
    case QuestionType::Boolean:
      if (v == "true") return true;
      if (v == "false") return false;
      return v;
    case QuestionType::Checkbox:
      if (!v.is_array()) v = Json::array({v});
      for (Json& item : v) item = as_item(column.choices, item);
      return v;
    case QuestionType::Radiogroup:
    case QuestionType::Dropdown:
      if (v.is_array()) v = Json(v[0]);
      return is_empty(&v) ? Json() : as_item(column.choices, v);
    case QuestionType::Rating: return as_item(column.rating_items(), v);
    default: return v;
  }
}

// How a row is written back from its cells: when the rows are built, each cell takes its value
// as its question does (cell_question_value); when one cell changes, the others give their value
// as it is (only text of spaces counts as empty, and a boolean reads "true" / "false").
Json cell_as_is(const Element& column, const Json& v) {
  if (v.is_string() && js::trim(v.get<std::string>()).empty()) return Json();
  if (column.type == QuestionType::Boolean && (v == "true" || v == "false")) return v == "true";
  return is_empty(&v) ? Json() : v;
}

// A row as its cells write it back: the keys no column has first, then each column's value.
Json built_row(const Element& e, const Json& row, WriteBack how) {
  Json out = Json::object();
  if (!row.is_object()) return out;
  for (auto it = row.begin(); it != row.end(); ++it)
    if (!is_column_of(e, it.key())) out[it.key()] = it.value();
  for (const Element& column : e.cell_columns) {
    auto found = row.find(column.name);
    if (found == row.end()) continue;
    Json taken = how == WriteBack::Built ? cell_question_value(column, *found) : cell_as_is(column, *found);
    // a text cell takes text of spaces as no answer (allowSpaceAsAnswer is off)
    const bool text_cell = column.type == QuestionType::Text || column.type == QuestionType::Comment;
    if (text_cell && taken.is_string() && js::trim(taken.get<std::string>()).empty()) continue;
    if (!taken.is_null()) out[column.name] = taken;
  }
  return out;
}

}  // namespace

void Session::mark_matrices_read_by_expressions() {
  rows_built_.assign(survey_->elements.size(), 0);
  set_before_rows_.assign(survey_->elements.size(), 0);
  std::vector<std::string> read;  // lower-cased names read with a path: "m.x", "m[0].x"
  auto collect = [&](const std::optional<Expression>& expr) {
    if (!expr) return;
    for (const std::string& v : expr->variables()) read.push_back(js::lower(v));
  };
  for (const Element& e : survey_->elements) {
    collect(e.visible_if), collect(e.enable_if), collect(e.required_if), collect(e.default_value_expression),
        collect(e.expression), collect(e.choices_visible_if), collect(e.choices_enable_if);
    for (const Choice& c : e.choices) collect(c.visible_if), collect(c.enable_if);
    for (const Validator& v : e.validators) collect(v.expression);
  }
  for (const Page& p : survey_->pages) collect(p.visible_if), collect(p.required_if);
  for (const CalculatedValue& c : survey_->calculated_values) collect(c.expression);
  for (const Trigger& t : survey_->triggers) collect(t.expression), collect(t.run_expression);
  for (int q : survey_->questions) {
    const Element& e = survey_->elements[static_cast<std::size_t>(q)];
    if (!has_cells(e.type)) continue;
    const std::string name = js::lower(e.name);
    // a dynamic panel builds its panels when an expression reads one ({name[0].x}), not its length
    const bool by_member = e.type != QuestionType::PanelDynamic;
    const bool read_into = std::any_of(read.begin(), read.end(), [&](const std::string& v) {
      return v.size() > name.size() && v.starts_with(name) && ((by_member && v[name.size()] == '.') || v[name.size()] == '[');
    });
    // (its panels are built once loading is done: Session::build_panels_on_current_page)
    if (e.type != QuestionType::PanelDynamic) rows_built_[static_cast<std::size_t>(q)] = read_into;
    else if (read_into) panels_read_by_expressions_.push_back(q);
  }
}

bool Session::clear_cells_whose_choices_changed(int question) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  const int rows = is_dynamic_list(e.type) ? row_count(question) : static_cast<int>(e.rows.size());
  bool changed = false;
  for (std::size_t c = 0; c < e.cell_columns.size(); ++c) {
    const Element& col = e.cell_columns[c];
    const bool conditional = col.choices_visible_if ||
                             std::any_of(col.choices.begin(), col.choices.end(), [](const Choice& ch) { return ch.visible_if.has_value(); });
    if (!is_choice_column(col) || !conditional) continue;
    for (int r = 0; r < rows; ++r) {
      std::vector<std::string> keys;
      for (const Choice* ch : cell_choices(question, r, c)) keys.push_back(ch->key());
      auto [seen, fresh] = cell_choices_seen_.try_emplace({question, r, c}, keys);
      if (fresh || seen->second == keys) continue;
      seen->second = keys;
      const Json before = value(e.name) ? *value(e.name) : Json();
      clean_cell_choice_value(question, r, c, /*always=*/true);
      changed = changed || (value(e.name) ? *value(e.name) : Json()) != before;
    }
  }
  return changed;
}

// When survey-core builds a matrix's rows it writes each row back as its cells hold it: the
// keys no column has first, then each column's cell value as that cell question takes it
// (updateValueOnRowsGeneration). Validation builds them, so it happens here. It works on the
// value it read before the rows were numbered (`before_numbering`): what the cells' triggers set
// then is kept only in the rows written back, and lost altogether when the matrix had no answer.
void Session::rebuild_rows(int question, const Json* before_numbering) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  const bool dynamic = e.type == QuestionType::MatrixDynamic;
  auto right_kind = [dynamic](const Json* j) { return j && (dynamic ? j->is_array() : j->is_object()); };
  // isTwoValueEquals as a question compares: strict, keys in any order
  auto same = [](const Json& a, const Json& b) { return nlohmann::json::parse(a.dump()) == nlohmann::json::parse(b.dump()); };
  const Json* v = value(e.name);
  const Json* stale = before_numbering ? before_numbering : v;
  if (!right_kind(v) && !right_kind(stale)) return;
  const Json none = dynamic ? Json::array() : Json::object();
  const Json current = right_kind(v) ? *v : none;
  Json next = right_kind(stale) ? *stale : none;
  if (dynamic)  // createNewValue: a row for every row shown
    while (next.size() < static_cast<std::size_t>(row_count(question))) next.push_back(Json::object());
  // survey-core's old value: a matrixdropdown without an answer has none
  const Json old = !dynamic && no_cell_answered(next) ? Json() : next;
  // Each row whose value is not just its cells' (a key no column has counts too) is written
  // back: the keys no column has, then the cells as they hold it (getNewValueOnRowChanged).
  auto cells_only = [&e](const Json& row) {
    Json out = Json::object();
    for (auto it = row.begin(); it != row.end(); ++it)
      if (is_column_of(e, it.key())) out[it.key()] = it.value();
    return out;
  };
  // the keys no column has from the value read at first, then the cells as they hold it now
  auto write_row = [&](Json& into, const Json& row) {
    Json merged = Json::object();
    if (into.is_object())
      for (auto it = into.begin(); it != into.end(); ++it)
        if (!is_column_of(e, it.key())) merged[it.key()] = it.value();
    const Json cells = cells_only(built_row(e, row));
    for (auto it = cells.begin(); it != cells.end(); ++it) merged[it.key()] = it.value();
    into = std::move(merged);
  };
  if (dynamic) {
    for (std::size_t r = 0; r < current.size() && r < static_cast<std::size_t>(row_count(question)); ++r) {
      Json built = built_row(e, current[r]);
      if (same(current[r], cells_only(built))) continue;
      write_row(next[r], current[r]);
    }
  } else {
    for (const Choice& row : e.rows) {
      auto found = current.find(row.key());
      if (found == current.end()) continue;
      if (same(*found, cells_only(built_row(e, *found)))) continue;
      Json into = next.contains(row.key()) ? next[row.key()] : Json::object();
      write_row(into, *found);
      if (into.empty()) next.erase(row.key());
      else next[row.key()] = std::move(into);
    }
  }
  if (!old.is_null() && same(old, next)) return;
  std::map<std::tuple<int, int, std::size_t>, Json> held;  // the cells keep what the triggers gave them
  if (before_numbering)
    for (int r : visible_rows(question))
      for (std::size_t c = 0; c < e.cell_columns.size(); ++c)
        if (const Json* cell = cell_value(question, r, c); cell && !is_empty(cell)) held[{question, r, c}] = *cell;
  if (dynamic) dynamic_rows_[question].seen = next;
  if (!no_cell_answered(next)) values_[e.name] = next;
  else if (right_kind(stale)) values_[e.name] = *stale;  // still no answer, written as it was
  else values_.erase(e.name);
  for (auto& [cell, was] : held) {
    const Json* now = cell_value(question, std::get<1>(cell), std::get<2>(cell));
    if (!now || *now != was) cells_holding_[cell] = std::move(was);
  }
}

// survey-core validates each visible cell of each visible row as the question it is (required,
// a text input's bounds, validators reading {row.x}), drops a choice cell's value that is no
// visible choice, and flags a value an isUnique column has in two rows.
void Session::cell_errors(int question, const AddError& add) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  build_rows(question);
  const std::vector<int> rows = visible_rows(question);
  for (int r : rows) {
    for (std::size_t c = 0; c < e.cell_columns.size(); ++c) {
      if (!is_cell_visible(question, r, c)) continue;
      clean_cell_choice_value(question, r, c);
      if (is_cell_read_only(question, r, c) || !e.cell_columns[c].has_input()) continue;
      const Element& col = e.cell_columns[c];
      const Json* found = cell_value(question, r, c);
      const Json cell = found ? *found : Json();
      const Json* v = found ? &cell : nullptr;
      bool any = false;
      auto add_to_cell = [&](std::string kind, const LocalizedString& text) -> ValidationError& {
        ValidationError& added = add(std::move(kind), text);
        added.item = static_cast<int>(c);
        added.row = r;
        any = true;
        return added;
      };
      if (is_cell_required(question, r, c) && blank_cell(v)) add_to_cell("required", col.required_error_text);
      if (col.type == QuestionType::Text) text_input_errors(col, v, add_to_cell);
      if (any) continue;
      js::Value in_row = row_scope(question, r);
      std::swap(scope_, in_row);  // an expression validator reads {row.x}
      validator_errors(col, v, add_to_cell);
      std::swap(scope_, in_row);
    }
  }
  if (!e.key_name.empty()) key_duplication_errors(question, rows, add);
  for (std::size_t c = 0; c < e.cell_columns.size(); ++c) {
    if (!e.cell_columns[c].is_unique) continue;
    std::vector<std::pair<int, Json>> seen;
    for (int r : rows) {
      const Json* v = cell_value(question, r, c);
      if (!is_cell_visible(question, r, c) || is_empty(v)) continue;
      seen.emplace_back(r, *v);
    }
    for (const auto& entry : seen) {
      bool twice = std::count_if(seen.begin(), seen.end(), [&entry](const auto& other) {
                     return helpers::is_two_value_equals(as_js(other.second), as_js(entry.second));
                   }) > 1;
      if (!twice) continue;
      ValidationError& added = add("keyduplicationerror", {});
      added.item = static_cast<int>(c);
      added.row = entry.first;
    }
  }
}

// A choice cell keeps only visible choices (a checkbox the ones among its items), as a choice
// question does when it validates.
void Session::clean_cell_choice_value(int question, int row, std::size_t column, bool always) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  const Element& col = e.cell_columns[column];
  if (!is_choice_column(col) || (!always && clear_mode(question) == ClearInvisible::None)) return;
  const Json* v = cell_value(question, row, column);
  if (is_empty(v)) return;
  const auto choices = cell_choices(question, row, column);
  auto allowed = [&](const Json& item) {
    return std::any_of(choices.begin(), choices.end(), [&](const Choice* c) { return same_choice_value(c->value, item); });
  };
  Json kept;
  if (col.type == QuestionType::Checkbox && v->is_array()) {
    kept = Json::array();
    for (const Json& item : *v)
      if (allowed(item)) kept.push_back(item);
    if (kept.size() == v->size()) return;
  } else if (allowed(*v)) {
    return;
  }
  Json next = with_cell(e, value(e.name), row_count(question), row, col.name, kept);
  // the cleared cell writes its whole row back from the row's cells (a panel only its own value)
  if (e.type == QuestionType::PanelDynamic) {
  } else if (e.type == QuestionType::MatrixDynamic && next.is_array() && static_cast<std::size_t>(row) < next.size())
    next[static_cast<std::size_t>(row)] = built_row(e, next[static_cast<std::size_t>(row)], WriteBack::CellChanged);
  else if (const std::string key = e.type == QuestionType::MatrixDropdown ? e.rows[static_cast<std::size_t>(row)].key() : "";
           next.is_object() && next.contains(key))
    next[key] = built_row(e, next[key], WriteBack::CellChanged);
  if (is_dynamic_list(e.type)) dynamic_rows_[question].seen = next;
  if (next.is_null()) values_.erase(e.name);
  else values_[e.name] = next;
}

// On completion a matrixdropdown with hidden rows keeps only its visible rows' cells
// (clearInvisibleValuesInRows: the rows' filtered values, empty rows left out). True when it changed.
bool Session::clear_invisible_rows(int question) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  const Json* v = value(e.name);
  if (e.type != QuestionType::MatrixDropdown || is_empty(v) || !v->is_object()) return false;
  const std::vector<int> rows = visible_rows(question);
  if (rows.size() == e.rows.size()) return false;
  Json next = Json::object();
  for (int r : rows) {
    Json cells = Json::object();
    for (std::size_t c = 0; c < e.cell_columns.size(); ++c)
      if (const Json* cell = cell_value(question, r, c); cell)
        if (Json kept = cell_as_is(e.cell_columns[c], *cell); !kept.is_null()) cells[e.cell_columns[c].name] = kept;
    if (!cells.empty()) next[e.rows[static_cast<std::size_t>(r)].key()] = cells;
  }
  if (next == *v) return false;
  if (next.empty()) values_.erase(e.name);
  else values_[e.name] = next;
  return true;
}

// survey-core's buildPanelsFirstTime then setValueBasedOnPanelCount: once its panels exist, a
// dynamic panel's answer lists every panel, an empty one as {} (a longer list is cut).
void Session::build_panels(int question) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  const Json* v = value(e.name);
  Json next = v && v->is_array() ? *v : Json::array();
  // panels built for an answer given before keep at most maxPanelCount of them (measured in
  // survey-core 3.1.1: 4 given, max 3 → 3); an answer given to built panels is never cut
  int& panels = dynamic_rows_[question].count;
  panels = std::min(panels, e.max_row_count);
  const auto count = static_cast<std::size_t>(panels);
  if (next.size() == count) return;
  while (next.size() < count) next.push_back(Json::object());
  next.erase(next.begin() + static_cast<std::ptrdiff_t>(count), next.end());
  dynamic_rows_[question].seen = next;
  values_[e.name] = next;
}

// keyName: a shown panel whose key question repeats (==) the answer of a panel before it gets
// keyduplicationerror on that question (isValueDuplicated); its visibility does not matter.
void Session::key_duplication_errors(int question, const std::vector<int>& panels, const AddError& add) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  std::size_t key = 0;
  while (key < e.cell_columns.size() && js::lower(e.cell_columns[key].name) != js::lower(e.key_name)) ++key;
  if (key == e.cell_columns.size()) return;
  std::vector<js::Value> seen;
  for (int r : panels) {
    const Json* v = cell_value(question, r, key);
    if (is_empty(v)) continue;
    const js::Value here = as_js(*v);
    if (std::none_of(seen.begin(), seen.end(), [&](const js::Value& before) { return js::loose_equals(here, before); })) {
      seen.push_back(here);
      continue;
    }
    ValidationError& added = add("keyduplicationerror", {});
    added.item = static_cast<int>(key);
    added.row = r;
  }
}

// On completion each panel drops the answers of its questions hidden there (clearValueIfInvisible
// per panel); a panel hidden by templateVisibleIf keeps them unless the question itself is
// hidden. Keys of no template question stay. True when the answer changed.
bool Session::clear_invisible_in_panels(int question) {
  const Element& e = survey_->elements[static_cast<std::size_t>(question)];
  const Json* v = value(e.name);
  if (e.type != QuestionType::PanelDynamic || !v || !v->is_array()) return false;
  const std::vector<int> shown = visible_rows(question);
  Json next = *v;
  for (int r = 0; r < row_count(question) && static_cast<std::size_t>(r) < next.size(); ++r) {
    Json& panel = next[static_cast<std::size_t>(r)];
    if (!panel.is_object()) continue;
    const bool panel_shown = std::find(shown.begin(), shown.end(), r) != shown.end();
    for (std::size_t c = 0; c < e.cell_columns.size(); ++c) {
      const Element& col = e.cell_columns[c];
      if (col.visible && !panel_shown) continue;
      if (!is_cell_visible(question, r, c)) panel.erase(col.name);
    }
  }
  if (next == *v) return false;
  dynamic_rows_[question].seen = next;
  values_[e.name] = next;
  return true;
}

}  // namespace survey
