#include "arena.h"

#include "alloc.h"
#include "hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_BYTES (16384u - sizeof(bl_arena_chunk))
#define CHUNK_MAX ((size_t)4 << 20)

struct bl_arena_chunk {
    bl_arena_chunk *next;
    size_t used, cap;
    char data[];
};

const char *bl_arena_strndup(bl_arena *a, const char *s, size_t n) {
    if (n + 1 < n)
        return NULL;
    char *d = bl_arena_alloc(a, n + 1);
    if (!d)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *bl_arena_alloc(bl_arena *a, size_t n) {
    bl_arena_chunk *c = a->head;
    if (n == 0)
        n = 1;
    if (!c || c->cap - c->used < n) {
        /* Each chunk twice the last, up to CHUNK_MAX: a big document's
         * strings take a few huge pages, not thousands of small ones. */
        size_t cap = c ? (c->cap + sizeof *c) * 2 - sizeof *c : CHUNK_BYTES;
        if (cap > CHUNK_MAX - sizeof *c)
            cap = CHUNK_MAX - sizeof *c;
        if (cap < n)
            cap = n;
        bl_arena_chunk *nc = bl_alloc_big(sizeof *nc + cap);
        if (!nc)
            return NULL;
        nc->used = 0;
        nc->cap = cap;
        nc->next = c;
        a->head = c = nc;
    }
    char *d = c->data + c->used;
    c->used += n;
    return d;
}

/* Doubles the intern set; returns 0 or -1 when out of memory. */
static int grow_intern(bl_arena *a) {
    size_t cap = a->intern_cap ? a->intern_cap * 2 : 256;
    if (cap > (size_t)UINT32_MAX)
        return -1;
    bl_arena_slot *t = bl_calloc(cap, sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < a->intern_cap; i++) {
        if (!a->intern[i].s)
            continue;
        size_t h = a->intern[i].hash & (cap - 1);
        while (t[h].s)
            h = (h + 1) & (cap - 1);
        t[h] = a->intern[i];
    }
    free(a->intern);
    a->intern = t;
    a->intern_cap = cap;
    return 0;
}

const char *bl_arena_intern(bl_arena *a, const char *s, size_t n) {
    if (n > BL_ARENA_INTERN_MAX)
        return bl_arena_strndup(a, s, n);
    if (2 * (a->intern_n + 1) > a->intern_cap && grow_intern(a) != 0)
        return bl_arena_strndup(a, s, n);
    uint32_t hv = (uint32_t)bl_hash_bytes(BL_HASH_SEED, s, n);
    size_t h = hv & (a->intern_cap - 1);
    for (; a->intern[h].s; h = (h + 1) & (a->intern_cap - 1)) {
        const bl_arena_slot *e = &a->intern[h];
        if (e->hash == hv && e->len == n && memcmp(e->s, s, n) == 0)
            return e->s;
    }
    const char *d = bl_arena_strndup(a, s, n);
    if (d) {
        a->intern[h] = (bl_arena_slot){d, (uint32_t)n, hv};
        a->intern_n++;
    }
    return d;
}

void bl_arena_reset(bl_arena *a) {
    if (a->intern_cap)
        memset(a->intern, 0, a->intern_cap * sizeof *a->intern);
    a->intern_n = 0;
    bl_arena_chunk *c = a->head;
    if (!c)
        return;
    bl_arena_chunk *rest = c->next;
    while (rest) {
        bl_arena_chunk *next = rest->next;
        free(rest);
        rest = next;
    }
    c->next = NULL;
    c->used = 0;
}

void bl_arena_free(bl_arena *a) {
    bl_arena_reset(a);
    free(a->intern);
    a->intern = NULL;
    a->intern_cap = 0;
    free(a->head);
    a->head = NULL;
}
