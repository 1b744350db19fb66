/* update: re-deriving the structure after edits, in proportion to the
 * edit rather than to the document.
 *
 * Stories are independent once their first lines are known: the pass is
 * re-run from the start of the story before the edit up to the first
 * story start after it that was a story start before the edit too, and
 * the items of that window are spliced into the item array (later items
 * shift by the change in line count). An edit in the header, one that
 * adds the first or removes the last blank line (§4: blank lines define
 * slash paragraphs), or an arena grown mostly dead falls back to a full
 * run. Meta is recomputed only when a meta-shaped line was edited. */
#pragma once

#include <stdint.h>

#include "doc.h"
#include "parse.h"

/* What changed since the last run. Lines are in current coordinates. */
typedef struct {
    int32_t dirty_first, dirty_last; /* every line inserted or replaced is in here */
    int32_t delta;                   /* line count now minus at the last run */
    int meta_dirty;                  /* a meta-shaped line was added or removed */
    int has_blank;                   /* the document has a blank line now */
    int full;                        /* no earlier run to build on */
} bl_update_edit;

/* Brings res up to date with lines[0, n) and fills *change (never NULL).
 * Returns 0 or BL_ENOMEM (res is then empty and the next call must be a
 * full one). Borrows everything. */
int bl_update_run(const bl_vocab *vocab, bl_pline *lines, int32_t n, bl_parse_result *res,
                  const bl_update_edit *edit, bl_change *change);
