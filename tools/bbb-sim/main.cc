// bbb-sim: a BigBlueButton API simulator for tests, benchmarks and the demo.
// See docs/bbb.md. On start it prints one line on stdout,
//   bbb-sim listening on http://HOST:PORT/bigbluebutton/api/
// (with the real port when --listen asks for port 0), then serves until
// SIGINT or SIGTERM.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>

#include "sim_server.h"

namespace {

using schedulight::ChecksumAlgorithm;

std::optional<std::vector<ChecksumAlgorithm>> ParseAlgorithms(const std::string& list) {
  std::vector<ChecksumAlgorithm> algorithms;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = list.find(',', start);
    auto algorithm = schedulight::ParseChecksumAlgorithm(list.substr(start, comma - start));
    if (!algorithm) return std::nullopt;
    algorithms.push_back(*algorithm);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return algorithms;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace schedulight::sim;
  CLI::App app{
      "bbb-sim: a BigBlueButton API simulator (meetings, attendees, recordings in memory;\n"
      "checksum checks; test hooks under /sim/; fault injection). For tests and demos only.",
      "bbb-sim"};
  std::string listen = "127.0.0.1:0";
  std::string secret;
  std::string checksums = "sha1,sha256,sha384,sha512";
  std::optional<std::uint64_t> seed;
  bool bbb24 = false;
  app.add_option("--listen", listen, "HOST:PORT to listen on; port 0 picks a free port")
      ->capture_default_str();
  app.add_option("--secret", secret, "Shared secret (BBB_SECRET) the checksums are checked with")
      ->required();
  app.add_option("--checksum", checksums,
                 "Accepted checksum algorithms, comma-separated (sha1,sha256,sha384,sha512)")
      ->capture_default_str();
  app.add_option("--seed", seed, "Seed for IDs, passwords and fault rates (reproducible runs)");
  app.add_flag("--bbb24", bbb24,
               "Behave like BBB 2.4: a second create without passwords is idNotUnique");
  CLI11_PARSE(app, argc, argv);

  std::size_t colon = listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    try {
      port = std::stoi(listen.substr(colon + 1));
    } catch (const std::exception&) {
      port = -1;
    }
  }
  if (colon == std::string::npos || port < 0 || port > 65535) {
    fmt::print(stderr, "bbb-sim: --listen must be HOST:PORT, got '{}'\n", listen);
    return 2;
  }
  auto algorithms = ParseAlgorithms(checksums);
  if (!algorithms || algorithms->empty()) {
    fmt::print(stderr, "bbb-sim: --checksum takes sha1, sha256, sha384, sha512, got '{}'\n",
               checksums);
    return 2;
  }

  // Block the stop signals before any thread starts, so only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  SimServerOptions options{.host = listen.substr(0, colon),
                           .port = port,
                           .secret = secret,
                           .algorithms = *algorithms,
                           .bbb = {.duplicate_without_passwords = !bbb24, .seed = seed}};
  SimServer server(options);
  auto started = server.Start();
  if (!started) {
    fmt::print(stderr, "bbb-sim: {}\n", started.error());
    return 1;
  }
  fmt::print("bbb-sim listening on {}\n", server.api_url());
  std::fflush(stdout);

  int signal = 0;
  sigwait(&stop_signals, &signal);
  server.Stop();
  return 0;
}
