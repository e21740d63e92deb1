#pragma once
// The daemon's metrics, rendered in the Prometheus text exposition format
// (version 0.0.4) by GET /api/v1/metrics. Counters and latency histograms
// are recorded as things happen (API requests, BBB calls, worker errors);
// gauges of what is in the store (meetings by status, queue depths) are
// taken at scrape time, so they never drift from the truth.
//
// A family is described once (name, type, help) and then fed with label
// sets; adding a metric is a Describe* call plus Add/Observe where it
// happens. Thread-safe: every worker and API thread records into one
// instance, owned by the daemon and passed by reference (no global).

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "engine/engine_metrics.h"
#include "store/store.h"

namespace schedulight {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class Metrics final : public EngineMetrics {
 public:
  // The daemon's families (API requests, BBB calls, worker errors) are
  // described at construction, so they appear (empty) before first use.
  Metrics();

  void DescribeCounter(const std::string& name, const std::string& help);
  // Histogram buckets are upper bounds in seconds, ascending.
  void DescribeHistogram(const std::string& name, const std::string& help,
                         std::vector<double> buckets);

  // Adds amount to a counter (undescribed names are described with no help).
  void Add(const std::string& name, const MetricLabels& labels, double amount = 1);
  // Records one observation (seconds) in a histogram.
  void Observe(const std::string& name, const MetricLabels& labels, double value);

  // Convenience for the families every part records into.
  void ObserveApiRequest(const std::string& method, const std::string& route, int status,
                         double seconds);
  // call: the BBB API call (create, end, getMeetingInfo, ...); outcome:
  // "ok" or the error kind. For whoever calls BBB (the meeting scheduler).
  void ObserveBbbCall(const std::string& call, const std::string& outcome, double seconds) override;
  // A worker pass that failed (store unreachable, ...).
  void CountWorkerError(const std::string& worker) override;

  // The recorded families in text format, then gauges from the store
  // (meetings by status code, commands by state, mails by state). A store
  // failure is reported as schedulight_store_up 0 instead of failing.
  std::string Render(Store& store) const;

 private:
  enum class Type { kCounter, kHistogram };
  struct Series {
    double value = 0;             // counter value, or histogram sum
    std::vector<double> buckets;  // histogram: cumulative counts per bound
    double count = 0;             // histogram: observations
  };
  struct Family {
    Type type = Type::kCounter;
    std::string help;
    std::vector<double> bounds;
    std::map<MetricLabels, Series> series;
  };

  mutable std::mutex mutex_;  // guards families_
  std::map<std::string, Family> families_;
};

// A label value escaped for the text format (backslash, quote, newline).
std::string EscapeLabelValue(const std::string& value);

}  // namespace schedulight
