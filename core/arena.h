/* arena: a chunked string arena. Strings copied into it keep their address
 * until bl_arena_reset() or bl_arena_free(); the arena owns them all. */
#pragma once

#include <stddef.h>

typedef struct bl_arena_chunk bl_arena_chunk;

/* Invariant: head is the chunk being filled, or NULL when empty. */
typedef struct {
    bl_arena_chunk *head;
} bl_arena;

/* Copies s[0, n) and a NUL into the arena; NULL when out of memory. */
const char *bl_arena_strndup(bl_arena *arena, const char *s, size_t n);
/* Drops every string but keeps one chunk for reuse. */
void bl_arena_reset(bl_arena *arena);
void bl_arena_free(bl_arena *arena);
