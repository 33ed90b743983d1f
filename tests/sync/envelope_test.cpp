// sync::Envelope: the fixed envelope of docs/PROTOCOL.md survives JSON both ways, and a damaged one is
// refused with the field named (the collector and USB imports rely on this).
#include <catch2/catch.hpp>

#include "sync/envelope.hpp"

using peilpunt::sync::Envelope;
using peilpunt::sync::Json;

namespace {

Json valid() {
  return Json::parse(R"json({"id":"3f2c1a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c","seq":42,
    "survey":{"id":"jeugdakkoord-midden-drenthe","version":"2026-1","hash":"sha256:ab"},
    "device":"tablet-03","event":"Kenniscafé Beilen","locale":"nl",
    "started_at":"2026-11-23T09:59:12+01:00","completed_at":"2026-11-23T10:02:40+01:00",
    "status":"complete","data":{"rol":"jongere","themas":["sport","school"],"cijfer":4}})json");
}

std::string refusal(Json j) {
  try {
    Envelope::from_json(j);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("an envelope survives JSON both ways, field for field and in DESIGN.md's order") {
  Json j = valid();
  CHECK(Envelope::from_json(j).to_json() == j);
  CHECK(Envelope::from_json(j).to_json().dump() == j.dump());
}

TEST_CASE("a damaged envelope is refused with the field named") {
  Json j = valid();
  j.erase("device");
  CHECK(refusal(j) == "envelope field \"device\" must be a string");
  j = valid();
  j["seq"] = 0;
  CHECK(refusal(j) == "envelope field \"seq\" must be a whole number from 1");
  j = valid();
  j["id"] = "";
  CHECK(refusal(j) == "envelope field \"id\" must be a UUID");
  j = valid();
  j["status"] = "partial";
  CHECK(refusal(j) == "envelope field \"status\" must be \"complete\"");
  j = valid();
  j["data"] = Json::array();
  CHECK(refusal(j) == "envelope field \"data\" must be an object");
}

TEST_CASE("new ids are distinct UUID v4s") {
  std::string a = peilpunt::sync::new_uuid_v4(), b = peilpunt::sync::new_uuid_v4();
  CHECK(a != b);
  CHECK(a.size() == 36);
  CHECK(a[14] == '4');
  CHECK((a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b'));
}
