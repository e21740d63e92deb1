#include "stream/stream_runner.h"

#include <gtest/gtest.h>

#include "stream/shell_quote.h"

namespace schedulight {
namespace {

StreamTarget Target() {
  return {.streamer_host = "streamer.example.org",
          .bbb_url = "https://bbb.example.org/bigbluebutton/api/",
          .bbb_secret = "top-secret",
          .meeting_id = "abc'; rm -rf / #",
          .stream_url = "rtmp://media.example.org/live/key$(reboot)",
          .intro = ""};
}

TEST(ShellQuoteTest, QuotesEverythingVerbatim) {
  EXPECT_EQ(ShellQuote("plain"), "'plain'");
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(ShellQuote("$(x) `y` \"z\""), "'$(x) `y` \"z\"'");
}

TEST(StreamRunnerTest, ExpandsTheTemplateWithQuotedValues) {
  const auto argv =
      ExpandStreamArgv({"ssh", "root@{streamerHost}",
                        "cd BigBlueButton-liveStreaming && {env} docker compose up -d"},
                       Target());
  ASSERT_EQ(argv.size(), 3u);
  EXPECT_EQ(argv[1], "root@streamer.example.org");
  EXPECT_EQ(
      argv[2],
      "cd BigBlueButton-liveStreaming && BBB_URL='https://bbb.example.org/bigbluebutton/api/' "
      "BBB_SECRET='top-secret' BBB_MEETING_ID='abc'\\''; rm -rf / #' "
      "BBB_STREAM_URL='rtmp://media.example.org/live/key$(reboot)' docker compose up -d");
  EXPECT_EQ(DescribeStreamArgv(argv, Target()).find("top-secret"), std::string::npos);
}

TEST(StreamRunnerTest, IntroIsAddedWhenGiven) {
  StreamTarget target = Target();
  target.intro = "/video/5min.mp4";
  const auto argv = ExpandStreamArgv({"{env}"}, target);
  EXPECT_NE(argv[0].find(" BBB_INTRO='/video/5min.mp4'"), std::string::npos);
}

// The remote shell is simulated by a real local sh reading the same string:
// the values arrive verbatim and nothing is executed.
TEST(StreamRunnerTest, ValuesCannotInjectCommands) {
  StreamRunner runner({"sh", "-c", "{env} env | grep ^BBB_ | sort"}, {"true"});
  auto result = runner.Start(Target());
  ASSERT_TRUE(result) << result.error();
  EXPECT_NE(result->output.find("BBB_MEETING_ID=abc'; rm -rf / #\n"), std::string::npos)
      << result->output;
  EXPECT_NE(result->output.find("BBB_STREAM_URL=rtmp://media.example.org/live/key$(reboot)\n"),
            std::string::npos);
  EXPECT_NE(result->output.find("BBB_SECRET=***"), std::string::npos);  // redacted in output
}

TEST(StreamRunnerTest, FailureCarriesExitCodeAndOutput) {
  StreamRunner runner({"sh", "-c", "echo cannot reach {streamerHost} >&2; exit 3"}, {"true"});
  auto result = runner.Start(Target());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), "'sh' exited with 3; output: cannot reach streamer.example.org\n");
}

TEST(StreamRunnerTest, MissingProgramIsAnError) {
  StreamRunner runner({"/nonexistent/streamer-tool"}, {"true"});
  auto result = runner.Start(Target());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("cannot run '/nonexistent/streamer-tool'"), std::string::npos);
}

TEST(StreamRunnerTest, HangingProgramIsStoppedAtTheTimeout) {
  StreamRunner runner({"sleep", "30"}, {"true"}, std::chrono::seconds(1));
  auto result = runner.Start(Target());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("did not finish within 1 s"), std::string::npos);
  EXPECT_TRUE(runner.Stop(Target()));
}

TEST(StreamRunnerTest, AStopRequestEndsTheProgramAtOnce) {
  StreamRunner runner({"sleep", "30"}, {"true"});
  std::stop_source stop;
  stop.request_stop();
  const auto started = std::chrono::steady_clock::now();
  auto result = runner.Start(Target(), stop.get_token());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("shutting down"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

}  // namespace
}  // namespace schedulight
