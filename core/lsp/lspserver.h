/* lspserver: `bulletin lsp`, the libuv side of the language server.
 *
 * Reads stdin (a pipe), cuts it into messages with lspframe, hands each to
 * the dispatcher (lsp.h) and, after every read burst (a uv_check handle,
 * once per loop iteration after all ready input was read), runs the queued
 * messages and publishes diagnostics — so a burst of didChange is linted
 * once and a $/cancelRequest that arrives in the same burst as its request
 * cancels it. Writes go to a private copy of fd 1; fd 1 itself points at
 * stderr, so that nothing but framed messages reaches the client. Reading
 * pauses while more than 16 MiB of output waits for the client.
 *
 * Exit status: after `exit`, 0 if `shutdown` came first, else 1 (LSP
 * 3.17); the same rule on EOF or SIGTERM; 2 on a usage error or when stdin
 * or stdout is not a pipe; 1 on an I/O error or when out of memory. */
#pragma once

/* argv[0] is the subcommand ("lsp"); options: --stdio (accepted, the
 * only transport), --max-body BYTES, --help. */
int bl_lspserver_main(int argc, char **argv);
