#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include "alloc.h"

#include <stdint.h>
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
