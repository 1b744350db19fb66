/* emitrows: the writers of records: lint findings (text, quickfix,
 * JSON) and the quotes and supers tables streamed over all files. Types
 * and the shared rules of every format: emit.h.
 *
 * Ownership: writers borrow every argument for the call only. All return 0
 * or BL_EIO when the stream reports a write error (bl_emit_supers_row() may
 * also return BL_ENOMEM). */
#pragma once

#include <stddef.h>
#include <stdio.h>

#include "emit.h"
#include "lint.h"

/* ---- lint ---- */

/* Compiler style: `file:line:col: severity: message [code]` (line and col
 * 1-based, col counted in bytes) and, when there is one, a second line
 * `  suggestion: ...`. */
int bl_emit_lint_text(FILE *out, const bl_diags *diags, const bl_emit_opts *opts);
/* One line per diagnostic, `file:line:col: severity: message [code]`, the
 * suggestion appended in parentheses. */
int bl_emit_lint_qf(FILE *out, const bl_diags *diags, const bl_emit_opts *opts);
/* {"version": 1, "file": ..., "diagnostics": [{"line" (1-based), "col",
 * "end_col" (0-based bytes, end exclusive), "severity", "code", "message",
 * "suggestion" (or null)}]}. */
int bl_emit_lint_json(FILE *out, const bl_diags *diags, const bl_emit_opts *opts);

/* ---- quotes ---- */

/* The quotes listing is one table over all files: call _begin once, _row
 * per soundbite, _end once. JSON: one array of objects {file, line, form,
 * speaker, role, quote}; CSV: a header row then one row per soundbite;
 * text: `file:line: [form] Speaker / Role: quote`. */
int bl_emit_quotes_begin(FILE *out, bl_emit_format fmt);
int bl_emit_quotes_row(FILE *out, bl_emit_format fmt, const bl_emit_quote *q, int first);
int bl_emit_quotes_end(FILE *out, bl_emit_format fmt, size_t rows);

/* The supers listing (distinct captions): the same begin/row/end shape.
 * JSON: array of {caption, speaker, role, file, line}; CSV: header row
 * `caption,speaker,role,file,line`; text: the caption alone,
 * `Name / Role` (or `Name` when the role is null). */
int bl_emit_supers_begin(FILE *out, bl_emit_format fmt);
int bl_emit_supers_row(FILE *out, bl_emit_format fmt, const bl_emit_quote *q, int first);
int bl_emit_supers_end(FILE *out, bl_emit_format fmt, size_t rows);
