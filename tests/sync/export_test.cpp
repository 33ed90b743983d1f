// sync::write_export: the CSV is parsed back (BOM, quotes, embedded newlines) and compared field
// by field with the stored data; the codebook of the default questionnaire; the manifest's
// hashes; and failing writes that must leave neither a .tmp file nor a manifest.
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "survey/model.hpp"
#include "sync/export.hpp"
#include "sync/outbox.hpp"
#include "tests/sync/csv.hpp"
#include "tests/sync/support.hpp"

using namespace peilpunt::sync;
using namespace peilpunt::sync::testing;

namespace {

using Table = std::vector<std::vector<std::string>>;

// [SECTION] helpers: a CSV reader as Excel reads the files, and a fake response source

// A parsed CSV with columns by name.
struct Csv {
  std::vector<std::string> header;
  Table rows;
  explicit Csv(const fs::path& file) {
    Table t = parse_csv(file_bytes(file));
    REQUIRE_FALSE(t.empty());
    header = t.front();
    rows.assign(t.begin() + 1, t.end());
    for (const auto& r : rows) REQUIRE(r.size() == header.size());
  }
  std::size_t column(const std::string& name) const {
    auto it = std::find(header.begin(), header.end(), name);
    INFO("column " << name);
    REQUIRE(it != header.end());
    return static_cast<std::size_t>(it - header.begin());
  }
  const std::string& at(std::size_t row, const std::string& name) const { return rows.at(row).at(column(name)); }
};

ResponseSource vector_source(const std::vector<StoredResponse>& responses) {
  return [&responses](const ResponseVisitor& visit) {
    for (const auto& r : responses) visit(r);
  };
}

std::shared_ptr<const survey::Survey> default_survey() {
  survey::LoadResult r = survey::load_file(PEILPUNT_SOURCE_DIR "/assets/surveys/jeugdakkoord-midden-drenthe.json");
  REQUIRE(r.ok());
  return r.survey;
}

// Every question type, "other" and "none", a numeric choice value, a matrix, an html item and a
// comment area.
std::shared_ptr<const survey::Survey> test_survey() {
  survey::LoadResult r = survey::load_text(R"({
    "locale": "nl",
    "pages": [{"name": "p1", "elements": [
      {"type": "radiogroup", "name": "rol", "showOtherItem": true, "title": {"default": "Who?", "nl": "Wie?"},
       "choices": [{"value": "jongere", "text": {"default": "Young", "nl": "Jong"}}, "ouder"]},
      {"type": "html", "name": "uitleg", "html": "<p>Uitleg</p>"},
      {"type": "checkbox", "name": "hulp", "showOtherItem": true, "showNoneItem": true, "choices": ["cjg", "huisarts", 3]},
      {"type": "matrix", "name": "stellingen", "columns": [1, 2, 3], "rows": ["weten", "snel"]},
      {"type": "text", "name": "leeftijd", "inputType": "number"},
      {"type": "boolean", "name": "vervolg"},
      {"type": "rating", "name": "cijfer", "rateMin": 1, "rateMax": 3, "showCommentArea": true,
       "commentText": {"default": "Why?", "nl": "Waarom?"}},
      {"type": "comment", "name": "idee"},
      {"type": "expression", "name": "dubbel", "expression": "{leeftijd} * 2"}
    ]}]
  })", "proef.json");
  for (const auto& e : r.errors) FAIL(e.to_string());
  return r.survey;
}

StoredResponse stored(std::int64_t seq, nlohmann::ordered_json data, std::string survey_id = "proef",
                      State state = State::Pending) {
  StoredResponse r;
  Envelope& e = r.envelope;
  char id[40];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012lld", static_cast<long long>(seq));
  e.id = id;
  e.seq = seq;
  e.survey = {std::move(survey_id), "2026-1", "sha256:00"};
  e.device = "tablet-03";
  e.event = "Kenniscafé Beilen";
  e.locale = "nl";
  e.started_at = "2026-11-23T09:59:12+01:00";
  e.completed_at = "2026-11-23T10:02:40+01:00";
  e.data = std::move(data);
  r.state = state;
  return r;
}

// Open answers that break naive CSV writers and readers, and ones Excel would run as formulas.
const std::vector<std::string> hard_texts = {
    "Crème brûlée, ëën, coördinatie, ĳsbaan in Beilen",
    "Meer plekken 😊🍮 voor jongeren 👩‍👧",
    "a;b;c",
    "Ze zei \"gewoon doen\" en \"\"dubbel\"\"",
    "regel 1\nregel 2",
    "windows\r\nregel",
    "alleen CR\rhier",
    "\"begint met quote",
    "; begint met puntkomma",
    "=HYPERLINK(\"http://x\";\"klik\")",
    "+31 6 12345678",
    "-5 euro per maand",
    "@SUM(A1)",
    "\tmet tab",
    "",
    " spaties ",
};

std::string excel_guarded(const std::string& text) {
  bool formula = !text.empty() && std::string("=+-@\t\r").find(text.front()) != std::string::npos;
  return formula ? "'" + text : text;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool has_tmp_files(const fs::path& folder) {
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().extension() == ".tmp") return true;
  return false;
}

// The error write_export threw; fails the test when it did not throw.
std::string export_error(const ResponseSource& source, const SurveyCatalog& catalog, const fs::path& folder) {
  try {
    write_export(source, catalog, folder);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  FAIL("write_export to " << folder << " succeeded");
  return "";
}


}  // namespace

// [SECTION] CSV fields

TEST_CASE("export: csv_field quotes semicolons, quotes, CR and LF, and doubles quotes", "[export]") {
  CHECK(csv_field("gewoon tekst") == "gewoon tekst");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a;b") == "\"a;b\"");
  CHECK(csv_field("zei \"ja\"") == "\"zei \"\"ja\"\"\"");
  CHECK(csv_field("a\nb") == "\"a\nb\"");
  CHECK(csv_field("a\rb") == "\"a\rb\"");
  CHECK(csv_field("Één ĳs 😊") == "Één ĳs 😊");
}

// [SECTION] questionnaire CSV

TEST_CASE("export: open answers survive the CSV byte for byte: diacritics, emoji, semicolons, quotes and newlines", "[export]") {
  TempDir dir;
  std::vector<StoredResponse> responses;
  for (std::size_t i = 0; i < hard_texts.size(); ++i) {
    auto r = stored(static_cast<std::int64_t>(i + 1), {{"rol", "ouder"}, {"idee", hard_texts[i]}});
    r.envelope.event = hard_texts[(i + 1) % hard_texts.size()];
    responses.push_back(r);
  }
  SurveyCatalog catalog = {{"proef", test_survey()}};
  write_export(vector_source(responses), catalog, dir.path / "usb");

  Csv csv(dir.path / "usb" / "proef.csv");
  REQUIRE(csv.rows.size() == responses.size());
  for (std::size_t i = 0; i < responses.size(); ++i) {
    const Envelope& e = responses[i].envelope;
    INFO("response " << i << ": " << hard_texts[i]);
    CHECK(csv.at(i, "id") == e.id);
    CHECK(csv.at(i, "seq") == std::to_string(e.seq));
    CHECK(csv.at(i, "device") == e.device);
    CHECK(csv.at(i, "event") == excel_guarded(e.event));
    CHECK(csv.at(i, "locale") == e.locale);
    CHECK(csv.at(i, "started_at") == e.started_at);
    CHECK(csv.at(i, "completed_at") == e.completed_at);
    CHECK(csv.at(i, "rol") == "ouder");
    CHECK(csv.at(i, "idee") == excel_guarded(e.data["idee"].get<std::string>()));
    CHECK(csv.at(i, "state") == "pending");
    CHECK(csv.at(i, "survey_version") == "2026-1");
  }
  // The raw bytes: CRLF between records, the quoting rule, an apostrophe before formulas.
  std::string bytes = file_bytes(dir.path / "usb" / "proef.csv");
  CHECK(contains(bytes, "\"a;b;c\""));
  CHECK(contains(bytes, "\"Ze zei \"\"gewoon doen\"\" en \"\"\"\"dubbel\"\"\"\"\""));
  CHECK(contains(bytes, "\"'=HYPERLINK(\"\"http://x\"\";\"\"klik\"\")\""));
  CHECK(contains(bytes, ";'+31 6 12345678;"));
  CHECK(contains(bytes, ";'@SUM(A1);"));
}

TEST_CASE("export: columns in questionnaire order: checkbox 0/1 per choice, matrix per row, other comment", "[export]") {
  TempDir dir;
  std::vector<StoredResponse> responses = {
      stored(1, {{"rol", "other"}, {"rol-Comment", "opa; en \"oppas\""}, {"hulp", {"huisarts", 3, "other"}},
                 {"hulp-Comment", "buurvrouw"}, {"stellingen", {{"snel", 2}, {"weten", 3}}}, {"leeftijd", 41},
                 {"vervolg", true}, {"cijfer", 2}, {"cijfer-Comment", "te kort"}, {"dubbel", 82}}),
      stored(2, {{"rol", "jongere"}, {"hulp", {"none"}}, {"stellingen", {{"weten", 1}}}, {"leeftijd", 15.5},
                 {"vervolg", false}, {"dubbel", 31.0}}),
      stored(3, {{"rol", "ouder"}}, "proef", State::Sent),
      stored(4, {{"rol", "ouder"}, {"hulp", nlohmann::ordered_json::array()}}, "proef", State::Rejected),
  };
  SurveyCatalog catalog = {{"proef", test_survey()}};
  write_export(vector_source(responses), catalog, dir.path);

  Csv csv(dir.path / "proef.csv");
  CHECK(csv.header == std::vector<std::string>{
      "id", "seq", "device", "event", "locale", "started_at", "completed_at",
      "rol", "rol-Comment",
      "hulp/cjg", "hulp/huisarts", "hulp/3", "hulp/other", "hulp/none", "hulp-Comment",
      "stellingen/weten", "stellingen/snel",
      "leeftijd", "vervolg", "cijfer", "cijfer-Comment", "idee", "dubbel", "state", "survey_version"});
  REQUIRE(csv.rows.size() == 4);
  CHECK(csv.at(0, "rol") == "other");
  CHECK(csv.at(0, "rol-Comment") == "opa; en \"oppas\"");
  CHECK(csv.at(0, "hulp/cjg") == "0");
  CHECK(csv.at(0, "hulp/huisarts") == "1");
  CHECK(csv.at(0, "hulp/3") == "1");
  CHECK(csv.at(0, "hulp/other") == "1");
  CHECK(csv.at(0, "hulp/none") == "0");
  CHECK(csv.at(0, "hulp-Comment") == "buurvrouw");
  CHECK(csv.at(0, "stellingen/weten") == "3");
  CHECK(csv.at(0, "stellingen/snel") == "2");
  CHECK(csv.at(0, "leeftijd") == "41");
  CHECK(csv.at(0, "vervolg") == "1");
  CHECK(csv.at(0, "dubbel") == "82");
  CHECK(csv.at(0, "cijfer-Comment") == "te kort");  // a comment area has its own column
  CHECK(csv.at(1, "hulp/none") == "1");
  CHECK(csv.at(1, "hulp/huisarts") == "0");
  CHECK(csv.at(1, "stellingen/snel") == "");
  CHECK(csv.at(1, "leeftijd") == "15,5");  // Dutch Excel reads a decimal comma as a number
  CHECK(csv.at(1, "vervolg") == "0");
  CHECK(csv.at(1, "dubbel") == "31");
  CHECK(csv.at(1, "cijfer") == "");
  // Not answered: empty, not 0; answered with nothing chosen: 0.
  CHECK(csv.at(2, "hulp/cjg") == "");
  CHECK(csv.at(2, "hulp/none") == "");
  CHECK(csv.at(3, "hulp/cjg") == "0");
  CHECK(csv.at(2, "state") == "sent");
  CHECK(csv.at(3, "state") == "rejected");
}

TEST_CASE("export: answers the questionnaire's columns cannot show go verbatim into columns at the end", "[export]") {
  TempDir dir;
  std::vector<StoredResponse> responses = {
      stored(1, {{"rol", "ouder"}, {"oude_vraag", "uit versie 1"}}),
      stored(2, {{"hulp", {"cjg", "tandarts"}}, {"stellingen", {{"anders", 1}}}, {"uitleg", "x"}}),
      stored(3, {{"hulp", {"cjg"}}, {"oude_vraag", "=1+1"}}),
  };
  SurveyCatalog catalog = {{"proef", test_survey()}};
  write_export(vector_source(responses), catalog, dir.path);

  Csv csv(dir.path / "proef.csv");
  std::vector<std::string> tail(csv.header.end() - 6, csv.header.end());
  CHECK(tail == std::vector<std::string>{"state", "survey_version", "oude_vraag", "hulp", "stellingen", "uitleg"});
  CHECK(csv.at(0, "oude_vraag") == "uit versie 1");
  CHECK(csv.at(1, "hulp/cjg") == "1");
  CHECK(csv.at(1, "hulp") == "[\"cjg\",\"tandarts\"]");
  CHECK(csv.at(1, "stellingen") == "{\"anders\":1}");
  CHECK(csv.at(1, "uitleg") == "x");
  CHECK(csv.at(2, "hulp") == "");  // its own columns show it
  CHECK(csv.at(2, "hulp/cjg") == "1");
  CHECK(csv.at(2, "oude_vraag") == "'=1+1");
}

TEST_CASE("export: a questionnaire not in the catalog gets columns from its data keys in first-seen order", "[export]") {
  TempDir dir;
  std::vector<StoredResponse> responses = {
      stored(1, {{"b", 1}, {"a", "tekst"}}, "onbekend"),
      stored(2, {{"c", {1, 2}}, {"a", 2.25}, {"d", true}, {"e", -0.5}}, "onbekend"),
      stored(3, {{"rol", "ouder"}}, "proef"),
  };
  write_export(vector_source(responses), {}, dir.path);

  Csv csv(dir.path / "onbekend.csv");
  CHECK(csv.header == std::vector<std::string>{"id", "seq", "device", "event", "locale", "started_at", "completed_at",
                                               "b", "a", "c", "d", "e", "state", "survey_version"});
  REQUIRE(csv.rows.size() == 2);
  CHECK(csv.at(0, "a") == "tekst");
  CHECK(csv.at(0, "c") == "");
  CHECK(csv.at(1, "a") == "2,25");
  CHECK(csv.at(1, "c") == "[1,2]");
  CHECK(csv.at(1, "d") == "1");
  CHECK(csv.at(1, "e") == "-0,5");  // a number, so no apostrophe
  CHECK(Csv(dir.path / "proef.csv").rows.size() == 1);
}

TEST_CASE("export: questionnaire ids become safe, distinct file names", "[export]") {
  TempDir dir;
  std::vector<StoredResponse> responses = {stored(1, {{"x", 1}}, "../buiten"), stored(2, {{"x", 1}}, "codebook"),
                                           stored(3, {{"x", 1}}, "Codebook"), stored(4, {{"x", 1}}, "")};
  ExportSummary summary = write_export(vector_source(responses), {}, dir.path / "out");
  std::vector<std::string> names;
  for (const auto& f : summary.files) names.push_back(f.name);
  CHECK(names == std::vector<std::string>{"responses.jsonl", "_.._buiten.csv", "codebook-2.csv", "Codebook-3.csv",
                                          "_.csv", "codebook.csv", "README.txt"});
  for (const auto& entry : fs::directory_iterator(dir.path)) CHECK(entry.path().filename() == "out");
}

// [SECTION] responses.jsonl, codebook, manifest

TEST_CASE("export: responses.jsonl holds every envelope, one per line, in seq order", "[export]") {
  TempDir dir;
  std::vector<StoredResponse> responses;
  for (std::size_t i = 0; i < hard_texts.size(); ++i)
    responses.push_back(stored(static_cast<std::int64_t>(i + 1), {{"idee", hard_texts[i]}}, i % 2 ? "proef" : "ander",
                               static_cast<State>(i % 3)));
  write_export(vector_source(responses), {}, dir.path);
  std::string bytes = file_bytes(dir.path / "responses.jsonl");
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < bytes.size();) {
    std::size_t end = bytes.find('\n', start);
    REQUIRE(end != std::string::npos);
    lines.push_back(bytes.substr(start, end - start));
    start = end + 1;
  }
  REQUIRE(lines.size() == responses.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Envelope back = Envelope::from_json(Json::parse(lines[i]));
    CHECK(back.to_json() == responses[i].envelope.to_json());
  }
}

TEST_CASE("export: the codebook of the default questionnaire: a row per question and per choice, row and column", "[export]") {
  TempDir dir;
  auto model = default_survey();
  std::vector<StoredResponse> none;
  write_export(vector_source(none), {{model->id, model}}, dir.path);
  Csv book(dir.path / "codebook.csv");
  CHECK(book.header == std::vector<std::string>{"survey", "question", "type", "title_nl", "title_en", "value",
                                                "label_nl", "label_en"});
  auto find = [&](const std::string& question, const std::string& value) -> const std::vector<std::string>& {
    for (const auto& r : book.rows)
      if (r[1] == question && r[5] == value) return r;
    FAIL("no codebook row " << question << " " << value);
    throw std::logic_error("unreachable");
  };
  CHECK(find("rol", "") == std::vector<std::string>{"jeugdakkoord-midden-drenthe", "rol", "radiogroup", "Wie ben jij?",
                                                    "Who are you?", "", "", ""});
  CHECK(find("rol", "jongere") == std::vector<std::string>{"jeugdakkoord-midden-drenthe", "rol", "choice", "", "",
                                                           "jongere", "Ik ben een kind of jongere",
                                                           "I am a child or young person"});
  CHECK(find("rol", "other")[2] == "choice");
  CHECK(find("rol-Comment", "")[2] == "comment");
  // Drift ended (issue 12): the codebook said "Anders, nl." where the kiosk showed "Iets anders".
  CHECK(find("rol-Comment", "")[3] == "Wie ben jij? (" + survey::builtin_item_label(survey::BuiltinItem::Other, "nl") + ")");
  CHECK(find("rol-Comment", "")[3] == "Wie ben jij? (Iets anders)");
  CHECK(find("rol", "other")[6] == "Iets anders");
  CHECK(find("hulp_wie", "none")[7] == "None of these");
  CHECK(find("leeftijd", "")[2] == "text:number");
  CHECK(find("hulp_toegang", "")[2] == "matrix");
  CHECK(find("hulp_toegang", "weten")[2] == "row");
  CHECK(find("hulp_toegang", "weten")[6] == "Ik weet waar ik hulp kan vragen.");
  CHECK(find("hulp_toegang", "1") == std::vector<std::string>{"jeugdakkoord-midden-drenthe", "hulp_toegang", "column",
                                                              "", "", "1", "Helemaal oneens", "Strongly disagree"});
  CHECK(find("hulp_wie", "none")[2] == "choice");
  CHECK(find("vervolg", "1")[6] == "Ja");
  CHECK(find("vervolg", "0")[7] == "No");
  CHECK(find("cijfer", "1")[6] == "1 (Heel slecht)");
  CHECK(find("cijfer", "10")[7] == "10 (Very good)");
  CHECK(find("cijfer", "5")[6] == "5");
  // Smileys carry a word per face (rateValues), and that word is the label: no end description
  // repeats it ("Heel slecht (Heel slecht)").
  CHECK(find("kind_school", "1") == std::vector<std::string>{"jeugdakkoord-midden-drenthe", "kind_school", "choice",
                                                             "", "", "1", "Heel slecht", "Very bad"});
  CHECK(find("kind_school", "3")[6] == "Gaat wel");
  CHECK(find("veilig", "5")[7] == "Very safe");
  CHECK(find("kind_praten", "none")[6] == "Met niemand");  // the question's own noneText

  // Exactly: one row per answerable question, per choice/other/none, rating value, yes/no, matrix
  // row and column, and per "other" comment; html has no row.
  std::size_t expected = 0;
  for (int index : model->questions) {
    const auto& e = model->elements[static_cast<std::size_t>(index)];
    if (!e.has_input()) {
      for (const auto& r : book.rows) CHECK(r[1] != e.name);
      continue;
    }
    expected += 1 + e.choices.size() + e.rows.size() + e.columns.size() + (e.has_other ? 2 : 0) + (e.has_none ? 1 : 0);
    if (e.type == survey::QuestionType::Boolean) expected += 2;
    if (e.type == survey::QuestionType::Rating)
      expected += e.rate_values.empty() ? static_cast<std::size_t>((e.rate_max - e.rate_min) / e.rate_step) + 1
                                        : e.rate_values.size();
  }
  CHECK(book.rows.size() == expected);
}

TEST_CASE("export: the manifest is written last with counts, sizes and SHA-256 of every file, and no .tmp is left", "[export]") {
  TempDir dir;
  std::vector<StoredResponse> responses;
  for (int i = 1; i <= 30; ++i) responses.push_back(stored(i, {{"rol", "ouder"}, {"idee", hard_texts[static_cast<std::size_t>(i) % hard_texts.size()]}},
                                                           i % 3 ? "proef" : "ander", static_cast<State>(i % 3)));
  responses[29].envelope.device = "tablet-07";
  std::vector<std::int64_t> reported;
  ExportSummary summary = write_export(vector_source(responses), {{"proef", test_survey()}}, dir.path / "a" / "b",
                                       [&](std::int64_t done) { reported.push_back(done); });
  CHECK(summary.folder == dir.path / "a" / "b");
  CHECK(summary.responses == 30);
  CHECK(reported == std::vector<std::int64_t>{30});
  CHECK_FALSE(has_tmp_files(summary.folder));

  Json manifest = Json::parse(file_bytes(summary.folder / "manifest.json"));
  CHECK(manifest["responses"] == 30);
  CHECK(manifest["states"] == Json{{"pending", 10}, {"sent", 10}, {"rejected", 10}});
  CHECK(manifest["devices"] == Json::parse(R"([{"device": "tablet-03", "responses": 29, "first_seq": 1, "last_seq": 29},
                                               {"device": "tablet-07", "responses": 1, "first_seq": 30, "last_seq": 30}])"));
  CHECK(manifest["created_at"].get<std::string>().size() == 25);
  REQUIRE(manifest["files"].size() == summary.files.size());
  std::map<std::string, std::int64_t> rows_of;
  for (std::size_t i = 0; i < summary.files.size(); ++i) {
    const ExportedFile& f = summary.files[i];
    const Json& m = manifest["files"][i];
    std::string bytes = file_bytes(summary.folder / f.name);
    INFO(f.name);
    CHECK(m["name"] == f.name);
    CHECK(m["rows"] == f.rows);
    CHECK(m["bytes"] == bytes.size());
    CHECK(m["sha256"] == sha256_hex(bytes));
    CHECK(f.sha256 == sha256_hex(bytes));
    rows_of[f.name] = f.rows;
  }
  // codebook: 29 rows, one of them the title of cijfer's comment area
  CHECK(rows_of == std::map<std::string, std::int64_t>{
      {"responses.jsonl", 30}, {"proef.csv", 20}, {"ander.csv", 10}, {"codebook.csv", 29}, {"README.txt", 0}});
  CHECK(manifest["files"][1]["survey"] == "proef");
}

TEST_CASE("export: progress is reported every 1000 responses and at the end", "[export]") {
  TempDir dir;
  std::vector<StoredResponse> responses;
  for (int i = 1; i <= 2500; ++i) responses.push_back(stored(i, {{"rol", "ouder"}}));
  std::vector<std::int64_t> reported;
  write_export(vector_source(responses), {}, dir.path, [&](std::int64_t done) { reported.push_back(done); });
  CHECK(reported == std::vector<std::int64_t>{1000, 2000, 2500});
}

TEST_CASE("export: a new export into the same folder replaces the files and the manifest", "[export]") {
  TempDir dir;
  std::vector<StoredResponse> first = {stored(1, {{"rol", "ouder"}})};
  std::vector<StoredResponse> second = {stored(1, {{"rol", "ouder"}}), stored(2, {{"rol", "jongere"}})};
  write_export(vector_source(first), {}, dir.path);
  write_export(vector_source(second), {}, dir.path);
  CHECK(Json::parse(file_bytes(dir.path / "manifest.json"))["responses"] == 2);
  CHECK(Csv(dir.path / "proef.csv").rows.size() == 2);
}

// [SECTION] failing writes

TEST_CASE("export to a path that is a file fails naming it and writes nothing", "[export]") {
  TempDir dir;
  write_bytes(dir.path / "stick", "not a folder");
  std::vector<StoredResponse> responses = {stored(1, {{"rol", "ouder"}})};
  std::string error = export_error(vector_source(responses), {}, dir.path / "stick");
  CHECK(error == (dir.path / "stick").string() + ": cannot export here: Not a directory");
  error = export_error(vector_source(responses), {}, dir.path / "stick" / "sub");
  CHECK(contains(error, (dir.path / "stick" / "sub").string() + ": cannot create the folder: "));
  CHECK(file_bytes(dir.path / "stick") == "not a folder");
}

TEST_CASE("export to a read-only folder fails naming the file and leaves no manifest", "[export]") {
  TempDir dir;
  fs::path target = dir.path / "alleen-lezen";
  fs::create_directory(target);
  fs::permissions(dir.path, fs::perms::all, fs::perm_options::add);
  fs::permissions(target, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                              fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  std::vector<StoredResponse> responses = {stored(1, {{"rol", "ouder"}})};
  int result = as_unprivileged([&] {
    try {
      write_export(vector_source(responses), {}, target);
    } catch (const std::runtime_error& e) {
      return std::string(e.what()) == (target / "responses.jsonl.tmp").string() + ": cannot create: Permission denied" ? 0 : 2;
    }
    return 1;
  });
  if (result == 77) WARN("could not switch to user nobody; read-only case not checked");
  else CHECK(result == 0);
  CHECK(fs::is_empty(target));
}

TEST_CASE("export: a write failing halfway (file size limit, like a full stick) removes the .tmp files and the manifest",
          "[export]") {
  TempDir dir;
  std::vector<StoredResponse> responses;
  for (int i = 1; i <= 3000; ++i) responses.push_back(stored(i, {{"rol", "ouder"}, {"idee", hard_texts[1]}}));
  write_export(vector_source(responses), {}, dir.path);  // an earlier, complete export
  REQUIRE(fs::exists(dir.path / "manifest.json"));

  // EFBIG instead of SIGXFSZ once a file passes 256 KiB: the same path as ENOSPC.
  struct rlimit old_limit {};
  REQUIRE(getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old_limit;
  small.rlim_cur = 256 * 1024;
  REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
  std::string error;
  try {
    write_export(vector_source(responses), {}, dir.path);
  } catch (const std::runtime_error& e) {
    error = e.what();
  }
  setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);

  CHECK(error == (dir.path / "responses.jsonl.tmp").string() + ": cannot write: File too large");
  CHECK_FALSE(fs::exists(dir.path / "manifest.json"));
  CHECK_FALSE(has_tmp_files(dir.path));
}

TEST_CASE("export: a file that cannot be renamed into place fails the export and leaves no manifest", "[export]") {
  TempDir dir;
  fs::create_directories(dir.path / "codebook.csv" / "in-de-weg");  // rename() onto a non-empty folder fails
  std::vector<StoredResponse> responses = {stored(1, {{"rol", "ouder"}})};
  std::string error = export_error(vector_source(responses), {}, dir.path);
  CHECK(contains(error, (dir.path / "codebook.csv").string() + ": cannot rename the .tmp file into place: "));
  CHECK_FALSE(fs::exists(dir.path / "manifest.json"));
  CHECK_FALSE(has_tmp_files(dir.path));
  CHECK(fs::exists(dir.path / "responses.jsonl"));  // complete files stay: they were renamed whole
}

TEST_CASE("export: a source that throws midway leaves no .tmp files and no manifest", "[export]") {
  TempDir dir;
  int calls = 0;
  ResponseSource source = [&calls](const ResponseVisitor& visit) {
    visit(stored(1, {{"rol", "ouder"}}));
    visit(stored(2, {{"rol", "jongere"}}, "ander"));
    if (++calls == 2) throw std::runtime_error("outbox.sqlite: disk I/O error");  // while writing
  };
  CHECK(export_error(source, {}, dir.path) == "outbox.sqlite: disk I/O error");
  CHECK(fs::is_empty(dir.path));
}

// [SECTION] through a real outbox

TEST_CASE("export through a real outbox: every state, in seq order", "[export]") {
  TempDir dir;
  auto outbox = Outbox::open(dir.path / "outbox.sqlite");
  std::vector<Envelope> committed;
  for (std::size_t i = 0; i < hard_texts.size(); ++i) {
    Envelope e = stored(0, {{"rol", "ouder"}, {"idee", hard_texts[i]}, {"hulp", {"cjg", "other"}}}).envelope;
    e.id.clear();
    e.seq = 0;
    committed.push_back(outbox.commit(e));
  }
  outbox.mark_sent({committed[1].id});
  outbox.mark_rejected(committed[2].id, "onbekende vragenlijst");
  ExportSummary summary = write_export(outbox_source(outbox), {{"proef", test_survey()}}, dir.path / "usb");
  CHECK(summary.responses == static_cast<std::int64_t>(committed.size()));

  Csv csv(dir.path / "usb" / "proef.csv");
  REQUIRE(csv.rows.size() == committed.size());
  for (std::size_t i = 0; i < committed.size(); ++i) {
    CHECK(csv.at(i, "id") == committed[i].id);
    CHECK(csv.at(i, "seq") == std::to_string(i + 1));
    CHECK(csv.at(i, "idee") == excel_guarded(hard_texts[i]));
    CHECK(csv.at(i, "hulp/cjg") == "1");
    CHECK(csv.at(i, "hulp/other") == "1");
    CHECK(csv.at(i, "state") == (i == 1 ? "sent" : i == 2 ? "rejected" : "pending"));
  }
}

TEST_CASE("export: a multipletext has a column per box and a codebook row per box", "[export]") {
  TempDir dir;
  survey::LoadResult r = survey::load_text(R"({"elements": [
      {"type": "multipletext", "name": "contact", "title": "Contact",
       "items": [{"name": "naam", "title": {"default": "Name", "nl": "Naam"}}, {"name": "leeftijd", "inputType": "number"}]}]})",
                                           "vakjes.json");
  REQUIRE(r.ok());
  std::vector<StoredResponse> responses = {stored(1, {{"contact", {{"leeftijd", 15.5}, {"naam", "Zoë; \"Z\""}}}}, "vakjes"),
                                           stored(2, {{"contact", {{"naam", "Sam"}}}}, "vakjes")};
  write_export(vector_source(responses), {{"vakjes", r.survey}}, dir.path);
  Csv csv(dir.path / "vakjes.csv");
  CHECK(csv.header == std::vector<std::string>{"id", "seq", "device", "event", "locale", "started_at", "completed_at",
                                               "contact/naam", "contact/leeftijd", "state", "survey_version"});
  REQUIRE(csv.rows.size() == 2);
  CHECK(csv.at(0, "contact/naam") == "Zoë; \"Z\"");
  CHECK(csv.at(0, "contact/leeftijd") == "15,5");
  CHECK(csv.at(1, "contact/leeftijd") == "");
  Csv codebook(dir.path / "codebook.csv");
  std::vector<std::string> boxes;
  for (const auto& row : codebook.rows)
    if (row[1] == "contact") boxes.push_back(row[2] + ":" + row[5] + ":" + row[6] + ":" + row[7]);
  CHECK(boxes == std::vector<std::string>{"multipletext:::", "item:naam:Naam:Name", "item:leeftijd:leeftijd:leeftijd"});
}
