/* cli: the `bulletin` command line (every subcommand but `rpc`, which
 * main() hands to bl_server_main()).
 *
 * Each subcommand reads its FILE operands one at a time (`-` is standard
 * input): the whole file into one buffer (bl_cli_read_input(), which stops
 * at the first line over a limit), handed to bl_doc_take_text(), then
 * bl_doc_update(); output streams through stdio. A file that cannot be
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

/* Writes the full manual-style help text to out. */
void bl_cli_help(FILE *out);

/* Reads all of path (`-`: standard input) into one new buffer, NUL-padded
 * by one byte, checking the doc's limits (doc.h) as the text arrives: it
 * stops at the first line past BL_MAX_LINES, the first line longer than
 * BL_MAX_LINE_BYTES, or the line in which the input passes max bytes
 * (at most BL_CLI_MAX_INPUT), so memory stays within the limit it stops
 * at. A path is opened without waiting for a FIFO's writer (a FIFO that
 * no process has open for writing reads as empty); a directory is
 * refused. On success returns 0 and gives the caller *buf (free() it) and
 * *len. On failure returns BL_EIO with errno set, BL_ENOMEM or BL_ETOOBIG,
 * and writes into why (whylen bytes, may be 0) the reason when errno does
 * not say it, e.g. "line 1 is longer than 268435456 bytes (the per-line
 * limit)"; why is "" otherwise. */
int bl_cli_read_input(const char *path, size_t max, char **buf, size_t *len, char *why,
                      size_t whylen);
/* bl_cli_read_input(path, BL_CLI_MAX_INPUT, buf, len, NULL, 0). */
int bl_cli_read_file(const char *path, char **buf, size_t *len);

/* The largest input read. */
#define BL_CLI_MAX_INPUT ((size_t)4 << 30)
