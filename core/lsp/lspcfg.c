#include "lspcfg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "lspjson.h"
#include "lspmeth.h"
#include "vec.h"
#include "vocab.h"

json_t *bl_lspcfg_root(json_t *s) {
    json_t *b = bl_lspjson_get_obj(s, "bulletin");
    return b ? b : json_is_object(s) ? s : NULL;
}

int bl_lspcfg_lint(json_t *root) {
    const char *m = bl_lspjson_get_str(root, "lint", NULL);
    if (m == NULL)
        return -1;
    if (strcmp(m, "change") == 0)
        return BL_LSP_LINT_CHANGE;
    if (strcmp(m, "save") == 0)
        return BL_LSP_LINT_SAVE;
    if (strcmp(m, "off") == 0)
        return BL_LSP_LINT_OFF;
    return -1;
}

void bl_lspcfg_free(bl_lspdoc_entry *v, size_t n) {
    for (size_t i = 0; i < n; i++) {
        free(v[i].key);
        free(v[i].val);
    }
    free(v);
}

static int same(const char *a, const char *b) {
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

int bl_lspcfg_equal(const bl_lspdoc_entry *a, size_t na, const bl_lspdoc_entry *b, size_t nb) {
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++) {
        if (!same(a[i].key, b[i].key) || !same(a[i].val, b[i].val))
            return 0;
    }
    return 1;
}

int bl_lspcfg_apply(bl_vocab *v, const bl_lspdoc_entry *cfg, size_t n, char *err, size_t errlen) {
    for (size_t i = 0; i < n; i++) {
        char why[256] = "";
        int r = bl_vocab_load_pair(v, cfg[i].key, cfg[i].val, why, sizeof why);
        if (r != 0) {
            if (errlen)
                snprintf(err, errlen, "settings bulletin.vocab.%.80s: %s", cfg[i].key, why);
            return r;
        }
    }
    return 0;
}

typedef BL_VEC(bl_lspdoc_entry) entries;

/* Adds the line `key = s[0, len)`: one line of text, within the limits. */
static int add(entries *e, const char *key, const char *s, size_t len) {
    if (len == 0 || len > BL_LSPCFG_MAX_VALUE || memchr(s, '\n', len) || memchr(s, '\r', len) ||
        memchr(s, '\0', len))
        return BL_EINVAL;
    if (e->n >= BL_VOCAB_MAX_ENTRIES)
        return BL_ETOOBIG;
    char *k = bl_strdup(key), *val = bl_strndup(s, len);
    if (k == NULL || val == NULL || bl_vec_push(e, ((bl_lspdoc_entry){k, val})) != 0) {
        free(k);
        free(val);
        return BL_ENOMEM;
    }
    return 0;
}

/* A value: a string (one line, as in `.bulletinrc`), an array of them
 * (one line each), or a boolean (yes / no: implicit_lead, ...). */
static int add_value(entries *e, const char *key, json_t *val) {
    if (json_is_boolean(val))
        return add(e, key, json_is_true(val) ? "yes" : "no", json_is_true(val) ? 3 : 2);
    if (json_is_string(val))
        return add(e, key, json_string_value(val), json_string_length(val));
    if (!json_is_array(val))
        return BL_EINVAL;
    size_t i;
    json_t *x;
    json_array_foreach(val, i, x) {
        if (!json_is_string(x))
            return BL_EINVAL;
        int r = add(e, key, json_string_value(x), json_string_length(x));
        if (r)
            return r;
    }
    return 0;
}

int bl_lspcfg_vocab(json_t *root, bl_lspdoc_entry **out, size_t *n, int *has_vocab, char *err,
                    size_t errlen) {
    *out = NULL;
    *n = 0;
    json_t *vocab = json_is_object(root) ? json_object_get(root, "vocab") : NULL;
    *has_vocab = vocab != NULL && !json_is_null(vocab);
    if (!*has_vocab)
        return 0;
    if (!json_is_object(vocab)) {
        snprintf(err, errlen, "settings bulletin.vocab: not an object");
        return BL_EINVAL;
    }
    entries e = {0};
    const char *key;
    json_t *val;
    int r = 0;
    json_object_foreach(vocab, key, val) {
        size_t klen = strlen(key);
        if (klen == 0 || klen > BL_LSPCFG_MAX_KEY || strpbrk(key, "=#\r\n") != NULL) {
            snprintf(err, errlen, "settings bulletin.vocab: unknown key '%.80s'", key);
            r = BL_EINVAL;
        } else if ((r = add_value(&e, key, val)) != 0) {
            snprintf(err, errlen, "settings bulletin.vocab.%.80s: %s", key,
                     r == BL_EINVAL    ? "not a string, a boolean or an array of one-line strings"
                     : r == BL_ETOOBIG ? "over the vocabulary limits"
                                       : "out of memory");
        }
        if (r)
            break;
    }
    /* The same parser as a .bulletinrc file, on a scratch vocabulary. */
    bl_vocab *check = r == 0 ? bl_vocab_new() : NULL;
    if (r == 0 && check == NULL)
        r = BL_ENOMEM;
    if (r == 0)
        r = bl_lspcfg_apply(check, e.v, e.n, err, errlen);
    bl_vocab_free(check);
    if (r) {
        bl_lspcfg_free(e.v, e.n);
        return r;
    }
    *out = e.v;
    *n = e.n;
    return 0;
}
