/* lint: the lint rules of BULLETIN-FORMAT.md §6 over a bl_doc, and
 * malformed-attribution (§7.9, nearattr.h).
 *
 * Ownership: a bl_diags owns its array and every message and suggestion
 * string in it; codes are static strings, the names of lintcode.h. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

typedef enum { BL_SEV_ERROR, BL_SEV_WARNING, BL_SEV_INFO } bl_severity;

/* One diagnostic. line is 0-based; columns are byte offsets, end exclusive,
 * on that line. */
typedef struct {
    int32_t line;
    uint32_t col;
    uint32_t end_col;
    uint8_t severity; /* bl_severity */
    const char *code; /* static: a bl_lintcode name, "unknown-tag", ... */
    char *message;    /* owned */
    char *suggestion; /* owned, or NULL */
    /* Bytes of message before its suggestion clause ("; did you mean X?",
     * "; write X"): the RPC sends message[0, bare_len) and the suggestion
     * apart; the CLI prints the whole message. strlen(message) when none. */
    uint32_t bare_len;
} bl_diag;

typedef struct {
    bl_diag *v;
    size_t n;
    size_t cap;
} bl_diags;

/* Runs every rule over an updated doc and appends the findings to out in
 * line order. Returns 0 or BL_ENOMEM (out then holds what was found). */
int bl_lint_run(bl_doc *doc, bl_diags *out);
void bl_diags_free(bl_diags *diags);

/* The "did you mean" search of unknown-tag and malformed-tag, bounded.
 *
 * It gives bl_vocab_nearest()'s answer (the bracketed tag at the least
 * optimal-string-alignment distance, ASCII case folded, the first in
 * vocabulary order among equals, none when farther than max(len / 3, 2)),
 * but by an index of the vocabulary's bracketed tags by length: a tag of
 * length n is at least |n - len| away, so only tags within the distance
 * limit, and then within the best distance so far, are compared, nearest
 * length first. A comparison is bit-parallel: one 64-bit step per byte of
 * the tag (a column of the table). The work per search is capped: at most
 * BL_LINT_NEAR_MAX_CANDIDATES tags are compared and none once
 * BL_LINT_NEAR_MAX_COLUMNS columns have been computed, so a `.bulletinrc`
 * of thousands of long tags costs each unknown tag a small constant. Within
 * the caps the answer is exactly bl_vocab_nearest()'s; past them it is the
 * nearest of the tags compared (a vocabulary needs dozens of tags of about
 * the same length as the unknown one to get there).
 *
 * Ownership: a bl_lint_near borrows its vocabulary (which must outlive it
 * and not change) and owns its index; returned spellings are the
 * vocabulary's. */
#define BL_LINT_NEAR_MAX_CANDIDATES 256u
#define BL_LINT_NEAR_MAX_COLUMNS 1024u

typedef struct bl_lint_near bl_lint_near;

/* What one search did, for tests and benchmarks. */
typedef struct {
    size_t candidates; /* tags compared (a table started) */
    size_t columns;    /* table columns computed (bytes of the tags compared) */
} bl_lint_near_stats;

/* Indexes vocab's bracketed tags. Returns 0 or BL_ENOMEM / BL_EINVAL. */
int bl_lint_near_new(const bl_vocab *vocab, bl_lint_near **out);
void bl_lint_near_free(bl_lint_near *near);
/* The suggestion for the tag text s[0, len) ("[Reprot]", "[ LEAD"), or
 * NULL. stats (may be NULL) receives the work done. */
const char *bl_lint_nearest(const bl_lint_near *near, const char *s, size_t len,
                            bl_lint_near_stats *stats);
const char *bl_severity_name(bl_severity severity);
