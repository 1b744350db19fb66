/* lspcfg: the server's settings, from initializationOptions or
 * workspace/didChangeConfiguration:
 *
 *     {"bulletin": {"vocab": {"lead": ["[Intro]", "<Anchor>"],
 *                             "label.report": "Correspondent"},
 *                   "lint": "change" | "save" | "off"}}
 *
 * (the "bulletin" level may be left out). vocab keys are those of
 * `.bulletinrc` (vocab.h); a value is an array of spellings or one string
 * of comma-separated spellings, as in `.bulletinrc`. At most
 * BL_VOCAB_MAX_ENTRIES spellings are read.
 *
 * Ownership: the entries array and its strings belong to the caller (free
 * with bl_lspcfg_free); settings are borrowed. */
#pragma once

#include <jansson.h>
#include <stddef.h>

#include "lspdoc.h"

/* The settings object inside s (s.bulletin, or s itself), or NULL. */
json_t *bl_lspcfg_root(json_t *s);
/* Parses root.vocab into a new array. Returns 0 (*has_vocab 0 when there
 * is no vocab key: keep the old one), or BL_EINVAL with a message in err,
 * or BL_ENOMEM. */
int bl_lspcfg_vocab(json_t *root, bl_lspdoc_entry **out, size_t *n, int *has_vocab, char *err,
                    size_t errlen);
/* root.lint as BL_LSP_LINT_*, or -1 when absent or unknown. */
int bl_lspcfg_lint(json_t *root);
void bl_lspcfg_free(bl_lspdoc_entry *v, size_t n);
int bl_lspcfg_equal(const bl_lspdoc_entry *a, size_t na, const bl_lspdoc_entry *b, size_t nb);
