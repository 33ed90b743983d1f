// Day-end exports staff take home: responses.jsonl (one envelope per line), one CSV per
// questionnaire for Dutch Excel (UTF-8 BOM, ';', quoted), codebook.csv, and manifest.json with
// counts and SHA-256 of every file, written last. Each file is written under a temporary name
// and renamed, so a pulled USB stick never leaves a half file that looks complete.
// The kiosk (from its outbox) and the collector (from its database) share this code.
//
// **Example**:
//   #include "sync/outbox.hpp"
//   auto outbox = sync::Outbox::open("/var/lib/peilpunt/outbox.sqlite");
//   auto jeugdakkoord = survey::load_file("assets/surveys/jeugdakkoord-midden-drenthe.json").survey;
//   sync::SurveyCatalog surveys{{"jeugdakkoord-midden-drenthe", jeugdakkoord}};
//   auto summary = sync::write_export(sync::outbox_source(outbox), surveys, "/media/usb/peilpunt-2026-11-23");
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "survey/model.hpp"
#include "sync/envelope.hpp"

namespace peilpunt::sync {

// Where an export's responses come from: the kiosk's outbox (sync::outbox_source in outbox.hpp)
// or the collector's store. ResponseSource calls the visitor once per stored response, in seq order.
using ResponseVisitor = std::function<void(const StoredResponse&)>;
using ResponseSource = std::function<void(const ResponseVisitor&)>;

// Questionnaires by id, for column names and the codebook. Responses to a questionnaire that is
// not here still get a CSV, with columns taken from their data.
using SurveyCatalog = std::map<std::string, std::shared_ptr<const survey::Survey>>;

struct ExportedFile {
  std::string name;        // relative to the export folder
  std::int64_t rows = 0;   // data rows (responses), 0 for the manifest itself
  std::string sha256;      // hex
};

struct ExportSummary {
  std::filesystem::path folder;
  std::int64_t responses = 0;
  std::vector<ExportedFile> files;  // manifest.json is not listed in itself
};

// Throws std::runtime_error with the path and the system's reason (e.g. "No space left on
// device"); what was already renamed into place is complete, nothing half-written remains.
ExportSummary write_export(const ResponseSource& source, const SurveyCatalog& surveys,
                           const std::filesystem::path& folder,
                           const std::function<void(std::int64_t done)>& progress = {});

// CSV for Dutch Excel: fields joined by ';', quoted when they contain ; " CR or LF.
std::string csv_field(std::string_view text);

// One cell's text as the export's CSVs show it, before csv_field quotes it, for other CSVs that
// must read the same in Excel (the collector's all-questionnaire CSV):
//   excel_text:  text, with a leading ' when Excel would run it as a formula (= + - @ tab CR)
//   excel_value: empty for null, 1/0 for booleans, numbers with a decimal comma ("1,5"), strings
//                as excel_text, lists and objects as JSON text (as excel_text)
// e.g. csv_field(excel_value(Json(2.5))) == "2,5", csv_field(excel_text("=1+1")) == "'=1+1".
std::string excel_text(std::string_view text);
std::string excel_value(const Json& value);

}  // namespace peilpunt::sync
