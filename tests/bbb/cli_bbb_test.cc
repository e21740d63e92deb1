// End to end: the bbb-sim binary as a child process on a free port, and the
// schedulight binary's `meetings running|find` and `server check` against it,
// as an admin would run them. Processes are spawned with argv (no shell).

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bbb/bbb_client.h"

extern char** environ;

namespace schedulight {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSecret = "cli-test-secret";

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs argv to completion with stdout and stderr captured in files.
ProcessResult RunProcess(const std::vector<std::string>& args, const fs::path& dir) {
  const fs::path out = dir / "out.txt";
  const fs::path err = dir / "err.txt";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> argv;
  for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  ProcessResult result;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  result.out = ReadFile(out);
  result.err = ReadFile(err);
  return result;
}

// bbb-sim as a child process; stopped with SIGTERM in the destructor.
class SimProcess {
 public:
  explicit SimProcess(const fs::path& dir) {
    const std::string binary = std::string(SCHEDULIGHT_BINARY_DIR) + "/bbb-sim";
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    const std::string log = (dir / "sim.log").string();
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> args = {binary, "--listen", "127.0.0.1:0", "--secret", kSecret};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0) pid_ = 0;
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    // The documented first line: "bbb-sim listening on http://HOST:PORT/bigbluebutton/api/".
    std::string line;
    char c;
    while (read(pipe_fds[0], &c, 1) == 1 && c != '\n') line.push_back(c);
    close(pipe_fds[0]);
    const std::string prefix = "bbb-sim listening on ";
    if (line.starts_with(prefix)) api_url_ = line.substr(prefix.size());
  }
  ~SimProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }
  const std::string& api_url() const { return api_url_; }

 private:
  pid_t pid_ = 0;
  std::string api_url_;
};

class CliBbbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("schedulight-cli-bbb-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    sim_ = std::make_unique<SimProcess>(dir_);
    ASSERT_FALSE(sim_->api_url().empty()) << ReadFile(dir_ / "sim.log");
    std::ofstream(dir_ / "schedulight.yml")
        << "store: sqlite:" << (dir_ / "store.db").string() << "\nlog: {level: warn}\n";
    std::ofstream(dir_ / "config.yml") << "# servers for the test\n"
                                       << "servers:\n"
                                       << "  bbb:\n"
                                       << "    BBB_URL: " << sim_->api_url() << "\n"
                                       << "    BBB_SECRET: " << kSecret << "\n"
                                       << "    checksumAlgorithm: sha256\n"
                                       << "    greenlight: false\n"
                                       << "  wrong:\n"
                                       << "    BBB_URL: " << sim_->api_url() << "\n"
                                       << "    BBB_SECRET: not-the-secret\n"
                                       << "  down:\n"
                                       << "    BBB_URL: http://127.0.0.1:1/bigbluebutton/\n"
                                       << "    BBB_SECRET: x\n";
    ASSERT_EQ(Schedulight({"apply", (dir_ / "config.yml").string()}).exit_code, 0);
    auto client = BbbClient::Create({.bbb_url = sim_->api_url(), .secret = kSecret});
    ASSERT_TRUE(client);
    ASSERT_TRUE(client->CreateMeeting({.meeting_id = "lecture-1", .name = "Vorlesung Mathematik"}));
  }
  void TearDown() override {
    sim_.reset();
    fs::remove_all(dir_);
  }

  ProcessResult Schedulight(std::vector<std::string> args) {
    args.insert(args.begin(), {std::string(SCHEDULIGHT_BINARY_DIR) + "/schedulight", "--config",
                               (dir_ / "schedulight.yml").string()});
    return RunProcess(args, dir_);
  }

  fs::path dir_;
  std::unique_ptr<SimProcess> sim_;
};

TEST_F(CliBbbTest, MeetingsRunning) {
  ProcessResult text = Schedulight({"meetings", "running"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Vorlesung Mathematik"), std::string::npos);
  EXPECT_NE(text.out.find("meetingID:        lecture-1"), std::string::npos);
  ProcessResult json = Schedulight({"meetings", "running", "-s", "bbb", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto list = nlohmann::json::parse(json.out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["meetingID"], "lecture-1");
  EXPECT_EQ(list[0]["participantCount"], 0);
  // sha256 checksums: 64 hex digits at the end of the URL.
  const std::string url = list[0]["moderatorJoinUrl"];
  EXPECT_EQ(url.size() - url.rfind("checksum=") - 9, 64u) << url;
}

TEST_F(CliBbbTest, MeetingsFindAndStore) {
  ProcessResult found = Schedulight(
      {"meetings", "find", "MATHE", "--store", (dir_ / "config.yml").string(), "--json"});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  auto json = nlohmann::json::parse(found.out);
  EXPECT_EQ(json["meetingName"], "Vorlesung Mathematik");
  EXPECT_NE(
      json["directWithMicJoinUrl"].get<std::string>().find("userdata-bbb_auto_join_audio=true"),
      std::string::npos);
  const std::string file = ReadFile(dir_ / "config.yml");
  EXPECT_NE(file.find("# servers for the test"), std::string::npos);
  EXPECT_NE(file.find("meetingName: \"Vorlesung Mathematik\""), std::string::npos) << file;

  // No match is not an error (exit 0), as for every list and search.
  ProcessResult missing = Schedulight({"meetings", "find", "Physik"});
  EXPECT_EQ(missing.exit_code, 0) << missing.err;
  EXPECT_EQ(missing.out, "No meeting on server 'bbb' has 'Physik' in its name.\n");
  ProcessResult missing_json = Schedulight({"meetings", "find", "Physik", "--json"});
  EXPECT_EQ(missing_json.exit_code, 0) << missing_json.err;
  EXPECT_TRUE(nlohmann::json::parse(missing_json.out).is_null()) << missing_json.out;
}

TEST_F(CliBbbTest, ErrorsAreOneLineAndExitOne) {
  ProcessResult unknown = Schedulight({"meetings", "running", "-s", "nope"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("unknown server 'nope'"), std::string::npos);
  ProcessResult wrong = Schedulight({"meetings", "running", "-s", "wrong"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("BBB_SECRET or checksumAlgorithm is wrong"), std::string::npos);
  EXPECT_EQ(wrong.err.find("not-the-secret"), std::string::npos);
  ProcessResult down = Schedulight({"meetings", "find", "x", "-s", "down"});
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_NE(down.err.find("unreachable"), std::string::npos);
  for (const auto* result : {&unknown, &wrong, &down}) {
    EXPECT_EQ(std::ranges::count(result->err, '\n'), 1) << result->err;
  }
}

TEST_F(CliBbbTest, ServerCheck) {
  ProcessResult ok = Schedulight({"server", "check", "bbb"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("sha256 checksum accepted"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("skipped  greenlight.schema  no Greenlight on this server"),
            std::string::npos)
      << ok.out;
  ProcessResult wrong = Schedulight({"server", "check", "wrong", "--json"});
  EXPECT_EQ(wrong.exit_code, 1);
  auto json = nlohmann::json::parse(wrong.out);
  EXPECT_EQ(json["ok"], false);
  EXPECT_EQ(json["steps"][1]["outcome"], "FAILED");
  ProcessResult unknown = Schedulight({"server", "check", "nope"});
  EXPECT_EQ(unknown.exit_code, 1);
}

}  // namespace
}  // namespace schedulight
