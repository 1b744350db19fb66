/* lspcfg: the server's settings, from initializationOptions or
 * workspace/didChangeConfiguration:
 *
 *     {"bulletin": {"vocab": {"lead": ["[Intro]", "<Anchor>"],
 *                             "label.report": "Correspondent",
 *                             "attribution": "[{speaker}: {quote}]",
 *                             "implicit_lead": true},
 *                   "lint": "change" | "save" | "off"}}
 *
 * (the "bulletin" level may be left out). vocab holds `.bulletinrc`
 * settings: each key with each of its values (a string, each string of an
 * array, a boolean as yes / no) is one line `key = value`, read by the
 * model's own parser (bl_vocab_load_text(), vocab.h, and dialect.h for
 * the dialect keys), so a setting means what the same line means in a
 * `.bulletinrc` and in setup() over RPC. At most BL_VOCAB_MAX_ENTRIES
 * lines are read.
 *
 * Ownership: the entries array and its strings belong to the caller (free
 * with bl_lspcfg_free); settings are borrowed. */
#pragma once

#include <jansson.h>
#include <stddef.h>

#include "lspdoc.h"
#include "vocab.h"

#define BL_LSPCFG_MAX_KEY 128u    /* bytes of a vocab key */
#define BL_LSPCFG_MAX_VALUE 1024u /* bytes of one value (one line) */

/* The settings object inside s (s.bulletin, or s itself), or NULL. */
json_t *bl_lspcfg_root(json_t *s);
/* Parses root.vocab into a new array of lines, checked by applying them to
 * a scratch vocabulary. Returns 0 (*has_vocab 0 when there is no vocab
 * key: keep the old one), or a BL_E* code with a message in err (the
 * settings are then refused whole). */
int bl_lspcfg_vocab(json_t *root, bl_lspdoc_entry **out, size_t *n, int *has_vocab, char *err,
                    size_t errlen);
/* root.lint as BL_LSP_LINT_*, or -1 when absent or unknown. */
int bl_lspcfg_lint(json_t *root);
void bl_lspcfg_free(bl_lspdoc_entry *v, size_t n);
/* Applies the lines cfg[0, n) to v in order (each as a `.bulletinrc`
 * line). Returns 0, or the parser's BL_E* code with "settings
 * bulletin.vocab.KEY: message" in err (errlen bytes, may be 0); the lines
 * before the bad one apply. */
int bl_lspcfg_apply(bl_vocab *v, const bl_lspdoc_entry *cfg, size_t n, char *err, size_t errlen);
int bl_lspcfg_equal(const bl_lspdoc_entry *a, size_t na, const bl_lspdoc_entry *b, size_t nb);
