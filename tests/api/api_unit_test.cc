// In-process tests of the API's parts: the route table against
// docs/openapi.json (both ways), bearer tokens, listen addresses, metrics text.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>
#include <future>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "api/api_worker.h"
#include "api/bearer_auth.h"
#include "api/http_api.h"
#include "api/openapi_document.h"
#include "daemon/metrics.h"

namespace schedulight {
namespace {

using MethodAndPath = std::pair<std::string, std::string>;

std::set<MethodAndPath> OpenApiOperations() {
  const auto document = nlohmann::json::parse(OpenApiDocument());
  std::set<MethodAndPath> operations;
  for (const auto& [path, item] : document["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters") continue;
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      operations.insert({upper, path});
    }
  }
  return operations;
}

class RoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenStore("sqlite::memory:");
    ASSERT_TRUE(store);
    store_ = std::move(*store);
    api_ = std::make_unique<HttpApi>(
        ApiContext{*store_, config_, metrics_, [] { return FromUnixSeconds(0); }});
  }
  AppConfig config_;
  Metrics metrics_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<HttpApi> api_;
};

TEST_F(RoutesTest, EveryRouteIsInOpenApiAndViceVersa) {
  std::set<MethodAndPath> registered;
  for (const auto& route : api_->routes().routes()) {
    EXPECT_TRUE(registered.insert({route.method, route.path}).second)
        << "registered twice: " << route.method << " " << route.path;
  }
  const std::set<MethodAndPath> documented = OpenApiOperations();
  for (const auto& operation : registered) {
    EXPECT_TRUE(documented.contains(operation))
        << "not in docs/openapi.json: " << operation.first << " " << operation.second;
  }
  for (const auto& operation : documented) {
    EXPECT_TRUE(registered.contains(operation))
        << "documented but not served: " << operation.first << " " << operation.second;
  }
  EXPECT_EQ(registered.size(), 28u);  // SPEC 4.5: 28 method + path pairs
}

TEST_F(RoutesTest, OpenApiDocumentsAuthAndParameters) {
  const auto document = nlohmann::json::parse(OpenApiDocument());
  EXPECT_EQ(document["components"]["securitySchemes"]["bearerAuth"]["scheme"], "bearer");
  EXPECT_EQ(document["paths"]["/healthz"]["get"]["security"], nlohmann::json::array());
  for (const auto& route : api_->routes().routes()) {
    if (route.path.find('{') == std::string::npos) continue;
    const auto& item = document["paths"][route.path];
    std::set<std::string> names;
    for (const auto& parameter : item.value("parameters", nlohmann::json::array())) {
      names.insert(parameter["name"].get<std::string>());
    }
    for (const char* name : {"id", "step"}) {
      if (route.path.find(std::string("{") + name + "}") != std::string::npos) {
        EXPECT_TRUE(names.contains(name)) << route.path << " lacks parameter " << name;
      }
    }
  }
}

// Before: the server went, and its meetings failed with 400 every 60 s for ever.
TEST_F(RoutesTest, DeletingAServerInUseIsAConflictNamingItsMeetings) {
  ASSERT_TRUE(store_->Transact([](StoreSession& s) {
    s.PutServer({"bbb", nlohmann::json::object()});
    s.PutMeeting({.id = "m1", .server_id = "bbb", .document = {{"meetingName", "x"}}});
  }));
  auto match = api_->routes().Match("DELETE", "/servers/bbb");
  ASSERT_NE(match.route, nullptr);
  const ApiReply reply = match.route->handler({.method = "DELETE",
                                               .path = "/servers/bbb",
                                               .params = match.params,
                                               .query = {},
                                               .body = {}});
  EXPECT_EQ(reply.status, 409);
  EXPECT_NE(reply.body.find("m1"), std::string::npos) << reply.body;
  ASSERT_TRUE(store_->Transact([](StoreSession& s) { EXPECT_TRUE(s.FindServer("bbb")); }));
}

TEST_F(RoutesTest, AMeetingNamingAMissingTemplateIsABadRequestNamingTheField) {
  config_.timezone = FindTimeZone("Europe/Vienna");  // as a loaded config has it
  ASSERT_TRUE(store_->Transact([](StoreSession& s) {
    s.PutServer({"bbb", nlohmann::json::object()});
  }));
  auto match = api_->routes().Match("POST", "/meetings");
  ASSERT_NE(match.route, nullptr);
  nlohmann::json body = {{"id", "m1"},
                         {"meetingName", "Seminar"},
                         {"owner", {{"email", "a@example.org"}, {"fullName", "A"}}},
                         {"meetingInvitationInfoTemplate", "invitation.j2"}};
  ApiReply reply = match.route->handler(
      {.method = "POST", .path = "/meetings", .params = match.params, .query = {}, .body = body});
  EXPECT_EQ(reply.status, 400) << reply.body;
  EXPECT_NE(reply.body.find("meetingInvitationInfoTemplate"), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find("invitation.j2"), std::string::npos) << reply.body;
  ASSERT_TRUE(store_->Transact([](StoreSession& s) { EXPECT_FALSE(s.FindMeeting("m1")); }));

  body["meetingInvitationInfoTemplate"] = "meetingInvitationInfo";
  reply = match.route->handler(
      {.method = "POST", .path = "/meetings", .params = match.params, .query = {}, .body = body});
  EXPECT_EQ(reply.status, 201) << reply.body;
}

TEST_F(RoutesTest, MatchTellsNotFoundFromMethodNotAllowed) {
  const RouteTable& routes = api_->routes();
  auto found = routes.Match("PUT", "/meetings/m1/status/shareWith_a@example.org");
  ASSERT_NE(found.route, nullptr);
  EXPECT_EQ(found.route->path, "/meetings/{id}/status/{step}");
  EXPECT_EQ(found.params.at("id"), "m1");
  EXPECT_EQ(found.params.at("step"), "shareWith_a@example.org");

  auto head = routes.Match("HEAD", "/servers");
  ASSERT_NE(head.route, nullptr);
  EXPECT_EQ(head.route->method, "GET");

  auto wrong = routes.Match("PATCH", "/servers/bbb");
  EXPECT_EQ(wrong.route, nullptr);
  EXPECT_TRUE(wrong.path_exists);
  EXPECT_EQ(wrong.allowed, (std::vector<std::string>{"DELETE", "GET", "PUT"}));

  auto missing = routes.Match("GET", "/servers/bbb/extra");
  EXPECT_FALSE(missing.path_exists);
  EXPECT_FALSE(routes.Match("GET", "/calendarXics").path_exists);  // '.' is literal
}

TEST(BearerAuthTest, ComparesWholeTokens) {
  BearerAuth auth({"alpha-token", "beta"});
  EXPECT_TRUE(auth.enabled());
  EXPECT_TRUE(auth.Allows("Bearer alpha-token"));
  EXPECT_TRUE(auth.Allows("bearer beta"));
  EXPECT_TRUE(auth.Allows("BEARER  beta "));
  EXPECT_FALSE(auth.Allows("Bearer alpha"));
  EXPECT_FALSE(auth.Allows("Bearer alpha-token2"));
  EXPECT_FALSE(auth.Allows("Bearer "));
  EXPECT_FALSE(auth.Allows("Basic beta"));
  EXPECT_FALSE(auth.Allows("beta"));
  EXPECT_FALSE(auth.Allows(""));

  BearerAuth open({});
  EXPECT_FALSE(open.enabled());
  EXPECT_TRUE(open.Allows(""));
  EXPECT_FALSE(BearerAuth({""}).enabled());  // an empty token is no token
}

TEST(ListenAddressTest, ParsesAndClassifies) {
  auto v4 = ParseListenAddress("127.0.0.1:8008");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 8008);
  auto v6 = ParseListenAddress("[::1]:9000");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_FALSE(ParseListenAddress("8008"));
  EXPECT_FALSE(ParseListenAddress("host:80a"));
  EXPECT_FALSE(ParseListenAddress("host:70000"));
  EXPECT_FALSE(ParseListenAddress(":8008"));

  for (const char* host : {"127.0.0.1", "127.1.2.3", "::1", "localhost"}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
  }
  for (const char* host : {"0.0.0.0", "::", "192.168.1.10", "bbb.example.org", "128.0.0.1"}) {
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
  }
}

TEST(MetricsTest, RendersPrometheusTextWithStoreGauges) {
  auto store = OpenStore("sqlite::memory:");
  ASSERT_TRUE(store);
  ASSERT_TRUE((*store)->Transact([](StoreSession& s) {
    s.PutServer({"bbb", nlohmann::json::object()});
    s.PutMeeting({.id = "m1", .server_id = "bbb", .document = {{"meetingName", "x"}}});
    s.RecordStatus("m1", kMainStep, {FromUnixSeconds(1), 210, "started"});
    StoredMail mail;
    mail.kind = "roomShared";
    mail.recipient = "a@example.org";
    s.AddMail(mail);
  }));
  Metrics metrics;
  metrics.ObserveBbbCall("create", "ok", 0.02);
  metrics.ObserveBbbCall("create", "ok", 3);
  metrics.Add("custom_total", {{"label", "a\"b\\c\nd"}});
  const std::string text = metrics.Render(**store);
  for (const char* line :
       {"# TYPE schedulight_bbb_call_duration_seconds histogram",
        "schedulight_bbb_call_duration_seconds_bucket{call=\"create\",le=\"0.025\"} 1",
        "schedulight_bbb_call_duration_seconds_bucket{call=\"create\",le=\"5\"} 2",
        "schedulight_bbb_call_duration_seconds_bucket{call=\"create\",le=\"+Inf\"} 2",
        "schedulight_bbb_call_duration_seconds_count{call=\"create\"} 2",
        "schedulight_bbb_calls_total{call=\"create\",outcome=\"ok\"} 2",
        "custom_total{label=\"a\\\"b\\\\c\\nd\"} 1", "schedulight_meetings{status=\"210\"} 1",
        "schedulight_mails{state=\"queued\"} 1", "schedulight_mails{state=\"failed\"} 0",
        "schedulight_store_up 1"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
}

// An accept loop that fails at once must end the worker, not leave it
// waiting forever for the loop to run. Here the bound socket is shut down
// before the worker starts, so accept() fails at its first call.
TEST_F(RoutesTest, ApiWorkerReturnsWhenListeningFailsAtOnce) {
  auto port = api_->Bind({"127.0.0.1", 0});
  ASSERT_TRUE(port) << port.error();
  bool shut = false;
  for (int fd = 0; fd < 1024 && !shut; ++fd) {
    sockaddr_in address{};
    socklen_t length = sizeof(address);
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0 &&
        address.sin_family == AF_INET && ntohs(address.sin_port) == *port) {
      shut = ::shutdown(fd, SHUT_RDWR) == 0;
    }
  }
  ASSERT_TRUE(shut) << "the listening socket was not found";
  ApiWorker worker(std::move(api_));
  std::promise<void> returned;
  auto done = returned.get_future();
  std::jthread running([&](std::stop_token stop) {
    worker.Run(stop);
    returned.set_value();
  });
  if (done.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
    ADD_FAILURE() << "ApiWorker::Run still runs 5 s after its accept loop failed";
    std::fflush(nullptr);
    std::_Exit(1);  // the worker spins and never looks at its stop token
  }
}

}  // namespace
}  // namespace schedulight
