#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include <string.h>

#define HUGE_BYTES ((uintptr_t)2 << 20)

/* The test hook: allocations left before failing (-1: never fail), and
 * how many failed on purpose. */
static long fail_after = -1;
static long failures;

void bl_alloc_fail_after(long n) {
    fail_after = n < 0 ? -1 : n;
    failures = 0;
}

long bl_alloc_failures(void) {
    return failures;
}

/* Nonzero when this allocation is to fail (the hook). */
static int fail_now(void) {
    if (fail_after < 0)
        return 0;
    if (fail_after > 0) {
        fail_after--;
        return 0;
    }
    failures++;
    return 1;
}

void *bl_malloc(size_t size) {
    return fail_now() ? NULL : malloc(size);
}

void *bl_calloc(size_t n, size_t size) {
    return fail_now() ? NULL : calloc(n, size);
}

void *bl_realloc(void *p, size_t size) {
    return fail_now() ? NULL : realloc(p, size);
}

char *bl_strndup(const char *s, size_t n) {
    size_t len = strnlen(s, n);
    char *d = bl_malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

char *bl_strdup(const char *s) {
    return bl_strndup(s, SIZE_MAX);
}

void bl_alloc_advise_huge(void *p, size_t size) {
#ifdef MADV_HUGEPAGE
    if (!p || size < 2 * HUGE_BYTES)
        return;
    uintptr_t a = ((uintptr_t)p + HUGE_BYTES - 1) & ~(HUGE_BYTES - 1);
    uintptr_t b = ((uintptr_t)p + size) & ~(HUGE_BYTES - 1);
    if (b > a)
        (void)madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)size;
#endif
}

void *bl_alloc_big(size_t size) {
#ifdef MADV_HUGEPAGE
    if (size >= 2 * HUGE_BYTES) {
        if (fail_now())
            return NULL;
        void *p = NULL;
        if (posix_memalign(&p, HUGE_BYTES, size) == 0) {
            bl_alloc_advise_huge(p, size);
            return p;
        }
    }
#endif
    return bl_malloc(size);
}
