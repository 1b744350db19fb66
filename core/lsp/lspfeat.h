/* lspfeat: the language features of `bulletin lsp`, as LSP results built
 * from an updated document model (call bl_lspdoc_update() first).
 *
 * Coordinates: the model's 1-based item lines and byte columns become
 * 0-based LSP lines and columns in the negotiated encoding (lsppos.h).
 *
 * Ownership: every json_t returned is a new reference (NULL when out of
 * memory); the document and the diagnostics are borrowed. */
#pragma once

#include <jansson.h>
#include <stdint.h>

#include "lint.h"
#include "lspdoc.h"
#include "lspjson.h"
#include "lsppos.h"

/* SymbolKind of each outline item (LSP numbers). */
#define BL_LSPFEAT_KIND_STORY 2   /* Module */
#define BL_LSPFEAT_KIND_SECTION 3 /* Namespace */
#define BL_LSPFEAT_KIND_QUOTE 15  /* String */
/* Words of a soundbite's quote in its symbol name. */
#define BL_LSPFEAT_NAME_WORDS 6

/* The semantic tokens legend: tokenTypes are the §5 group names in
 * bl_hl_group order (index = token type), no modifiers. */
json_t *bl_lspfeat_legend(void);

/* Results that can be large (a 100k-line document) are appended to out as
 * JSON text rather than built as jansson trees (out->failed when out of
 * memory). */

/* DocumentSymbol[]: stories > sections > soundbites. */
void bl_lspfeat_symbols(const bl_lspdoc *d, bl_lsppos_enc enc, bl_lspjson_buf *out);
/* FoldingRange[]: one per line where an item's fold starts (the outermost
 * item there), spanning more than one line. line_only: no characters. */
void bl_lspfeat_folds(const bl_lspdoc *d, bl_lsppos_enc enc, int line_only, bl_lspjson_buf *out);
/* Appends the SemanticTokens object {"data":[...]} of lines [first,
 * last] (0-based, inclusive; clamped) to out, as JSON text. */
void bl_lspfeat_tokens(const bl_lspdoc *d, bl_lsppos_enc enc, int64_t first, int64_t last,
                       bl_lspjson_buf *out);
/* One LSP Diagnostic (code = the lint code, source = "bulletin"). */
json_t *bl_lspfeat_diagnostic(const bl_lspdoc *d, bl_lsppos_enc enc, const bl_diag *g);
/* Diagnostic[] of all of diags, as JSON text. */
void bl_lspfeat_diagnostics(const bl_lspdoc *d, bl_lsppos_enc enc, const bl_diags *diags,
                            bl_lspjson_buf *out);
/* CodeAction[]: a quick fix with a plain WorkspaceEdit for each fix
 * (fix.h: the same as `bulletin lint --fix`) of the diagnostics on lines
 * [first, last]; a safe fix isPreferred, an unsafe one's title ends in
 * " (unsafe)". */
json_t *bl_lspfeat_actions(const bl_lspdoc *d, bl_lsppos_enc enc, const bl_diags *diags,
                           int64_t first, int64_t last);
