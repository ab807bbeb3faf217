#include "daemon/cli/migrate_command.h"

#include <fstream>
#include <ostream>

#include "db/open_store.h"
#include "db/postgres/copy_from_sqlite.h"

namespace fristvakt {

Status MigrateCommand(CommandContext& ctx, const std::string& url,
                      const std::string& password_file) {
  if (IsDatabaseUrl(ctx.config.database_path)) {
    return Status::Usage("migrate copies an SQLite database, and the configured database is " +
                         ctx.config.database_path);
  }
  if (!IsDatabaseUrl(url)) {
    return Status::Usage("--to must be a postgresql:// URL, not '" + url + "'");
  }
  std::string password = ctx.config.database_password.reveal();
  if (!password_file.empty()) {
    std::ifstream in(password_file, std::ios::binary);
    if (!in) return Status::BadInput("cannot read the password file '" + password_file + "'");
    std::getline(in, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
  }
  std::vector<TableCount> counts;
  if (Status s = CopySqliteToPostgres(ctx.config.database_path, url, password, &counts); !s.ok()) {
    return s;
  }
  std::ostream& out = *ctx.out;
  for (const TableCount& c : counts) out << c.table << ": " << c.rows << "\n";
  out << Tr(ctx.lang(), "Kopiert og talt opp; sett database: til ",
            "Copied and counted; set database: to ")
      << url << "\n";
  return Status::Ok();
}

}  // namespace fristvakt
