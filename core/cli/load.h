/* load: documents for the command line — the vocabulary each one is read
 * with, and reading and parsing one, safe to call from several threads.
 *
 * The vocabulary of a document is --config's, the nearest .bulletinrc's
 * (bl_vocab_find_rc(): the document's directory, then its parents; for
 * standard input the current directory), or the built-in one. Each
 * .bulletinrc is loaded once per run and kept until bl_load_free(), so
 * that documents parsed at the same time can share it; a bad line in it
 * is reported on stderr once ("bulletin: PATH:LINE: message") and the
 * lines before it still apply.
 *
 * Ownership: paths are borrowed; vocabularies belong to the bl_load. */
#pragma once

#include <stddef.h>

#include "doc.h"
#include "vocab.h"

typedef struct bl_load bl_load;

/* A loader for --config FILE (or NULL) and --no-config. Loading FILE
 * reports its failure on stderr and returns nonzero (BL_EIO, BL_EINVAL,
 * BL_ETOOBIG, BL_ENOMEM). */
int bl_load_new(const char *config, int no_config, bl_load **out);
void bl_load_free(bl_load *ld);

/* The vocabulary for the document at path ("-" for standard input), or
 * NULL for the built-in one; *src (may be NULL) is set to the path of the
 * .bulletinrc it came from, or NULL. For one thread at a time. */
const bl_vocab *bl_load_vocab(bl_load *ld, const char *path, const char **src);

/* Reads path within the limits of input.h and parses it with vocab into
 * a new updated doc (*docp, the caller frees it), keeping the quotes' text
 * when quote_text (bl_doc_set_quote_text()). Thread-safe. On failure
 * returns a negative code and writes the reason (without the path) into
 * why, e.g. "No such file or directory". */
int bl_load_doc(const char *path, const bl_vocab *vocab, int quote_text, bl_doc **docp, char *why,
                size_t whylen);
