/* vec: the one growable array of the core, typed by macros (as
 * tree-sitter's array.h), with one growth policy.
 *
 *   BL_VEC(bl_span) spans = {0};          // { T *v; size_t n, cap; }
 *   if (bl_vec_push(&spans, s) != 0) ...  // BL_ENOMEM: spans unchanged
 *   bl_vec_free(&spans);
 *
 * An array kept as separate fields (a pointer and a size_t capacity) grows
 * with bl_vec_grow(ptr, cap, need, max), the same policy.
 *
 * Growth policy: the capacity doubles, starting from BL_VEC_MIN elements,
 * until it holds need, and is then clamped to max (an element cap such as
 * BL_MAX_LINES; SIZE_MAX / size: none). A need over max is BL_ETOOBIG, a
 * byte size that overflows or a failed allocation BL_ENOMEM; on any error
 * the array is unchanged. Memory comes from bl_realloc() (alloc.h): free()
 * releases it, and the allocation-failure hook reaches every array.
 *
 * Ownership: the array owns its elements' storage, not what they point to. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "error.h"

#define BL_VEC_MIN 8

#define BL_VEC(T)                                                                                  \
    struct {                                                                                       \
        T *v;                                                                                      \
        size_t n, cap;                                                                             \
    }

/* Grows the array at *(void **)slot (elements of elem bytes, capacity
 * *cap) to hold need elements, at most max. 0, BL_ETOOBIG or BL_ENOMEM. */
int bl_vec_grow_(void *slot, size_t *cap, size_t need, size_t elem, size_t max);

/* ptr: an lvalue T *; cap: an lvalue size_t. */
#define bl_vec_grow(ptr, cap, need, max)                                                           \
    bl_vec_grow_((void *)&(ptr), &(cap), (need), sizeof *(ptr), (max))

/* Room for need elements in the BL_VEC a. */
#define bl_vec_reserve(a, need) bl_vec_grow((a)->v, (a)->cap, (need), SIZE_MAX / sizeof *(a)->v)

/* Appends x to the BL_VEC a: 0 or BL_ENOMEM. */
#define bl_vec_push(a, x)                                                                          \
    (bl_vec_reserve((a), (a)->n + 1) != 0 ? BL_ENOMEM : ((a)->v[(a)->n++] = (x), 0))

#define bl_vec_free(a) (free((a)->v), (a)->v = NULL, (a)->n = (a)->cap = 0)
