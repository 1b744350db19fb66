/* lspdoc: one open text document of the language server — its model
 * (bl_doc), its vocabulary, its version, and the mapping between the
 * client's lines and the model's.
 *
 * Lines: the client splits the text at every "\n" (a text ending in "\n"
 * has an empty last line); the model, like the command line, does not
 * count the empty line after a final "\n" (bl_doc_set_text()). The model
 * holds lines [0, M); the client sees M + tail_empty lines, the last one
 * empty when tail_empty. So the model of any text is the CLI's model of the
 * same file, edit after edit. A "\r" before "\n" stays in the model's line
 * (as in the CLI); a lone "\r" is not a line break here.
 *
 * Ownership: a bl_lspdoc owns its uri, path, doc, vocab (NULL: the
 * built-in one), diagnostics and rc error. The dispatcher owns the
 * bl_lspdoc. Texts passed in are borrowed for the call. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "lint.h"
#include "lsppos.h"
#include "vocab.h"

/* One setting of the configured vocabulary, a `.bulletinrc` line `key =
 * val` (owned strings), read by the model's parser (lspcfg.h). */
typedef struct {
    char *key;
    char *val;
} bl_lspdoc_entry;

typedef struct {
    char *uri;
    char *path; /* the file of a file:// uri, for `.bulletinrc`, or NULL */
    int64_t version;
    bl_doc *doc;
    bl_vocab *vocab;
    int tail_empty;   /* the client's last line is empty and not in doc */
    int needs_update; /* edited since bl_doc_update() */
    int changed;      /* edited since the last lint was published */
    char *rc_error;   /* why the `.bulletinrc` did not load, or NULL */
} bl_lspdoc;

/* A document with text[0, len); builds its vocabulary from cfg (borrowed)
 * and the `.bulletinrc` nearest its path. Returns 0 and *out, or a BL_E*
 * code. */
int bl_lspdoc_new(const char *uri, int64_t version, const char *text, size_t len,
                  const bl_lspdoc_entry *cfg, size_t ncfg, bl_lspdoc **out);
void bl_lspdoc_free(bl_lspdoc *d);

/* The client's line count and line i (borrowed; "" for the empty last
 * line that the model does not hold). */
int32_t bl_lspdoc_lines(const bl_lspdoc *d);
const char *bl_lspdoc_line(const bl_lspdoc *d, int32_t i, size_t *len);
/* Line i's length without a trailing "\r". */
size_t bl_lspdoc_content_len(const bl_lspdoc *d, int32_t i);

/* Replaces the whole text. 0 or a BL_E* code (the doc is then unchanged). */
int bl_lspdoc_set_text(bl_lspdoc *d, const char *text, size_t len);
/* Replaces the range (sl, sc)-(el, ec), in enc units, by text[0, len).
 * Positions past the end clamp to the end (the spec's rule). Returns 0,
 * BL_EINVAL (end before start, a negative line), or BL_ENOMEM / BL_ETOOBIG
 * (the doc is then unchanged). */
int bl_lspdoc_edit(bl_lspdoc *d, bl_lsppos_enc enc, int64_t sl, int64_t sc, int64_t el, int64_t ec,
                   const char *text, size_t len);
/* Re-creates vocab and doc from cfg and the `.bulletinrc` (after a
 * configuration change or a save). On failure the old ones stay. */
int bl_lspdoc_rebuild(bl_lspdoc *d, const bl_lspdoc_entry *cfg, size_t ncfg);
/* Brings the model up to date. 0 or BL_ENOMEM. */
int bl_lspdoc_update(bl_lspdoc *d);

/* The file path of a file:// uri (percent-decoded, malloc'ed), or NULL. */
char *bl_lspdoc_uri_path(const char *uri);
