#include "spkindex.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "hash.h"
#include "rstr.h"

/* The index: files by id, speakers in order of first appearance, and an
 * open-addressing table of speaker index + 1 by name (0: empty slot),
 * kept at most half full. */
struct bl_spkindex {
    BL_VEC(char *) files;
    BL_VEC(bl_spk_speaker) v;
    size_t *slots;
    size_t cap; /* a power of two, or 0 */
};

bl_spkindex *bl_spkindex_new(void) {
    return bl_calloc(1, sizeof(bl_spkindex));
}

void bl_spkindex_free(bl_spkindex *s) {
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->files.n; i++)
        free(s->files.v[i]);
    bl_vec_free(&s->files);
    for (size_t i = 0; i < s->v.n; i++) {
        bl_spk_speaker *sp = &s->v.v[i];
        for (size_t k = 0; k < sp->roles.n; k++) {
            free(sp->roles.v[k].role);
            bl_vec_free(&sp->roles.v[k].where);
        }
        bl_vec_free(&sp->roles);
        free(sp->name);
        free(sp->key);
    }
    bl_vec_free(&s->v);
    free(s->slots);
    free(s);
}

int bl_spkindex_add_file(bl_spkindex *s, const char *name, uint32_t *id) {
    if (s->files.n >= UINT32_MAX)
        return BL_ETOOBIG;
    char *copy = bl_strdup(name);
    if (copy == NULL || bl_vec_push(&s->files, copy) != 0) {
        free(copy);
        return BL_ENOMEM;
    }
    *id = (uint32_t)(s->files.n - 1);
    return 0;
}

static int is_ws(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The tidied copy of p[0, len) (see speakers.h), or NULL when out of
 * memory; *out_len is its length (0: empty). */
static char *tidy(const char *p, size_t len, size_t *out_len) {
    char *d = bl_malloc(len * 3 + 1); /* a NUL byte grows to three */
    if (d == NULL)
        return NULL;
    size_t n = 0;
    int gap = 0;
    for (size_t i = 0; i < len; i++) {
        if (is_ws(p[i])) {
            gap = n > 0;
            continue;
        }
        if (gap)
            d[n++] = ' ';
        gap = 0;
        if (p[i] == '\0') {
            memcpy(d + n, "\xEF\xBF\xBD", 3);
            n += 3;
        } else {
            d[n++] = p[i];
        }
    }
    d[n] = '\0';
    *out_len = n;
    return d;
}

/* The code point of the UTF-8 sequence at p[i, len) and its length in
 * *k; a byte that does not start a well-formed sequence is itself (k 1,
 * returned as 0x110000 + byte: never a separator). */
static uint32_t utf8_at(const unsigned char *p, size_t i, size_t len, size_t *k) {
    unsigned c = p[i];
    size_t need = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (c >= 0xF5)
        need = 0;
    if (need == 0 || i + need > len) {
        *k = 1;
        return 0x110000u + c;
    }
    uint32_t cp = c & (need == 2 ? 0x1F : need == 3 ? 0x0F : 0x07);
    for (size_t j = 1; j < need; j++) {
        if ((p[i + j] & 0xC0) != 0x80) {
            *k = 1;
            return 0x110000u + c;
        }
        cp = (cp << 6) | (p[i + j] & 0x3F);
    }
    *k = need;
    return cp;
}

/* 1 for the non-ASCII separators the near key drops. */
static int is_sep(uint32_t cp) {
    return cp == 0xA0 || cp == 0xB7 || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2018 ||
           cp == 0x2019 || cp == 0x2027 || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 ||
           cp == 0x3000 || cp == 0x30FB || cp == 0xFEFF;
}

char *bl_spkindex_near_key(const char *name, size_t len) {
    char *d = bl_malloc(len + 1);
    if (d == NULL)
        return NULL;
    const unsigned char *p = (const unsigned char *)name;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned c = p[i];
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z')
                d[n++] = (char)(c - 'A' + 'a');
            else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                d[n++] = (char)c;
            i++;
            continue;
        }
        size_t k;
        uint32_t cp = utf8_at(p, i, len, &k);
        if (!is_sep(cp)) {
            memcpy(d + n, p + i, k);
            n += k;
        }
        i += k;
    }
    d[n] = '\0';
    return d;
}

/* Doubles the name table to hold one more speaker. 0 or BL_ENOMEM. */
static int grow_slots(bl_spkindex *s) {
    if ((s->v.n + 1) * 2 <= s->cap)
        return 0;
    size_t ncap = s->cap ? s->cap * 2 : 64;
    size_t *nt = bl_calloc(ncap, sizeof *nt);
    if (nt == NULL)
        return BL_ENOMEM;
    for (size_t i = 0; i < s->v.n; i++) {
        size_t h = (size_t)bl_hash_str(BL_HASH_SEED, s->v.v[i].name) & (ncap - 1);
        while (nt[h] != 0)
            h = (h + 1) & (ncap - 1);
        nt[h] = i + 1;
    }
    free(s->slots);
    s->slots = nt;
    s->cap = ncap;
    return 0;
}

/* The speaker named name (tidied, owned by the caller), created when new
 * (then the index takes name: *taken = 1). NULL when out of memory. */
static bl_spk_speaker *speaker_for(bl_spkindex *s, char *name, size_t len, int *taken) {
    *taken = 0;
    if (grow_slots(s) != 0)
        return NULL;
    size_t h = (size_t)bl_hash_str(BL_HASH_SEED, name) & (s->cap - 1);
    for (; s->slots[h] != 0; h = (h + 1) & (s->cap - 1))
        if (strcmp(s->v.v[s->slots[h] - 1].name, name) == 0)
            return &s->v.v[s->slots[h] - 1];
    bl_spk_speaker sp;
    memset(&sp, 0, sizeof sp);
    sp.name = name;
    sp.key = bl_spkindex_near_key(name, len);
    if (sp.key == NULL || bl_vec_push(&s->v, sp) != 0) {
        free(sp.key);
        return NULL;
    }
    s->slots[h] = s->v.n;
    *taken = 1;
    return &s->v.v[s->v.n - 1];
}

/* The role entry of sp for role (tidied, owned by the caller; NULL: no
 * role), created when new (*taken = 1). NULL when out of memory. */
static bl_spk_role *role_for(bl_spk_speaker *sp, char *role, int *taken) {
    *taken = 0;
    for (size_t k = 0; k < sp->roles.n; k++) {
        const char *r = sp->roles.v[k].role;
        if ((r == NULL && role == NULL) || (r != NULL && role != NULL && strcmp(r, role) == 0))
            return &sp->roles.v[k];
    }
    bl_spk_role nr;
    memset(&nr, 0, sizeof nr);
    nr.role = role;
    if (bl_vec_push(&sp->roles, nr) != 0)
        return NULL;
    sp->nroles += role != NULL;
    *taken = 1;
    return &sp->roles.v[sp->roles.n - 1];
}

int bl_spkindex_add(bl_spkindex *s, uint32_t file, const char *speaker, size_t slen,
                    const char *role, size_t rlen, int32_t line) {
    if (file >= s->files.n)
        return BL_EINVAL;
    size_t nlen = 0, rl = 0;
    char *name = tidy(speaker, slen, &nlen);
    if (name == NULL)
        return BL_ENOMEM;
    if (nlen == 0) {
        free(name);
        return 0;
    }
    char *r = NULL;
    if (role != NULL) {
        r = tidy(role, rlen, &rl);
        if (r == NULL) {
            free(name);
            return BL_ENOMEM;
        }
        if (rl == 0) {
            free(r);
            r = NULL;
        }
    }
    int taken_name, taken_role;
    bl_spk_speaker *sp = speaker_for(s, name, nlen, &taken_name);
    if (!taken_name)
        free(name);
    bl_spk_role *sr = sp != NULL ? role_for(sp, r, &taken_role) : NULL;
    if (sr == NULL || !taken_role)
        free(r);
    bl_spk_where w = {file, line};
    if (sr == NULL || bl_vec_push(&sr->where, w) != 0)
        return BL_ENOMEM;
    sp->count++;
    return 0;
}

int bl_spkindex_add_doc(bl_spkindex *s, const bl_doc *doc, const char *file) {
    uint32_t id;
    int rc = bl_spkindex_add_file(s, file, &id);
    if (rc != 0)
        return rc;
    size_t n = 0;
    const bl_item *items = bl_doc_items(doc, &n);
    for (size_t i = 0; i < n; i++) {
        const bl_item *it = &items[i];
        if (it->kind != BL_ITEM_QUOTE || it->speaker == NULL)
            continue;
        rc = bl_spkindex_add(s, id, it->speaker, bl_rstr_len(it->speaker), it->role,
                             bl_rstr_len(it->role), it->line);
        if (rc != 0)
            return rc;
    }
    return 0;
}

size_t bl_spkindex_count(const bl_spkindex *s) {
    return s->v.n;
}

const bl_spk_speaker *bl_spkindex_at(const bl_spkindex *s, size_t i) {
    return i < s->v.n ? &s->v.v[i] : NULL;
}

const char *bl_spkindex_file(const bl_spkindex *s, uint32_t id) {
    return id < s->files.n ? s->files.v[id] : NULL;
}

int bl_spkindex_conflict(const bl_spk_speaker *sp) {
    return sp->nroles >= 2;
}

/* A speaker's near key and index, sorted by key, then index. */
typedef struct {
    const char *key;
    size_t i;
} near_ent;

static int by_key(const void *a, const void *b) {
    const near_ent *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c != 0 ? c : (x->i > y->i) - (x->i < y->i);
}

/* qsort order of groups (pairs {first member, run start}): by first. */
static int by_first(const void *a, const void *b) {
    size_t x = ((const size_t *)a)[0], y = ((const size_t *)b)[0];
    return (x > y) - (x < y);
}

int bl_spkindex_near(const bl_spkindex *s, size_t **members, size_t **starts, size_t *ngroups) {
    size_t n = s->v.n;
    near_ent *order = bl_malloc((n + 1) * sizeof *order);
    size_t *runs = bl_malloc((n + 1) * 2 * sizeof *runs); /* {first member, run start} */
    size_t *mem = bl_malloc((n + 1) * sizeof *mem);
    size_t *st = bl_malloc((n + 2) * sizeof *st);
    if (order == NULL || runs == NULL || mem == NULL || st == NULL) {
        free(order), free(runs), free(mem), free(st);
        return BL_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = (near_ent){s->v.v[i].key, i};
    qsort(order, n, sizeof *order, by_key);
    size_t g = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && strcmp(order[j].key, order[i].key) == 0)
            j++;
        if (j - i >= 2 && order[i].key[0] != '\0') {
            runs[2 * g] = order[i].i;
            runs[2 * g + 1] = i;
            g++;
        }
        i = j;
    }
    qsort(runs, g, 2 * sizeof *runs, by_first);
    size_t m = 0;
    for (size_t k = 0; k < g; k++) {
        st[k] = m;
        size_t i = runs[2 * k + 1];
        const char *key = order[i].key;
        for (; i < n && strcmp(order[i].key, key) == 0; i++)
            mem[m++] = order[i].i;
    }
    st[g] = m;
    free(order);
    free(runs);
    *members = mem;
    *starts = st;
    *ngroups = g;
    return 0;
}
