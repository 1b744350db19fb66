#include "rstr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Short strings are assembled on the stack, longer ones on the heap. */
enum { STACK_MAX = 256 };

const char *bl_rstr_copy(bl_arena *arena, const char *s, size_t n, int intern) {
    if (n > UINT32_MAX - 8)
        return NULL;
    char small[STACK_MAX + 4];
    char *buf = n <= STACK_MAX ? small : malloc(n + 4);
    if (!buf)
        return NULL;
    uint32_t len = (uint32_t)n;
    memcpy(buf, &len, 4);
    if (n > 0)
        memcpy(buf + 4, s, n);
    const char *d =
        intern ? bl_arena_intern(arena, buf, n + 4) : bl_arena_strndup(arena, buf, n + 4);
    if (buf != small)
        free(buf);
    return d ? d + 4 : NULL;
}

size_t bl_rstr_len(const char *s) {
    uint32_t len = 0;
    if (s)
        memcpy(&len, s - 4, 4);
    return len;
}
