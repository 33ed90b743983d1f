// The kiosk without its window. Index:
//   [SECTION] setup
//   [SECTION] the respondent
//   [SECTION] answers: drafts, choices, labels
//   [SECTION] staff
#include "kiosk/core/kiosk.hpp"

#include <ctime>
#include <iostream>

#include "sync/atomic_file.hpp"
#include "sync/export.hpp"

namespace peilpunt::kiosk {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

namespace {

void log(const std::string& message) { std::cerr << "peilpunt: " << message << std::endl; }

double now_ms() {
  return static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count());
}

// The small files staff choices live in (event name, chosen questionnaire): one line of text.
std::string read_choice_file(const fs::path& file) {
  std::string text = sync::read_small_file(file);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

void write_choice_file(const fs::path& file, const std::string& text) {
  try {
    sync::replace_file_atomically(file, text + "\n", 0600);
  } catch (const std::exception& e) {
    log(e.what());
  }
}

// The types the engine runs but the touch screen does not draw yet (issue 14): their SurveyJS name.
const char* not_drawn_yet(const survey::Element& e) {
  if (e.image_picker) return "imagepicker";
  if (e.ranking) return "ranking";
  switch (e.type) {
    case survey::QuestionType::MatrixDropdown: return "matrixdropdown";
    case survey::QuestionType::MatrixDynamic: return "matrixdynamic";
    case survey::QuestionType::PanelDynamic: return "paneldynamic";
    case survey::QuestionType::Image: return "image";
    case survey::QuestionType::SignaturePad: return "signaturepad";
    default: return nullptr;
  }
}

std::vector<InstalledSurvey> load_surveys(const std::vector<fs::path>& files) {
  std::vector<InstalledSurvey> installed;
  std::string problems;
  for (const auto& file : files) {
    survey::LoadResult loaded = survey::load_file(file.string(), survey::Pictures::MustExist);
    if (!loaded.ok()) {
      for (const auto& e : loaded.errors) problems += e.to_string() + "\n";
      continue;
    }
    // A resident must never meet a question the screen cannot show, so staff learn it at start.
    bool drawable = true;
    for (int q : loaded.survey->questions) {
      const survey::Element& e = loaded.survey->elements[static_cast<std::size_t>(q)];
      const char* type = not_drawn_yet(e);
      if (!type) continue;
      drawable = false;
      problems += file.string() + ": " + e.pointer + ": the kiosk cannot show the question type '" + type + "' yet (check, eval and simulate run it)\n";
    }
    if (!drawable) continue;
    installed.push_back({file, loaded.survey, sync::survey_ref_for_file(file.string())});
  }
  if (!problems.empty()) log("questionnaires that cannot be shown:\n" + problems);
  if (installed.empty()) throw std::runtime_error("no questionnaire could be loaded; see the messages above");
  return installed;
}

}  // namespace

// [SECTION] setup

Kiosk::Kiosk(const Config& config_, const fs::path& assets, const std::string& survey_file, bool start_sync)
    : config(config_), data_dir(config_.data_dir), language(config_.language), read_aloud(config_.read_pages_aloud) {
  fs::create_directories(data_dir);
  strings = Strings::load(assets / "lang", {"nl", "en"});
  std::vector<fs::path> files = config.surveys;
  if (!survey_file.empty()) files = {survey_file};
  surveys = load_surveys(files);
  const std::string chosen = read_choice_file(data_dir / "active-survey.txt");
  for (std::size_t i = 0; i < surveys.size(); ++i)
    if (surveys[i].model->id == chosen) active_survey = i;
  outbox.emplace(sync::Outbox::open(data_dir / "outbox.sqlite"));
  if (!config.device_name.empty() && outbox->device_name() != config.device_name) outbox->set_device_name(config.device_name);
  device_name = outbox->device_name();
  event_name = read_choice_file(data_dir / "event-name.txt");
  pin.emplace(StaffPin::open(data_dir, config.staff_pin_hash));
  pinpad = PinEntry(pin->is_set() ? PinEntry::Mode::Unlock : PinEntry::Mode::SetNew);
  FlowSettings settings;
  settings.idle_timeout = std::chrono::seconds(config.idle_timeout_s);
  settings.idle_countdown = std::chrono::seconds(config.idle_countdown_s);
  flow.emplace(settings, Clock::now(), pin->is_set());

  // Sync runs on the uploader's own thread; its status reaches the UI through the queue.
  if (config.sync.endpoint.empty()) return;
  sync::UploaderOptions options;
  options.outbox_file = outbox->file();
  options.endpoint = config.sync.endpoint;
  options.token_file = config.sync.token_file;
  options.ca_file = config.sync.ca_file;
  options.allow_insecure_http = config.sync.allow_insecure_http;
  options.interval = std::chrono::seconds(config.sync.interval_s);
  try {
    uploader_ = std::make_unique<sync::Uploader>(options);
  } catch (const std::exception& e) {
    staff.sync_text = e.what();  // shown to staff; the kiosk itself works offline
    log(std::string("sync is off: ") + e.what());
    return;
  }
  uploader_->on_change([this](const sync::SyncStatus& status) {
    queue.post([this, status] {
      sync_status = status;
      if (flow->screen() == Screen::Staff) refresh_staff_counts();
    });
  });
  if (start_sync) uploader_->start();
}

Kiosk::~Kiosk() {
  for (auto& w : workers_)
    if (w.thread.joinable()) w.thread.join();
}

void Kiosk::run_in_background(std::function<void()> job) {
  std::erase_if(workers_, [](Worker& w) {
    if (!w.done->load()) return false;
    w.thread.join();
    return true;
  });
  auto done = std::make_shared<std::atomic<bool>>(false);
  workers_.push_back({std::thread([job = std::move(job), done] {
                        job();
                        done->store(true);
                      }),
                      done});
}

// [SECTION] the respondent

void Kiosk::start_respondent(TimePoint now) { handle(flow->start(now)); }

void Kiosk::discard_respondent() {
  speech.stop();
  speaking_key.clear();
  respondent.reset();
  language = config.language;
  big_text = false;
  read_aloud = config.read_pages_aloud;
}

void Kiosk::handle(const std::vector<FlowEvent>& events) {
  for (FlowEvent event : events) {
    switch (event) {
      case FlowEvent::DiscardSession:
        discard_respondent();
        break;
      case FlowEvent::StartSession:
        respondent.emplace();
        respondent->session = std::make_unique<survey::Session>(survey().model, language, now_ms());
        respondent->started = std::chrono::system_clock::now();
        break;
      case FlowEvent::Exit:
        exit_code = flow->exit_code();
        break;
    }
  }
}

void Kiosk::go_next(TimePoint now) {
  speech.stop();  // a new page: the old question is no longer on screen
  auto& r = *respondent;
  auto& s = *r.session;
  if (!r.focused.empty()) apply_draft(r.focused);
  r.focused.clear();
  // The keypad types into a text: what does not read as a number is kept as typed, never stored.
  r.not_numbers.clear();
  auto is_not_number = [&](const std::string& value_key) {
    const nlohmann::ordered_json* value = answer_at(value_key);
    return keyboard_kind(value_key) == KeyboardKind::Number && value && value->is_string() &&
           !value->get_ref<const std::string&>().empty();
  };
  for (int index : s.page_questions(s.current_page())) {
    const survey::Element& e = s.survey().elements[static_cast<std::size_t>(index)];
    bool not_number = is_not_number(e.name);
    for (std::size_t box = 0; box < e.items.size(); ++box) not_number = not_number || is_not_number(box_key(e.name, box));
    if (not_number) r.not_numbers.insert(index);
  }
  if (!r.not_numbers.empty()) {  // the page's other errors show at the next try, once these are numbers
    r.show_errors = true;
    r.changed_since_errors.clear();
    r.scroll_to_top = false;
    r.scroll_to_error = true;
    return;
  }
  const bool was_preview = s.in_preview();
  const bool ok = s.advance();
  if (s.is_completed()) {
    finish_respondent(now);
    return;
  }
  if (!ok && was_preview && !s.errors_on_page().empty()) {  // Complete in the preview found errors: mend them on their page
    const auto& first = s.errors_on_page().front();
    s.leave_preview(first.element >= 0 ? s.survey().elements[static_cast<std::size_t>(first.element)].page : first.page);
  }
  r.show_errors = !ok;
  r.changed_since_errors.clear();
  r.scroll_to_top = ok;
  r.scroll_to_error = !ok;
}

void Kiosk::edit_page(int page) {
  speech.stop();
  auto& r = *respondent;
  r.session->leave_preview(page);
  r.show_errors = false;
  r.scroll_to_top = true;
}

std::string Kiosk::typed_answer_text(const nlohmann::ordered_json* value, KeyboardKind kind) const {
  if (!digit_pattern(kind).empty()) return pattern_display(kind, draft_from_answer(value, kind));
  if (kind == KeyboardKind::Password) return answer_text(value).empty() ? "" : tr("preview.password");  // not even its length, nor read aloud
  return answer_text(value);
}

std::string Kiosk::preview_answer(int question) const {
  const survey::Session& s = *respondent->session;
  const survey::Element& e = s.survey().elements[static_cast<std::size_t>(question)];
  const nlohmann::ordered_json* value = s.value(e.name);
  std::string shown;
  const KeyboardKind kind = keyboard_kind(e.name);
  if (kind != KeyboardKind::Letters) {
    shown = typed_answer_text(value, kind);
  } else if (e.type == survey::QuestionType::MultipleText) {  // a line per answered box
    for (std::size_t box = 0; box < e.items.size(); ++box) {
      const std::string key = box_key(e.name, box);
      const std::string answer = typed_answer_text(answer_at(key), keyboard_kind(key));
      if (answer.empty()) continue;
      const std::string label = text(e.items[box].title);
      shown += (shown.empty() ? "" : "\n") + (label.empty() ? e.items[box].name : label) + ": " + answer;
    }
  } else if (e.type == survey::QuestionType::Matrix) {
    for (const survey::Choice& row : e.rows) {
      const auto* cell = value && value->is_object() && value->contains(row.key()) ? &(*value)[row.key()] : nullptr;
      if (!cell) continue;
      std::string column = answer_text(cell);
      for (const survey::Choice& c : e.columns)
        if (survey::same_choice_value(c.value, *cell)) column = c.label(language, s.survey().locale);
      if (!shown.empty()) shown += "\n";
      shown += row.label(language, s.survey().locale) + ": " + column;
    }
  } else {
    shown = s.display_value(question);
  }
  const nlohmann::ordered_json* comment = e.has_comment_area ? s.value(survey::Session::comment_key(e.name)) : nullptr;
  if (comment && comment->is_string() && !comment->get_ref<const std::string&>().empty())
    shown += (shown.empty() ? "" : "\n") + comment->get<std::string>();
  return shown;
}

std::vector<PreviewPage> Kiosk::preview() const {
  const survey::Session& s = *respondent->session;
  std::vector<PreviewPage> out;
  int step = 0;
  for (int page : s.visible_pages()) {
    ++step;
    PreviewPage shown{page, text(s.survey().pages[static_cast<std::size_t>(page)].title), {}};
    if (shown.heading.empty()) shown.heading = trf("preview.page", {{"n", std::to_string(step)}});
    for (int q : s.preview_questions(page)) {
      const survey::Element& e = s.survey().elements[static_cast<std::size_t>(q)];
      if (!e.has_input()) continue;
      std::string title = text(e.title);
      shown.answers.push_back({title.empty() ? e.name : title, preview_answer(q)});
    }
    if (!shown.answers.empty()) out.push_back(std::move(shown));
  }
  return out;
}

void Kiosk::go_back() {
  speech.stop();
  auto& r = *respondent;
  if (!r.focused.empty()) apply_draft(r.focused);
  r.focused.clear();
  r.session->previous();
  r.show_errors = false;
  r.scroll_to_top = true;
}

void Kiosk::finish_respondent(TimePoint now) {
  if (!respondent) return;
  sync::Envelope envelope = sync::make_envelope(*respondent->session, survey().ref, device_name, event_name, respondent->started);
  retry_unsaved();
  try {
    outbox->commit(envelope);
    last_save_error.clear();
    handle(flow->saved(now));
  } catch (const std::exception& e) {
    // The resident sees a calm message; staff see this text in the panel. The envelope stays in
    // memory (never half on disk) and is stored as soon as the outbox takes it again.
    last_save_error = e.what();
    unsaved.push_back(std::move(envelope));
    log("could not store a response (kept in memory, " + std::to_string(unsaved.size()) + " waiting): " + last_save_error);
    handle(flow->save_failed(now));
  }
}

bool Kiosk::retry_unsaved() {
  while (!unsaved.empty()) {
    try {
      outbox->commit(unsaved.front());
    } catch (const std::exception& e) {
      last_save_error = e.what();
      return false;
    }
    unsaved.erase(unsaved.begin());
    log("stored a response that had failed before; " + std::to_string(unsaved.size()) + " still waiting");
  }
  return true;
}

void Kiosk::say(const std::string& text, const std::string& key) {
  speech.say(text, language);
  speaking_key = key;
  last_spoken = text;
}

// [SECTION] answers: drafts, choices, labels

void Kiosk::set_answer(const std::string& value_key, const Json& value) {
  store_answer(*respondent->session, value_key, value);
  respondent->changed_since_errors.insert(value_key);
}

void Kiosk::tap_choice(const survey::Element& question, const nlohmann::json& choice, bool multi) {
  if (!multi) return set_answer(question.name, choice);
  if (auto next = toggle_choice(respondent->session->value(question.name), choice, question.max_selected_choices))
    set_answer(question.name, *next);
}

void Kiosk::tap_select_all(const survey::Element& question) {
  respondent->session->toggle_select_all(respondent->session->survey().index_of(question.name));
  respondent->changed_since_errors.insert(question.name);
}

KeyboardKind Kiosk::keyboard_kind(const std::string& value_key) const {
  return keyboard_kind_for(respondent->session->survey(), value_key);
}

const nlohmann::ordered_json* Kiosk::answer_at(const std::string& value_key) const {
  const survey::Session& s = *respondent->session;
  if (auto box = parse_box_key(s.survey(), value_key)) return s.item_value(box->question, box->box);
  return s.value(value_key);
}

void Kiosk::store_answer(survey::Session& s, const std::string& value_key, const Json& value) {
  if (auto box = parse_box_key(s.survey(), value_key)) s.set_item_value(box->question, box->box, value);
  else s.set_value(value_key, value);
}

namespace {
nlohmann::ordered_json copy_or_null(const nlohmann::ordered_json* v) { return v ? *v : nlohmann::ordered_json(); }
}  // namespace

std::string& Kiosk::draft_for(const std::string& value_key) {
  auto& r = *respondent;
  nlohmann::ordered_json answer = copy_or_null(answer_at(value_key));
  auto it = r.drafts.find(value_key);
  auto made_from = r.draft_answers.find(value_key);
  if (it != r.drafts.end() && made_from != r.draft_answers.end() && made_from->second == answer) return it->second;
  r.draft_answers[value_key] = answer;
  return r.drafts[value_key] = draft_from_answer(answer_at(value_key), keyboard_kind(value_key));
}

void Kiosk::apply_draft(const std::string& value_key) {
  auto& r = *respondent;
  store_answer(*r.session, value_key, answer_from_draft(keyboard_kind(value_key), r.drafts[value_key]));
  r.draft_answers[value_key] = copy_or_null(answer_at(value_key));
}

void Kiosk::typed(const std::string& value_key) {
  apply_draft(value_key);
  respondent->changed_since_errors.insert(value_key);
  // a box's question has errors of its own (required, its validators): they go with any box
  const survey::Survey& model = respondent->session->survey();
  if (auto box = parse_box_key(model, value_key))
    respondent->changed_since_errors.insert(model.elements[static_cast<std::size_t>(box->question)].name);
}

void Kiosk::focus(const std::string& value_key) {
  auto& r = *respondent;
  if (r.focused == value_key) return;
  if (!r.focused.empty()) apply_draft(r.focused);
  r.focused = value_key;
  r.focus_changed = true;
  // A capital for the first letter of an empty text, as a phone keyboard does.
  r.keyboard.keyboard_shift = keyboard_kind(value_key) == KeyboardKind::Letters && draft_for(value_key).empty();
}

std::string Kiosk::other_label(const survey::Element& e) const {
  return e.item_label(survey::BuiltinItem::Other, language, survey().model->locale);
}

std::string Kiosk::text(const survey::LocalizedString& s) const {
  std::string text = s.get(language, survey().model->locale);
  return respondent && respondent->session ? respondent->session->piped(text) : text;
}

std::string Kiosk::comment_label(const survey::Element& e) const {
  return e.item_label(survey::BuiltinItem::Comment, language, survey().model->locale);
}

std::string Kiosk::select_all_label(const survey::Element& e) const {
  return e.item_label(survey::BuiltinItem::SelectAll, language, survey().model->locale);
}

std::string Kiosk::none_label(const survey::Element& e) const {
  return e.item_label(survey::BuiltinItem::None, language, survey().model->locale);
}

std::string Kiosk::yes_label(const survey::Element& e) const {
  return e.item_label(survey::BuiltinItem::True, language, survey().model->locale);
}

std::string Kiosk::no_label(const survey::Element& e) const {
  return e.item_label(survey::BuiltinItem::False, language, survey().model->locale);
}

std::vector<ShownChoice> Kiosk::shown_choices(int index) const {
  const auto& s = *respondent->session;
  const survey::Element& e = s.survey().elements.at(static_cast<std::size_t>(index));
  std::vector<ShownChoice> out;
  for (const survey::Choice* c : s.visible_choices(index))  // "Ja, {naam} mag mee" names the answer, as in survey-core
    out.push_back({c->value, s.piped(c->label(language, survey().model->locale))});
  // visible_choices may list other/none already; only add what is missing.
  auto has = [&](const char* v) { return std::any_of(out.begin(), out.end(), [&](const ShownChoice& c) { return c.value == v; }); };
  if (e.has_none && !has("none")) out.push_back({"none", none_label(e)});
  if (e.has_other && !has("other")) out.push_back({"other", other_label(e)});
  return out;
}

// [SECTION] staff

void Kiosk::staff_retry_save() {
  retry_unsaved();
  refresh_staff_counts();
}

void Kiosk::refresh_staff_counts() {
  staff.counts = outbox->counts();
  staff.last_sync = outbox->last_sync();
}

void Kiosk::open_staff_panel() {
  retry_unsaved();
  refresh_staff_counts();
  staff.mode = StaffState::Mode::Main;
  staff.event_draft = event_name;
  staff.stats.reset();
  rescan_usb_drives();
  // Today's charts read every stored response: off the main thread, on its own connection.
  const fs::path file = outbox->file();
  auto model = survey().model;
  std::string lang = language;
  run_in_background([this, file, model, lang] {
    try {
      sync::Outbox reader = sync::Outbox::open(file);
      TodayStats stats = compute_today_stats(reader, *model, lang, today_local_date());
      queue.post([this, stats = std::move(stats)]() mutable { staff.stats = std::move(stats); });
    } catch (const std::exception& e) {
      queue.post([this, message = std::string(e.what())] { staff.export_state.message = message; });
    }
  });
}

void Kiosk::rescan_usb_drives() { staff.export_state.drives = find_usb_drives("/proc/self/mounts"); }

void Kiosk::pin_ok(PinEntry& entry) {
  const PinEntry::Submitted submitted = entry.submit();
  if (submitted.action == PinEntry::Action::Check) {
    if (auto answer = pin->check_without_hash(std::chrono::system_clock::now())) {
      entry.show(*answer == StaffPin::Check::LockedOut ? "pin.locked_now" : "pin.wrong");
      return;
    }
    entry.set_busy(true);
    const std::uint64_t request = ++pin_request_;
    run_in_background([this, request, hash = pin->current_hash(), typed = submitted.pin] {
      const bool right = StaffPin::matches(hash, typed);
      queue.post([this, request, right] { staff_pin_checked(request, right); });
    });
  } else if (submitted.action == PinEntry::Action::Store) {
    entry.set_busy(true);
    const std::uint64_t request = ++pin_request_;
    run_in_background([this, request, &entry, typed = submitted.pin] {
      std::string hash = StaffPin::hash(typed);
      queue.post([this, request, &entry, hash = std::move(hash)] { new_pin_hashed(request, entry, hash); });
    });
  }
}

void Kiosk::staff_pin_checked(std::uint64_t request, bool right) {
  // A wrong try counts even when the pad was left or a newer check runs; only the latest
  // request's answer speaks to the pad.
  const StaffPin::Check result = pin->record(right, std::chrono::system_clock::now());
  if (request != pin_request_) return;
  pinpad.set_busy(false);
  if (flow->screen() != Screen::PinPad) return;
  if (result == StaffPin::Check::Accepted) {
    pinpad = PinEntry(PinEntry::Mode::Unlock);
    handle(flow->pin_accepted(Clock::now()));
    open_staff_panel();
    return;
  }
  pinpad.show(result == StaffPin::Check::LockedOut ? "pin.locked_now" : "pin.wrong");
}

void Kiosk::new_pin_hashed(std::uint64_t request, PinEntry& entry, const std::string& hash) {
  // Staff cancelled meanwhile, or confirmed another PIN since: this one is not the new PIN.
  if (request != pin_request_ || !entry.busy()) return;
  try {
    pin->set_hash(hash);
    entry.store_succeeded();
  } catch (const std::exception& e) {
    entry.store_failed();
    log(std::string("cannot store the staff PIN: ") + e.what());
  }
}

void Kiosk::set_event_name(const std::string& name) {
  event_name = name;
  write_choice_file(data_dir / "event-name.txt", name);
}

void Kiosk::start_export(const fs::path& target_parent) {
  auto& state = staff.export_state;
  if (state.running) return;
  state.running = true;
  state.done = 0;
  state.total = outbox->counts().total;
  state.message.clear();
  char stamp[32];
  std::time_t t = std::time(nullptr);
  std::tm local{};
  localtime_r(&t, &local);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d_%H%M%S", &local);
  const fs::path folder = target_parent / ("peilpunt-" + device_name + "-" + stamp);
  const fs::path file = outbox->file();
  sync::SurveyCatalog catalog;
  for (const auto& s : surveys) catalog[s.model->id] = s.model;
  run_in_background([this, file, folder, catalog] {
    try {
      sync::Outbox reader = sync::Outbox::open(file);
      // write_export reports every few hundred responses; each report wakes the UI once.
      auto summary = sync::write_export(sync::outbox_source(reader), catalog, folder, [this](std::int64_t done) {
        queue.post([this, done] { staff.export_state.done = done; });
      });
      queue.post([this, folder, n = summary.responses] {
        staff.export_state.running = false;
        staff.export_state.done = n;
        staff.export_state.message = trf("staff.export_done", {{"n", std::to_string(n)}, {"folder", folder.string()}});
      });
    } catch (const std::exception& e) {
      queue.post([this, message = std::string(e.what())] {
        staff.export_state.running = false;
        staff.export_state.message = trf("staff.export_failed", {{"error", message}});
      });
    }
  });
}

void Kiosk::choose_survey(std::size_t index) {
  if (index >= surveys.size()) return;
  active_survey = index;
  write_choice_file(data_dir / "active-survey.txt", surveys[index].model->id);
  open_staff_panel();  // today's charts are per questionnaire
}

void Kiosk::sync_now() {
  if (uploader_) uploader_->sync_now();
}

}  // namespace peilpunt::kiosk
