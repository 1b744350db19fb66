/* main: the `bulletin` executable. `bulletin rpc` runs the Neovim helper
 * (bl_server_main, core/rpc/server.h), `bulletin lsp` the language server
 * (bl_lspserver_main, core/lsp/lspserver.h); everything else is the
 * command line (bl_cli_main, core/cli/cli.h). */
#include <string.h>

#include "cli.h"
#include "lspserver.h"
#include "server.h"

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "rpc") == 0)
        return bl_server_main(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "lsp") == 0)
        return bl_lspserver_main(argc - 1, argv + 1);
    return bl_cli_main(argc, argv);
}
