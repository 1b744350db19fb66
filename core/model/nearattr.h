/* nearattr: a narration line that is an attribution with a typo (§7.9).
 *
 * A one-character typo can turn a soundbite's attribution into narration:
 * a speaker word that loses its capital ("Park yung-kwang / Role"), a '/'
 * typed as '.', a lost ':' after "(Role)", a lost '[' or a stray mark
 * before it. The parser does not guess (§4 and §7.7 keep the Name test for
 * the untagged forms), so the lint rule `malformed-attribution` says what
 * is wrong instead.
 *
 * bl_nearattr_check() tries the one-character repairs of the line's first
 * BL_NEARATTR_WINDOW bytes -- delete a character; write a capital, '/' or
 * ':' for one; insert '[', '(' or ':' -- and reports the first that makes
 * the line an attribution as bl_line_analyze() sees it: a `bracket`
 * soundbite, a named `colon` one, or (when a paragraph follows for its
 * quote) a `slash` one. Repairs that would also turn ordinary narration
 * into an attribution are held to the shape around them: '/' only for a
 * mark or a doubled space, never for a letter or a lone space (a short
 * line of Title Case words is a heading, not a caption that lost its
 * '/'); ':' only right after "Name (Role)" and before a capital or a
 * quote mark; '[' only before a Name.
 *
 * Pure: no allocation; the work per line is bounded (at most a few
 * hundred analyses of at most BL_NEARATTR_MAX bytes). Repairs are tried
 * only where they can matter: up to a few bytes past the first ':' (else
 * ')') that follows the line's first sign -- ( ) [ ] : / or a quote mark --
 * when at most 8 words stand before it, and '/' anywhere in a short line
 * with no final stop and no '/'. Most narration is not tried at all. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "line.h"
#include "vocab.h"

#define BL_NEARATTR_WINDOW 64u /* bytes from the line's start that are repaired */
#define BL_NEARATTR_MAX 192u   /* bytes of the line analysed per repair */

typedef enum {
    BL_NEARATTR_NONE,
    BL_NEARATTR_DELETE,  /* delete the character at col */
    BL_NEARATTR_REPLACE, /* write text for the character at col */
    BL_NEARATTR_INSERT   /* insert text before the character at col */
} bl_nearattr_op;

/* A repair: the character at [col, end_col) and the text written. */
typedef struct {
    uint8_t op;       /* bl_nearattr_op */
    char text[4];     /* NUL-terminated: what REPLACE writes or INSERT inserts */
    uint32_t col;     /* byte offset in the line */
    uint32_t end_col; /* end of the character at col (col at the line's end) */
} bl_nearattr;

/* Looks at the line s[0, len) (li its analysis with vocab, which it
 * borrows) for an attribution one character away. next_paragraph is 1
 * when a narration paragraph follows (the quote of a `slash`
 * attribution). Returns the op (also in out->op), BL_NEARATTR_NONE when
 * no repair makes an attribution or the line is not plain text. */
int bl_nearattr_check(const bl_vocab *vocab, const char *s, size_t len, const bl_lineinfo *li,
                      int next_paragraph, bl_nearattr *out);

/* Writes what to do, for a message ("write '/' for '.'", "delete ':'",
 * "insert ':' after ')'"), into buf (cap > 0 bytes, NUL-terminated,
 * truncated to fit). s is the line r was found on. Returns buf. */
const char *bl_nearattr_describe(const bl_nearattr *r, const char *s, char *buf, size_t cap);
