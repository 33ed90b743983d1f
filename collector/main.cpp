// peilpunt-collector (docs/ARCHITECTURE.md, "Command line"): the server the kiosks upload to, and `import`
// for USB exports. Options are read here; the work is in server.cpp, store.cpp and import.cpp.
//   peilpunt-collector --db FILE --listen HOST:PORT --token-file F [--tls-cert C --tls-key K] [--surveys DIR]
//   peilpunt-collector --db FILE import EXPORT...
#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include <CLI/CLI.hpp>

#include "collector/import.hpp"
#include "collector/server.hpp"

namespace {

namespace fs = std::filesystem;
using namespace peilpunt;

int fail(const std::string& message) {
  std::cerr << "peilpunt-collector: " << message << '\n';
  return 1;
}

// The token as the kiosks read theirs (sync::read_token_file), with warnings for a weak one: a
// token others can read is no secret.
std::string read_token(const std::string& path) {
  std::string token = sync::read_token_file(path);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    std::cerr << "peilpunt-collector: warning: " << path << " can be read by other users; chmod 600 it\n";
  if (token.size() < 16)
    std::cerr << "peilpunt-collector: warning: the token is short (" << token.size()
              << " characters); use at least 16 random characters\n";
  return token;
}

// "HOST:PORT" or "[IPv6]:PORT".
bool parse_listen(const std::string& text, std::string& host, int& port) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return false;
  host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string digits = text.substr(colon + 1);
  if (digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  port = std::stoi(digits);
  return port <= 65535;
}

int run_server(collector::ServerOptions options, const std::string& listen, const std::string& token_file) {
  if (listen.empty()) return fail("--listen HOST:PORT is required to run the server (e.g. --listen 0.0.0.0:8443)");
  if (token_file.empty()) return fail("--token-file FILE is required to run the server");
  if (!parse_listen(listen, options.host, options.port))
    return fail("--listen: \"" + listen + "\" is not HOST:PORT (e.g. 0.0.0.0:8443 or [::1]:8080)");
  if (options.tls_cert.empty() != options.tls_key.empty()) return fail("--tls-cert and --tls-key go together");

  // Signals are taken by sigwait below, so every thread (the server's too) must block them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto log_mutex = std::make_shared<std::mutex>();
  options.log = [log_mutex](const std::string& line) {
    std::lock_guard lock(*log_mutex);
    std::cerr << sync::iso_timestamp(std::chrono::system_clock::now()) << ' ' << line << '\n';
  };
  const bool https = !options.tls_cert.empty();
  try {
    options.token = read_token(token_file);
    const std::string db = options.db.string();
    const fs::path surveys = options.surveys.empty() ? collector::default_surveys_folder() : options.surveys;
    collector::Server server(std::move(options));
    std::string run_error;
    std::thread thread([&] {
      try {
        server.run();
      } catch (const std::exception& e) {
        run_error = e.what();
      }
    });
    if (!server.wait_until_listening()) {
      thread.join();
      return fail(run_error.empty() ? "the server did not start" : run_error);
    }
    std::cerr << "peilpunt-collector: listening on " << (https ? "https" : "http") << "://" << listen
              << (listen.rfind(":0") == listen.size() - 2 ? " (port " + std::to_string(server.port()) + ")" : "")
              << ", database " << db << ", questionnaires for CSV from " << surveys.string() << '\n';
    if (!https) std::cerr << "peilpunt-collector: plain HTTP: kiosks send only to loopback or with allow_insecure_http\n";
    int signal = 0;
    sigwait(&signals, &signal);
    std::cerr << "peilpunt-collector: stopping (" << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ")\n";
    server.stop();
    thread.join();
    return 0;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

int run_import(const std::string& db, const std::vector<std::string>& paths) {
  try {
    collector::Store store = collector::Store::open(db);
    int refused = 0;
    for (const auto& path : paths) {
      try {
        collector::ImportResult r = collector::import_export(store, path);
        std::cout << r.file.string() << ": " << r.responses << " responses: " << r.added << " new, " << r.already_stored
                  << " already there, " << r.rejected.size() << " rejected\n";
        // A tablet under a wrong name can conflict on every line: show a sample, not thousands.
        constexpr std::size_t shown = 20;
        for (std::size_t i = 0; i < r.rejected.size() && i < shown; ++i)
          std::cout << "  rejected " << r.rejected[i].id << ": " << r.rejected[i].reason << '\n';
        if (r.rejected.size() > shown) std::cout << "  ... and " << r.rejected.size() - shown << " more rejected\n";
      } catch (const collector::ImportError& e) {
        fail(e.what());
        ++refused;
      }
    }
    if (refused > 0) return fail(std::to_string(refused) + " of " + std::to_string(paths.size()) + " exports refused");
    return 0;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"peilpunt-collector: receives the responses of Peilpunt kiosks (POST /v1/responses) and merges USB "
               "exports",
               "peilpunt-collector"};
  app.fallthrough();  // `import --db FILE ...` works as well as `--db FILE import ...`
  app.require_subcommand(0, 1);
  collector::ServerOptions options;
  std::string db, listen, token_file, surveys;
  app.add_option("--db", db, "the collector's SQLite database; created when missing")->required();
  app.add_option("--listen", listen, "HOST:PORT to listen on, e.g. 0.0.0.0:8443 (port 0: any free port)");
  app.add_option("--token-file", token_file, "file holding the bearer token the kiosks send");
  app.add_option("--tls-cert", options.tls_cert, "PEM certificate (chain): serve HTTPS")->check(CLI::ExistingFile);
  app.add_option("--tls-key", options.tls_key, "PEM private key of --tls-cert")->check(CLI::ExistingFile);
  app.add_option("--surveys", surveys,
                 "folder with the questionnaire files (<id>.json) for CSV exports (default: " +
                     collector::default_surveys_folder().string() + ")");
  auto* import = app.add_subcommand("import", "merge USB exports: export folders or their responses.jsonl, checked "
                                              "against manifest.json; importing twice adds nothing");
  std::vector<std::string> import_paths;
  import->add_option("EXPORT", import_paths, "export folder or responses.jsonl")->required();
  CLI11_PARSE(app, argc, argv);

  if (*import) return run_import(db, import_paths);
  options.db = db;
  options.surveys = surveys;
  return run_server(std::move(options), listen, token_file);
}
