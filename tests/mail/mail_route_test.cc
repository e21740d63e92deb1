#include "mail/mail_route.h"

#include <gtest/gtest.h>

namespace schedulight {
namespace {

struct RouteCase {
  const char* name;
  nlohmann::json recipient, meeting, server, app;
  bool send;
  const char* decided_by;
  const char* from;
  const char* from_name;
  const char* to;
  const char* to_name;
};

MailRouteInput Input(const RouteCase& c) {
  return MailRouteInput{.recipient = {"anna@example.org", "Anna"},
                        .recipient_level = ReadMailOverrides(c.recipient),
                        .meeting = ReadMailOverrides(c.meeting),
                        .server = ReadMailOverrides(c.server),
                        .app = ReadMailOverrides(c.app),
                        .owner = MailPerson{"owner@example.org", "Olga Owner"}};
}

TEST(MailRouteTest, OverrideChain) {
  using J = nlohmann::json;
  const std::vector<RouteCase> cases = {
      {"nothing set: no mail, owner is sender", J::object(), J::object(), J::object(), J::object(),
       false, "default", "owner@example.org", "Olga Owner", "anna@example.org", "Anna"},
      {"server switches on",
       J::object(),
       J::object(),
       {{"send_emails", true}},
       J::object(),
       true,
       "server",
       "owner@example.org",
       "Olga Owner",
       "anna@example.org",
       "Anna"},
      {"meeting beats server",
       J::object(),
       {{"send_emails", false}},
       {{"send_emails", true}},
       J::object(),
       false,
       "meeting",
       "owner@example.org",
       "Olga Owner",
       "anna@example.org",
       "Anna"},
      {"recipient beats meeting",
       {{"send_emails", true}},
       {{"send_emails", false}},
       J::object(),
       J::object(),
       true,
       "recipient",
       "owner@example.org",
       "Olga Owner",
       "anna@example.org",
       "Anna"},
      {"app is the last word",
       J::object(),
       J::object(),
       J::object(),
       {{"send_emails", true}},
       true,
       "app",
       "owner@example.org",
       "Olga Owner",
       "anna@example.org",
       "Anna"},
      {"server sender",
       J::object(),
       J::object(),
       {{"send_emails", true}, {"mailFrom", "zid@example.org"}, {"mailFromName", "ZID"}},
       J::object(),
       true,
       "server",
       "zid@example.org",
       "ZID",
       "anna@example.org",
       "Anna"},
      {"meeting sender beats server sender",
       J::object(),
       {{"mailFrom", "event@example.org"}},
       {{"send_emails", true}, {"mailFrom", "zid@example.org"}, {"mailFromName", "ZID"}},
       J::object(),
       true,
       "server",
       "event@example.org",
       "ZID",
       "anna@example.org",
       "Anna"},
      {"server redirect keeps the recipient's name",
       J::object(),
       J::object(),
       {{"send_emails", true}, {"mailTo", "test@example.org"}},
       J::object(),
       true,
       "server",
       "owner@example.org",
       "Olga Owner",
       "test@example.org",
       "Anna"},
      {"meeting redirect with name beats server redirect",
       J::object(),
       {{"mailTo", "m@example.org"}, {"mailToName", "Meeting Test"}},
       {{"send_emails", true}, {"mailTo", "s@example.org"}, {"mailToName", "Server Test"}},
       J::object(),
       true,
       "server",
       "owner@example.org",
       "Olga Owner",
       "m@example.org",
       "Meeting Test"},
      {"wrong types and empty strings are unset",
       {{"send_emails", "yes"}},
       {{"mailFrom", ""}, {"send_emails", 1}},
       {{"send_emails", true}, {"mailTo", 5}},
       J::object(),
       true,
       "server",
       "owner@example.org",
       "Olga Owner",
       "anna@example.org",
       "Anna"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto route = ResolveMailRoute(Input(c));
    ASSERT_TRUE(route) << route.error();
    EXPECT_EQ(route->send, c.send);
    EXPECT_EQ(route->send_decided_by, c.decided_by);
    EXPECT_EQ(route->from.email, c.from);
    EXPECT_EQ(route->from.name, c.from_name);
    EXPECT_EQ(route->to.email, c.to);
    EXPECT_EQ(route->to.name, c.to_name);
    EXPECT_EQ(route->redirected, std::string(c.to) != "anna@example.org");
  }
}

TEST(MailRouteTest, SendingWithoutAnySenderIsAnError) {
  MailRouteInput input{.recipient = {"anna@example.org", "Anna"},
                       .server = ReadMailOverrides({{"send_emails", true}})};
  EXPECT_FALSE(ResolveMailRoute(input));
  input.server.send_emails = false;
  EXPECT_TRUE(ResolveMailRoute(input));  // nothing is sent, so no sender is needed
}

}  // namespace
}  // namespace schedulight
