#include "lspcfg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "lspjson.h"
#include "lspmeth.h"
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
        free(v[i].spelling);
        free(v[i].family);
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
        if (!same(a[i].spelling, b[i].spelling) || !same(a[i].family, b[i].family) ||
            a[i].role != b[i].role || a[i].is_label != b[i].is_label)
            return 0;
    }
    return 1;
}

static char *dupn(const char *s, size_t n) {
    char *p = bl_malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

typedef struct {
    bl_lspdoc_entry *v;
    size_t n, cap;
} entries;

/* Adds spelling s[a, b) trimmed; empty ones are skipped. */
static int add(entries *e, const char *s, size_t a, size_t b, const char *family, int is_label,
               bl_tag_role role) {
    while (a < b && (s[a] == ' ' || s[a] == '\t'))
        a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
        b--;
    if (a == b)
        return 0;
    if (b - a > BL_VOCAB_MAX_SPELLING || e->n == BL_VOCAB_MAX_ENTRIES)
        return BL_ETOOBIG;
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 16;
        bl_lspdoc_entry *v = bl_realloc(e->v, cap * sizeof *v);
        if (!v)
            return BL_ENOMEM;
        e->v = v;
        e->cap = cap;
    }
    bl_lspdoc_entry *x = &e->v[e->n];
    x->spelling = dupn(s + a, b - a);
    x->family = family[0] ? dupn(family, strlen(family)) : NULL;
    x->role = (uint8_t)role;
    x->is_label = (uint8_t)is_label;
    if (!x->spelling || (family[0] && !x->family)) {
        free(x->spelling);
        free(x->family);
        return BL_ENOMEM;
    }
    e->n++;
    return 0;
}

static int add_value(entries *e, json_t *val, const char *family, int is_label, bl_tag_role role) {
    if (json_is_string(val)) {
        const char *s = json_string_value(val);
        size_t len = json_string_length(val), a = 0;
        for (size_t i = 0; i <= len; i++) {
            if (i == len || s[i] == ',') {
                int r = add(e, s, a, i, family, is_label, role);
                if (r)
                    return r;
                a = i + 1;
            }
        }
        return 0;
    }
    if (!json_is_array(val))
        return BL_EINVAL;
    size_t i;
    json_t *x;
    json_array_foreach(val, i, x) {
        if (!json_is_string(x))
            return BL_EINVAL;
        int r = add(e, json_string_value(x), 0, json_string_length(x), family, is_label, role);
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
        char family[64];
        int is_label;
        bl_tag_role role;
        if (bl_vocab_parse_key(key, strlen(key), family, sizeof family, &is_label, &role) != 0) {
            snprintf(err, errlen, "settings bulletin.vocab: unknown key '%.80s'", key);
            r = BL_EINVAL;
        } else if ((r = add_value(&e, val, family, is_label, role)) != 0) {
            snprintf(err, errlen, "settings bulletin.vocab.%.80s: %s", key,
                     r == BL_EINVAL    ? "not a string or an array of strings"
                     : r == BL_ETOOBIG ? "over the vocabulary limits"
                                       : "out of memory");
        }
        if (r)
            break;
    }
    if (r) {
        bl_lspcfg_free(e.v, e.n);
        return r;
    }
    *out = e.v;
    *n = e.n;
    return 0;
}
