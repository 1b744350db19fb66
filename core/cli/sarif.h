/* sarif: `bulletin lint --format sarif`, the findings of every file as one
 * SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format) for
 * code-scanning services in CI pipelines.
 *
 * One run: tool.driver names bulletin, its version and one rule per lint
 * code of lintcode.h (id, shortDescription, defaultConfiguration.level),
 * in its order, that of doc/FORMAT.md's table; results carry ruleId, ruleIndex, level
 * (error, warning, or note for info), message.text (the message as
 * `lint` prints it) and one physicalLocation: artifactLocation.uri (the
 * FILE as given, percent-encoded; `-` is "stdin") and region startLine,
 * startColumn, endColumn, 1-based, counted in Unicode code points
 * (run.columnKind "unicodeCodePoints"; a byte that is not UTF-8 counts as
 * one).
 *
 * Usage: _begin once, _file per document (after bl_lint_run()), _end
 * once. Ownership: every argument is borrowed for the call. All return 0
 * or BL_EIO when the stream reports a write error. */
#pragma once

#include <stddef.h>
#include <stdio.h>

#include "doc.h"
#include "lint.h"

int bl_sarif_begin(FILE *out);
/* The results of one document; *count is the number of results written so
 * far over all files (for the separators), updated. */
int bl_sarif_file(FILE *out, const bl_doc *doc, const bl_diags *diags, const char *file,
                  size_t *count);
int bl_sarif_end(FILE *out, size_t count);

/* The rules are the lint codes of lintcode.h, in its order (that of
 * doc/FORMAT.md's table), with its descriptions. */
