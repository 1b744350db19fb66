/* input: reading a document for the command line, within the limits.
 *
 * A FILE operand (or `-`, standard input) is read whole into one buffer,
 * checking the doc's limits (doc.h) as the text arrives, without ever
 * waiting for a FIFO's writer. Used by cli.c for documents and
 * `.bulletinrc` files, and by the fuzz harness of the CLI's input path.
 *
 * Ownership: paths are borrowed; a returned buffer is the caller's. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Reads all of path (`-`: standard input) into one new buffer, NUL-padded
 * by one byte, checking the doc's limits (doc.h) as the text arrives: it
 * stops at the first line past BL_MAX_LINES, the first line longer than
 * BL_MAX_LINE_BYTES, or the line in which the input passes max bytes
 * (at most BL_INPUT_MAX), so memory stays within the limit it stops
 * at. A path is opened without waiting for a FIFO's writer (a FIFO that
 * no process has open for writing reads as empty); a directory is
 * refused. The text is normalized as §7.1-7.2 of the format say: a
 * leading UTF-8 BOM is dropped, "\r\n" and a lone "\r" end lines as "\n"
 * does (each becomes "\n"). On success returns 0 and gives the caller *buf (free() it) and
 * *len. On failure returns BL_EIO with errno set, BL_ENOMEM or BL_ETOOBIG,
 * and writes into why (whylen bytes, may be 0) the reason when errno does
 * not say it, e.g. "line 1 is longer than 268435456 bytes (the per-line
 * limit)"; why is "" otherwise. */
int bl_input_read(const char *path, size_t max, char **buf, size_t *len, char *why, size_t whylen);
/* The same, and *lines (when lines != NULL) is the text's line count as
 * bl_doc_take_lines() wants it, from the scan that checked the limits. */
int bl_input_read_lines(const char *path, size_t max, char **buf, size_t *len, int64_t *lines,
                        char *why, size_t whylen);
/* bl_input_read(path, BL_INPUT_MAX, buf, len, NULL, 0). */
int bl_input_read_file(const char *path, char **buf, size_t *len);

/* The largest input read. */
#define BL_INPUT_MAX ((size_t)4 << 30)
