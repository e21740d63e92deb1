#pragma once
// bbb-sim's HTTP side: serves SimBbb under /bigbluebutton/api/ on a
// cpp-httplib server, verifies checksums the way bbb-web does, counts calls,
// injects faults, and offers test hooks under /sim/ (docs/bbb.md lists them).
// Tests run it in-process (Start() on port 0, Stop() at the end); the
// bbb-sim binary wraps it in a command line.

#include <atomic>
#include <chrono>
#include <expected>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bbb/checksum.h"
#include "sim_bbb.h"

namespace httplib {
class Server;
}

namespace schedulight::sim {

struct SimServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  // The shared secret. Empty disables checksum checks, as an empty
  // securitySalt does in bbb-web.
  std::string secret;
  // bbb-web's supportedChecksumAlgorithms.
  std::vector<ChecksumAlgorithm> algorithms = {ChecksumAlgorithm::kSha1, ChecksumAlgorithm::kSha256,
                                               ChecksumAlgorithm::kSha384,
                                               ChecksumAlgorithm::kSha512};
  SimBbbOptions bbb;
};

enum class FaultType {
  kLatency,    // answer normally, after `latency`
  kHttpError,  // answer http_status with an HTML body, as a failing proxy does
  kMalformed,  // answer 200 with truncated XML
  kDrop,       // send headers, then close the connection mid-body
};

struct Fault {
  std::string call = "*";  // an API call name, or * for every call
  FaultType type = FaultType::kHttpError;
  std::chrono::milliseconds latency{0};
  int http_status = 503;
  int times = 0;      // hit this many matching calls, then retire; 0: no limit
  double rate = 1.0;  // chance that a matching call is hit
};

// Reads {"call", "type": latency|http|malformed|drop, "latencyMs", "status",
// "times", "rate"}.
std::expected<Fault, std::string> FaultFromJson(const nlohmann::json& json);

// Why a request's checksum is refused (bbb-web's message), or nullopt when it
// is accepted. raw_query is the query string as received, still encoded.
std::optional<std::string> CheckChecksum(const std::string& call, const std::string& raw_query,
                                         const std::string& secret,
                                         const std::vector<ChecksumAlgorithm>& algorithms);

// The query without its checksum parameter, as bbb-web removes it before hashing.
std::string QueryWithoutChecksum(const std::string& raw_query, std::string* checksum);

class SimServer {
 public:
  explicit SimServer(SimServerOptions options);
  ~SimServer();  // stops the server
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // Binds and serves on a background thread. Returns the bound port.
  std::expected<int, std::string> Start();
  // Stops accepting, finishes in-flight requests, joins the thread. Idempotent.
  void Stop();

  int port() const { return port_; }
  std::string base_url() const;  // http://host:port
  std::string api_url() const;   // http://host:port/bigbluebutton/api/

  SimBbb& bbb() { return bbb_; }

  void AddFault(const Fault& fault);
  void ClearFaults();
  // API requests received (checksum failures included) per call and meetingID
  // ("" for calls without one).
  int CallCount(const std::string& call, const std::string& meeting_id = "") const;
  int TotalCalls(const std::string& call) const;
  nlohmann::json CallCountsJson(const std::optional<std::string>& meeting_id) const;
  // Meetings, recordings, counters and faults back to empty.
  void Reset();

 private:
  void SetUpRoutes();
  std::optional<Fault> TakeFault(const std::string& call);
  void CountCall(const std::string& call, const std::string& meeting_id);

  SimServerOptions options_;
  SimBbb bbb_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;

  mutable std::mutex mutex_;  // guards the members below
  std::vector<Fault> faults_;
  std::map<std::string, std::map<std::string, int>> calls_;  // call -> meetingID -> count
  std::mt19937_64 random_;
};

}  // namespace schedulight::sim
