#include "vec.h"

#include <string.h>

#include "alloc.h"

int bl_vec_grow_(void *slot, size_t *cap, size_t need, size_t elem, size_t max) {
    if (need <= *cap)
        return BL_OK;
    if (need > max)
        return BL_ETOOBIG;
    size_t ncap = *cap > BL_VEC_MIN ? *cap : BL_VEC_MIN;
    while (ncap < need)
        ncap = ncap > SIZE_MAX / 2 ? SIZE_MAX : ncap * 2;
    if (ncap > max)
        ncap = max;
    if (ncap > SIZE_MAX / elem)
        return BL_ENOMEM;
    void *old;
    memcpy(&old, slot, sizeof old); /* the T * the caller keeps */
    void *nv = bl_realloc(old, ncap * elem);
    if (!nv)
        return BL_ENOMEM;
    memcpy(slot, &nv, sizeof nv);
    *cap = ncap;
    return BL_OK;
}
