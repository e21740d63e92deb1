#include "daemon/metrics.h"

#include <fmt/format.h>

namespace schedulight {
namespace {

const std::vector<double> kLatencyBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                             0.5,   1,    2.5,   5,    10};

std::string LabelText(const MetricLabels& labels, const std::string& extra = "") {
  std::string text;
  for (const auto& [name, value] : labels) {
    text += (text.empty() ? "" : ",") + name + "=\"" + EscapeLabelValue(value) + "\"";
  }
  if (!extra.empty()) text += (text.empty() ? "" : ",") + extra;
  return text.empty() ? "" : "{" + text + "}";
}

std::string Number(double value) { return fmt::format("{}", value); }

void Header(std::string& out, const std::string& name, const char* type, const std::string& help) {
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

struct StoreCounts {
  std::map<int, int> meetings_by_status;  // latest code of the "status" step; 0: none
  std::map<std::string, int> commands_by_state;
  std::map<std::string, int> mails_by_state;
};

std::expected<StoreCounts, StoreError> CountStore(Store& store) {
  StoreCounts counts;
  for (auto state : {CommandState::kQueued, CommandState::kRunning, CommandState::kDone,
                     CommandState::kFailed}) {
    counts.commands_by_state[ToString(state)] = 0;
  }
  for (auto state : {MailState::kQueued, MailState::kSent, MailState::kFailed}) {
    counts.mails_by_state[ToString(state)] = 0;
  }
  auto done = store.Transact([&](StoreSession& session) {
    for (const auto& meeting : session.ListMeetings()) {
      auto status = session.LatestStatus(meeting.id, kMainStep);
      ++counts.meetings_by_status[status ? status->code : 0];
    }
    for (const auto& [state, count] : session.CountCommandsByState()) {
      counts.commands_by_state[ToString(state)] = count;
    }
    for (const auto& mail : session.ListMails(std::nullopt)) {
      ++counts.mails_by_state[ToString(mail.state)];
    }
  });
  if (!done) return std::unexpected(done.error());
  return counts;
}

void RenderStoreGauges(std::string& out, Store& store) {
  auto counts = CountStore(store);
  Header(out, "schedulight_store_up", "gauge", "1 when the store answered this scrape.");
  out += fmt::format("schedulight_store_up {}\n", counts ? 1 : 0);
  const StoreHealth health = store.Health();
  Header(out, "schedulight_store_healthy", "gauge",
         "0 while the store's writes fail (disk full, I/O error, read-only), else 1.");
  out += fmt::format("schedulight_store_healthy {}\n", health.healthy ? 1 : 0);
  Header(out, "schedulight_store_write_errors_total", "counter",
         "Store transactions that failed on the database's side since start.");
  out += fmt::format("schedulight_store_write_errors_total {}\n", health.write_errors);
  if (!counts) return;
  Header(out, "schedulight_meetings", "gauge",
         "Meetings by the code of their latest overall status (0: none yet).");
  for (const auto& [code, count] : counts->meetings_by_status) {
    out += fmt::format("schedulight_meetings{{status=\"{}\"}} {}\n", code, count);
  }
  Header(out, "schedulight_commands", "gauge", "Commands by state.");
  for (const auto& [state, count] : counts->commands_by_state) {
    out += fmt::format("schedulight_commands{{state=\"{}\"}} {}\n", state, count);
  }
  Header(out, "schedulight_mails", "gauge", "Mails in the queue by state.");
  for (const auto& [state, count] : counts->mails_by_state) {
    out += fmt::format("schedulight_mails{{state=\"{}\"}} {}\n", state, count);
  }
}

}  // namespace

std::string EscapeLabelValue(const std::string& value) {
  std::string escaped;
  for (char c : value) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '"') {
      escaped += "\\\"";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

Metrics::Metrics() {
  DescribeCounter("schedulight_api_requests_total", "API requests by method, route and status.");
  DescribeHistogram("schedulight_api_request_duration_seconds",
                    "API request handling time by route.", kLatencyBuckets);
  DescribeCounter("schedulight_bbb_calls_total", "BBB API calls by call and outcome.");
  DescribeHistogram("schedulight_bbb_call_duration_seconds", "BBB API call latency by call.",
                    kLatencyBuckets);
  DescribeCounter("schedulight_worker_errors_total", "Failed worker passes by worker.");
}

void Metrics::DescribeCounter(const std::string& name, const std::string& help) {
  std::lock_guard lock(mutex_);
  Family& family = families_[name];
  family.type = Type::kCounter;
  family.help = help;
}

void Metrics::DescribeHistogram(const std::string& name, const std::string& help,
                                std::vector<double> buckets) {
  std::lock_guard lock(mutex_);
  Family& family = families_[name];
  family.type = Type::kHistogram;
  family.help = help;
  family.bounds = std::move(buckets);
}

void Metrics::Add(const std::string& name, const MetricLabels& labels, double amount) {
  std::lock_guard lock(mutex_);
  families_[name].series[labels].value += amount;
}

void Metrics::Observe(const std::string& name, const MetricLabels& labels, double value) {
  std::lock_guard lock(mutex_);
  Family& family = families_[name];
  Series& series = family.series[labels];
  series.buckets.resize(family.bounds.size());
  for (std::size_t i = 0; i < family.bounds.size(); ++i) {
    if (value <= family.bounds[i]) ++series.buckets[i];
  }
  series.value += value;
  ++series.count;
}

void Metrics::ObserveApiRequest(const std::string& method, const std::string& route, int status,
                                double seconds) {
  Add("schedulight_api_requests_total",
      {{"method", method}, {"route", route}, {"status", std::to_string(status)}});
  Observe("schedulight_api_request_duration_seconds", {{"route", route}}, seconds);
}

void Metrics::ObserveBbbCall(const std::string& call, const std::string& outcome, double seconds) {
  Add("schedulight_bbb_calls_total", {{"call", call}, {"outcome", outcome}});
  Observe("schedulight_bbb_call_duration_seconds", {{"call", call}}, seconds);
}

void Metrics::CountWorkerError(const std::string& worker) {
  Add("schedulight_worker_errors_total", {{"worker", worker}});
}

std::string Metrics::Render(Store& store) const {
  std::string out;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, family] : families_) {
      if (family.type == Type::kCounter) {
        Header(out, name, "counter", family.help);
        for (const auto& [labels, series] : family.series) {
          out += name + LabelText(labels) + " " + Number(series.value) + "\n";
        }
        continue;
      }
      Header(out, name, "histogram", family.help);
      for (const auto& [labels, series] : family.series) {
        for (std::size_t i = 0; i < family.bounds.size(); ++i) {
          out += name + "_bucket" + LabelText(labels, "le=\"" + Number(family.bounds[i]) + "\"") +
                 " " + Number(series.buckets[i]) + "\n";
        }
        out +=
            name + "_bucket" + LabelText(labels, "le=\"+Inf\"") + " " + Number(series.count) + "\n";
        out += name + "_sum" + LabelText(labels) + " " + Number(series.value) + "\n";
        out += name + "_count" + LabelText(labels) + " " + Number(series.count) + "\n";
      }
    }
  }
  RenderStoreGauges(out, store);
  return out;
}

}  // namespace schedulight
