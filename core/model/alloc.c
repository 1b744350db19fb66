#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#define HUGE_BYTES ((uintptr_t)2 << 20)

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
        void *p = NULL;
        if (posix_memalign(&p, HUGE_BYTES, size) == 0) {
            bl_alloc_advise_huge(p, size);
            return p;
        }
    }
#endif
    return malloc(size);
}
