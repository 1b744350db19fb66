/* emitdoc: the writers of one document each: its outline (JSON, text,
 * quickfix), its fold levels and its highlight spans. Types and the
 * shared rules of every format (a trailing "\r" dropped, valid UTF-8 in
 * JSON, no control character in text): emit.h.
 *
 * Ownership: writers borrow every argument for the call only. All return 0
 * or BL_EIO when the stream reports a write error. */
#pragma once

#include <stdio.h>

#include "doc.h"
#include "emit.h"

/* ---- outline ---- */

/* The outline object of BULLETIN-FORMAT.md §5: version, file, meta, items,
 * keys in that order. Ends with a newline. */
int bl_emit_outline_json(FILE *out, bl_doc *doc, const bl_emit_opts *opts);
/* An indented tree: the file, its meta, one line per item with its line
 * range, indented two spaces per level. */
int bl_emit_outline_text(FILE *out, bl_doc *doc, const bl_emit_opts *opts);
/* One `file:line:col: text` line per item (col is 1), for Vim's quickfix
 * list (errorformat `%f:%l:%c: %m`). */
int bl_emit_outline_qf(FILE *out, bl_doc *doc, const bl_emit_opts *opts);

/* ---- folds, highlights ---- */

/* A JSON array of the fold level of every line, on one line. */
int bl_emit_folds_json(FILE *out, bl_doc *doc);
/* A JSON array of highlight spans, one per line of output:
 * {"line": L (1-based), "col": C, "end_col": E (0-based bytes, end
 * exclusive), "group": "bulletinSpeaker"}. */
int bl_emit_highlights_json(FILE *out, bl_doc *doc);
