/* showcfg: `bulletin config`, the vocabulary and dialect in force, printed
 * in `.bulletinrc` syntax (so the output read back with --config gives the
 * same vocabulary): a comment naming where it comes from, then dialect,
 * attribution, dateline, chrome, implicit_lead, hangul_chrome and the tag
 * spellings by role, one `FAMILY.ROLE = ...` line per family (labels as
 * `FAMILY.label.ROLE`; the family "custom" as the plain key). Control
 * characters print as '?', as in emit.h's text output.
 *
 * Ownership: borrows every argument for the call. */
#pragma once

#include <stdio.h>

#include "vocab.h"

/* Prints v (NULL: the built-in vocabulary) with the header comment
 * "# SOURCE". Returns 0, BL_EIO (a write failed) or BL_ENOMEM. */
int bl_showcfg_print(FILE *out, const bl_vocab *v, const char *source);
