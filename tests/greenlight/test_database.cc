#include "test_database.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>

namespace schedulight::testing {
namespace {

std::string ReadFixture(int version) {
  const std::string path = std::string(SCHEDULIGHT_SOURCE_DIR) + "/tests/fixtures/greenlight/v" +
                           std::to_string(version) + "-schema.sql";
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string AdminUrl() {
  std::string why;
  auto url = TestServerUrl(&why);
  if (!url) throw std::runtime_error(why);
  return *url;
}

// Database names carry this process's id, so test binaries that ctest runs
// in parallel never share (and drop) each other's databases. They are quoted
// as identifiers; nothing else goes into the statements.
std::string DatabaseName(const char* kind, int version) {
  return "schedulight_gl_" + std::to_string(::getpid()) + "_" + kind + "_v" +
         std::to_string(version);
}

void CreateTemplate(pqxx::connection& admin, const std::string& admin_url, int version) {
  const std::string name = DatabaseName("template", version);
  pqxx::nontransaction t(admin);
  t.exec("DROP DATABASE IF EXISTS " + admin.quote_name(name) + " WITH (FORCE)");
  t.exec("CREATE DATABASE " + admin.quote_name(name));
  t.commit();
  pqxx::connection connection(WithDatabase(admin_url, name));
  pqxx::nontransaction load(connection);
  load.exec(ReadFixture(version));
}

}  // namespace

std::optional<std::string> TestServerUrl(std::string* why) {
  const char* url = std::getenv("SCHEDULIGHT_TEST_PG_URL");
  if (url == nullptr || *url == '\0') {
    *why =
        "SCHEDULIGHT_TEST_PG_URL is not set: these tests need the PostgreSQL that "
        "scripts/test.sh starts (scripts/services/postgres.sh). Run scripts/test.sh, or source "
        "scripts/test-services.sh and call start_test_services first.";
    return std::nullopt;
  }
  return std::string(url);
}

std::string WithDatabase(const std::string& url, const std::string& database) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) throw std::runtime_error("not a postgresql:// URL");
  const std::size_t query = url.find('?', scheme + 3);
  const std::size_t slash = url.find('/', scheme + 3);
  std::string base = url.substr(0, std::min(slash, query));
  const std::string rest = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + database + rest;
}

std::string FreshGreenlightDatabase(int version) {
  static std::mutex mutex;
  static std::set<int> templates;
  std::lock_guard lock(mutex);
  const std::string admin_url = AdminUrl();
  try {
    pqxx::connection admin(admin_url);
    if (!templates.contains(version)) {
      CreateTemplate(admin, admin_url, version);
      templates.insert(version);
    }
    pqxx::nontransaction t(admin);
    t.exec("DROP DATABASE IF EXISTS " + admin.quote_name(DatabaseName("test", version)) +
           " WITH (FORCE)");
    t.exec("CREATE DATABASE " + admin.quote_name(DatabaseName("test", version)) + " TEMPLATE " +
           admin.quote_name(DatabaseName("template", version)));
  } catch (const pqxx::broken_connection& e) {
    throw std::runtime_error("cannot reach the test PostgreSQL at " + admin_url + ": " + e.what());
  }
  return WithDatabase(admin_url, DatabaseName("test", version));
}

}  // namespace schedulight::testing
