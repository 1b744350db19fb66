/* fix: the fixes of lint findings, as edits of the text.
 *
 * For one finding of bl_lint_run() (lint.h) and the doc it was found in,
 * bl_fix_for() gives zero or more fixes. A fix is one or two edits of the
 * text, a title for menus and a safety class:
 *
 *   safe    changes spelling only, never meaning: a tag's case, spacing or
 *           brackets ("[lead]", "[ LEAD ]", "[LEAD" -> "[LEAD]"), the
 *           canonical spelling of a known tag (the same letters and
 *           digits), a stray colon or missing ']' after a soundbite tag
 *           (§7.9), invisible characters before a tag or attribution
 *           (§7.4), and the trailing whitespace of the tag line it edits.
 *   unsafe  a guess: the nearest tag for a typo ("[REPROT]" -> "[REPORT]"),
 *           deleting a web-chrome line, moving the text after a section
 *           tag to its own line.
 *
 * Which code gets which fix (BULLETIN-FORMAT.md §6):
 *   unknown-tag    the suggestion: safe when it has the same letters and
 *                  digits (case folded), else unsafe
 *   malformed-tag  the suggestion, as unknown-tag; a soundbite tag's stray
 *                  colon or missing ']' is always safe
 *   invisible-char delete the invisible characters before the tag: safe
 *   chrome         delete the line: unsafe
 *   tag-not-alone  move the text after the tag to a new line: unsafe
 *   others         none
 *
 * A fix is computed from the finding's line as it is in the doc now, and
 * only when that line still shows the finding (the same shape and
 * columns): a finding kept across edits (the RPC helper moves them) whose
 * line changed gets no fix rather than a wrong one.
 *
 * Coordinates: lines 0-based, columns byte offsets, ends exclusive, as
 * lint.h and Neovim's nvim_buf_set_text(). An edit replaces the text from
 * (line, col) to (end_line, end_col) with text, where "\n" in text starts
 * a new line; deleting a line is (i, 0)-(i + 1, 0) with "" (for the last
 * line, (i - 1, len)-(i, len), and (0, 0)-(0, len) for a lone line). The
 * edits of one fix are in text order and do not overlap; apply them last
 * first. Two fixes conflict when their edits overlap (bl_fix_overlap()).
 *
 * Ownership: a bl_fixes owns every fix in it, and each fix its title and
 * edit texts. bl_fix_for() borrows the doc and the finding. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "lint.h"
#include "vec.h"

/* One replacement. Invariant: (line, col) <= (end_line, end_col). */
typedef struct {
    int32_t line;
    uint32_t col;
    int32_t end_line;
    uint32_t end_col;
    char *text; /* owned; NUL-terminated after its len bytes */
    size_t len; /* bytes of text (it may hold NUL bytes, §7.5) */
} bl_edit;

#define BL_FIX_MAX_EDITS 2

/* Invariant: 1 <= n_edits <= BL_FIX_MAX_EDITS; edits in text order, not
 * overlapping. */
typedef struct {
    char *title;  /* owned: "Write [LEAD]" */
    uint8_t safe; /* 1 safe, 0 unsafe */
    uint8_t n_edits;
    bl_edit edits[BL_FIX_MAX_EDITS];
} bl_fix;

typedef BL_VEC(bl_fix) bl_fixes;

/* Appends the fixes of finding d (found in doc, updated) to out. Returns 0
 * (also when there are none) or BL_ENOMEM (out unchanged) / BL_EINVAL. */
int bl_fix_for(const bl_doc *doc, const bl_diag *d, bl_fixes *out);
/* Frees every fix of f and its array. */
void bl_fixes_free(bl_fixes *f);
/* 1 if an edit of a overlaps an edit of b (touching ends do not overlap;
 * two insertions at one place do). */
int bl_fix_overlap(const bl_fix *a, const bl_fix *b);
/* Chooses among the fixes cand[0, n) (indices into fixes) a set that does
 * not overlap, in O(n log n): by the start of their first edit, each fix
 * whose span (its first edit's start to its last edit's end) starts at or
 * after the end of every fix chosen before it; among equal starts the
 * earlier in cand. Writes the chosen indices, in text order, to
 * out[0, *n_out) (out has room for n). Returns 0 or BL_ENOMEM. */
int bl_fix_choose(const bl_fix *fixes, const size_t *cand, size_t n, size_t *out, size_t *n_out);
/* 1 if s[0, n) and t have the same ASCII letters and digits, case folded,
 * and the same non-ASCII bytes, in order ("[ lead" and "[LEAD]"). */
int bl_fix_same_letters(const char *s, size_t n, const char *t);
