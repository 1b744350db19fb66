/* parse: the structure pass. From the cached per-line analysis of every
 * line it finds stories (§3), sections (§2, §5) and soundbites (§4), the
 * header meta, each line's final kind and fold level.
 *
 * Ownership: lines are the doc's line table (pline.h), borrowed; bl_parse_run()
 * writes each line's kind/fold/form and fills a bl_parse_result whose items
 * and strings it owns (strings live in its arena). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "doc.h"
#include "line.h"
#include "pline.h"

typedef struct {
    bl_item *items;
    size_t n, cap;
    bl_meta meta;
    bl_arena arena;
    char stamp[2][24]; /* posted / updated storage */
    char date[16];
    int has_blank;  /* the document has a blank line (§4 slash paragraphs) */
    size_t garbage; /* arena bytes of strings no item points to any more */
    /* Set by the doc (bl_doc_set_quote_text): a quote's text is not kept,
     * `quote` is bl_rstr_empty() where it would have had text. */
    int no_quote_text;
} bl_parse_result;

/* A line's kind, fold and form in one word, to tell what an update changed. */
static inline uint32_t bl_parse_pack(const bl_pline *l) {
    return (uint32_t)l->kind | (uint32_t)l->fold << 8 | (uint32_t)l->form << 16;
}

/* Runs the structure pass over lines[0, n). Replaces out's previous items.
 * Returns 0 or BL_ENOMEM. */
int bl_parse_run(const bl_vocab *vocab, bl_pline *lines, int32_t n, bl_parse_result *out);
void bl_parse_result_free(bl_parse_result *out);
/* Stores the meta of lines[0, n) (header.h's facts) into out: date and
 * stamps in its fixed storage, the programme name in its arena. Returns 0
 * or BL_ENOMEM. */
int bl_parse_meta(const bl_vocab *vocab, const bl_pline *lines, int32_t n, bl_parse_result *out);

/* Re-derives the stories from line `from` (a story start that the edits
 * since the last run did not change) up to the first story start T >=
 * min_to for which was_start(arg, T) says it was a story start before the
 * edits too (or to n). Writes kind/fold/form of lines [from, T) and
 * returns the window's items in a new array (*items, caller frees; strings
 * in out->arena), T in *to, and in changed[0, 1) the lines of the window
 * whose kind, fold or form changed. Meta and out->items are left alone. */
int bl_parse_window(const bl_vocab *vocab, bl_pline *lines, int32_t n, bl_parse_result *out,
                    int32_t from, int32_t min_to, int (*was_start)(void *, int32_t), void *arg,
                    bl_item **items, size_t *nitems, int32_t *to, int32_t *changed);
