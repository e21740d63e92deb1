#include "api/daemon_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace schedulight::testing {
namespace {

int ExitCodeOf(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

int FreeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

DaemonProcess::DaemonProcess(std::string name) {
  dir_ = std::filesystem::temp_directory_path() /
         ("schedulight-api-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  port_ = FreeLoopbackPort();
  WriteConfig(DefaultConfig());
}

DaemonProcess::~DaemonProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  std::filesystem::remove_all(dir_);
}

std::string DaemonProcess::DefaultConfig() const {
  return "store: " + store_url() +
         "\ntimezone: Europe/Vienna\nlog: {level: info}\n"
         "api:\n  listen: 127.0.0.1:" +
         std::to_string(port_) + "\n  tokens: [" + kTestToken + "]\n  max_body_bytes: 4096\n";
}

void DaemonProcess::WriteConfig(const std::string& app_config) { Write("app.yml", app_config); }

std::string DaemonProcess::Write(const std::string& name, const std::string& text) const {
  std::ofstream(dir_ / name, std::ios::binary) << text;
  return (dir_ / name).string();
}

std::string DaemonProcess::Stderr() const {
  std::ifstream in(dir_ / "stderr.log", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool DaemonProcess::Spawn(const std::vector<std::string>& run_args) {
  std::vector<std::string> argv = {SCHEDULIGHT_BINARY, "--config", (dir_ / "app.yml").string(),
                                   "run"};
  argv.insert(argv.end(), run_args.begin(), run_args.end());
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  const std::string out = (dir_ / "stdout.log").string(), err = (dir_ / "stderr.log").string();
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> args;
  for (auto& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  const int spawned = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) pid_ = -1;
  return spawned == 0;
}

bool DaemonProcess::Start(const std::vector<std::string>& run_args) {
  if (!Spawn(run_args)) return false;
  auto client = Client(false);
  client->set_connection_timeout(std::chrono::milliseconds(200));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    if (auto res = client->Get("/api/v1/healthz"); res && res->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

int DaemonProcess::RunToEnd(const std::vector<std::string>& run_args, std::chrono::seconds limit) {
  if (!Spawn(run_args)) return -1;
  return Stop(0, std::chrono::duration_cast<std::chrono::milliseconds>(limit)).value_or(-1);
}

std::optional<int> DaemonProcess::Stop(int signal, std::chrono::milliseconds limit,
                                       std::chrono::milliseconds* took) {
  if (pid_ <= 0) return std::nullopt;
  const auto started = std::chrono::steady_clock::now();
  if (signal != 0) ::kill(pid_, signal);
  while (std::chrono::steady_clock::now() - started < limit) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      if (took != nullptr) {
        *took = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - started);
      }
      return ExitCodeOf(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

std::unique_ptr<httplib::Client> DaemonProcess::Client(bool with_token) const {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
  client->set_read_timeout(std::chrono::seconds(10));
  if (with_token) client->set_bearer_token_auth(kTestToken);
  return client;
}

}  // namespace schedulight::testing
