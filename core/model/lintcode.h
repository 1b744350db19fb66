/* lintcode: the lint codes, one table. BULLETIN-FORMAT.md §6 and
 * doc/FORMAT.md §11 list them; this table is the one place in the code
 * that spells a code and gives its severity and its one-line description.
 * The lint passes (lint.c, timelint.c) take both from it by id, fix.c
 * looks codes up by name, and `bulletin lint --format sarif` prints it as
 * its rules (sarif.c), in its order: the order of doc/FORMAT.md's table.
 * tests/unit/test_lintcode.c checks it against what the passes emit,
 * tests/cli/test_format_doc.py against doc/FORMAT.md.
 *
 * Ownership: every string here is static; nothing is allocated. */
#pragma once

#include <stddef.h>

#include "lint.h"

/* The codes, in the table's order. */
typedef enum {
    BL_LINTCODE_UNKNOWN_TAG,
    BL_LINTCODE_MALFORMED_TAG,
    BL_LINTCODE_MIXED_DIALECT,
    BL_LINTCODE_MISSING_LEAD,
    BL_LINTCODE_SECTION_ORDER,
    BL_LINTCODE_DUPLICATE_SECTION,
    BL_LINTCODE_EMPTY_SECTION,
    BL_LINTCODE_TAG_NOT_ALONE,
    BL_LINTCODE_DANGLING_ATTRIBUTION,
    BL_LINTCODE_UNBALANCED_QUOTE,
    BL_LINTCODE_UNBALANCED_PAREN,
    BL_LINTCODE_SPEAKER_ROLE_MISMATCH,
    BL_LINTCODE_CHROME,
    BL_LINTCODE_TIMESTAMP,
    BL_LINTCODE_OVER_TIME,
    BL_LINTCODE_INVISIBLE_CHAR,
    BL_LINTCODE_MALFORMED_ATTRIBUTION,
    BL_LINTCODE_COUNT
} bl_lintcode_id;

typedef struct {
    const char *name;        /* "unknown-tag": the diagnostic's code */
    bl_severity severity;    /* the one severity of every finding of it */
    const char *description; /* one line: what it is reported on */
} bl_lintcode;

/* The number of codes (BL_LINTCODE_COUNT). */
size_t bl_lintcode_count(void);
/* The code at index i (a bl_lintcode_id), or NULL past the end. */
const bl_lintcode *bl_lintcode_at(size_t i);
/* The index of the code called name, or BL_EINVAL when name is NULL or no
 * code (a bl_lintcode_id otherwise). */
int bl_lintcode_index(const char *name);
/* The code called name, or NULL. */
const bl_lintcode *bl_lintcode_find(const char *name);
