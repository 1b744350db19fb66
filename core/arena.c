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

void bl_arena_reset(bl_arena *a) {
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
    free(a->head);
    a->head = NULL;
}
