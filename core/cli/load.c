#include "load.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "input.h"
#include "term.h"
#include "vec.h"

/* The largest .bulletinrc read (as bl_vocab_load_file()); HELP says it. */
#define RC_MAX_BYTES ((size_t)1 << 20)

/* One .bulletinrc loaded, by its path. */
typedef struct {
    char *path;
    bl_vocab *vocab;
} rc_entry;

/* Invariant: config != NULL when --config was given; rcs holds every
 * .bulletinrc loaded so far (few: one per directory tree with one);
 * when cached, last_dir is the directory of the last lookup and last the
 * index of the .bulletinrc found for it, or SIZE_MAX for none. */
struct bl_load {
    int no_config;
    bl_vocab *config;
    BL_VEC(rc_entry) rcs;
    size_t last;
    int cached;
    char last_dir[PATH_MAX];
};

/* Loads the .bulletinrc at path into v, read as a FILE operand is (no wait
 * for a FIFO's writer, RC_MAX_BYTES at most). On a failure reports
 * "bulletin: PATH: reason" or "bulletin: PATH:LINE: message" on stderr and
 * returns nonzero; the lines before a bad line still apply. */
static int load_vocab(bl_vocab *v, const char *path) {
    char *buf = NULL;
    size_t len = 0;
    char why[256];
    errno = 0;
    int rc = bl_input_read(path, RC_MAX_BYTES, &buf, &len, why, sizeof why);
    if (rc == BL_ETOOBIG) {
        bl_term_error("%s: larger than %zu bytes (the .bulletinrc size limit)", path, RC_MAX_BYTES);
        return rc;
    }
    if (rc != 0) {
        bl_term_error("%s: %s", path,
                      why[0]                       ? why
                      : rc == BL_EIO && errno != 0 ? strerror(errno)
                                                   : bl_strerror(rc));
        return rc;
    }
    char err[256] = "";
    rc = bl_vocab_load_text(v, buf, len, err, sizeof err);
    free(buf);
    if (rc != 0)
        bl_term_error("%s:%s", path, err[0] ? err : " invalid configuration");
    return rc;
}

int bl_load_new(const char *config, int no_config, bl_load **out) {
    bl_load *ld = bl_calloc(1, sizeof *ld);
    if (ld == NULL) {
        bl_term_error("out of memory");
        return BL_ENOMEM;
    }
    ld->no_config = no_config;
    ld->last = SIZE_MAX;
    if (config != NULL) {
        ld->config = bl_vocab_new();
        int rc = ld->config == NULL ? BL_ENOMEM : load_vocab(ld->config, config);
        if (ld->config == NULL)
            bl_term_error("out of memory");
        if (rc != 0) {
            bl_load_free(ld);
            return rc;
        }
    }
    *out = ld;
    return 0;
}

void bl_load_free(bl_load *ld) {
    if (ld == NULL)
        return;
    for (size_t i = 0; i < ld->rcs.n; i++) {
        free(ld->rcs.v[i].path);
        bl_vocab_free(ld->rcs.v[i].vocab);
    }
    bl_vec_free(&ld->rcs);
    bl_vocab_free(ld->config);
    free(ld);
}

/* The directory part of path ("." when none) into dir. */
static void dir_of(const char *path, char *dir, size_t cap) {
    const char *s = strrchr(path, '/');
    if (s == NULL)
        snprintf(dir, cap, ".");
    else
        snprintf(dir, cap, "%.*s", (int)(s - path + 1), path);
}

const bl_vocab *bl_load_vocab(bl_load *ld, const char *path, const char **src) {
    if (src != NULL)
        *src = NULL;
    if (ld->no_config)
        return NULL;
    if (ld->config != NULL)
        return ld->config;
    const char *from = strcmp(path, "-") == 0 ? "./-" : path;
    char dir[PATH_MAX];
    dir_of(from, dir, sizeof dir);
    if (!ld->cached || strcmp(dir, ld->last_dir) != 0) {
        /* Not the directory of the last lookup (which has the same answer). */
        char rc[PATH_MAX];
        ld->last = SIZE_MAX;
        ld->cached = 1;
        snprintf(ld->last_dir, sizeof ld->last_dir, "%s", dir);
        if (bl_vocab_find_rc(from, rc, sizeof rc) != 0)
            return NULL;
        for (size_t i = 0; i < ld->rcs.n && ld->last == SIZE_MAX; i++)
            if (strcmp(ld->rcs.v[i].path, rc) == 0)
                ld->last = i;
        if (ld->last == SIZE_MAX) {
            rc_entry e = {bl_strdup(rc), bl_vocab_new()};
            if (e.path == NULL || e.vocab == NULL || bl_vec_push(&ld->rcs, e) != 0) {
                ld->cached = 0;
                free(e.path);
                bl_vocab_free(e.vocab);
                return NULL;
            }
            (void)load_vocab(e.vocab, rc);
            ld->last = ld->rcs.n - 1;
        }
    }
    if (ld->last == SIZE_MAX)
        return NULL;
    if (src != NULL)
        *src = ld->rcs.v[ld->last].path;
    return ld->rcs.v[ld->last].vocab;
}

int bl_load_doc(const char *path, const bl_vocab *vocab, int quote_text, bl_doc **docp, char *why,
                size_t whylen) {
    char *buf = NULL;
    size_t len = 0;
    int64_t lines = -1;
    why[0] = '\0';
    errno = 0;
    int rc = bl_input_read_lines(path, BL_INPUT_MAX, &buf, &len, &lines, why, whylen);
    if (rc != 0) {
        if (why[0] == '\0')
            snprintf(why, whylen, "%s",
                     rc == BL_EIO && errno != 0 ? strerror(errno) : bl_strerror(rc));
        return rc;
    }
    bl_doc *doc = bl_doc_new(vocab);
    if (doc != NULL) {
        bl_doc_set_quote_text(doc, quote_text);
        rc = bl_doc_take_lines(doc, buf, len, lines); /* the doc owns buf now: one copy */
    } else {
        free(buf);
        rc = BL_ENOMEM;
    }
    if (rc == 0)
        rc = bl_doc_update(doc, NULL);
    if (rc != 0) {
        snprintf(why, whylen, "%s", bl_strerror(rc));
        bl_doc_free(doc);
        return rc;
    }
    *docp = doc;
    return 0;
}
