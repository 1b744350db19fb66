#include "lspdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "lspcfg.h"

static char *dup_str(const char *s) {
    size_t n = strlen(s);
    char *p = bl_malloc(n + 1);
    if (p != NULL) {
        memcpy(p, s, n + 1);
    }
    return p;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *bl_lspdoc_uri_path(const char *uri) {
    if (strncmp(uri, "file://", 7) != 0) {
        return NULL;
    }
    const char *s = uri + 7;
    if (*s != '/') {
        /* file://host/path: only the local host. */
        if (strncmp(s, "localhost/", 10) != 0) {
            return NULL;
        }
        s += 9;
    }
    size_t n = strlen(s);
    char *p = bl_malloc(n + 1);
    if (p == NULL) {
        return NULL;
    }
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < n + 1 && (hi = hexval(s[i + 1])) >= 0 &&
            (lo = hexval(s[i + 2])) >= 0) {
            char c = (char)(hi * 16 + lo);
            if (c == '\0') {
                free(p);
                return NULL;
            }
            p[j++] = c;
            i += 2;
        } else if (s[i] == '?' || s[i] == '#') {
            break;
        } else {
            p[j++] = s[i];
        }
    }
    p[j] = '\0';
    return p;
}

/* Built-in + cfg + the nearest `.bulletinrc`; *out NULL when nothing is
 * added (the doc then uses the built-in vocabulary). */
static int build_vocab(bl_lspdoc *d, const bl_lspdoc_entry *cfg, size_t ncfg, bl_vocab **out) {
    *out = NULL;
    free(d->rc_error);
    d->rc_error = NULL;
    char rc[4096];
    int has_rc = d->path != NULL && bl_vocab_find_rc(d->path, rc, sizeof rc) == 0;
    if (ncfg == 0 && !has_rc) {
        return 0;
    }
    bl_vocab *v = bl_vocab_new();
    if (v == NULL) {
        return BL_ENOMEM;
    }
    /* the settings were checked when they came (bl_lspcfg_vocab) */
    if (bl_lspcfg_apply(v, cfg, ncfg, NULL, 0) == BL_ENOMEM) {
        bl_vocab_free(v);
        return BL_ENOMEM;
    }
    if (has_rc) {
        char err[512] = "";
        if (bl_vocab_load_file(v, rc, err, sizeof err) != 0) {
            d->rc_error = dup_str(err);
        }
    }
    *out = v;
    return 0;
}

/* Replaces lines [first, last) of doc by the first n lines of text[0,
 * len) (split at "\n"; the texts are copied); nothing when both are
 * empty. Returns 0 or a BL_E* code. */
static int replace_lines(bl_doc *doc, int32_t first, int32_t last, const char *text, size_t len,
                         size_t n) {
    if (n == 0 && first == last) {
        return 0;
    }
    const char **texts = bl_malloc((n ? n : 1) * sizeof *texts);
    size_t *lens = bl_malloc((n ? n : 1) * sizeof *lens);
    int r = BL_ENOMEM;
    if (texts != NULL && lens != NULL) {
        size_t a = 0;
        for (size_t k = 0; k < n; k++) {
            const char *nl = memchr(text + a, '\n', len - a);
            size_t e = nl ? (size_t)(nl - text) : len;
            texts[k] = text + a;
            lens[k] = e - a;
            a = e + 1;
        }
        r = bl_doc_replace(doc, first, last, n, texts, lens);
    }
    free(texts);
    free(lens);
    return r;
}

/* Loads text into doc (whole replace), sets *tail. */
static int load(bl_doc *doc, const char *text, size_t len, int *tail) {
    size_t n = 1;
    for (size_t i = 0; i < len; i++) {
        n += text[i] == '\n';
    }
    int t = len == 0 || text[len - 1] == '\n';
    if (t) {
        n--; /* the empty piece after the final "\n" */
    }
    if (n > BL_MAX_LINES) {
        return BL_ETOOBIG;
    }
    int r = replace_lines(doc, 0, bl_doc_line_count(doc), text, len, n);
    if (r == 0) {
        *tail = t;
    }
    return r;
}

int bl_lspdoc_new(const char *uri, int64_t version, const char *text, size_t len,
                  const bl_lspdoc_entry *cfg, size_t ncfg, bl_lspdoc **out) {
    *out = NULL;
    bl_lspdoc *d = bl_calloc(1, sizeof *d);
    if (d == NULL || (d->uri = dup_str(uri)) == NULL) {
        free(d);
        return BL_ENOMEM;
    }
    d->path = bl_lspdoc_uri_path(uri);
    d->version = version;
    int r = build_vocab(d, cfg, ncfg, &d->vocab);
    if (r == 0 && (d->doc = bl_doc_new(d->vocab)) == NULL) {
        r = BL_ENOMEM;
    }
    if (r == 0) {
        r = load(d->doc, text, len, &d->tail_empty);
    }
    if (r != 0) {
        bl_lspdoc_free(d);
        return r;
    }
    d->needs_update = d->changed = 1;
    *out = d;
    return 0;
}

void bl_lspdoc_free(bl_lspdoc *d) {
    if (d == NULL) {
        return;
    }
    bl_doc_free(d->doc);
    bl_vocab_free(d->vocab);
    free(d->uri);
    free(d->path);
    free(d->rc_error);
    free(d);
}

int32_t bl_lspdoc_lines(const bl_lspdoc *d) {
    return bl_doc_line_count(d->doc) + (d->tail_empty ? 1 : 0);
}

const char *bl_lspdoc_line(const bl_lspdoc *d, int32_t i, size_t *len) {
    if (i < 0 || i >= bl_doc_line_count(d->doc)) {
        *len = 0;
        return "";
    }
    return bl_doc_line(d->doc, i, len);
}

size_t bl_lspdoc_content_len(const bl_lspdoc *d, int32_t i) {
    size_t len;
    const char *s = bl_lspdoc_line(d, i, &len);
    return len > 0 && s[len - 1] == '\r' ? len - 1 : len;
}

int bl_lspdoc_set_text(bl_lspdoc *d, const char *text, size_t len) {
    int r = load(d->doc, text, len, &d->tail_empty);
    if (r == 0) {
        d->needs_update = d->changed = 1;
    }
    return r;
}

/* Clamps (l, c) to the document: a line past the end is the end. */
static void clamp(const bl_lspdoc *d, bl_lsppos_enc enc, int64_t l, int64_t c, int32_t *line,
                  size_t *byte) {
    int32_t n = bl_lspdoc_lines(d);
    size_t len;
    if (l >= n) {
        *line = n - 1;
        bl_lspdoc_line(d, n - 1, &len);
        *byte = len;
        return;
    }
    *line = (int32_t)l;
    const char *s = bl_lspdoc_line(d, *line, &len);
    *byte = bl_lsppos_to_byte(enc, s, len, c);
}

/* Splices pieces of buf[0, blen) (split at "\n") over model lines
 * [first, last); when at_end, the last piece is the client's last line. */
static int splice(bl_lspdoc *d, int32_t first, int32_t last, const char *buf, size_t blen,
                  int at_end) {
    size_t n = 1;
    for (size_t i = 0; i < blen; i++) {
        n += buf[i] == '\n';
    }
    int tail = d->tail_empty;
    size_t last_len = 0;
    while (last_len < blen && buf[blen - 1 - last_len] != '\n') {
        last_len++;
    }
    if (at_end) {
        tail = last_len == 0;
        if (tail) {
            n--;
        }
    }
    int32_t m = bl_doc_line_count(d->doc);
    if (n > BL_MAX_LINES || (uint64_t)m - (uint64_t)(last - first) + n > BL_MAX_LINES) {
        return BL_ETOOBIG;
    }
    int r = replace_lines(d->doc, first, last, buf, blen, n);
    if (r == 0) {
        d->tail_empty = tail;
        d->needs_update = d->changed = 1;
    }
    return r;
}

int bl_lspdoc_edit(bl_lspdoc *d, bl_lsppos_enc enc, int64_t sl, int64_t sc, int64_t el, int64_t ec,
                   const char *text, size_t len) {
    if (sl < 0 || el < 0 || el < sl || (el == sl && ec < sc)) {
        return BL_EINVAL;
    }
    int32_t l1, l2;
    size_t b1, b2;
    clamp(d, enc, sl, sc, &l1, &b1);
    clamp(d, enc, el, ec, &l2, &b2);
    if (l1 == l2 && b2 < b1) {
        return BL_EINVAL;
    }
    size_t len1, len2;
    const char *s1 = bl_lspdoc_line(d, l1, &len1);
    const char *s2 = bl_lspdoc_line(d, l2, &len2);
    size_t blen = b1 + len + (len2 - b2);
    char *buf = bl_malloc(blen ? blen : 1);
    if (buf == NULL) {
        return BL_ENOMEM;
    }
    memcpy(buf, s1, b1);
    memcpy(buf + b1, text, len);
    memcpy(buf + b1 + len, s2 + b2, len2 - b2);
    int32_t m = bl_doc_line_count(d->doc);
    int at_end = l2 == bl_lspdoc_lines(d) - 1;
    int32_t last = at_end ? m : l2 + 1;
    int r = splice(d, l1, last, buf, blen, at_end);
    free(buf);
    return r;
}

int bl_lspdoc_rebuild(bl_lspdoc *d, const bl_lspdoc_entry *cfg, size_t ncfg) {
    bl_vocab *v;
    int r = build_vocab(d, cfg, ncfg, &v);
    if (r != 0) {
        return r;
    }
    bl_doc *nd = bl_doc_new(v);
    if (nd == NULL) {
        bl_vocab_free(v);
        return BL_ENOMEM;
    }
    int32_t n = bl_doc_line_count(d->doc);
    const char **texts = bl_malloc((n ? (size_t)n : 1) * sizeof *texts);
    size_t *lens = bl_malloc((n ? (size_t)n : 1) * sizeof *lens);
    if (texts == NULL || lens == NULL) {
        r = BL_ENOMEM;
    } else {
        for (int32_t i = 0; i < n; i++) {
            texts[i] = bl_doc_line(d->doc, i, &lens[i]);
        }
        r = n > 0 ? bl_doc_replace(nd, 0, 0, (size_t)n, texts, lens) : 0;
    }
    free(texts);
    free(lens);
    if (r != 0) {
        bl_doc_free(nd);
        bl_vocab_free(v);
        return r;
    }
    bl_doc_free(d->doc);
    bl_vocab_free(d->vocab);
    d->doc = nd;
    d->vocab = v;
    d->needs_update = d->changed = 1;
    return 0;
}

int bl_lspdoc_update(bl_lspdoc *d) {
    if (!d->needs_update) {
        return 0;
    }
    int r = bl_doc_update(d->doc, NULL);
    if (r == 0) {
        d->needs_update = 0;
    }
    return r;
}
