/* parse: the structure pass. From the cached per-line analysis of every
 * line it finds stories (§3), sections (§2, §5) and soundbites (§4), the
 * header meta, each line's final kind and fold level.
 *
 * Ownership: lines are owned by the caller (the doc); bl_parse_run()
 * writes each line's kind/fold/form and fills a bl_parse_result whose items
 * and strings it owns (strings live in its arena). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "doc.h"
#include "line.h"

#define BL_NO_FORM 0xFF

/* One line of a document: its text (owned by the doc), its cached
 * analysis, and what the structure pass decided about it. */
typedef struct {
    const char *text;
    uint32_t len;
    uint8_t owned; /* the doc malloc'ed text for this line */
    uint8_t kind;  /* bl_line_kind (output) */
    uint8_t fold;  /* fold level 0-3 (output) */
    uint8_t form;  /* soundbite form of an attribution/quote line, or BL_NO_FORM */
    bl_lineinfo info;
} bl_pline;

typedef struct {
    bl_item *items;
    size_t n, cap;
    bl_meta meta;
    bl_arena arena;
    char stamp[2][24]; /* posted / updated storage */
    char date[16];
} bl_parse_result;

/* Runs the structure pass over lines[0, n). Replaces out's previous items.
 * Returns 0 or BL_ENOMEM. */
int bl_parse_run(const bl_vocab *vocab, bl_pline *lines, int32_t n, bl_parse_result *out);
void bl_parse_result_free(bl_parse_result *out);

/* Compares two titles as §3 does (quote marks stripped, "[News Today]"
 * dropped, case folded, curly and straight quotes alike, spaces collapsed). */
int bl_parse_same_title(const char *a, size_t la, const char *b, size_t lb);
