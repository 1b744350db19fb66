/* arena: a chunked string arena. Strings copied into it keep their address
 * until bl_arena_reset() or bl_arena_free(); the arena owns them all. */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef struct bl_arena_chunk bl_arena_chunk;

/* One interned string: its bytes (in the arena), length and hash. */
typedef struct {
    const char *s;
    uint32_t len, hash;
} bl_arena_slot;

/* Invariant: head is the chunk being filled, or NULL when empty; intern
 * is an open-addressing set of strings in this arena (intern_cap a power of
 * two or 0, at most half full; a slot with s == NULL is free). */
typedef struct {
    bl_arena_chunk *head;
    bl_arena_slot *intern;
    size_t intern_n, intern_cap;
} bl_arena;

/* Strings longer than this are copied, never interned. */
#define BL_ARENA_INTERN_MAX 128

/* Copies s[0, n) and a NUL into the arena; NULL when out of memory. */
const char *bl_arena_strndup(bl_arena *arena, const char *s, size_t n);
/* n uninitialised bytes (at least 1) in the arena; NULL when out of
 * memory. */
char *bl_arena_alloc(bl_arena *arena, size_t n);
/* Like bl_arena_strndup(), but equal short strings are stored once and
 * shared: for the speakers, roles and tags a document repeats. */
const char *bl_arena_intern(bl_arena *arena, const char *s, size_t n);
/* Drops every string but keeps one chunk for reuse. */
void bl_arena_reset(bl_arena *arena);
void bl_arena_free(bl_arena *arena);
