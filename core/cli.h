/* cli: the `bulletin` command line (every subcommand but `rpc`, which
 * main() hands to bl_server_main()).
 *
 * Each subcommand reads its FILE operands one at a time (`-` is standard
 * input): the whole file into one buffer, bl_doc_set_text(), the buffer
 * freed, bl_doc_update(); output streams through stdio. A file that cannot
 * be read is reported on stderr as `bulletin: FILE: reason`, the others
 * are still processed, and the exit status is 2 at the end.
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

/* Writes the full manual-style help text to out. */
void bl_cli_help(FILE *out);

/* Reads all of path (`-`: standard input) into one new buffer, NUL-padded
 * by one byte. On success returns 0 and gives the caller *buf (free() it)
 * and *len; on failure returns BL_EIO with errno set, or BL_ENOMEM /
 * BL_ETOOBIG (over BL_CLI_MAX_INPUT). */
int bl_cli_read_file(const char *path, char **buf, size_t *len);

/* The largest input read: the doc's own caps bound the lines anyway. */
#define BL_CLI_MAX_INPUT ((size_t)4 << 30)
