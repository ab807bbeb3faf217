#include "daemon/cli/run_command.h"

#include "daemon/service/service.h"

namespace fristvakt {

Status RunCommand(CommandContext& ctx) {
  Service service(ctx.config, ctx.store.get(), ctx.clock.get(), ctx.front_end);
  return service.Run();
}

}  // namespace fristvakt
