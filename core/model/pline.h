/* pline: the document's line table, private to the model.
 *
 * The doc (doc.c) owns an array of bl_pline, one per buffer line, and the
 * text each points to; the passes borrow it: line analysis (line.h) fills
 * `info` when a line is inserted, the structure pass (parse.h) writes
 * `kind`, `fold` and `form`, highlighting (hl.h) reads them. Nothing
 * outside core/model/ sees this header.
 *
 * Invariant: text[0, len) is the line without its newline, valid until the
 * doc replaces or frees the line; `owned` is the doc's business alone. */
#pragma once

#include <stdint.h>

#include "line.h"

/* `form` of a line that is no attribution or quote line. */
#define BL_NO_FORM 0xFF

/* One line of a document: its text (owned by the doc), its cached
 * analysis, and what the structure pass decided about it. */
typedef struct {
    const char *text;
    uint32_t len;
    uint8_t owned; /* where the doc keeps the text (see doc.c) */
    uint8_t kind;  /* bl_line_kind (output) */
    uint8_t fold;  /* fold level 0-3, | BL_FOLD_START (output) */
    uint8_t form;  /* soundbite form of an attribution/quote line, or BL_NO_FORM */
    bl_lineinfo info;
} bl_pline;
