/* cli: the `bulletin` command line (every subcommand but `rpc`, which
 * main() hands to bl_server_main()).
 *
 * Each subcommand reads its FILE operands one at a time (`-` is standard
 * input): the whole file into one buffer (bl_input_read_lines(), input.h,
 * which stops at the first line over a limit and counts the lines), handed
 * with that count to bl_doc_take_lines(), then bl_doc_update(); output
 * streams through stdio. A file that cannot be
 * read is reported on stderr as `bulletin: FILE: reason`, the others are
 * still processed, and the exit status is 2 at the end. Every message on
 * stderr goes through bl_term_error() (term.h): no control character of a
 * file name, an argument or a .bulletinrc key reaches the terminal.
 *
 * Ownership: argv is borrowed for the call. */
#pragma once

#include <stddef.h>
#include <stdio.h>

/* The version `bulletin --version` prints. */
#define BL_CLI_VERSION "0.1.0"

/* Exit statuses. */
enum {
    BL_CLI_OK = 0,       /* success; lint: no error (no warning with --strict) */
    BL_CLI_FINDINGS = 1, /* lint found an error (or a warning with --strict) */
    BL_CLI_USAGE = 2     /* bad usage, unreadable input, write error */
};

/* Runs `bulletin ARGS...` (argv[0] is the program name) and returns the exit
 * status. Writes results to stdout, diagnostics to stderr. */
int bl_cli_main(int argc, char **argv);
