#include "kiosk/core/read_aloud.hpp"

#include <functional>

#include "kiosk/core/text.hpp"

namespace peilpunt::kiosk {

using survey::Element;
using survey::QuestionType;

namespace {

const Element& element_at(const Kiosk& kiosk, int index) {
  return kiosk.respondent->session->survey().elements.at(static_cast<std::size_t>(index));
}

// Sentences joined so the voice pauses between them: ". " unless the part before ends one.
void add_sentence(std::string& text, const std::string& part, bool after_colon_too) {
  if (part.empty()) return;
  if (!text.empty()) {
    const char last = text.back();
    const bool ended = last == '.' || last == '?' || last == '!' || (after_colon_too && last == ':');
    text += ended ? " " : ". ";
  }
  text += part;
}

}  // namespace

std::vector<std::string> face_labels(const Kiosk& kiosk, const Element& e, const std::vector<survey::Choice>& items) {
  std::vector<std::string> labels(items.size());
  for (std::size_t i = 0; i < items.size(); ++i)
    if (!items[i].text.empty()) labels[i] = items[i].label(kiosk.language, kiosk.survey().model->locale);
  if (labels.empty()) return labels;
  if (labels.front().empty()) labels.front() = kiosk.text(e.min_rate_description);
  if (labels.back().empty()) labels.back() = kiosk.text(e.max_rate_description);
  return labels;
}

std::string spoken_text(const Kiosk& kiosk, int index) {
  const Element& e = element_at(kiosk, index);
  std::string text = kiosk.text(e.title).empty() ? e.name : kiosk.text(e.title);
  auto add = [&text](const std::string& part) { add_sentence(text, part, true); };
  add(kiosk.text(e.description));
  switch (e.type) {
    case QuestionType::Radiogroup:
    case QuestionType::Checkbox:
    case QuestionType::Dropdown:
      for (const auto& c : kiosk.shown_choices(index)) add(c.label);
      break;
    case QuestionType::Rating: {
      const auto items = e.rating_items();
      if (e.rate_type == survey::RateType::Smileys && !items.empty()) {
        for (const auto& label : face_labels(kiosk, e, items)) add(label);
      } else {
        add(kiosk.text(e.min_rate_description));
        add(kiosk.text(e.max_rate_description));
      }
      break;
    }
    case QuestionType::Matrix:
      for (const auto& r : e.rows) add(r.label(kiosk.language, kiosk.survey().model->locale));
      break;
    case QuestionType::MultipleText:  // the boxes' labels, so the listener knows what to fill in
      for (const Element& box : e.items) add(kiosk.text(box.title).empty() ? box.name : kiosk.text(box.title));
      break;
    default:
      break;
  }
  return text;
}

std::string spoken_page_text(const Kiosk& kiosk) {
  const auto& s = *kiosk.respondent->session;
  const auto& page = s.survey().pages[static_cast<std::size_t>(s.current_page())];
  std::string text = kiosk.text(page.title);
  auto add = [&text](const std::string& part) { add_sentence(text, part, false); };
  add(kiosk.text(page.description));
  // Panels read their title, then their visible questions, in the order they are drawn.
  std::function<void(int)> add_element = [&](int index) {
    if (!s.is_visible(index)) return;
    const Element& e = element_at(kiosk, index);
    if (e.is_panel) {
      add(kiosk.text(e.title));
      for (int child : e.children) add_element(child);
    } else if (e.type == QuestionType::Html) {
      add(plain_text_from_html(kiosk.text(e.html)));
    } else if (e.type == QuestionType::Image) {
      add(kiosk.text(e.alt_text));
    } else if (e.type != QuestionType::Expression) {
      add(spoken_text(kiosk, index));
    }
  };
  for (int element : page.elements) add_element(element);
  return text;
}

std::string spoken_preview_text(const Kiosk& kiosk) {
  std::string text = kiosk.tr("preview.title");
  for (const PreviewPage& page : kiosk.preview()) {
    add_sentence(text, page.heading, false);
    for (const auto& a : page.answers)
      add_sentence(text, a.question + ": " + (a.answer.empty() ? kiosk.tr("preview.unanswered") : a.answer), false);
  }
  return text;
}

}  // namespace peilpunt::kiosk
