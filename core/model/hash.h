/* hash: the one hash function of the core, for hash tables (the arena's
 * intern set, lint's speaker table, the CLI's --supers set) and for
 * telling items apart (update.c).
 *
 * 64 bits, eight bytes at a time, with a final avalanche; streaming: the
 * result of one call is the seed of the next, so that a record hashes
 * field by field. Not for security: anything that picks its input to
 * collide can, so tables keep their load under 1/2 and compare keys. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define BL_HASH_SEED 0x9E3779B97F4A7C15ull

static inline uint64_t bl_hash_bytes(uint64_t seed, const void *p, size_t n) {
    const unsigned char *s = p;
    uint64_t h = seed ^ n;
    size_t i = 0;
    for (; n - i >= 8; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    if (i < n) {
        uint64_t w = 0;
        memcpy(&w, s + i, n - i);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    }
    h ^= h >> 29;
    h *= 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 32);
}

/* A NUL-terminated string, or NULL (which hashes apart from every
 * string, the empty one included). */
static inline uint64_t bl_hash_str(uint64_t seed, const char *s) {
    return s ? bl_hash_bytes(seed, s, strlen(s)) : bl_hash_bytes(seed ^ 0xFF, "\xff", 1);
}
