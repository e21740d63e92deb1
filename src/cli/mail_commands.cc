// schedulight mail list [--state S] | show ID | delete ID | purge --state S | retry ID | deliver

#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "cli/cli_context.h"
#include "cli/output.h"
#include "mail/mail_queue.h"
#include "mail/mail_worker.h"

namespace schedulight {
namespace {

struct MailArguments {
  std::int64_t id = 0;
  std::string state;
  bool json = false;
  bool no_mail = false;
  bool debug_mail = false;
};

UtcTime Now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

int Fail(const MailQueueError& error) {
  fmt::print(stderr, "error: {}\n", error.message);
  return kExitFailed;
}

// --state as a MailState; an unknown state is a usage error.
std::optional<MailState> ParseState(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto state = MailStateFromString(text);
  if (!state) {
    fmt::print(stderr, "error: --state must be queued, sent or failed, not '{}'\n", text);
    throw CliExit{kExitUsage};
  }
  return state;
}

int RunList(CliContext& context, const MailArguments& args) {
  auto mails = ListQueueMails(context.ExistingStore(), ParseState(args.state));
  if (!mails) return Fail(mails.error());
  if (args.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& mail : *mails) list.push_back(MailJson(mail, false));
    PrintJson(list);
    return kExitOk;
  }
  if (mails->empty()) {
    fmt::print("No mails{}.\n", args.state.empty() ? "" : " in state " + args.state);
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& mail : *mails) {
    rows.push_back({std::to_string(mail.id), ToString(mail.state), mail.kind, mail.recipient,
                    std::to_string(mail.attempts),
                    mail.next_attempt_at ? FormatUtc(*mail.next_attempt_at) : "-",
                    mail.message.value("subject", "")});
  }
  PrintTable({"ID", "STATE", "KIND", "TO", "ATTEMPTS", "NEXT ATTEMPT", "SUBJECT"}, rows);
  return kExitOk;
}

int RunShow(CliContext& context, const MailArguments& args) {
  auto mail = GetQueueMail(context.ExistingStore(), args.id);
  if (!mail) return Fail(mail.error());
  const nlohmann::json json = MailJson(*mail, true);
  if (args.json) {
    PrintJson(json);
    return kExitOk;
  }
  for (const char* key :
       {"id", "state", "kind", "meeting_id", "server", "from", "recipient", "subject", "attempts",
        "last_error", "next_attempt_at", "claimed_by", "claim_until", "created_at", "updated_at"}) {
    const auto& value = json[key];
    fmt::print("{:<16} {}\n", std::string(key) + ":",
               value.is_string() ? value.get<std::string>()
                                 : (value.is_null() ? std::string("-") : value.dump()));
  }
  fmt::print("\n{}", json["message"].get<std::string>());
  return kExitOk;
}

int RunDelete(CliContext& context, const MailArguments& args) {
  auto deleted = DeleteQueueMail(context.ExistingStore(), args.id);
  if (!deleted) return Fail(deleted.error());
  if (args.json) {
    PrintJson({{"id", args.id}, {"deleted", true}});
  } else {
    fmt::print("Mail {} deleted.\n", args.id);
  }
  return kExitOk;
}

int RunPurge(CliContext& context, const MailArguments& args) {
  const MailState state = ParseState(args.state).value();  // --state is required
  auto purged = PurgeQueueMails(context.ExistingStore(), state);
  if (!purged) return Fail(purged.error());
  if (args.json) {
    PrintJson({{"state", args.state}, {"deleted", *purged}});
  } else {
    fmt::print("{} {} mail(s) deleted.\n", *purged, args.state);
  }
  return kExitOk;
}

int RunRetry(CliContext& context, const MailArguments& args) {
  auto mail = RetryQueueMail(context.ExistingStore(), args.id, Now());
  if (!mail) return Fail(mail.error());
  if (args.json) {
    PrintJson(MailJson(*mail, false));
  } else {
    fmt::print("Mail {} to {} is queued again and due now.\n", mail->id, mail->recipient);
  }
  return kExitOk;
}

// One pass of the mail worker: what `schedulight run --only mail` does each
// time mails fall due, for cron jobs and for trying the SMTP settings.
int RunDeliver(CliContext& context, const MailArguments& args) {
  const AppConfig& config = context.Config();
  Store& store = context.ExistingStore();
  MailWorkerOptions options;
  options.deliver = config.mail.enabled && !args.no_mail;
  options.debug = config.mail.debug || args.debug_mail;
  options.max_attempts = config.mail.max_attempts;
  MailWorker worker(store, NewWorkerId("cli"),
                    StoreSmtpSettings(store, config.mail.ca_file, ResolveSecret), SmtpTransports(),
                    options, Now);
  auto pass = worker.RunPass();
  if (!pass) {
    fmt::print(stderr, "error: {}\n", pass.error().message);
    return kExitFailed;
  }
  if (args.json) {
    PrintJson({{"sent", pass->sent},
               {"retrying", pass->retrying},
               {"failed", pass->failed},
               {"held", pass->held}});
  } else if (!options.deliver) {
    fmt::print("Mail delivery is off: {} due mail(s) stay queued.\n", pass->held);
  } else {
    fmt::print("{} sent, {} to be retried, {} failed.\n", pass->sent, pass->retrying, pass->failed);
  }
  return pass->failed > 0 || pass->retrying > 0 ? kExitFailed : kExitOk;
}

CLI::App* AddSubcommand(CLI::App& parent, CliContext& context, const std::string& name,
                        const std::string& description,
                        std::function<int(CliContext&, const MailArguments&)> action,
                        std::shared_ptr<MailArguments> args) {
  CLI::App* command = parent.add_subcommand(name, description);
  command->add_flag("--json", args->json, "Print JSON");
  command->callback([&context, args, action] {
    context.run = [&context, args, action] { return action(context, *args); };
  });
  return command;
}

}  // namespace

void AddMailCommands(CLI::App& app, CliContext& context) {
  CLI::App* mail = app.add_subcommand("mail", "The mail queue");
  mail->require_subcommand(1);
  const auto states = CLI::IsMember({"queued", "sent", "failed"});

  auto list = std::make_shared<MailArguments>();
  AddSubcommand(*mail, context, "list", "List mails with state, recipient and subject", RunList,
                list)
      ->add_option("--state", list->state, "Only mails in this state")
      ->check(states);

  auto add_with_id = [&](const std::string& name, const std::string& description,
                         int (*action)(CliContext&, const MailArguments&)) {
    auto args = std::make_shared<MailArguments>();
    AddSubcommand(*mail, context, name, description, action, args)
        ->add_option("ID", args->id, "Mail id")
        ->required();
  };
  add_with_id("show", "Show one mail: its fields and the whole message", RunShow);
  add_with_id("delete", "Delete one mail from the queue", RunDelete);
  add_with_id("retry", "Queue a failed mail again, due now, with its attempts reset", RunRetry);

  auto purge = std::make_shared<MailArguments>();
  AddSubcommand(*mail, context, "purge", "Delete every mail in a state", RunPurge, purge)
      ->add_option("--state", purge->state, "queued, sent or failed")
      ->required()
      ->check(states);

  auto deliver = std::make_shared<MailArguments>();
  CLI::App* command =
      AddSubcommand(*mail, context, "deliver", "Send every mail that is due now, once, and exit",
                    RunDeliver, deliver);
  command->add_flag("--no-mail", deliver->no_mail, "Send nothing: mails stay queued");
  command->add_flag("--debug-mail", deliver->debug_mail, "Log every mail whole");
}

}  // namespace schedulight
