// schedulight demo [--dir DIR]
// The first thing a newcomer runs: the whole daemon on a throw-away SQLite
// store, with the BBB simulator (bbb-sim, installed beside schedulight) and a
// local mail sink (Debian's aiosmtpd) as child processes, a few sample
// meetings, and a log that says what happens. Ctrl-C stops everything.

#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "api/api_worker.h"
#include "cli/child_process.h"
#include "cli/cli_context.h"
#include "core/start_date.h"
#include "daemon/claim_keeper.h"
#include "daemon/daemon.h"
#include "daemon/worker_factory.h"
#include "store/store_lock.h"

namespace schedulight {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A free TCP port on 127.0.0.1 (the kernel picks it; it stays free for a moment).
int FreeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

bool WaitForPort(int port, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    if (up) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

std::string RandomHex(std::size_t length) {
  std::random_device random;
  std::string text;
  while (text.size() < length) text += fmt::format("{:08x}", random());
  return text.substr(0, length);
}

std::string IsoIn(std::chrono::seconds from_now) {
  const auto at = std::chrono::time_point_cast<std::chrono::minutes>(
      std::chrono::system_clock::now() + from_now);
  return FormatUtc(std::chrono::time_point_cast<std::chrono::seconds>(at));
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string AppConfigText(const fs::path& dir, int api_port, const std::string& token) {
  return fmt::format(
      "# Written by `schedulight demo`.\n"
      "store: sqlite:{}/demo.db\n"
      "api:\n  listen: 127.0.0.1:{}\n  tokens: [{}]\n"
      "log: {{level: info}}\n",
      dir.string(), api_port, token);
}

std::string DataFileText(int sim_port, const std::string& secret, std::optional<int> smtp_port) {
  std::string mail = "    send_emails: false\n";
  if (smtp_port) {
    mail = fmt::format(
        "    send_emails: true\n    mailFrom: demo@schedulight.example\n"
        "    mailFromName: scheduLight demo\n    mailServer: smtp://127.0.0.1:{}\n"
        "    mailTLS: none\n",
        *smtp_port);
  }
  return fmt::format(
      "# Written by `schedulight demo`. Edit it while the demo runs: it is applied again\n"
      "# whenever it changes (`schedulight run --watch`).\n"
      "servers:\n"
      "  bbb:\n"
      "    BBB_URL: http://127.0.0.1:{}/bigbluebutton/api\n"
      "    BBB_SECRET: {}\n"
      "    greenlight: false      # the demo has no Greenlight: meetings run on BBB alone\n"
      "{}"
      "meetings:\n"
      "  welcome-now:\n"
      "    meetingName: Welcome to scheduLight\n"
      "    owner: {{email: owner@schedulight.example, fullName: Olga Owner}}\n"
      "    useHomeRoom: true\n"
      "    welcome: This meeting was created by scheduLight right away (no startDate).\n"
      "    shareWith: {{co-host@schedulight.example: Carla Co-Host}}\n"
      "  starts-soon:\n"
      "    meetingName: Stand-up in two minutes\n"
      "    owner: {{email: owner@schedulight.example, fullName: Olga Owner}}\n"
      "    useHomeRoom: true\n"
      "    startDate: {}\n"
      "    preOpenMinutes: 1\n"
      "    endAfterMinutes: 3\n"
      "    reminderMinutes: 1\n"
      "    bannerText: Starts at __startDate__\n"
      "    sendInvitationLink: {{guest@schedulight.example: Gustav Guest}}\n"
      "    sendModeratorLink: {{moderator@schedulight.example: Mia Moderator}}\n",
      sim_port, secret, mail, IsoIn(2min));
}

// Joins a fake participant to the first meeting after a while, so the log shows
// the step from "nobody joined" (210) to "users joined" (220).
void JoinLater(int sim_port, std::stop_token stop) {
  std::mutex mutex;
  std::condition_variable_any wake;
  std::unique_lock lock(mutex);
  wake.wait_for(lock, stop, 20s, [] { return false; });
  if (stop.stop_requested()) return;
  httplib::Client sim("127.0.0.1", sim_port);
  if (auto answer =
          sim.Post("/sim/meetings/schedulight-welcome-now/attendees",
                   "fullName=Demo+Guest&role=VIEWER", "application/x-www-form-urlencoded");
      answer && answer->status == 200) {
    fmt::print(stderr, "\n[demo] A fake participant \"Demo Guest\" joined 'welcome-now'.\n\n");
  }
}

void PrintGuide(const fs::path& dir, int sim_port, int api_port, const std::string& token,
                bool mail_sink) {
  const std::string self = (fs::path(ExecutableDirectory()) / "schedulight").string();
  const std::string cli = fmt::format("{} --config {}/schedulight.yml", self, dir.string());
  fmt::print(stderr,
             "\n"
             "scheduLight demo is running. Everything lives in {0}; Ctrl-C stops it all.\n"
             "\n"
             "  BBB simulator  http://127.0.0.1:{1}/bigbluebutton/api/\n"
             "  REST API       http://127.0.0.1:{2}/api/v1   (token {3})\n"
             "  mail sink      {4}\n"
             "  data file      {0}/demo.yml   (edit it: it is applied again on every change)\n"
             "\n"
             "What happens now:\n"
             "  - 'welcome-now' has no start date: it is created on the simulator at once;\n"
             "    in 20 s a fake participant joins and its status goes from 210 to 220.\n"
             "  - 'starts-soon' waits for its start date, pre-opens a minute before it,\n"
             "    reminds its owner, starts on time and is ended three minutes later.\n"
             "  - invitations, moderator links and share notices go out as mails.\n"
             "\n"
             "Look at it:\n"
             "  {5} meeting list\n"
             "  {5} meeting status starts-soon\n"
             "  {5} mail list\n"
             "  curl -H 'Authorization: Bearer {3}' http://127.0.0.1:{2}/api/v1/meetings\n"
             "  curl http://127.0.0.1:{2}/api/v1/healthz\n"
             "\n",
             dir.string(), sim_port, api_port, token,
             mail_sink ? (dir / "mails.txt").string() + " (every mail, as received)"
                       : "none (install python3-aiosmtpd); mails stay queued",
             cli);
}

std::string PythonForSink() {
  return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

bool SinkAvailable(const fs::path& dir) {
  auto probe = ChildProcess::Start({PythonForSink(), "-c", "import aiosmtpd"},
                                   (dir / "mail-sink.log").string());
  if (!probe) return false;
  for (int i = 0; i < 100 && probe->Running(); ++i) std::this_thread::sleep_for(50ms);
  // Start() gives no exit code; a failed import writes a traceback to the log.
  std::ifstream log(dir / "mail-sink.log");
  std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  return text.find("Error") == std::string::npos;
}

int RunDemo(CliContext& context, const std::string& dir_option) {
  BlockStopSignals();  // before anything starts a thread
  fs::path dir = dir_option;
  if (dir.empty()) {
    std::string pattern = (fs::temp_directory_path() / "schedulight-demo-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      fmt::print(stderr, "error: cannot create a temporary directory\n");
      return kExitFailed;
    }
    dir = pattern;
  }
  fs::create_directories(dir);
  const fs::path simulator = fs::path(ExecutableDirectory()) / "bbb-sim";
  if (!fs::exists(simulator)) {
    fmt::print(stderr,
               "error: {} not found: the demo needs the BBB simulator built beside schedulight\n",
               simulator.string());
    return kExitFailed;
  }

  const std::string secret = RandomHex(32);
  const std::string token = RandomHex(24);
  const int sim_port = FreeLoopbackPort();
  const int api_port = FreeLoopbackPort();
  auto sim = ChildProcess::Start(
      {simulator.string(), "--listen", fmt::format("127.0.0.1:{}", sim_port), "--secret", secret},
      (dir / "bbb-sim.log").string());
  if (!sim || !WaitForPort(sim_port, 10s)) {
    fmt::print(stderr, "error: the BBB simulator did not start (see {})\n",
               (dir / "bbb-sim.log").string());
    return kExitFailed;
  }
  std::optional<int> smtp_port;
  std::optional<ChildProcess> sink;
  if (SinkAvailable(dir)) {
    const int port = FreeLoopbackPort();
    auto started = ChildProcess::Start(
        {PythonForSink(), "-m", "aiosmtpd", "-n", "-l", fmt::format("127.0.0.1:{}", port)},
        (dir / "mails.txt").string());
    if (started && WaitForPort(port, 10s)) {
      sink.emplace(std::move(*started));
      smtp_port = port;
    }
  }

  WriteFile(dir / "schedulight.yml", AppConfigText(dir, api_port, token));
  WriteFile(dir / "demo.yml", DataFileText(sim_port, secret, smtp_port));
  context.config_path = (dir / "schedulight.yml").string();
  const AppConfig& config = context.Config();
  // Every part runs here; the locks are held until the demo ends.
  auto store_lock = StoreLock::AcquireParts(config.store, {"api", "meetings", "commands", "mail"});
  if (!store_lock) {
    fmt::print(stderr, "error: {}\n", store_lock.error());
    return kExitFailed;
  }
  Store& store = context.OpenedStore();
  Metrics metrics;
  const WorkerEnvironment environment{store, config, NewWorkerId(), metrics,
                                      SqliteStorePath(config.store).has_value()};
  const ApiContext api{store, config, metrics, SystemClock()};

  std::vector<std::expected<std::unique_ptr<Worker>, std::string>> parts;
  parts.push_back(MakeApiWorker(api));
  parts.push_back(MakeMeetingWorker(environment));
  parts.push_back(MakeCommandWorker(environment));
  parts.push_back(MakeMailWorker(environment, {}));
  parts.push_back(MakeWatchWorker(environment, (dir / "demo.yml").string()));
  parts.push_back(MakeClaimKeeper(environment));
  std::vector<std::unique_ptr<Worker>> workers;
  for (auto& part : parts) {
    if (!part) {
      fmt::print(stderr, "error: {}\n", part.error());
      return kExitFailed;
    }
    workers.push_back(std::move(*part));
  }
  PrintGuide(dir, sim_port, api_port, token, smtp_port.has_value());
  std::jthread joiner([sim_port](std::stop_token stop) { JoinLater(sim_port, stop); });
  const int code = RunDaemon(std::move(workers));
  joiner.request_stop();
  fmt::print(stderr, "\nDemo stopped. Its files stay in {} (delete the directory when done).\n",
             dir.string());
  return code;
}

}  // namespace

void AddDemoCommand(CLI::App& app, CliContext& context) {
  auto dir = std::make_shared<std::string>();
  CLI::App* demo = app.add_subcommand(
      "demo",
      "Run a self-contained demo: the daemon on a temporary store with the BBB simulator and a "
      "mail sink, and sample meetings that start within minutes. Ctrl-C stops it.");
  demo->add_option("--dir", *dir,
                   "Keep the demo's files here (default: a new temporary directory)");
  demo->callback(
      [&context, dir] { context.run = [&context, dir] { return RunDemo(context, *dir); }; });
}

}  // namespace schedulight
