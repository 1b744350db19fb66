/* tmpl: the patterns of a dialect (BULLETIN-FORMAT.md §8), compiled from
 * `.bulletinrc` text: attribution templates with {speaker}, {role} and
 * {quote} slots, and date-line shapes.
 *
 * Attribution template, as written after `attribution =`:
 *
 *     [{speaker} / {role}: {quote}]      one line; the ']' may come on a
 *                                        later line (the quote runs on)
 *     [{speaker}/{role}]\n"{quote}"      a caption line, then the quote on
 *                                        the next line(s), which must open
 *                                        with a quote mark ("{quote}") or
 *                                        not (plain {quote})
 *     {speaker} ({role}): {quote}
 *
 * Literal text matches as written except that spaces match any run of
 * spaces (or none); slots are trimmed; quote marks around a quote are
 * optional. A slot runs to the first place where the literal after it
 * matches (to the end of the line for the last slot). A speaker is 1-8
 * words without a quote mark (§7.7); a role 1-15 words.
 *
 * Date-line shape, as written after `dateline =`: strftime-like, the whole
 * line: %Y four digits, %m %d %H %I %M %S one or two digits, %p AM, PM,
 * 오전 or 오후, %% a '%'; a space matches one or more spaces; anything
 * else itself. "%Y.%m.%d. %p %I:%M" matches "2024.10.28. PM 2:45".
 *
 * Ownership: a bl_tmpl / bl_dateline owns its strings (freed by
 * bl_tmpl_free / bl_dateline_free); the text matched is borrowed. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define BL_TMPL_MAX_PIECES 16u
#define BL_TMPL_MAX_LEN 256u /* bytes of a template or date-line shape */

enum { BL_TMPL_LIT, BL_TMPL_SPEAKER, BL_TMPL_ROLE, BL_TMPL_QUOTE };

/* Invariant: pieces alternate (no two slots side by side); literals are
 * non-empty and trimmed; each slot kind appears at most once. */
typedef struct {
    char *src; /* the template as written (for display and equality) */
    char *lit; /* literal bytes, pieces point into it */
    struct {
        uint8_t kind;
        uint16_t off, len; /* a literal's bytes in lit */
    } piece[BL_TMPL_MAX_PIECES];
    uint8_t npieces;
    uint8_t next_line;  /* 1: the quote is on the line(s) after the caption */
    uint8_t next_mark;  /* 1: ... and that line opens with a quote mark */
    uint8_t quote_open; /* 1: {quote} is followed by one final literal that
                           may close on a later line */
} bl_tmpl;

/* Extents on one line, [a, b) byte offsets; a == b for a slot not given. */
typedef struct {
    uint32_t sp_a, sp_b, role_a, role_b, q_a, q_b;
    uint32_t end;      /* just past what the template took on the line */
    uint8_t has_quote; /* the template holds {quote} on this line */
    uint8_t open;      /* the closing literal is not on this line */
} bl_tmpl_hit;

/* Compiles src[0, len). Returns 0, or BL_EINVAL with a message in err
 * (errlen bytes, may be 0) saying what was expected. */
int bl_tmpl_compile(bl_tmpl *t, const char *src, size_t len, char *err, size_t errlen);
void bl_tmpl_free(bl_tmpl *t);
/* Does the template match line s at [a, b) (a: first non-space byte,
 * b: end of content)? Returns 1 and fills hit, or 0. */
int bl_tmpl_match(const bl_tmpl *t, const char *s, size_t a, size_t b, bl_tmpl_hit *hit);
/* For an open hit: where the closing literal stands on a later line
 * s[a, b); returns 1 with *at (its start) and *after (past it), or 0. */
int bl_tmpl_close(const bl_tmpl *t, const char *s, size_t a, size_t b, size_t *at, size_t *after);

typedef struct {
    char *src; /* the shape as written */
} bl_dateline;

int bl_dateline_compile(bl_dateline *d, const char *src, size_t len, char *err, size_t errlen);
void bl_dateline_free(bl_dateline *d);
/* Does s[a, b) (trimmed) fit the shape, as a whole? 1 or 0. With iso
 * (24 bytes) non-NULL, writes the local time "YYYY-MM-DDTHH:MM[:SS]" when
 * the shape gives a valid date, hour and minute, else "". */
int bl_dateline_match(const bl_dateline *d, const char *s, size_t a, size_t b, char *iso);
