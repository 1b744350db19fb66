/* alloc: every allocation of the core, through one swappable wrapper.
 *
 * Out-of-memory policy. The core does not abort: every allocation can
 * fail, and a function that cannot allocate returns BL_ENOMEM (or NULL
 * where its header says so) having left its objects as they were or in a
 * state its header names, with nothing leaked. The RPC helper then drops
 * the output it could not finish (rpcpack.h) and exits rather than send
 * half a message; the CLI reports "out of memory" and exits with status 2.
 * Counts from files and from the wire are capped (doc.h, frame.h), so the
 * memory in use is bounded by the input, never by a number it claims.
 *
 * The failure paths are tested: bl_alloc_fail_after() makes the wrapper
 * fail on purpose, and the units (tests/unit/test_oom.c,
 * tests/unit/app/test_rpc_oom.c) run a whole parse / update / RPC cycle
 * once for every allocation in it, failing that one, under ASan.
 *
 * Blocks come from the C library's malloc: free() releases any of them,
 * so bl_free() is free(). Code not yet converted (see the lead's list)
 * calls malloc() directly and is not reached by the hook. */
#pragma once

#include <stddef.h>
#include <stdlib.h>

void *bl_malloc(size_t size);
void *bl_calloc(size_t n, size_t size);
void *bl_realloc(void *p, size_t size);
/* A malloc'ed copy of s (of its first n bytes, NUL-terminated), or NULL. */
char *bl_strdup(const char *s);
char *bl_strndup(const char *s, size_t n);
static inline void bl_free(void *p) {
    free(p);
}

/* Test hook (single-threaded, process-wide, for tests only): after n more
 * allocations through this wrapper succeed, every later one fails
 * (returns NULL) until bl_alloc_fail_after(-1) turns failing off. */
void bl_alloc_fail_after(long n);
/* Allocations failed on purpose since the last bl_alloc_fail_after(). */
long bl_alloc_failures(void);

/* Asks the kernel to back the 2 MiB-aligned interior of a large block
 * (malloc'ed, not yet written) with huge pages, so that filling it takes
 * a few hundred page faults instead of hundreds of thousands. A hint:
 * does nothing where unsupported or for blocks under 4 MiB. Borrows p. */
void bl_alloc_advise_huge(void *p, size_t size);

/* bl_malloc(size), but a block of 4 MiB or more is aligned to 2 MiB and
 * advised as above, so that all of it can be huge pages. free() releases
 * it. */
void *bl_alloc_big(size_t size);
