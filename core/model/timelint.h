/* timelint: the lint rule over-time (doc/FORMAT.md, "Timing"): a warning
 * on the first line when the bulletin runs over its target, and on a
 * story's first line when the story runs over the per-story target.
 *
 * Ownership: borrows doc and opts for the call; the findings appended to
 * out are owned by out (lint.h). */
#pragma once

#include "lint.h"
#include "timing.h"

/* Appends the over-time findings of an updated doc under opts (NULL: the
 * doc's vocabulary's timing.* settings) to out, in no particular order.
 * Returns 0 or BL_ENOMEM. */
int bl_timelint_run(const bl_doc *doc, const bl_timing_opts *opts, bl_diags *out);
