/* fixtext: a file as `bulletin lint --fix` edits it: its lines with their
 * own line ends, so that a fix changes the bytes it means to and nothing
 * else (a CRLF file stays CRLF, a file without a final newline stays so,
 * a leading BOM stays).
 *
 * Lines are split as bl_input_read() does (BULLETIN-FORMAT.md §7.1-7.2): a
 * leading UTF-8 BOM is set apart, LF, CRLF and a lone CR each end a line,
 * and a final line end does not start another line. bl_fixtext_joined()
 * gives the text the model reads (lines joined by "\n"), whose lines and
 * byte columns are those of the fix edits (fix.h).
 *
 * Ownership: a bl_fixtext owns its lines' texts; buffers returned are the
 * caller's (free()). Inputs are borrowed for the call. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fix.h"
#include "vec.h"

enum { BL_EOL_NONE, BL_EOL_LF, BL_EOL_CRLF, BL_EOL_CR };

/* One line: s[0, n) (owned, no line end) and its end (BL_EOL_*; NONE only
 * for the last line of a file without a final line end). */
typedef struct {
    char *s;
    size_t n;
    uint8_t eol;
} bl_fixtext_line;

/* Invariant: every line but the last has an end other than NONE, and a
 * last line without one is not empty (it would be no line). eol is the
 * commonest line end of the file as read (LF when it had none): new lines
 * that an edit makes end with it. */
typedef struct {
    BL_VEC(bl_fixtext_line) lines;
    int bom;
    uint8_t eol;
} bl_fixtext;

/* Splits buf[0, len) into *out (zeroed first). 0 or BL_ENOMEM. */
int bl_fixtext_split(const char *buf, size_t len, bl_fixtext *out);
void bl_fixtext_free(bl_fixtext *t);
/* A deep copy of t into *out. 0 or BL_ENOMEM. */
int bl_fixtext_copy(const bl_fixtext *t, bl_fixtext *out);
/* The text for the model: each line, then "\n" when it has an end. */
int bl_fixtext_joined(const bl_fixtext *t, char **buf, size_t *len);
/* The file's bytes: the BOM, then each line with its own end. */
int bl_fixtext_bytes(const bl_fixtext *t, char **buf, size_t *len);
/* Applies the n edits e (fix.h coordinates, in text order, not
 * overlapping) at once, in time linear in the text: the new bytes are
 * made and split again, so every line keeps its own end and a "\n" of an
 * edit's text becomes the end of the edit's first line (the file's
 * commonest end when it has none). 0, BL_EINVAL (an edit out of the text,
 * out of order or overlapping: nothing changed) or BL_ENOMEM (nothing
 * changed). */
int bl_fixtext_apply(bl_fixtext *t, const bl_edit *const *e, size_t n);
/* 1 if a and b hold the same lines with the same ends. */
int bl_fixtext_equal(const bl_fixtext *a, const bl_fixtext *b);
/* Writes the unified diff (3 lines of context) from a to b, as `diff -u`
 * does, with "--- NAME" and "+++ NAME" headers; nothing when they are
 * equal. Lines are written with their own ends; a last line without one is
 * followed by "\n\\ No newline at end of file\n". Returns 0, BL_EIO (a
 * failed write) or BL_ENOMEM. */
int bl_fixtext_diff(FILE *out, const char *name, const bl_fixtext *a, const bl_fixtext *b);
