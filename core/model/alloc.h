/* alloc: hints for large allocations. */
#pragma once

#include <stddef.h>

/* Asks the kernel to back the 2 MiB-aligned interior of a large block
 * (malloc'ed, not yet written) with huge pages, so that filling it takes
 * a few hundred page faults instead of hundreds of thousands. A hint:
 * does nothing where unsupported or for blocks under 4 MiB. Borrows p. */
void bl_alloc_advise_huge(void *p, size_t size);

/* malloc(size), but a block of 4 MiB or more is aligned to 2 MiB and
 * advised as above, so that all of it can be huge pages. free() releases
 * it. */
void *bl_alloc_big(size_t size);
