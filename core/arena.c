#include "arena.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_BYTES 16384u

struct bl_arena_chunk {
    bl_arena_chunk *next;
    size_t used, cap;
    char data[];
};

const char *bl_arena_strndup(bl_arena *a, const char *s, size_t n) {
    bl_arena_chunk *c = a->head;
    if (n + 1 < n)
        return NULL;
    if (!c || c->cap - c->used < n + 1) {
        size_t cap = n + 1 > CHUNK_BYTES ? n + 1 : CHUNK_BYTES;
        bl_arena_chunk *nc = malloc(sizeof *nc + cap);
        if (!nc)
            return NULL;
        nc->used = 0;
        nc->cap = cap;
        nc->next = c;
        a->head = c = nc;
    }
    char *d = c->data + c->used;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    c->used += n + 1;
    return d;
}

static size_t hash(const char *s, size_t n) {
    size_t h = 14695981039346656037ull & (size_t)-1;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * (size_t)1099511628211ull;
    return h;
}

/* Doubles the intern set; returns 0 or -1 when out of memory. */
static int grow_intern(bl_arena *a) {
    size_t cap = a->intern_cap ? a->intern_cap * 2 : 256;
    const char **t = calloc(cap, sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < a->intern_cap; i++) {
        const char *s = a->intern[i];
        if (!s)
            continue;
        size_t h = hash(s, strlen(s)) & (cap - 1);
        while (t[h])
            h = (h + 1) & (cap - 1);
        t[h] = s;
    }
    free(a->intern);
    a->intern = t;
    a->intern_cap = cap;
    return 0;
}

const char *bl_arena_intern(bl_arena *a, const char *s, size_t n) {
    if (n > BL_ARENA_INTERN_MAX || memchr(s, '\0', n))
        return bl_arena_strndup(a, s, n);
    if (2 * (a->intern_n + 1) > a->intern_cap && grow_intern(a) != 0)
        return bl_arena_strndup(a, s, n);
    size_t h = hash(s, n) & (a->intern_cap - 1);
    for (; a->intern[h]; h = (h + 1) & (a->intern_cap - 1))
        if (strncmp(a->intern[h], s, n) == 0 && a->intern[h][n] == '\0')
            return a->intern[h];
    const char *d = bl_arena_strndup(a, s, n);
    if (d) {
        a->intern[h] = d;
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
