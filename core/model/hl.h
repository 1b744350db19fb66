/* hl: highlight spans (§5 groups) of one line, from its final kind and
 * cached analysis. The same group names serve syntax/bulletin.vim. */
#pragma once

#include <stddef.h>

#include "doc.h"
#include "pline.h"

/* Most spans one line can have. */
#define BL_HL_MAX_PER_LINE 8

/* Writes the spans of line (0-based index lineno) into out (room for
 * BL_HL_MAX_PER_LINE); returns how many. Borrows everything. */
size_t bl_hl_line(const bl_vocab *vocab, const bl_pline *line, int32_t lineno, bl_span *out);
