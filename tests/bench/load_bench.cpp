// Benchmark for docs/ARCHITECTURE.md's target "`check` of a 500-question questionnaire ≤ 50 ms": builds a
// 500-question questionnaire in memory (50 pages of 10, every supported question type, conditions
// on earlier answers, choices, validators, translations), then times what `peilpunt check` does
// with it, 20 times: in process (survey::load_text and the summary check prints) and, when given
// the peilpunt binary, the whole `peilpunt check FILE` process as an author runs it.
//   cmake --build build --target bench
//   build/tests/bench/load_bench [PEILPUNT] [--write FILE]
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "survey/model.hpp"

extern char** environ;

namespace {

using Json = nlohmann::ordered_json;
constexpr int question_count = 500;
constexpr int per_page = 10;
constexpr int repetitions = 20;
constexpr double target_ms = 50;

std::string q(int i) { return "q" + std::to_string(i); }

Json localized(const std::string& en, const std::string& nl) { return {{"default", en}, {"nl", nl}}; }

Json choice_list(int n, const std::string& prefix) {
  Json out = Json::array();
  for (int c = 1; c <= n; ++c)
    out.push_back({{"value", prefix + std::to_string(c)},
                   {"text", localized("Option " + std::to_string(c), "Keuze " + std::to_string(c))}});
  return out;
}

// The questions refer back 1-12 places, so conditions chain across pages as in real surveys.
Json question(int i) {
  Json j;
  const std::string name = q(i);
  switch (i % 10) {
    case 0:
      j = {{"type", "radiogroup"}, {"choices", choice_list(5, "c")}, {"showOtherItem", true}};
      break;
    case 1:
      j = {{"type", "checkbox"}, {"choices", choice_list(6, "c")}, {"showNoneItem", true},
           {"maxSelectedChoices", 3}, {"minSelectedChoices", 1}};
      if (i > 10) j["choicesVisibleIf"] = "{" + q(i - 11) + "} notempty or {item} != 'c6'";
      break;
    case 2:
      j = {{"type", "dropdown"}, {"choices", choice_list(8, "d")}};
      break;
    case 3:
      j = {{"type", "boolean"}, {"labelTrue", localized("Yes", "Ja")}, {"labelFalse", localized("No", "Nee")}};
      break;
    case 4:
      j = {{"type", "rating"}, {"rateMin", 1}, {"rateMax", 10},
           {"minRateDescription", localized("Bad", "Slecht")}, {"maxRateDescription", localized("Good", "Goed")}};
      break;
    case 5: {
      Json rows = Json::array(), columns = Json::array();
      for (int r = 1; r <= 4; ++r) rows.push_back({{"value", "r" + std::to_string(r)}, {"text", "Row " + std::to_string(r)}});
      for (int c = 1; c <= 5; ++c) columns.push_back(c);
      j = {{"type", "matrix"}, {"rows", rows}, {"columns", columns}};
      break;
    }
    case 6:
      j = {{"type", "text"}, {"inputType", "number"}, {"min", 0}, {"max", 120},
           {"validators", Json::array({{{"type", "numeric"}, {"minValue", 0}, {"maxValue", 120}},
                                       {{"type", "expression"}, {"expression", "{" + name + "} >= {" + q(i - 2) + "} or {" + q(i - 2) + "} empty"},
                                        {"text", localized("Too low", "Te laag")}}})}};
      break;
    case 7:
      if (i % 20 == 7) {
        j = {{"type", "text"}, {"inputType", "email"}, {"validators", Json::array({{{"type", "email"}}})}};
      } else {
        j = {{"type", "text"}, {"inputType", "date"}, {"max", "2026-12-31"},
             {"validators", Json::array({{{"type", "expression"}, {"expression", "age({" + name + "}) >= 12"}}})}};
      }
      break;
    case 8:
      j = {{"type", "comment"},
           {"validators", Json::array({{{"type", "text"}, {"minLength", 2}, {"maxLength", 500}},
                                       {{"type", "regex"}, {"regex", "^[^<>]*$"}, {"text", "Geen < of >"}}})}};
      break;
    case 9:
      if (i % 20 == 9)
        j = {{"type", "expression"}, {"expression", "sum({" + q(i - 3) + "}, {" + q(i - 5) + "}) + iif({" + q(i - 6) + "}, 1, 0)"}};
      else
        j = {{"type", "html"}, {"html", localized("<p>Thank you so far.</p>", "<p>Tot zover, bedankt.</p>")}};
      break;
  }
  j["name"] = name;
  j["title"] = localized("Question " + std::to_string(i), "Vraag " + std::to_string(i));
  if (i >= 12) {
    if (i % 3 == 0) j["visibleIf"] = "{" + q(i - 10) + "} = 'd2' or {" + q(i - 7) + "} = true or {" + q(i - 12) + "} anyof ['c1', 'c3']";
    if (i % 4 == 1) j["requiredIf"] = "{" + q(i - 5) + "} notempty and {" + q(i - 1) + "} > 2";
    if (i % 7 == 2) j["enableIf"] = "{" + q(i - 9) + "} != 'other' and dateDiff({" + q(i - 5) + "}, today(), 'years') < 100";
  }
  if (i % 5 == 0) j["isRequired"] = true;
  return j;
}

Json make_questionnaire() {
  Json pages = Json::array();
  for (int p = 0; p < question_count / per_page; ++p) {
    Json elements = Json::array();
    Json panel = {{"type", "panel"}, {"name", "panel" + std::to_string(p)},
                  {"title", localized("Part " + std::to_string(p), "Deel " + std::to_string(p))},
                  {"elements", Json::array()}};
    if (p > 0) panel["visibleIf"] = "{" + q(p * per_page - 1) + "} notempty or {" + q(p * per_page - 7) + "} = true";
    for (int k = 0; k < per_page; ++k) {
      int i = p * per_page + k;
      // the last three questions of a page sit in a panel
      if (k < 7) elements.push_back(question(i));
      else panel["elements"].push_back(question(i));
    }
    elements.push_back(panel);
    Json page = {{"name", "page" + std::to_string(p + 1)}, {"elements", elements}};
    if (p % 5 == 4) page["visibleIf"] = "{" + q(p * per_page - 10) + "} notempty";
    pages.push_back(page);
  }
  return {{"title", localized("Benchmark questionnaire", "Benchmark-vragenlijst")},
          {"locale", "nl"}, {"showProgressBar", "top"}, {"pages", pages}};
}

// What `peilpunt check` does with one file, minus the file read and the terminal.
bool check_like_cli(const std::string& text, std::string& summary) {
  survey::LoadResult result = survey::load_text(text, "bench.json");
  summary.clear();
  for (const auto& e : result.errors) summary += e.to_string() + '\n';
  if (!result.ok()) return false;
  summary = "ok, " + std::to_string(result.survey->pages.size()) + " pages, " +
            std::to_string(result.survey->questions.size()) + " questions";
  return true;
}

void report(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  double median = ms.size() % 2 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
  std::printf("%-34s min %7.2f ms   median %7.2f ms   max %7.2f ms   target <= %.0f ms: %s\n", what,
              ms.front(), median, ms.back(), target_ms, median <= target_ms ? "met" : "MISSED");
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Runs `peilpunt check FILE` with stdout and stderr discarded; returns its exit status.
int run_check(const std::string& peilpunt, const std::string& file) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<std::string> args = {peilpunt, "check", file};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, peilpunt.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string peilpunt, write_to;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--write" && i + 1 < argc) write_to = argv[++i];
    else if (!arg.empty() && arg[0] != '-') peilpunt = arg;
    else {
      std::cerr << "usage: load_bench [PEILPUNT] [--write FILE]\n";
      return 2;
    }
  }

  const std::string text = make_questionnaire().dump(2);
  std::string summary;
  if (!check_like_cli(text, summary)) {
    std::cerr << "load_bench: the generated questionnaire does not load:\n" << summary;
    return 1;
  }
  std::printf("questionnaire: %s, %zu kB\n", summary.c_str(), text.size() / 1024);
  if (!write_to.empty()) std::ofstream(write_to) << text;

  std::vector<double> in_process;
  for (int r = 0; r < repetitions; ++r) {
    auto start = std::chrono::steady_clock::now();
    check_like_cli(text, summary);
    in_process.push_back(ms_since(start));
  }
  report("load_text + check summary", in_process);

  if (peilpunt.empty()) return 0;
  auto file = std::filesystem::temp_directory_path() / ("peilpunt-bench-" + std::to_string(getpid()) + ".json");
  std::ofstream(file) << text;
  std::vector<double> process;
  int status = 0;
  for (int r = 0; r < repetitions && status == 0; ++r) {
    auto start = std::chrono::steady_clock::now();
    status = run_check(peilpunt, file.string());
    process.push_back(ms_since(start));
  }
  std::filesystem::remove(file);
  if (status != 0) {
    std::cerr << "load_bench: `" << peilpunt << " check` failed (exit status " << status << ")\n";
    return 1;
  }
  report("peilpunt check FILE (process)", process);
  return 0;
}
