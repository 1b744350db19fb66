#include "rstr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Short strings are assembled on the stack, longer ones on the heap. */
enum { STACK_MAX = 256 };

const char *bl_rstr_copy(bl_arena *arena, const char *s, size_t a, size_t b, int intern) {
    size_t n = b - a;
    if (n > UINT32_MAX - 8)
        return NULL;
    uint32_t len = (uint32_t)n;
    if (!intern || n > BL_ARENA_INTERN_MAX) {
        /* Written in place: no temporary copy of a long quote. */
        char *d = bl_arena_alloc(arena, n + 5);
        if (!d)
            return NULL;
        memcpy(d, &len, 4);
        if (n > 0)
            memcpy(d + 4, s + a, n);
        d[n + 4] = '\0';
        return d + 4;
    }
    char small[STACK_MAX + 4];
    char *buf = n <= STACK_MAX ? small : malloc(n + 4);
    if (!buf)
        return NULL;
    memcpy(buf, &len, 4);
    if (n > 0)
        memcpy(buf + 4, s + a, n);
    const char *d =
        intern ? bl_arena_intern(arena, buf, n + 4) : bl_arena_strndup(arena, buf, n + 4);
    if (buf != small)
        free(buf);
    return d ? d + 4 : NULL;
}

const char *bl_rstr_framed(bl_arena *arena, char *frame, size_t n, int intern) {
    if (n > UINT32_MAX - 8)
        return NULL;
    uint32_t len = (uint32_t)n;
    memcpy(frame, &len, 4);
    const char *d =
        intern ? bl_arena_intern(arena, frame, n + 4) : bl_arena_strndup(arena, frame, n + 4);
    return d ? d + 4 : NULL;
}

const char *bl_rstr_empty(void) {
    static const char empty[5] = {0, 0, 0, 0, 0}; /* length 0, then "" */
    return empty + 4;
}

size_t bl_rstr_len(const char *s) {
    uint32_t len = 0;
    if (s)
        memcpy(&len, s - 4, 4);
    return len;
}
