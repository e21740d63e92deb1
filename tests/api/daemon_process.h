#pragma once
// `schedulight run` as a real process for the API tests: a temp directory
// with an app config and an SQLite store, the daemon on a free loopback port,
// an HTTP client for it, and signals to stop it. No shell anywhere.

#include <httplib.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace schedulight::testing {

inline constexpr const char* kTestToken = "test-token-7f3a9c";

// A loopback port nobody listens on right now.
int FreeLoopbackPort();

class DaemonProcess {
 public:
  // A fresh temp directory named after name, a free port and DefaultConfig().
  explicit DaemonProcess(std::string name);
  ~DaemonProcess();  // kills the daemon if still running, removes the directory

  // Replaces the app config.
  void WriteConfig(const std::string& app_config);
  // The default config: store in the temp dir, kTestToken, a 4096-byte body limit, the port.
  std::string DefaultConfig() const;

  // Starts `schedulight --config app.yml run <args>`; returns after
  // GET /healthz answers 200 (false when it did not within 10 s, or the
  // process ended).
  bool Start(const std::vector<std::string>& run_args = {"--only", "api"});
  // Starts `schedulight --config app.yml run <args>` and returns at once,
  // false when it could not be started (for parts without the API, which
  // have no health check to wait for). Each start truncates Stderr().
  bool Launch(const std::vector<std::string>& run_args) { return Spawn(run_args); }
  // Starts and waits for the process to end by itself; returns its exit code.
  int RunToEnd(const std::vector<std::string>& run_args, std::chrono::seconds limit);

  // Sends signal, waits up to limit; returns the exit code (128+signal if
  // killed by one), or nullopt when it is still running after limit.
  std::optional<int> Stop(int signal, std::chrono::milliseconds limit,
                          std::chrono::milliseconds* took = nullptr);

  // A client for the daemon; authorized with kTestToken unless with_token is false.
  std::unique_ptr<httplib::Client> Client(bool with_token = true) const;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }  // -1 when not running
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::filesystem::path& dir() const { return dir_; }
  std::string store_url() const { return "sqlite:" + (dir_ / "state.db").string(); }
  std::string Stderr() const;  // what the daemon logged so far
  std::string Write(const std::string& name, const std::string& text) const;

 private:
  bool Spawn(const std::vector<std::string>& run_args);

  std::filesystem::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace schedulight::testing
