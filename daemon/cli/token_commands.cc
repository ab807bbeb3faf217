#include "daemon/cli/token_commands.h"

#include <ostream>

#include "daemon/cli/table.h"
#include "db/tokens.h"

namespace fristvakt {

Status TokenCreateCommand(CommandContext& ctx, const TokenOptions& options) {
  const int scopes = (options.unit.empty() ? 0 : 1) + options.admin + options.read_only;
  if (scopes != 1) {
    return Status::Usage(Tr(ctx.lang(), "token create: gi én av --unit U, --admin, --read-only",
                            "token create: give one of --unit U, --admin, --read-only"));
  }
  ApiToken token;
  token.name = options.name;
  token.created_at = ctx.clock->Now();
  if (options.admin) {
    token.scope = "admin";
  } else if (options.read_only) {
    token.scope = "read_only";
  } else {
    const Recipient* unit = ctx.config.directory.FindUnit(options.unit);
    if (unit == nullptr) {
      return Status::BadInput(Tr(ctx.lang(), "ukjent enhet ", "unknown unit ") + options.unit);
    }
    token.scope = "unit";
    token.unit = unit->id;
  }
  const std::string secret = GenerateToken();
  int64_t id = 0;
  if (Status s = ctx.store->CreateToken(token, HashToken(secret), &id); !s.ok()) return s;
  *ctx.out << secret << "\n"
           << Tr(ctx.lang(), "Token ", "Token ") << id << " (" << token.scope
           << (token.unit.empty() ? "" : " " + token.unit) << ")"
           << Tr(ctx.lang(), ". Den vises bare denne ene gangen.\n",
                 ". It is shown this once only.\n");
  return Status::Ok();
}

Status TokenListCommand(CommandContext& ctx) {
  const Language lang = ctx.lang();
  std::vector<ApiToken> tokens;
  if (Status s = ctx.store->ListTokens(&tokens); !s.ok()) return s;
  Table table({"Id", Tr(lang, "Navn", "Name"), Tr(lang, "Tilgang", "Scope"),
               Tr(lang, "Enhet", "Unit"), Tr(lang, "Laget", "Created"),
               Tr(lang, "Sist brukt", "Last used"), Tr(lang, "Trukket tilbake", "Revoked")});
  for (const ApiToken& t : tokens) {
    auto when = [&](const std::optional<Timestamp>& at) {
      return at ? FormatNorwegianTimestamp(*at, ctx.zone()) : std::string("-");
    };
    table.AddRow({std::to_string(t.id), t.name, t.scope, t.unit.empty() ? "-" : t.unit,
                  FormatNorwegianTimestamp(t.created_at, ctx.zone()), when(t.last_used),
                  when(t.revoked_at)});
  }
  *ctx.out << table.ToString();
  return Status::Ok();
}

Status TokenRevokeCommand(CommandContext& ctx, int64_t id) {
  bool found = false;
  if (Status s = ctx.store->RevokeToken(id, ctx.clock->Now(), &found); !s.ok()) return s;
  if (!found) {
    return Status::BadInput(
        Tr(ctx.lang(), "ingen gyldig token med id ", "no valid token with id ") +
        std::to_string(id));
  }
  *ctx.out << Tr(ctx.lang(), "Token ", "Token ") << id
           << Tr(ctx.lang(), " er trukket tilbake.\n", " is revoked.\n");
  return Status::Ok();
}

}  // namespace fristvakt
