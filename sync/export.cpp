// Day-end exports: responses.jsonl, one CSV per questionnaire, codebook.csv, README.txt and, last,
// manifest.json. What a reader of the folder may rely on:
//   1. A file under its final name is complete: it was written as "<name>.tmp", fsync'd, renamed
//      and the folder fsync'd. A failed export removes its .tmp files.
//   2. manifest.json exists only when every file it lists is complete; an earlier export's
//      manifest in the same folder is removed before anything else is written.
//   3. Memory does not grow with the number of responses: rows are streamed. The source is read
//      twice: a first pass finds the CSV columns (answers the questionnaire model does not cover,
//      or every data key of an unknown questionnaire), the second writes.
//
// Index
//   [SECTION] cells: how values look in Dutch Excel
//   [SECTION] output files: temp name, streaming SHA-256, fsync, rename
//   [SECTION] CSV layout of one questionnaire
//   [SECTION] codebook and README
//   [SECTION] write_export
#include "sync/export.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "survey/session.hpp"
#include "sync/atomic_file.hpp"

namespace peilpunt::sync {
namespace {

namespace fs = std::filesystem;
using survey::Element;
using survey::QuestionType;

constexpr std::string_view bom = "\xEF\xBB\xBF";
constexpr std::string_view crlf = "\r\n";
constexpr std::int64_t progress_every = 1000;

// [SECTION] cells: how values look in Dutch Excel ---------------------------------------------

// Excel runs a cell that starts with one of these as a formula (OWASP "CSV injection"), so text
// starting with one gets a leading apostrophe.
bool looks_like_formula(std::string_view text) {
  return !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
}

std::string text_cell(std::string_view text) {
  std::string out;
  if (looks_like_formula(text)) out += '\'';
  out += text;
  return out;
}

// Whole numbers as they are; others with a decimal comma, which Dutch Excel reads as a number
// (it takes "1.5" for a date or text).
std::string number_cell(double d) {
  if (!std::isfinite(d)) return "";
  if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  char buf[64];
  auto end = std::to_chars(buf, buf + sizeof buf, d).ptr;  // shortest round-trip form
  std::string out(buf, end);
  std::replace(out.begin(), out.end(), '.', ',');
  return out;
}

std::string number_cell(const Json& n) {
  if (n.is_number_integer()) return std::to_string(n.get<std::int64_t>());
  if (n.is_number_unsigned()) return std::to_string(n.get<std::uint64_t>());
  return number_cell(n.get<double>());
}

// Empty for no answer, 1/0 for booleans, numbers as above, lists and objects as JSON text.
std::string value_cell(const Json* v) {
  if (!v || v->is_null()) return "";
  if (v->is_boolean()) return v->get<bool>() ? "1" : "0";
  if (v->is_number()) return number_cell(*v);
  if (v->is_string()) return text_cell(v->get_ref<const std::string&>());
  return text_cell(dump_json(*v));
}

// A choice value as a column-name part or matrix row key: strings as they are, else JSON.
std::string value_key(const Json& v) { return v.is_string() ? v.get<std::string>() : dump_json(v); }

// One CSV line being built: cells joined by ';', ended by CRLF.
struct Row {
  std::string text;
  bool at_start = true;

  void add(std::string_view cell) {
    if (!at_start) text += ';';
    at_start = false;
    text += csv_field(cell);
  }
  void end() { text += crlf; }
  void clear() {
    text.clear();
    at_start = true;
  }
};

// [SECTION] output files: temp name, streaming SHA-256, fsync, rename ------------------------

// One export file: a TempFile (sync/atomic_file.hpp: "<name>.tmp", fsync, rename, folder fsync)
// with a write buffer and the SHA-256 the manifest lists. Destroyed uncommitted (an exception on
// the way), it removes its .tmp file.
class OutputFile {
 public:
  OutputFile(const fs::path& folder, std::string name) : name_(std::move(name)), file_(folder / name_, 0644) {
    crypto_hash_sha256_init(&hash_);
    buffer_.reserve(buffer_size);
  }

  void write(std::string_view bytes) {
    buffer_ += bytes;
    if (buffer_.size() >= buffer_size) flush();
  }
  void add_row() { ++rows_; }

  // Makes the file complete under its final name; returns what the manifest says about it.
  ExportedFile commit() {
    flush();
    file_.commit();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&hash_, digest);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return {name_, rows_, hex};
  }

  const std::string& name() const { return name_; }
  std::int64_t bytes() const { return bytes_; }

 private:
  static constexpr std::size_t buffer_size = 128 * 1024;

  void flush() {
    crypto_hash_sha256_update(&hash_, reinterpret_cast<const unsigned char*>(buffer_.data()), buffer_.size());
    file_.write(buffer_);
    bytes_ += static_cast<std::int64_t>(buffer_.size());
    buffer_.clear();
  }

  std::string name_;
  TempFile file_;
  std::string buffer_;
  std::int64_t bytes_ = 0, rows_ = 0;
  crypto_hash_sha256_state hash_{};
};

// A questionnaire id as a file name: no path separators, control characters or leading dot
// (ids in collector imports come from other machines), unique without regard to case (FAT).
std::string csv_name_for(const std::string& survey_id, std::set<std::string>& taken) {
  std::string base;
  for (char c : survey_id.substr(0, 100)) {
    auto u = static_cast<unsigned char>(c);
    bool plain = u >= 0x80 || std::isalnum(u) || c == '-' || c == '_' || c == '.';
    base += plain ? c : '_';
  }
  if (base.empty() || base.front() == '.') base.insert(0, "_");
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  std::string name = base + ".csv";
  for (int n = 2; taken.count(lower(name)); ++n) name = base + "-" + std::to_string(n) + ".csv";
  taken.insert(lower(name));
  return name;
}

// [SECTION] CSV layout of one questionnaire -------------------------------------------------

// One question's columns. `element` is null for a data key of a questionnaire not in the
// catalog: one column with the value as it is.
struct QuestionColumns {
  enum class Shape { Value, Checkbox, Matrix };
  const Element* element = nullptr;
  std::string key;
  Shape shape = Shape::Value;
  std::size_t value_slot = 0;
  std::optional<std::size_t> comment_slot;  // "<key>-Comment": the "other" text or the comment area
  std::vector<std::string> row_keys;        // matrix
};

bool is_known_item(const Element& e, const Json& item) {
  if (e.has_other && item == "other") return true;
  if (e.has_none && item == "none") return true;
  return std::any_of(e.choices.begin(), e.choices.end(), [&](const survey::Choice& c) { return survey::same_choice_value(c.value, item); });
}

// Whether the question's columns show this answer completely; if not, the answer also goes
// verbatim into a column at the end.
bool fits_columns(const QuestionColumns& q, const Json& v) {
  if (v.is_null()) return true;
  switch (q.shape) {
    case QuestionColumns::Shape::Value:
      return true;
    case QuestionColumns::Shape::Checkbox:
      return v.is_array() && std::all_of(v.begin(), v.end(), [&](const Json& item) { return is_known_item(*q.element, item); });
    case QuestionColumns::Shape::Matrix:
      if (!v.is_object()) return false;
      for (auto it = v.begin(); it != v.end(); ++it)
        if (std::find(q.row_keys.begin(), q.row_keys.end(), it.key()) == q.row_keys.end()) return false;
      return true;
  }
  return true;  // can't happen: every shape is handled above
}

// The columns of one questionnaire's CSV:
//   id;seq;device;event;locale;started_at;completed_at;<questions>;state;survey_version;<extras>
// <extras> are data keys the questionnaire's columns do not show (answers to questions that an
// older version had, or answers that do not fit a question's shape), verbatim.
class Layout {
 public:
  explicit Layout(const survey::Survey* model) : model_(model) {
    if (!model_) return;
    for (int index : model_->questions) {
      const Element& e = model_->elements[static_cast<std::size_t>(index)];
      if (!e.has_input()) continue;
      QuestionColumns q;
      q.element = &e;
      q.key = e.name;
      if (e.type == QuestionType::Checkbox) q.shape = QuestionColumns::Shape::Checkbox;
      if (e.type == QuestionType::Matrix) {
        q.shape = QuestionColumns::Shape::Matrix;
        for (const auto& row : e.rows) q.row_keys.push_back(value_key(row.value));
      }
      if (e.type == QuestionType::MultipleText) {  // a column per box, as a matrix has per row
        q.shape = QuestionColumns::Shape::Matrix;
        for (const auto& box : e.items)
          if (std::find(q.row_keys.begin(), q.row_keys.end(), box.name) == q.row_keys.end()) q.row_keys.push_back(box.name);
      }
      add_question(std::move(q));
    }
  }

  // First pass: note the data keys the columns do not cover.
  void discover(const Json& data) {
    for (auto it = data.begin(); it != data.end(); ++it) {
      auto found = slot_of_.find(it.key());
      if (found == slot_of_.end()) {
        if (!model_) {
          QuestionColumns q;
          q.key = it.key();
          add_question(std::move(q));
        } else {
          add_extra(it.key());
        }
      } else if (const QuestionColumns* q = question_for_value_slot(found->second); q && !fits_columns(*q, it.value())) {
        add_extra(it.key());
      }
    }
  }

  std::vector<std::string> header() const {
    std::vector<std::string> h = {"id", "seq", "device", "event", "locale", "started_at", "completed_at"};
    for (const auto& q : questions_) {
      switch (q.shape) {
        case QuestionColumns::Shape::Value:
          h.push_back(q.key);
          break;
        case QuestionColumns::Shape::Checkbox:
          for (const auto& c : q.element->choices) h.push_back(q.key + "/" + value_key(c.value));
          if (q.element->has_other) h.push_back(q.key + "/other");
          if (q.element->has_none) h.push_back(q.key + "/none");
          break;
        case QuestionColumns::Shape::Matrix:
          for (const auto& row : q.row_keys) h.push_back(q.key + "/" + row);
          break;
      }
      if (q.comment_slot) h.push_back(survey::Session::comment_key(q.key));
    }
    h.push_back("state");
    h.push_back("survey_version");
    for (const auto& key : extras_) h.push_back(key);
    // Names must be unique for Excel's filters and for tools that read by name.
    std::set<std::string> seen;
    for (auto& name : h) {
      std::string unique = name;
      for (int n = 2; !seen.insert(unique).second; ++n) unique = name + " (" + std::to_string(n) + ")";
      name = unique;
    }
    return h;
  }

  void write_row(const StoredResponse& r, Row& row) {
    const Envelope& e = r.envelope;
    std::fill(slots_.begin(), slots_.end(), nullptr);
    std::fill(extra_values_.begin(), extra_values_.end(), nullptr);
    for (auto it = e.data.begin(); it != e.data.end(); ++it) {
      if (auto s = slot_of_.find(it.key()); s != slot_of_.end()) slots_[s->second] = &it.value();
      if (auto x = extra_of_.find(it.key()); x != extra_of_.end()) extra_values_[x->second] = &it.value();
    }
    row.clear();
    row.add(text_cell(e.id));
    row.add(std::to_string(e.seq));
    row.add(text_cell(e.device));
    row.add(text_cell(e.event));
    row.add(text_cell(e.locale));
    row.add(text_cell(e.started_at));
    row.add(text_cell(e.completed_at));
    for (const auto& q : questions_) {
      const Json* v = slots_[q.value_slot];
      switch (q.shape) {
        case QuestionColumns::Shape::Value:
          row.add(value_cell(v));
          break;
        case QuestionColumns::Shape::Checkbox:
          write_checkbox(q, v, row);
          break;
        case QuestionColumns::Shape::Matrix:
          for (const auto& key : q.row_keys) {
            const Json* cell = nullptr;
            if (v && v->is_object())
              if (auto found = v->find(key); found != v->end()) cell = &*found;
            row.add(value_cell(cell));
          }
          break;
      }
      if (q.comment_slot) row.add(value_cell(slots_[*q.comment_slot]));
    }
    row.add(to_string(r.state));
    row.add(text_cell(e.survey.version));
    for (std::size_t i = 0; i < extras_.size(); ++i) {
      const Json* v = extra_values_[i];
      auto s = slot_of_.find(extras_[i]);
      const QuestionColumns* q = s == slot_of_.end() ? nullptr : question_for_value_slot(s->second);
      // A question's answer is repeated here only when its own columns cannot show it.
      row.add(v && q && fits_columns(*q, *v) ? std::string() : value_cell(v));
    }
    row.end();
  }

 private:
  void add_question(QuestionColumns q) {
    q.value_slot = slots_.size();
    slot_of_.emplace(q.key, q.value_slot);
    slots_.push_back(nullptr);
    value_owner_.push_back(questions_.size());
    if (q.element && (q.element->has_other || q.element->has_comment_area)) {
      q.comment_slot = slots_.size();
      slot_of_.emplace(survey::Session::comment_key(q.key), *q.comment_slot);
      slots_.push_back(nullptr);
      value_owner_.push_back(npos);
    }
    questions_.push_back(std::move(q));
  }

  void add_extra(const std::string& key) {
    if (extra_of_.count(key)) return;
    extra_of_.emplace(key, extras_.size());
    extras_.push_back(key);
    extra_values_.push_back(nullptr);
  }

  const QuestionColumns* question_for_value_slot(std::size_t slot) const {
    std::size_t owner = value_owner_[slot];
    return owner == npos ? nullptr : &questions_[owner];
  }

  static void write_checkbox(const QuestionColumns& q, const Json* v, Row& row) {
    const Element& e = *q.element;
    std::size_t count = e.choices.size() + (e.has_other ? 1 : 0) + (e.has_none ? 1 : 0);
    if (!v || v->is_null()) {
      for (std::size_t i = 0; i < count; ++i) row.add("");
      return;
    }
    // A single value where a list belongs counts as a list of one (it is also shown verbatim).
    Json single;
    const Json* list = v;
    if (!v->is_array()) {
      single = Json::array({*v});
      list = &single;
    }
    auto chosen = [&](auto&& match) { return std::any_of(list->begin(), list->end(), match) ? "1" : "0"; };
    if (e.ranking) {  // each choice's place in the ranking, 1 first; empty when it was not ranked
      for (const auto& c : e.choices) {
        auto at = std::find_if(list->begin(), list->end(), [&](const Json& item) { return survey::same_choice_value(c.value, item); });
        row.add(at == list->end() ? "" : std::to_string(at - list->begin() + 1));
      }
      return;
    }
    for (const auto& c : e.choices) row.add(chosen([&](const Json& item) { return survey::same_choice_value(c.value, item); }));
    if (e.has_other) row.add(chosen([](const Json& item) { return item == "other"; }));
    if (e.has_none) row.add(chosen([](const Json& item) { return item == "none"; }));
  }

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  const survey::Survey* model_;
  std::vector<QuestionColumns> questions_;
  std::unordered_map<std::string, std::size_t> slot_of_;  // data key -> slot
  std::vector<const Json*> slots_;                         // this row's values by slot
  std::vector<std::size_t> value_owner_;                   // slot -> question, npos for comments
  std::vector<std::string> extras_;
  std::unordered_map<std::string, std::size_t> extra_of_;
  std::vector<const Json*> extra_values_;
};

std::string header_row(const std::vector<std::string>& names) {
  Row row;
  for (const auto& name : names) row.add(text_cell(name));
  row.end();
  return row.text;
}

// [SECTION] codebook and README ------------------------------------------------------------

// The languages of the codebook's title and label columns.
constexpr std::string_view codebook_languages[] = {"nl", "en"};

std::string type_name(const Element& e) {
  switch (e.type) {
    case QuestionType::Radiogroup: return e.image_picker ? "imagepicker" : "radiogroup";
    case QuestionType::Checkbox: return e.image_picker ? "imagepicker" : e.ranking ? "ranking" : e.tagbox ? "tagbox" : "checkbox";
    case QuestionType::Dropdown: return "dropdown";
    case QuestionType::Boolean: return "boolean";
    case QuestionType::Rating: return "rating";
    case QuestionType::Matrix: return "matrix";
    case QuestionType::Comment: return "comment";
    case QuestionType::Html: return "html";
    case QuestionType::Expression: return "expression";
    case QuestionType::MultipleText: return "multipletext";
    case QuestionType::MatrixDropdown: return "matrixdropdown";
    case QuestionType::MatrixDynamic: return "matrixdynamic";
    case QuestionType::PanelDynamic: return "paneldynamic";
    case QuestionType::Image: return "image";
    case QuestionType::SignaturePad: return "signaturepad";
    case QuestionType::Text: {
      const std::string_view input = survey::input_type_name(e.input_type);
      return input == "text" ? "text" : "text:" + std::string(input);
    }
  }
  return "text";  // can't happen
}

class Codebook {
 public:
  explicit Codebook(OutputFile& file) : file_(file) {
    std::vector<std::string> h = {"survey", "question", "type"};
    for (auto lang : codebook_languages) h.push_back("title_" + std::string(lang));
    h.push_back("value");
    for (auto lang : codebook_languages) h.push_back("label_" + std::string(lang));
    file_.write(bom);
    file_.write(header_row(h));
  }

  void add(const survey::Survey& s) {
    for (int index : s.questions) {
      const Element& e = s.elements[static_cast<std::size_t>(index)];
      if (!e.has_input()) continue;
      question(s, e.name, type_name(e), [&](std::string_view lang) {
        std::string title = e.title.get(lang, s.locale);
        return title.empty() ? e.name : title;
      });
      auto labelled = [&e, &s](survey::BuiltinItem builtin) {
        return [&e, &s, builtin](std::string_view lang) { return e.item_label(builtin, lang, s.locale); };
      };
      switch (e.type) {
        case QuestionType::Radiogroup:
        case QuestionType::Dropdown:
        case QuestionType::Checkbox:
          for (const auto& c : e.choices) choice(s, e.name, "choice", c);
          if (e.has_other) item(s, e.name, "choice", "other", labelled(survey::BuiltinItem::Other));
          if (e.has_none) item(s, e.name, "choice", "none", labelled(survey::BuiltinItem::None));
          break;
        case QuestionType::Boolean:
          item(s, e.name, "choice", "1", labelled(survey::BuiltinItem::True));
          item(s, e.name, "choice", "0", labelled(survey::BuiltinItem::False));
          break;
        case QuestionType::Rating:
          rating(s, e);
          break;
        case QuestionType::Matrix:
          for (const auto& r : e.rows) choice(s, e.name, "row", r);
          for (const auto& c : e.columns) choice(s, e.name, "column", c);
          break;
        case QuestionType::MatrixDropdown:
        case QuestionType::MatrixDynamic:  // its answer is one JSON cell: rows, then the columns' names
        case QuestionType::PanelDynamic:   // one JSON cell too: a list of panels, each {question: value}
          for (const auto& r : e.rows) choice(s, e.name, "row", r);
          for (const Element& column : e.cell_columns)
            item(s, e.name, "column", text_cell(column.name), [&column, &s](std::string_view lang) {
              std::string title = column.title.get(lang, s.locale);
              return title.empty() ? column.name : title;
            });
          break;
        case QuestionType::MultipleText:
          for (const Element& box : e.items)
            item(s, e.name, "item", text_cell(box.name), [&box, &s](std::string_view lang) {
              std::string title = box.title.get(lang, s.locale);
              return title.empty() ? box.name : title;
            });
          break;
        default:
          break;
      }
      if (e.has_other || e.has_comment_area) {
        auto other = labelled(survey::BuiltinItem::Other);
        question(s, survey::Session::comment_key(e.name), "comment", [&](std::string_view lang) {
          std::string title = e.title.get(lang, s.locale);
          if (title.empty()) title = e.name;
          if (!e.has_other) return title + " (" + e.item_label(survey::BuiltinItem::Comment, lang, s.locale) + ")";
          return title + " (" + other(lang) + ")";
        });
      }
    }
  }

 private:
  template <class Text>
  void question(const survey::Survey& s, const std::string& name, std::string_view type, Text&& title) {
    Row row;
    row.add(text_cell(s.id));
    row.add(text_cell(name));
    row.add(type);
    for (auto lang : codebook_languages) row.add(text_cell(title(lang)));
    row.add("");
    for (std::size_t i = 0; i < std::size(codebook_languages); ++i) row.add("");
    put(row);
  }

  template <class Text>
  void item(const survey::Survey& s, const std::string& name, std::string_view type, std::string_view value, Text&& label) {
    Row row;
    row.add(text_cell(s.id));
    row.add(text_cell(name));
    row.add(type);
    for (std::size_t i = 0; i < std::size(codebook_languages); ++i) row.add("");
    row.add(value);
    for (auto lang : codebook_languages) row.add(text_cell(label(lang)));
    put(row);
  }

  void choice(const survey::Survey& s, const std::string& name, std::string_view type, const survey::Choice& c) {
    Json v = c.value;
    item(s, name, type, value_cell(&v), [&](std::string_view lang) { return c.label(lang, s.locale); });
  }

  void rating(const survey::Survey& s, const Element& e) {
    auto described = [&](std::string label, std::size_t i, std::size_t count, std::string_view lang) {
      std::string d = i == 0 ? e.min_rate_description.get(lang, s.locale)
                             : i + 1 == count ? e.max_rate_description.get(lang, s.locale) : std::string();
      return d.empty() ? label : label + " (" + d + ")";
    };
    if (!e.rate_values.empty()) {
      for (std::size_t i = 0; i < e.rate_values.size(); ++i) {
        const auto& c = e.rate_values[i];
        Json v = c.value;
        item(s, e.name, "choice", value_cell(&v),
             [&](std::string_view lang) { return described(c.label(lang, s.locale), i, e.rate_values.size(), lang); });
      }
      return;
    }
    if (e.rate_step <= 0) return;  // the loader refuses this; nothing sensible to list
    auto count = static_cast<std::size_t>(std::floor((e.rate_max - e.rate_min) / e.rate_step + 1e-9)) + 1;
    for (std::size_t i = 0; i < count; ++i) {
      std::string value = number_cell(e.rate_min + e.rate_step * static_cast<double>(i));
      item(s, e.name, "choice", value, [&](std::string_view lang) { return described(value, i, count, lang); });
    }
  }

  void put(Row& row) {
    row.end();
    file_.write(row.text);
    file_.add_row();
  }

  OutputFile& file_;
};

// How to read the CSV files, for whoever opens the folder. Dutch first: the staff are Dutch.
constexpr std::string_view readme_text =
    "Peilpunt-export\r\n"
    "\r\n"
    "responses.jsonl  alle antwoorden: een JSON-object (envelop) per regel, op volgorde van seq.\r\n"
    "<id>.csv         per vragenlijst een rij per ingevulde vragenlijst, voor Excel.\r\n"
    "codebook.csv     per vraag het type en de titel (nl, en); per keuze, rij en kolom de waarde\r\n"
    "                 en het label.\r\n"
    "manifest.json    aantallen en SHA-256 van elk bestand. Het wordt als laatste geschreven:\r\n"
    "                 ontbreekt het, dan is de export niet af.\r\n"
    "\r\n"
    "CSV: UTF-8 met BOM, scheidingsteken ';', regeleinde CRLF (Nederlandse Excel).\r\n"
    "- Leeg betekent: niet beantwoord.\r\n"
    "- Meerkeuzevraag (checkbox): een kolom <vraag>/<waarde> per keuze; 1 = gekozen, 0 = niet.\r\n"
    "- Matrix: een kolom <vraag>/<rij> per rij, met de gekozen kolomwaarde.\r\n"
    "- <vraag>-Comment: de tekst bij \"Anders\".\r\n"
    "- Ja/nee-vraag: 1 = ja, 0 = nee.\r\n"
    "- Getallen met decimalen hebben een decimale komma: 1,5.\r\n"
    "- Tekst die begint met = + - @ (of tab of CR) krijgt een ' ervoor, zodat Excel hem niet\r\n"
    "  als formule uitvoert.\r\n"
    "- state: pending (nog niet verstuurd), sent (verstuurd), rejected (geweigerd door de server).\r\n"
    "- survey_version: de versie van de vragenlijst. Kolommen daarna: antwoorden die niet in de\r\n"
    "  kolommen van de vragenlijst passen (bijvoorbeeld van een oudere versie), letterlijk.\r\n"
    "\r\n"
    "--- English ---\r\n"
    "\r\n"
    "responses.jsonl  every response: one JSON object (envelope) per line, in seq order.\r\n"
    "<id>.csv         per questionnaire, one row per response, for Excel.\r\n"
    "codebook.csv     per question its type and title (nl, en); per choice, row and column its\r\n"
    "                 value and label.\r\n"
    "manifest.json    counts and SHA-256 of every file. Written last: without it, the export is\r\n"
    "                 incomplete.\r\n"
    "\r\n"
    "CSV: UTF-8 with BOM, ';' separator, CRLF line ends (Dutch Excel).\r\n"
    "- Empty means: not answered.\r\n"
    "- Checkbox: one column <question>/<value> per choice; 1 = chosen, 0 = not chosen.\r\n"
    "- Matrix: one column <question>/<row> per row, holding the chosen column value.\r\n"
    "- <question>-Comment: the text given with \"Other\".\r\n"
    "- Yes/no question: 1 = yes, 0 = no.\r\n"
    "- Numbers with decimals use a decimal comma: 1,5.\r\n"
    "- Text starting with = + - @ (or tab or CR) gets a leading ' so that Excel does not run it\r\n"
    "  as a formula.\r\n"
    "- state: pending (not sent yet), sent, rejected (refused by the server).\r\n"
    "- survey_version: the questionnaire's version. Columns after it: answers that do not fit\r\n"
    "  the questionnaire's columns (e.g. from an older version), verbatim.\r\n";

// [SECTION] write_export ---------------------------------------------------------------------

struct DeviceRange {
  std::int64_t responses = 0, first_seq = 0, last_seq = 0;
};

struct SurveyOutput {
  std::string survey_id;
  std::unique_ptr<Layout> layout;
  std::unique_ptr<OutputFile> file;
};

void prepare_folder(const fs::path& folder) {
  std::error_code ec;
  if (fs::exists(folder, ec) && !fs::is_directory(folder, ec)) throw_file_error(folder, "cannot export here", ENOTDIR);
  if (fs::create_directories(folder, ec)) {
    if (folder.has_parent_path()) sync_folder(folder.parent_path());
  } else if (ec) {
    throw std::runtime_error(folder.string() + ": cannot create the folder: " + ec.message());
  }
  // An earlier export's manifest would vouch for files this export is about to replace.
  fs::path manifest = folder / "manifest.json";
  if (::unlink(manifest.c_str()) == 0) sync_folder(folder);
  else if (errno != ENOENT) throw_file_error(manifest, "cannot remove the earlier manifest", errno);
}

}  // namespace

std::string csv_field(std::string_view text) {
  if (text.find_first_of(";\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string excel_text(std::string_view text) { return text_cell(text); }

std::string excel_value(const Json& value) { return value_cell(&value); }

ExportSummary write_export(const ResponseSource& source, const SurveyCatalog& surveys, const fs::path& folder,
                           const std::function<void(std::int64_t done)>& progress) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  prepare_folder(folder);

  // Pass 1: the columns of every questionnaire's CSV.
  std::unordered_map<std::string, std::unique_ptr<Layout>> layouts;
  auto layout_for = [&](const std::string& survey_id) -> Layout& {
    auto& layout = layouts[survey_id];
    if (!layout) {
      auto model = surveys.find(survey_id);
      layout = std::make_unique<Layout>(model == surveys.end() ? nullptr : model->second.get());
    }
    return *layout;
  };
  source([&](const StoredResponse& r) { layout_for(r.envelope.survey.id).discover(r.envelope.data); });

  // Pass 2: every file at once, row by row.
  ExportSummary summary;
  summary.folder = folder;
  std::set<std::string> taken = {"responses.jsonl", "codebook.csv", "manifest.json", "readme.txt"};
  OutputFile jsonl(folder, "responses.jsonl");
  std::vector<SurveyOutput> outputs;
  std::unordered_map<std::string, std::size_t> output_of;
  std::map<std::string, DeviceRange> devices;
  std::int64_t pending = 0, sent = 0, rejected = 0;
  Row row;
  source([&](const StoredResponse& r) {
    const Envelope& e = r.envelope;
    jsonl.write(dump_json(e.to_json()));
    jsonl.write("\n");
    jsonl.add_row();

    auto found = output_of.find(e.survey.id);
    if (found == output_of.end()) {
      Layout& layout = layout_for(e.survey.id);
      layout.discover(e.data);  // for a questionnaire first seen now (committed between the passes)
      SurveyOutput out{e.survey.id, std::move(layouts[e.survey.id]),
                       std::make_unique<OutputFile>(folder, csv_name_for(e.survey.id, taken))};
      out.file->write(bom);
      out.file->write(header_row(out.layout->header()));
      found = output_of.emplace(e.survey.id, outputs.size()).first;
      outputs.push_back(std::move(out));
    }
    SurveyOutput& out = outputs[found->second];
    out.layout->write_row(r, row);
    out.file->write(row.text);
    out.file->add_row();

    DeviceRange& d = devices[e.device];
    d.first_seq = d.responses == 0 ? e.seq : std::min(d.first_seq, e.seq);
    d.last_seq = std::max(d.last_seq, e.seq);
    ++d.responses;
    switch (r.state) {
      case State::Pending: ++pending; break;
      case State::Sent: ++sent; break;
      case State::Rejected: ++rejected; break;
    }
    ++summary.responses;
    if (progress && summary.responses % progress_every == 0) progress(summary.responses);
  });

  Json manifest_files = Json::array();
  auto commit_file = [&](OutputFile& file, const std::string& survey_id) {
    summary.files.push_back(file.commit());
    const ExportedFile& f = summary.files.back();
    Json entry = {{"name", f.name}, {"rows", f.rows}, {"bytes", file.bytes()}, {"sha256", f.sha256}};
    if (!survey_id.empty()) entry["survey"] = survey_id;
    manifest_files.push_back(std::move(entry));
  };
  commit_file(jsonl, "");
  for (auto& out : outputs) commit_file(*out.file, out.survey_id);
  {
    OutputFile codebook_file(folder, "codebook.csv");
    Codebook codebook(codebook_file);
    for (const auto& [id, model] : surveys)
      if (model) codebook.add(*model);
    commit_file(codebook_file, "");
  }
  {
    OutputFile readme(folder, "README.txt");
    readme.write(bom);
    readme.write(readme_text);
    commit_file(readme, "");
  }

  Json manifest;
  manifest["format"] = "peilpunt-export/1";
  manifest["created_at"] = iso_timestamp(std::chrono::system_clock::now());
  manifest["responses"] = summary.responses;
  manifest["states"] = {{"pending", pending}, {"sent", sent}, {"rejected", rejected}};
  manifest["devices"] = Json::array();
  for (const auto& [name, d] : devices)
    manifest["devices"].push_back(
        {{"device", name}, {"responses", d.responses}, {"first_seq", d.first_seq}, {"last_seq", d.last_seq}});
  manifest["files"] = std::move(manifest_files);
  OutputFile manifest_file(folder, "manifest.json");
  manifest_file.write(manifest.dump(2, ' ', false, Json::error_handler_t::replace));
  manifest_file.write("\n");
  manifest_file.commit();
  if (progress) progress(summary.responses);
  return summary;
}

}  // namespace peilpunt::sync
