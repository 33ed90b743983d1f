// One element with touch controls. Index:
//   [SECTION] titles and error messages
//   [SECTION] choice questions: radio tiles, checkboxes, dropdown list, boolean
//   [SECTION] rating: numbers, stars, smileys
//   [SECTION] matrix
//   [SECTION] text fields: text, number, email, date, comment, multipletext
//   [SECTION] draw_element
#include "kiosk/ui/screens/question_controls.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "kiosk/core/read_aloud.hpp"
#include "kiosk/core/text.hpp"
#include "kiosk/core/typed_answer.hpp"
#include "kiosk/ui/widgets.hpp"

namespace peilpunt::kiosk {

using Json = nlohmann::ordered_json;
using survey::Element;
using survey::QuestionType;

// [SECTION] titles and error messages

namespace {

const Element& element_at(const App& app, int index) {
  return app.respondent->session->survey().elements.at(static_cast<std::size_t>(index));
}

std::string choice_label(const App& app, const survey::Choice& c) { return c.label(app.language, app.survey().model->locale); }

std::string element_title(const App& app, const Element& e) {
  std::string title = app.text(e.title);
  if (title.empty()) title = e.name;
  if (app.respondent->session->is_required(app.respondent->session->survey().index_of(e.name))) title += " *";
  return title;
}

}  // namespace

// Shows the element's messages from the last failed "next", until its answer changes; for -1
// the page's own message, until any answer changes. With a box: that multipletext box's own.
void draw_errors(App& app, int index, float width, int box) {
  auto& r = *app.respondent;
  if (!r.show_errors) return;
  if (index < 0 && !r.changed_since_errors.empty()) return;
  std::string value_key;
  if (index >= 0) {
    const Element& e = element_at(app, index);
    value_key = box >= 0 ? box_key(e.name, static_cast<std::size_t>(box)) : e.name;
    if (r.changed_since_errors.count(value_key) || r.changed_since_errors.count(survey::Session::comment_key(e.name))) return;
  }
  std::vector<std::string> messages;
  if (box < 0 && r.not_numbers.count(index)) messages.push_back(app.tr("error.requirenumeric"));
  // After a "next" stopped for what is no number, the session's errors are an earlier try's.
  for (const auto& error : r.session->errors_on_page()) {
    if (!r.not_numbers.empty() || error.element != index || error.item != box) continue;
    std::string message = error.text;
    if (message.empty() && !error.limit.empty()) {  // "Vul 08:00 of later in"
      const KeyboardKind kind = app.keyboard_kind(value_key);
      nlohmann::ordered_json bound = error.bound;
      std::string shown = kind == KeyboardKind::Number ? error.bound : pattern_display(kind, draft_from_answer(&bound, kind));
      if (kind == KeyboardKind::Number) std::replace(shown.begin(), shown.end(), '.', ',');  // Dutch decimal comma
      const bool later = kind != KeyboardKind::Number;
      message = app.trf("error." + error.limit + (later && error.limit != "step" ? "_time" : ""), {{"bound", shown}});
    }
    if (message.empty()) {
      const std::string key = "error." + error.kind;
      message = app.strings.table(app.language).count(key) ? app.tr(key) : app.tr("error.custom");
    }
    messages.push_back(std::move(message));
  }
  for (const std::string& message : messages) {
    if (r.scroll_to_error) {
      ImGui::SetScrollHereY(0.3f);
      r.scroll_to_error = false;
    }
    const Palette& p = app.theme.palette;
    ImVec2 pos = ImGui::GetCursorScreenPos();
    if (app.layout) app.layout->messages.push_back({value_key, message, pos.y});  // for the tests: which message under which field
    const float h = ui::text_height(message, app.fonts.bold, width - app.theme.gap * 2) + app.theme.gap;
    ImGui::GetWindowDrawList()->AddRectFilled(pos, {pos.x + width, pos.y + h}, ui::col(p.error_fill), 8);
    ImGui::SetCursorScreenPos({pos.x + app.theme.gap, pos.y + app.theme.gap * 0.5f});
    ui::text(message, app.fonts.bold, p.error, width - app.theme.gap * 2);
    ImGui::SetCursorScreenPos({pos.x, pos.y + h + app.theme.gap * 0.3f});
    ImGui::Dummy({0, 0});
  }
}

// [SECTION] choice questions: radio tiles, checkboxes, dropdown list, boolean

namespace {

void text_field(App& app, const std::string& key, float width, float height,
                const std::string& placeholder);

void other_comment(App& app, const Element& e, float width) {
  const std::string key = survey::Session::comment_key(e.name);
  std::string placeholder = app.text(e.other_placeholder);
  if (placeholder.empty()) placeholder = app.tr("questions.other_placeholder");
  text_field(app, key, width, app.theme.touch_px, placeholder);
}

// showCommentArea: a titled free text under the question, optional.
void comment_area(App& app, const Element& e, float width) {
  ImGui::Dummy({0, app.theme.gap * 0.4f});
  ui::text(app.comment_label(e), app.fonts.body, app.theme.palette.text, width);
  std::string placeholder = app.text(e.comment_placeholder);
  if (placeholder.empty()) placeholder = app.tr("questions.other_placeholder");
  text_field(app, survey::Session::comment_key(e.name), width, app.theme.touch_px * 1.6f, placeholder);
}

void choice_tiles(App& app, int index, float width, bool multi) {
  const Element& e = element_at(app, index);
  auto& s = *app.respondent->session;
  const auto choices = app.shown_choices(index);
  // Two columns when the labels are short and the screen is wide: less scrolling.
  std::size_t longest = 0;
  for (const auto& c : choices) longest = std::max(longest, utf8_length(c.label));
  const int columns = (width > app.theme.font_px * 24 && longest < 28) ? 2 : 1;
  const float tile_w = (width - app.theme.gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  if (multi && e.has_select_all) {  // first, as survey-core orders its special items
    const std::string id = e.name + "/all";
    if (ui::tile(app, id.c_str(), app.select_all_label(e), s.all_selected(index), ui::TileMark::Check, width))
      app.tap_select_all(e);
  }
  for (std::size_t i = 0; i < choices.size(); ++i) {
    const auto& choice = choices[i];
    const bool chosen = is_chosen(s.value(e.name), choice.value, multi);
    if (columns == 2 && i % 2 == 1) ImGui::SameLine(0, app.theme.gap);
    const std::string id = e.name + "/" + std::to_string(i);
    if (ui::tile(app, id.c_str(), choice.label, chosen, multi ? ui::TileMark::Check : ui::TileMark::Radio, tile_w))
      app.tap_choice(e, choice.value, multi);
  }
  if (e.has_other && is_chosen(s.value(e.name), "other", multi)) other_comment(app, e, width);
}

void dropdown_button(App& app, int index, float width) {
  const Element& e = element_at(app, index);
  std::string shown;
  const Json* value = app.respondent->session->value(e.name);
  for (const auto& c : app.shown_choices(index))
    if (is_chosen(value, c.value, false)) shown = c.label;
  const std::string id = e.name + "/dropdown";
  if (ui::field(app, id.c_str(), shown, app.tr("questions.choose"), false, width, app.theme.touch_px))
    app.respondent->dropdown_open = index;
  if (e.has_other && is_chosen(value, "other", false)) other_comment(app, e, width);
}

void boolean_buttons(App& app, const Element& e, float width) {
  const Json* value = app.respondent->session->value(e.name);
  const std::string yes = app.yes_label(e), no = app.no_label(e);
  const float w = (width - app.theme.gap) * 0.5f;
  const std::pair<bool, const std::string*> options[] = {{true, &yes}, {false, &no}};
  for (const auto& [answer, label] : options) {
    const bool chosen = value && value->is_boolean() && value->get<bool>() == answer;
    const std::string id = e.name + (answer ? "/true" : "/false");
    if (!answer) ImGui::SameLine(0, app.theme.gap);
    if (ui::button(app, id.c_str(), *label, {w, app.theme.touch_px * 1.2f}, chosen ? ui::ButtonStyle::Primary : ui::ButtonStyle::Secondary))
      app.set_answer(e.name, answer);
  }
}

}  // namespace

void draw_dropdown_list(App& app, int index) {
  const Element& e = element_at(app, index);
  const Theme& t = app.theme;
  const float width = ImGui::GetContentRegionAvail().x;
  ui::text(element_title(app, e), app.fonts.title, t.palette.text, width);
  ImGui::Dummy({0, t.gap});
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {4, 4});  // tile borders at the edge stay whole
  ImGui::BeginChild("dropdown", {width, ImGui::GetContentRegionAvail().y - t.touch_px * 1.3f - t.gap * 2}, false,
                    ImGuiWindowFlags_AlwaysUseWindowPadding);
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) && ImGui::IsMouseDragging(0, t.gap))
    ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
  const Json* value = app.respondent->session->value(e.name);
  const auto choices = app.shown_choices(index);
  // Long lists of short names (villages) in columns, so most fit on one screen.
  std::size_t longest = 0;
  for (const auto& c : choices) longest = std::max(longest, utf8_length(c.label));
  const float inner = width - t.gap * 2;
  const int columns = std::clamp(static_cast<int>(inner / (t.font_px * (static_cast<float>(longest) * 0.6f + 4.0f))), 1, 3);
  const float tile_w = (inner - t.gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  for (std::size_t i = 0; i < choices.size(); ++i) {
    const std::string id = e.name + "/list/" + std::to_string(i);
    if (i % static_cast<std::size_t>(columns) != 0) ImGui::SameLine(0, t.gap);
    if (ui::tile(app, id.c_str(), choices[i].label, is_chosen(value, choices[i].value, false), ui::TileMark::Radio, tile_w)) {
      app.set_answer(e.name, choices[i].value);
      app.respondent->dropdown_open = -1;
    }
  }
  ImGui::Dummy({0, t.gap * 0.5f});  // room below the last row, so scrolling shows it whole
  ImGui::EndChild();
  ImGui::PopStyleVar();
  ImGui::Dummy({0, t.gap * 0.5f});
  if (ui::button(app, "dropdown_close", app.tr("questions.back"), {std::min(width, t.font_px * 12), t.touch_px * 1.3f}, ui::ButtonStyle::Secondary))
    app.respondent->dropdown_open = -1;
}

// [SECTION] rating: numbers, stars, smileys

namespace {

// The word under each smiley: its own text, else the end descriptions under the end faces.
float longest_word_width(ImFont* font, const std::string& label) {
  float longest = 0;
  std::size_t start = 0;
  while (start < label.size()) {
    std::size_t end = std::min(label.find(' ', start), label.size());
    longest = std::max(longest, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, label.c_str() + start, label.c_str() + end).x);
    start = end + 1;
  }
  return longest;
}

// The end descriptions under the first and the last item of a row of stars or numbers.
void end_descriptions(const App& app, const Element& e, float row_x, float cell, float gap, std::size_t n) {
  const std::string min_text = app.text(e.min_rate_description), max_text = app.text(e.max_rate_description);
  if (min_text.empty() && max_text.empty()) return;
  ImFont* font = app.fonts.small;
  const float y = ImGui::GetCursorScreenPos().y;
  ImGui::SetCursorScreenPos({row_x, y});
  ui::text(min_text, font, app.theme.palette.muted_text, cell * 2.5f);
  const float max_w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, max_text.c_str()).x;
  const float row_end = row_x + cell * static_cast<float>(n) + gap * static_cast<float>(n - 1);
  ImGui::SetCursorScreenPos({std::max(row_x + cell * 2.6f, row_end - max_w), y});
  ui::text(max_text, font, app.theme.palette.muted_text);
}

// Smileys and stars: each one touch target (the smiley's with its word under it).
void rating_faces(App& app, const Element& e, float width, const std::vector<survey::Choice>& items, int chosen) {
  const Theme& t = app.theme;
  const Palette& p = t.palette;
  const std::size_t n = items.size();
  const bool smileys = e.rate_type != survey::RateType::Stars;
  const float gap = t.gap * 0.6f;
  const float room = (width - gap * static_cast<float>(n - 1)) / static_cast<float>(n);
  const float face = std::min(t.touch_px * 1.6f, room);
  ImFont* font = app.fonts.small;
  std::vector<std::string> labels = smileys ? face_labels(app, e, items) : std::vector<std::string>(n);
  // Cells widen for their longest word, as far as the row allows, so words wrap between words.
  float cell = face;
  for (const auto& label : labels) cell = std::max(cell, std::min(room, longest_word_width(font, label) + t.gap));
  float label_h = 0;
  for (const auto& label : labels)
    if (!label.empty()) label_h = std::max(label_h, ui::text_height(label, font, cell - t.gap * 0.5f) + t.gap * 0.5f);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float row_x = ImGui::GetCursorScreenPos().x;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) ImGui::SameLine(0, gap);
    const std::string id = e.name + "/rate/" + std::to_string(i);
    const bool is_chosen = chosen == static_cast<int>(i);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 end{pos.x + cell, pos.y + face + label_h};
    const bool pressed = ImGui::InvisibleButton(id.c_str(), {cell, face + label_h});
    const bool held = ImGui::IsItemActive();
    const float wrap = cell - t.gap * 0.5f;
    const bool fits = font->CalcTextSizeA(font->FontSize, FLT_MAX, wrap, labels[i].c_str()).x <= wrap + 0.5f;
    ui::record(app, id.c_str(), choice_label(app, items[i]), fits);
    if (is_chosen || held) draw->AddRectFilled(pos, end, ui::col(p.selected), 12);
    if (is_chosen) draw->AddRect(pos, end, ui::col(p.primary), 12, 0, 4);
    const ImVec2 centre{pos.x + cell * 0.5f, pos.y + face * 0.5f};
    if (!smileys) {
      ui::star(draw, centre, face * 0.4f, ui::col(p.star), ui::col(p.star), chosen >= static_cast<int>(i));
    } else {
      const int mood = n == 1 ? 4 : static_cast<int>(std::lround(4.0 * static_cast<double>(i) / static_cast<double>(n - 1)));
      ui::smiley(draw, centre, face * 0.4f, mood, ui::col(p.text), ui::col(is_chosen ? rgb(0xFF, 0xD5, 0x4F) : p.surface));
      // The word centred under its face, line by line.
      const std::string& label = labels[i];
      const char* s = label.c_str();
      const char* text_end = s + label.size();
      float y = pos.y + face;
      while (s < text_end) {
        const char* line_end = font->CalcWordWrapPositionA(1.0f, s, text_end, wrap);
        if (line_end == s) line_end = text_end;
        const float line_w = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s, line_end).x;
        draw->AddText(font, font->FontSize, {pos.x + (cell - line_w) * 0.5f, y}, ui::col(is_chosen ? p.text : p.muted_text), s, line_end);
        y += font->FontSize;
        s = line_end;
        while (s < text_end && *s == ' ') ++s;
      }
    }
    if (pressed) app.set_answer(e.name, Json(items[i].value));
  }
  if (!smileys) end_descriptions(app, e, row_x, cell, gap, n);
}

void rating(App& app, const Element& e, float width) {
  const Theme& t = app.theme;
  const Json* value = app.respondent->session->value(e.name);
  const auto items = e.rating_items();
  const std::size_t n = items.size();
  if (n == 0) return;
  int chosen = -1;
  for (std::size_t i = 0; i < n; ++i)
    if (is_chosen(value, items[i].value, false)) chosen = static_cast<int>(i);
  if (e.rate_type != survey::RateType::Numbers) {
    rating_faces(app, e, width, items, chosen);
    return;
  }
  const float gap = t.gap * 0.6f;
  // One row, or as few balanced rows as keep every number a whole touch target (1-10 on a
  // narrow screen with big text: two rows of five).
  const auto fitting = static_cast<std::size_t>(std::max(1.0f, (width + gap) / (t.touch_px + gap)));
  const std::size_t rows = (n + fitting - 1) / fitting, per_row = (n + rows - 1) / rows;
  const float cell = std::min(t.touch_px * 1.2f, (width - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  for (std::size_t i = 0; i < n; ++i) {
    if (i % per_row != 0) ImGui::SameLine(0, gap);
    const std::string id = e.name + "/rate/" + std::to_string(i);
    if (ui::button(app, id.c_str(), choice_label(app, items[i]), {cell, cell}, chosen == static_cast<int>(i) ? ui::ButtonStyle::Primary : ui::ButtonStyle::Secondary))
      app.set_answer(e.name, Json(items[i].value));
  }
  end_descriptions(app, e, origin.x, cell, gap, per_row);
}

// [SECTION] matrix

void matrix(App& app, const Element& e, float width) {
  const Theme& t = app.theme;
  const Json* value = app.respondent->session->value(e.name);
  const std::size_t columns = e.columns.size();
  // Columns side by side when each label's longest word fits a tile (labels wrap inside it),
  // else one tile per line.
  float longest_word = 0;
  for (const auto& c : e.columns) longest_word = std::max(longest_word, longest_word_width(app.fonts.body, choice_label(app, c)));
  const float per_row = (width - t.gap * static_cast<float>(columns - 1)) / static_cast<float>(std::max<std::size_t>(1, columns));
  const bool side_by_side = per_row >= longest_word + t.font_px * 1.1f + t.gap * 4.5f;
  for (std::size_t row = 0; row < e.rows.size(); ++row) {
    const auto& r = e.rows[row];
    const std::string row_key = r.key();
    ImGui::Dummy({0, t.gap * 0.3f});
    ui::text(choice_label(app, r), app.fonts.bold, t.palette.text, width);
    for (std::size_t c = 0; c < columns; ++c) {
      const auto& column = e.columns[c];
      const bool chosen = value && value->is_object() && value->contains(row_key) && is_chosen(&(*value)[row_key], column.value, false);
      if (side_by_side && c > 0) ImGui::SameLine(0, t.gap);
      const std::string id = e.name + "/" + std::to_string(row) + "/" + std::to_string(c);
      if (ui::tile(app, id.c_str(), choice_label(app, column), chosen, ui::TileMark::Radio, side_by_side ? per_row : width)) {
        Json next = value && value->is_object() ? *value : Json::object();
        next[row_key] = column.value;
        app.set_answer(e.name, next);
        value = app.respondent->session->value(e.name);
      }
    }
  }
}

// [SECTION] text fields: text, number, email, date, comment

void text_field(App& app, const std::string& key, float width, float height, const std::string& placeholder) {
  auto& r = *app.respondent;
  const KeyboardKind kind = app.keyboard_kind(key);
  std::string& draft = app.draft_for(key);
  const bool focused = r.focused == key;
  if (focused && r.focus_changed && !ImGui::IsMouseDown(0)) {
    // The keyboard is up now: keep the field visible above it, a quarter down the page when it
    // fits so (its question above it shows too), else at the page's top.
    const float page_h = ImGui::GetWindowHeight();
    ImGui::SetScrollHereY(std::clamp((page_h - height - app.theme.gap) / page_h, 0.0f, 0.25f));
    app.redraw = true;  // the scroll lands in the next frame
    r.focus_changed = false;
  }
  // A password shows as dots; the digit patterns with their dashes and colons.
  const std::string shown = kind == KeyboardKind::Password ? password_dots(draft) : pattern_display(kind, draft);
  const std::string id = key + "/field";
  if (ui::field(app, id.c_str(), shown, placeholder, focused, width, height)) app.focus(key);
}

// What an empty field shows when the questionnaire gives no placeholder: how to type a date or
// time, an example e-mail address; nothing for plain text.
std::string typed_placeholder(const App& app, KeyboardKind kind) {
  static const std::map<KeyboardKind, const char*> hints = {
      {KeyboardKind::Date, "questions.date_placeholder"}, {KeyboardKind::DateTime, "questions.datetime_placeholder"},
      {KeyboardKind::Month, "questions.month_placeholder"}, {KeyboardKind::Week, "questions.week_placeholder"},
      {KeyboardKind::Time, "questions.time_placeholder"}, {KeyboardKind::Email, "questions.email_placeholder"}};
  auto hint = hints.find(kind);
  return hint != hints.end() ? app.tr(hint->second) : std::string();
}

void text_question(App& app, const Element& e, float width) {
  std::string placeholder = app.text(e.placeholder);
  if (e.type == QuestionType::Comment) {
    text_field(app, e.name, width, app.theme.font_px * 5, placeholder);
    return;
  }
  const KeyboardKind kind = app.keyboard_kind(e.name);
  if (placeholder.empty()) placeholder = typed_placeholder(app, kind);
  const bool narrow = is_keypad(kind);
  text_field(app, e.name, narrow ? std::min(width, app.theme.font_px * 10) : width, app.theme.touch_px, placeholder);
}

// A multipletext: each box with its label above it and its own errors under the label.
void multiple_text(App& app, int index, float width) {
  const Element& e = element_at(app, index);
  const Theme& t = app.theme;
  for (std::size_t box = 0; box < e.items.size(); ++box) {
    const Element& b = e.items[box];
    std::string label = app.text(b.title);
    if (label.empty()) label = b.name;
    if (b.is_required) label += " *";
    ImGui::Dummy({0, t.gap * 0.3f});
    ui::text(label, app.fonts.body, t.palette.text, width);
    draw_errors(app, index, width, static_cast<int>(box));
    const std::string key = box_key(e.name, box);
    const KeyboardKind kind = app.keyboard_kind(key);
    std::string placeholder = app.text(b.placeholder);
    if (placeholder.empty()) placeholder = typed_placeholder(app, kind);
    text_field(app, key, is_keypad(kind) ? std::min(width, t.font_px * 10) : width, t.touch_px, placeholder);
  }
}

}  // namespace

// [SECTION] draw_element

void draw_element(App& app, int index, float width) {
  auto& s = *app.respondent->session;
  if (!s.is_visible(index)) return;
  const Element& e = element_at(app, index);
  const Theme& t = app.theme;
  ImGui::PushID(index);
  const bool read_only = s.is_read_only(index);
  if (read_only) ImGui::BeginDisabled();
  if (e.is_panel) {
    const std::string title = app.text(e.title);
    if (!title.empty()) ui::text(title, app.fonts.title, t.palette.text, width);
    if (!e.description.empty()) ui::text(app.text(e.description), app.fonts.body, t.palette.muted_text, width);
    ImGui::Dummy({0, t.gap * 0.5f});
    for (int child : e.children) draw_element(app, child, width);
  } else if (e.type == QuestionType::Html) {
    ui::text(plain_text_from_html(app.text(e.html)), app.fonts.body, t.palette.text, width);
    ImGui::Dummy({0, t.gap * 1.5f});
  } else {
    // Title and description beside the read-aloud button.
    const float text_width = width - t.touch_px - t.gap;
    const float top = ImGui::GetCursorPosY();
    ImGui::BeginGroup();
    ui::text(element_title(app, e), app.fonts.bold, t.palette.text, text_width);
    if (!e.description.empty()) ui::text(app.text(e.description), app.fonts.body, t.palette.muted_text, text_width);
    ImGui::EndGroup();
    const float bottom = ImGui::GetCursorPosY();
    ImGui::SetCursorPos({ImGui::GetCursorPosX() + width - t.touch_px, top});
    const bool reading = app.speaking_key == e.name && app.speech.speaking();
    const std::string speak_id = e.name + "/speak";
    if (ui::speaker(app, speak_id.c_str(), reading)) {
      if (reading) {
        app.speech.stop();
        app.speaking_key.clear();
      } else {
        app.say(spoken_text(app, index), e.name);
      }
    }
    ImGui::SetCursorPosY(std::max(bottom, top + t.touch_px + t.gap * 0.3f));
    ImGui::Dummy({0, t.gap * 0.4f});
    draw_errors(app, index, width);
    switch (e.type) {
      case QuestionType::Radiogroup: choice_tiles(app, index, width, false); break;
      case QuestionType::Checkbox: choice_tiles(app, index, width, true); break;
      case QuestionType::Dropdown: dropdown_button(app, index, width); break;
      case QuestionType::Boolean: boolean_buttons(app, e, width); break;
      case QuestionType::Rating: rating(app, e, width); break;
      case QuestionType::Matrix: matrix(app, e, width); break;
      case QuestionType::Text:
      case QuestionType::Comment: text_question(app, e, width); break;
      case QuestionType::Expression: ui::text(answer_text(s.value(e.name)), app.fonts.body, t.palette.text, width); break;
      case QuestionType::MultipleText: multiple_text(app, index, width); break;
      case QuestionType::MatrixDropdown:
      case QuestionType::MatrixDynamic:
      case QuestionType::PanelDynamic:
      case QuestionType::Image:
      case QuestionType::SignaturePad: break;  // refused when the kiosk loads its questionnaires (not_drawn_yet)
      case QuestionType::Html: break;
    }
    if (e.has_comment_area) comment_area(app, e, width);
    ImGui::Dummy({0, t.gap * 1.8f});
  }
  if (read_only) ImGui::EndDisabled();
  ImGui::PopID();
}

}  // namespace peilpunt::kiosk
