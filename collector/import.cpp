// Import of a USB export: verify against the manifest (sync/export.cpp writes it last, with rows,
// bytes and SHA-256 of every file), then store with the rules of POST /v1/responses. The file is
// read twice (verify, then store) so memory does not grow with the size of the export.
#include "collector/import.hpp"

#include <sodium.h>

#include <fstream>
#include <string>

namespace peilpunt::collector {
namespace {

namespace fs = std::filesystem;
using sync::Json;

constexpr std::string_view export_format = "peilpunt-export/1";

[[noreturn]] void refuse(const fs::path& file, const std::string& what) {
  throw ImportError(file.string() + ": " + what + "; nothing was imported");
}

std::string hex(const unsigned char* digest, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), digest, size);
  out.pop_back();
  return out;
}

// What manifest.json says about one file.
struct ManifestEntry {
  std::int64_t rows = 0, bytes = 0;
  std::string sha256;
};

ManifestEntry read_manifest(const fs::path& manifest_file, const std::string& name) {
  std::ifstream in(manifest_file, std::ios::binary);
  if (!in)
    refuse(manifest_file, "missing: the export is incomplete (manifest.json is written last) or the folder is not a "
                          "Peilpunt export");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Json manifest;
  try {
    manifest = sync::parse_protocol_json(text, "manifest");
  } catch (const sync::ProtocolError& e) {
    refuse(manifest_file, e.what());
  }
  if (!manifest.is_object() || !manifest.contains("format") || manifest["format"] != export_format)
    refuse(manifest_file, "not a manifest of format " + std::string(export_format));
  if (!manifest.contains("files") || !manifest["files"].is_array()) refuse(manifest_file, "it has no \"files\" list");
  for (const auto& f : manifest["files"]) {
    if (!f.is_object() || f.value("name", "") != name) continue;
    if (!f.contains("rows") || !f["rows"].is_number_integer() || !f.contains("bytes") ||
        !f["bytes"].is_number_integer() || !f.contains("sha256") || !f["sha256"].is_string())
      refuse(manifest_file, "the entry of " + name + " lacks rows, bytes or sha256");
    return {f["rows"].get<std::int64_t>(), f["bytes"].get<std::int64_t>(), f["sha256"].get<std::string>()};
  }
  refuse(manifest_file, name + " is not listed in it");
}

// Calls `line` with each line (without its "\n") and its 1-based number.
template <class LineHandler>
void read_lines(const fs::path& file, LineHandler&& line) {
  std::ifstream in(file, std::ios::binary);
  if (!in) refuse(file, "cannot be read");
  std::string text;
  std::int64_t number = 0;
  while (std::getline(in, text)) line(text, ++number, in.eof());
  if (in.bad()) refuse(file, "a read error");
}

std::string where(const fs::path& file, std::int64_t line) { return file.string() + ":" + std::to_string(line); }

}  // namespace

ImportResult import_export(Store& store, const fs::path& path, std::size_t batch_size) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  std::error_code ec;
  if (!fs::exists(path, ec)) throw ImportError(path.string() + ": no such file or folder");
  const fs::path file = fs::is_directory(path, ec) ? path / "responses.jsonl" : path;
  const fs::path folder = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  if (!fs::is_regular_file(file, ec)) refuse(file, "missing: give an export folder or the responses.jsonl in one");
  const ManifestEntry expected = read_manifest(folder / "manifest.json", file.filename().string());

  // Pass 1: bytes, SHA-256 and rows as the manifest says, and every line an envelope.
  crypto_hash_sha256_state hash;
  crypto_hash_sha256_init(&hash);
  std::int64_t bytes = 0, rows = 0;
  std::string first_bad_line;
  read_lines(file, [&](const std::string& text, std::int64_t number, bool last_without_newline) {
    const std::string newline = last_without_newline ? "" : "\n";
    crypto_hash_sha256_update(&hash, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    crypto_hash_sha256_update(&hash, reinterpret_cast<const unsigned char*>(newline.data()), newline.size());
    bytes += static_cast<std::int64_t>(text.size() + newline.size());
    ++rows;
    if (!first_bad_line.empty()) return;
    try {
      sync::parse_envelope(sync::parse_protocol_json(text, where(file, number)), where(file, number) + ": envelope");
    } catch (const sync::ProtocolError& e) {
      first_bad_line = e.what();
    }
  });
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&hash, digest);
  const std::string sha = hex(digest, sizeof digest);
  const std::string changed = ": the file was changed or damaged after the export";
  if (bytes != expected.bytes)
    refuse(file, std::to_string(bytes) + " bytes, manifest.json says " + std::to_string(expected.bytes) + changed);
  if (sha != expected.sha256)
    refuse(file, "SHA-256 " + sha + " differs from manifest.json's " + expected.sha256 + changed);
  if (rows != expected.rows)
    refuse(file, std::to_string(rows) + " lines, manifest.json says " + std::to_string(expected.rows) + changed);
  if (!first_bad_line.empty()) throw ImportError(first_bad_line + "; nothing was imported");

  // Pass 2: store, a batch per transaction.
  ImportResult result;
  result.file = file;
  result.responses = rows;
  const std::string source = "import " + fs::absolute(file, ec).string();
  std::vector<sync::Envelope> batch;
  auto store_batch = [&] {
    if (batch.empty()) return;
    StoreResult stored = store.store(batch, source);
    result.added += stored.added;
    result.already_stored += stored.already_stored;
    for (auto& r : stored.rejected) result.rejected.push_back(std::move(r));
    batch.clear();
  };
  read_lines(file, [&](const std::string& text, std::int64_t number, bool) {
    batch.push_back(
        sync::parse_envelope(sync::parse_protocol_json(text, where(file, number)), where(file, number) + ": envelope"));
    if (batch.size() >= batch_size) store_batch();
  });
  store_batch();
  return result;
}

}  // namespace peilpunt::collector
