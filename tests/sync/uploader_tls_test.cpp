// The uploader over HTTPS to the real collector with a self-signed certificate made for the
// test: it syncs when the configured CA file vouches for the collector, and refuses (sending
// nothing) when no CA does or the certificate names another host.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <thread>

#include <catch2/catch.hpp>

#include "collector/server.hpp"
#include "collector/store.hpp"
#include "sync/outbox.hpp"
#include "sync/uploader.hpp"
#include "tests/sync/support.hpp"

using namespace peilpunt;
using namespace peilpunt::sync;
using namespace peilpunt::sync::testing;

namespace {

constexpr const char* token = "tls-test-token";

// A self-signed certificate whose subjectAltName is `alt_names` (e.g. "IP:127.0.0.1"), as PEM.
void write_certificate(const fs::path& cert_file, const fs::path& key_file, const char* alt_names) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  REQUIRE(key);
  REQUIRE(cert);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("peilpunt test"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, alt_names}, std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    std::unique_ptr<X509_EXTENSION, decltype(&X509_EXTENSION_free)> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value),
                                                                       X509_EXTENSION_free);
    REQUIRE(ext);
    X509_add_ext(cert.get(), ext.get(), -1);
  }
  REQUIRE(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0);
  std::unique_ptr<FILE, decltype(&fclose)> k(fopen(key_file.c_str(), "w"), fclose), c(fopen(cert_file.c_str(), "w"), fclose);
  REQUIRE(PEM_write_PrivateKey(k.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
  REQUIRE(PEM_write_X509(c.get(), cert.get()) == 1);
}

struct TlsCollector {
  TempDir dir;
  fs::path cert = dir.path / "cert.pem", key = dir.path / "key.pem", db = dir.path / "collector.sqlite";
  std::unique_ptr<collector::Server> server;
  std::thread thread;

  explicit TlsCollector(const char* alt_names) {
    write_certificate(cert, key, alt_names);
    collector::ServerOptions o{.db = db, .host = "127.0.0.1", .port = 0, .token = token};
    o.tls_cert = cert.string();
    o.tls_key = key.string();
    server = std::make_unique<collector::Server>(o);
    thread = std::thread([this] { server->run(); });
    REQUIRE(server->wait_until_listening());
  }
  ~TlsCollector() {
    server->stop();
    thread.join();
  }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(server->port()); }
  std::int64_t stored() const { return collector::Store::open(db).count(); }
};

struct Queue {
  TempDir dir;
  fs::path file = dir.path / "outbox.sqlite";
  explicit Queue(int n) {
    Outbox outbox = Outbox::open(file);
    for (int i = 1; i <= n; ++i) outbox.commit(sample_envelope(i));
  }
  UploaderOptions options(const std::string& endpoint, const fs::path& ca_file) const {
    UploaderOptions o;
    o.outbox_file = file;
    o.endpoint = endpoint;
    o.token = token;
    o.ca_file = ca_file.string();
    o.connect_timeout_ms = 2000;
    o.timeout_ms = 5000;
    return o;
  }
};

}  // namespace

TEST_CASE("uploader tls: the collector's certificate as ca_file: synced over https", "[uploader][tls]") {
  TlsCollector collector("IP:127.0.0.1");
  Queue queue(3);
  Uploader uploader(queue.options(collector.url(), collector.cert));
  SyncStatus s = uploader.run_once();
  INFO(s.last_error);
  CHECK(s.state == SyncStatus::State::Idle);
  CHECK(Outbox::open(queue.file).counts().sent == 3);
  CHECK(collector.stored() == 3);
}

TEST_CASE("uploader tls: a certificate no CA vouches for is refused and nothing is sent", "[uploader][tls]") {
  TlsCollector collector("IP:127.0.0.1");
  Queue queue(3);
  Uploader uploader(queue.options(collector.url(), ""));  // the system's CAs do not know it
  SyncStatus s = uploader.run_once();
  CHECK(s.state == SyncStatus::State::Offline);
  CHECK_THAT(s.last_error, Catch::StartsWith(collector.url() + "/v1/responses: SSL peer certificate or SSH remote key "
                                                               "was not OK (curl error 60)"));
  CHECK(Outbox::open(queue.file).counts().pending == 3);
  CHECK(collector.stored() == 0);
}

TEST_CASE("uploader tls: a certificate for another host is refused even from a trusted CA", "[uploader][tls]") {
  TlsCollector collector("DNS:collector.example.nl");
  Queue queue(1);
  Uploader uploader(queue.options(collector.url(), collector.cert));
  SyncStatus s = uploader.run_once();
  CHECK(s.state == SyncStatus::State::Offline);
  CHECK_THAT(s.last_error, Catch::Contains("(curl error 60)"));
  CHECK_THAT(s.last_error, Catch::Contains("127.0.0.1"));
  CHECK(collector.stored() == 0);
}
