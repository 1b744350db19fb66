#if !defined(_XOPEN_SOURCE) || _XOPEN_SOURCE < 500
#undef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* realpath, whatever the build defines */
#endif
#include "vocab.h"

#include "alloc.h"
#include "line.h"
#include "vec.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Buckets of the '*' spellings: one per first byte for a one-byte
 * prefix, VOCAB_PAIRS for the others by their first two bytes. */
#define VOCAB_PAIRS 1024u
#define VOCAB_BUCKETS (256u + VOCAB_PAIRS)

/* Invariant: entries[0..n) have distinct (spelling, is_label) pairs and
 * owned spellings. Every entry is in slots[] (open addressing by the
 * FNV-1a hash of its spelling, 1 + index, 0 empty, at most half full);
 * the exact bracketed tags also in ci_slots[] (by the hash of their inner
 * text, ASCII case folded); the '*' spellings in head[]/chain[] by the
 * first two bytes of their prefix. has_len[L]: some exact spelling has L
 * bytes; first[c]: some spelling starts with the byte c. families[0] is
 * "common" (not counted by mixed-dialect). */
struct bl_vocab {
    uint16_t head[VOCAB_BUCKETS], tail[VOCAB_BUCKETS];
    bl_vocab_entry *entries;
    struct vocab_chain {
        uint32_t hash;    /* FNV-1a of the whole spelling */
        uint32_t ci_hash; /* of the folded inner text (exact [..] tags) */
        uint16_t len;     /* strlen(spelling) */
        uint16_t next;    /* 1 + the next '*' entry of the same bucket, 0 */
    } * chain;
    size_t n, cap, nwild;
    uint16_t *slots, *ci_slots;
    size_t nslots; /* a power of two, both tables */
    uint8_t has_len[BL_VOCAB_MAX_SPELLING + 1];
    uint8_t first[256];
    size_t maxlen;
    char **families;
    size_t nfam, capfam;
    bl_dialect d; /* the dialect settings (dialect.h) */
    /* spellings live in blocks of POOL_BLOCK bytes (one malloc per block,
     * not per spelling); last_fam caches the last family looked up */
    struct pool_block *pool;
    int last_fam;
};

enum { POOL_BLOCK = 16384 };
struct pool_block {
    struct pool_block *next;
    size_t used;
    char data[POOL_BLOCK];
};

/* A copy of s[0, len) + NUL in the pool (len <= BL_VOCAB_MAX_SPELLING). */
static char *pool_copy(bl_vocab *v, const char *s, size_t len) {
    if (!v->pool || POOL_BLOCK - v->pool->used < len + 1) {
        struct pool_block *b = bl_malloc(sizeof *b);
        if (!b)
            return NULL;
        b->next = v->pool;
        b->used = 0;
        v->pool = b;
    }
    char *d = v->pool->data + v->pool->used;
    memcpy(d, s, len);
    d[len] = '\0';
    v->pool->used += len + 1;
    return d;
}

static const char *const role_names[BL_ROLE_COUNT] = {"lead", "report", "soundbite", "program"};

const char *bl_role_name(bl_tag_role role) {
    return (unsigned)role < BL_ROLE_COUNT ? role_names[role] : "unknown";
}

/* Returns the index of family name, adding it; negative on failure. */
static int family_index(bl_vocab *v, const char *name) {
    if (v->last_fam >= 0 && (size_t)v->last_fam < v->nfam &&
        strcmp(v->families[v->last_fam], name) == 0)
        return v->last_fam;
    for (size_t i = 0; i < v->nfam; i++)
        if (strcmp(v->families[i], name) == 0)
            return v->last_fam = (int)i;
    if (v->nfam >= 1024)
        return BL_ETOOBIG;
    if (bl_vec_grow(v->families, v->capfam, v->nfam + 1, 1024) != BL_OK)
        return BL_ENOMEM;
    char *copy = bl_strdup(name);
    if (!copy)
        return BL_ENOMEM;
    v->families[v->nfam] = copy;
    return v->last_fam = (int)v->nfam++;
}

/* The bucket of a '*' prefix (or of a line's text) of len >= 1 bytes. */
static unsigned bucket(const char *s, size_t len) {
    unsigned c0 = (unsigned char)s[0];
    if (len < 2)
        return c0;
    return 256u + ((c0 * 31u + (unsigned char)s[1]) & (VOCAB_PAIRS - 1));
}

/* FNV-1a; folded, its steps are vocab.h's bl_vocab_ci_step(), which
 * scans of a line use to carry the hash of a growing prefix. */
#define FNV_OFFSET BL_VOCAB_CI_SEED
#define FNV_PRIME BL_VOCAB_FNV_PRIME

static uint32_t fnv(const char *s, size_t len, int fold) {
    uint32_t h = FNV_OFFSET;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        h = fold ? bl_vocab_ci_step(h, c) : (h ^ c) * FNV_PRIME;
    }
    return h;
}

/* fnv(s, len, 0) and fnv(s + 1, len - 2, 1) (len >= 2) in one pass: the
 * two multiply chains run side by side. */
static void fnv2(const char *s, size_t len, uint32_t *h, uint32_t *hci) {
    uint32_t x = FNV_OFFSET, y = FNV_OFFSET;
    unsigned char c = (unsigned char)s[0];
    x = (x ^ c) * FNV_PRIME;
    for (size_t i = 1; i + 1 < len; i++) {
        c = (unsigned char)s[i];
        x = (x ^ c) * FNV_PRIME;
        y = bl_vocab_ci_step(y, c);
    }
    if (len >= 2)
        x = (x ^ (unsigned char)s[len - 1]) * FNV_PRIME;
    *h = x;
    *hci = y;
}

static int fold_eq(const char *a, const char *b, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if ((x >= 'A' && x <= 'Z' ? x + 32 : x) != (y >= 'A' && y <= 'Z' ? y + 32 : y))
            return 0;
    }
    return 1;
}

/* Is entry e an exact bracketed tag "[x]" (x non-empty)? */
static int bracketed(const bl_vocab_entry *e, size_t len) {
    return !e->is_label && !e->star && len >= 3 && e->spelling[0] == '[' &&
           e->spelling[len - 1] == ']';
}

static void slot_put(uint16_t *slots, size_t nslots, uint32_t h, size_t k) {
    size_t m = nslots - 1, i = h & m;
    while (slots[i])
        i = (i + 1) & m;
    slots[i] = (uint16_t)(k + 1);
}

/* Rebuilds both hash tables for at least want entries. */
static int rehash(bl_vocab *v, size_t want) {
    size_t ns = 64;
    while (ns < 2 * want)
        ns *= 2;
    uint16_t *s = bl_calloc(ns, sizeof *s), *c = bl_calloc(ns, sizeof *c);
    if (!s || !c) {
        free(s);
        free(c);
        return BL_ENOMEM;
    }
    for (size_t k = 0; k < v->n; k++) {
        slot_put(s, ns, v->chain[k].hash, k);
        if (bracketed(&v->entries[k], v->chain[k].len))
            slot_put(c, ns, v->chain[k].ci_hash, k);
    }
    free(v->slots);
    free(v->ci_slots);
    v->slots = s;
    v->ci_slots = c;
    v->nslots = ns;
    return BL_OK;
}

/* The entry with exactly this spelling and kind, or NULL. */
static bl_vocab_entry *find_exact(const bl_vocab *v, const char *sp, size_t len, uint32_t h,
                                  int is_label) {
    if (!v->nslots)
        return NULL;
    size_t m = v->nslots - 1;
    for (size_t i = h & m; v->slots[i]; i = (i + 1) & m) {
        size_t k = v->slots[i] - 1u;
        bl_vocab_entry *e = &v->entries[k];
        if (v->chain[k].hash == h && v->chain[k].len == len && e->is_label == (is_label != 0) &&
            memcmp(e->spelling, sp, len) == 0)
            return e;
    }
    return NULL;
}

/* A '*' spelling: one '*', a non-empty prefix and suffix, not a label.
 * Returns 1 + the offset of the '*', 0 for none, -1 when misplaced. */
static long star_of(const char *sp, size_t len, int is_label) {
    const char *st = memchr(sp, '*', len);
    if (!st)
        return 0;
    size_t o = (size_t)(st - sp);
    if (is_label || o == 0 || o + 1 >= len || memchr(st + 1, '*', len - o - 1))
        return -1;
    return (long)o + 1;
}

int bl_vocab_add(bl_vocab *v, const char *spelling, bl_tag_role role, int is_label,
                 const char *family) {
    if (!v || !spelling || (unsigned)role >= BL_ROLE_COUNT)
        return BL_EINVAL;
    size_t len = strlen(spelling);
    long star = star_of(spelling, len, is_label);
    if (len == 0 || len > BL_VOCAB_MAX_SPELLING || star < 0)
        return BL_EINVAL;
    int fam = family_index(v, family ? family : "custom");
    if (fam < 0)
        return fam;
    uint32_t h, hci;
    fnv2(spelling, len, &h, &hci);
    bl_vocab_entry *old = find_exact(v, spelling, len, h, is_label);
    if (old) {
        old->role = (uint8_t)role;
        old->family = (uint16_t)fam;
        return BL_OK;
    }
    if (v->n >= BL_VOCAB_MAX_ENTRIES || (star && v->nwild >= BL_VOCAB_MAX_WILDCARDS))
        return BL_ETOOBIG;
    /* chain and entries share one capacity: both grow to the same one (a
     * chain grown alone when entries fail is merely roomier) */
    size_t chain_cap = v->cap;
    if (bl_vec_grow(v->chain, chain_cap, v->n + 1, BL_VOCAB_MAX_ENTRIES) != BL_OK ||
        bl_vec_grow(v->entries, v->cap, v->n + 1, BL_VOCAB_MAX_ENTRIES) != BL_OK)
        return BL_ENOMEM;
    if (2 * (v->n + 1) > v->nslots && rehash(v, v->n + 1) != BL_OK)
        return BL_ENOMEM;
    char *copy = pool_copy(v, spelling, len);
    if (!copy)
        return BL_ENOMEM;
    size_t k = v->n++;
    v->entries[k] = (bl_vocab_entry){copy, (uint8_t)role, (uint8_t)(is_label != 0), (uint16_t)fam,
                                     (uint16_t)star};
    v->chain[k] = (struct vocab_chain){h, 0, (uint16_t)len, 0};
    slot_put(v->slots, v->nslots, h, k);
    v->first[(unsigned char)copy[0]] = 1;
    if (star) {
        unsigned b = bucket(copy, (size_t)star - 1);
        if (v->tail[b])
            v->chain[v->tail[b] - 1].next = (uint16_t)(k + 1);
        else
            v->head[b] = (uint16_t)(k + 1);
        v->tail[b] = (uint16_t)(k + 1);
        v->nwild++;
        return BL_OK;
    }
    v->has_len[len] = 1;
    if (len > v->maxlen)
        v->maxlen = len;
    if (bracketed(&v->entries[k], len)) {
        v->chain[k].ci_hash = hci;
        slot_put(v->ci_slots, v->nslots, v->chain[k].ci_hash, k);
    }
    return BL_OK;
}

bl_vocab *bl_vocab_new(void) {
    static const struct {
        const char *spelling;
        bl_tag_role role;
        int is_label;
        const char *family;
    } builtin[] = {
        {"[LEAD]", BL_ROLE_LEAD, 0, "news-today"},
        {"[REPORT]", BL_ROLE_REPORT, 0, "news-today"},
        {"[Anchor Lead]", BL_ROLE_LEAD, 0, "anchor-lead"},
        {"[Pkg]", BL_ROLE_REPORT, 0, "anchor-lead"},
        {"[Anchor]", BL_ROLE_LEAD, 0, "news-9"},
        {"[Report]", BL_ROLE_REPORT, 0, "news-9"},
        {"Anchor", BL_ROLE_LEAD, 1, "radio"},
        {"Report", BL_ROLE_REPORT, 1, "radio"},
        {"[Soundbite]", BL_ROLE_SOUNDBITE, 0, "common"},
        {"[News Today]", BL_ROLE_PROGRAM, 0, "common"},
        {"[News]", BL_ROLE_PROGRAM, 0, "common"},
    };
    bl_vocab *v = bl_calloc(1, sizeof *v);
    if (!v)
        return NULL;
    bl_dialect_init(&v->d);
    v->last_fam = -1;
    if (family_index(v, "common") != 0)
        goto fail;
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
        if (bl_vocab_add(v, builtin[i].spelling, builtin[i].role, builtin[i].is_label,
                         builtin[i].family) != BL_OK)
            goto fail;
    return v;
fail:
    bl_vocab_free(v);
    return NULL;
}

void bl_vocab_free(bl_vocab *v) {
    if (!v)
        return;
    while (v->pool) {
        struct pool_block *b = v->pool;
        v->pool = b->next;
        free(b);
    }
    for (size_t i = 0; i < v->nfam; i++)
        free(v->families[i]);
    free(v->entries);
    free(v->chain);
    free(v->families);
    free(v->slots);
    free(v->ci_slots);
    bl_dialect_free(&v->d);
    free(v);
}

size_t bl_vocab_count(const bl_vocab *v) {
    return v ? v->n : 0;
}

const bl_vocab_entry *bl_vocab_entry_at(const bl_vocab *v, size_t i) {
    return v && i < v->n ? &v->entries[i] : NULL;
}

const char *bl_vocab_family_name(const bl_vocab *v, uint16_t family) {
    return v && family < v->nfam ? v->families[family] : "custom";
}

/* Is the code point a letter or digit for the exact-match rule? ASCII
 * letters and digits, and any non-ASCII code point outside the
 * punctuation and symbol blocks (Latin-1 signs, U+2000-U+2BFF, CJK
 * punctuation U+3000-U+303F, full-width signs U+FF00-U+FF20). */
static int wordy(uint32_t cp) {
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 32) >= 'a' && (cp | 32) <= 'z');
    return !(cp < 0xC0 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
             (cp >= 0xFF00 && cp <= 0xFF20) || cp == 0xFFFD);
}

/* The code point ending at s[0, len). */
static uint32_t last_cp(const char *s, size_t len) {
    size_t i = len - 1;
    while (i > 0 && len - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return bl_utf8_next(s, len, &i);
}

/* Does a spelling ending at s[0, m) end the marker there (§8: exact)? */
static int ends_marker(const char *s, size_t len, size_t m) {
    if (m >= len || !wordy(last_cp(s, m)))
        return 1;
    size_t i = m;
    return !wordy(bl_utf8_next(s, len, &i));
}

/* Keeps entry k if it takes need bytes, more than the best so far (or as
 * many and added earlier). */
static void consider(size_t k, size_t need, size_t *best_k, size_t *best_len) {
    if (need > *best_len || (need == *best_len && k + 1 < *best_k)) {
        *best_k = k + 1;
        *best_len = need;
    }
}

/* The '*' spellings of bucket b matching at s. */
static void match_wild(const bl_vocab *v, unsigned b, const char *s, size_t len, size_t *best_k,
                       size_t *best_len) {
    for (size_t k = v->head[b]; k != 0; k = v->chain[k - 1].next) {
        const bl_vocab_entry *e = &v->entries[k - 1];
        size_t p = (size_t)e->star - 1, sl = v->chain[k - 1].len - p - 1;
        const char *suf = e->spelling + p + 1;
        if (p + 1 + sl > len || memcmp(s, e->spelling, p) != 0)
            continue;
        size_t lim = len - sl, span = p + 1 + BL_VOCAB_MAX_SPELLING;
        for (size_t j = p + 1; j <= lim && j <= span; j++) {
            if (s[j] != suf[0] || memcmp(s + j, suf, sl) != 0)
                continue;
            if (ends_marker(s, len, j + sl))
                consider(k - 1, j + sl, best_k, best_len);
            break;
        }
    }
}

const bl_vocab_entry *bl_vocab_match(const bl_vocab *v, const char *s, size_t len,
                                     size_t *matched) {
    size_t best_k = 0, best_len = 0;
    if (matched)
        *matched = 0;
    if (!v || !s || len == 0 || !v->first[(unsigned char)s[0]])
        return NULL;
    /* One pass over the line's first maxlen bytes: the hash of each prefix
     * whose length some spelling has is looked up. */
    size_t lim = len < v->maxlen ? len : v->maxlen, m = v->nslots - 1;
    uint32_t h = FNV_OFFSET;
    for (size_t L = 1; L <= lim; L++) {
        h = (h ^ (unsigned char)s[L - 1]) * FNV_PRIME;
        if (!v->has_len[L])
            continue;
        for (size_t i = h & m; v->slots[i]; i = (i + 1) & m) {
            size_t k = v->slots[i] - 1u;
            const bl_vocab_entry *e = &v->entries[k];
            if (v->chain[k].hash != h || v->chain[k].len != L || e->star ||
                memcmp(e->spelling, s, L) != 0)
                continue;
            if (e->is_label ? (L < len && s[L] == ':') : ends_marker(s, len, L))
                consider(k, L + (e->is_label ? 1 : 0), &best_k, &best_len);
        }
    }
    if (v->nwild) {
        match_wild(v, bucket(s, 1), s, len, &best_k, &best_len);
        if (len >= 2)
            match_wild(v, bucket(s, len), s, len, &best_k, &best_len);
    }
    if (matched)
        *matched = best_len;
    return best_k ? &v->entries[best_k - 1] : NULL;
}

int bl_vocab_known_ci(const bl_vocab *v, const char *s, size_t len) {
    if (!v || !s || len == 0 || !v->nslots)
        return 0;
    return bl_vocab_known_ci_hash(v, s, len, fnv(s, len, 1));
}

int bl_vocab_known_ci_hash(const bl_vocab *v, const char *s, size_t len, uint32_t h) {
    if (!v || !s || len == 0 || !v->nslots)
        return 0;
    size_t m = v->nslots - 1;
    for (size_t i = h & m; v->ci_slots[i]; i = (i + 1) & m) {
        size_t k = v->ci_slots[i] - 1u;
        if (v->chain[k].ci_hash == h && v->chain[k].len == len + 2 &&
            fold_eq(v->entries[k].spelling + 1, s, len))
            return 1;
    }
    return 0;
}

/* Optimal-string-alignment distance, ASCII case folded, on short strings. */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb) {
    enum { MAXL = 64 };
    size_t d[MAXL + 1][MAXL + 1];
    if (la > MAXL || lb > MAXL)
        return (size_t)-1;
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            size_t cost = ca != cb;
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *bl_vocab_nearest(const bl_vocab *v, const char *s, size_t len) {
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    if (!v || !s)
        return NULL;
    /* Compare with the surrounding punctuation removed: "[ LEAD ]" and
     * "[LEAD" are near "[LEAD]". */
    while (len > 0 && (s[0] == '[' || s[0] == ' '))
        s++, len--;
    while (len > 0 && (s[len - 1] == ']' || s[len - 1] == ' '))
        len--;
    for (size_t i = 0; i < v->n; i++) {
        const bl_vocab_entry *e = &v->entries[i];
        if (e->is_label || e->star || e->spelling[0] != '[')
            continue;
        const char *t = e->spelling + 1;
        size_t tl = strlen(t);
        if (tl > 0 && t[tl - 1] == ']')
            tl--;
        size_t d = edit_distance(s, len, t, tl);
        if (d < best_d) {
            best_d = d;
            best = e->spelling;
        }
    }
    size_t limit = len / 3 > 2 ? len / 3 : 2;
    return best_d <= limit ? best : NULL;
}

int bl_vocab_parse_key(const char *key, size_t len, char *family, size_t famcap, int *is_label,
                       bl_tag_role *role) {
    /* The role is after the last '.'; "label" may stand before it; what
     * stands before that is the family. */
    const char *end = key + len, *dot = NULL;
    for (const char *p = key; p < end; p++)
        if (*p == '.')
            dot = p;
    const char *rp = dot ? dot + 1 : key;
    size_t rl = (size_t)(end - rp), fl = dot ? (size_t)(dot - key) : 0;
    *is_label = 0;
    if (fl >= 5 && memcmp(key + fl - 5, "label", 5) == 0 && (fl == 5 || key[fl - 6] == '.')) {
        *is_label = 1;
        fl = fl == 5 ? 0 : fl - 6;
    }
    if ((dot && fl == 0 && !*is_label) || fl >= famcap || memchr(key, '\0', len))
        return BL_EINVAL;
    for (int r = 0; r < BL_ROLE_COUNT; r++) {
        if (rl == strlen(role_names[r]) && memcmp(rp, role_names[r], rl) == 0) {
            memcpy(family, key, fl);
            family[fl] = '\0';
            *role = (bl_tag_role)r;
            return BL_OK;
        }
    }
    return BL_EINVAL;
}

/* ---- the dialect settings ---- */

const char *bl_vocab_dialect(const bl_vocab *v) {
    return v ? v->d.name : "";
}
int bl_vocab_implicit_lead(const bl_vocab *v) {
    return v && v->d.implicit_lead;
}
const bl_dialect *bl_vocab_settings(const bl_vocab *v) {
    return v ? &v->d : NULL;
}
int bl_vocab_hangul_chrome(const bl_vocab *v) {
    return !v || v->d.hangul_chrome;
}
size_t bl_vocab_template_count(const bl_vocab *v) {
    return v ? v->d.ntmpl : 0;
}
const bl_tmpl *bl_vocab_template_at(const bl_vocab *v, size_t i) {
    return v && i < v->d.ntmpl ? &v->d.tmpls[i] : NULL;
}
size_t bl_vocab_chrome_count(const bl_vocab *v) {
    return v ? v->d.nchrome : 0;
}
const char *bl_vocab_chrome_at(const bl_vocab *v, size_t i) {
    return v && i < v->d.nchrome ? v->d.chrome[i] : NULL;
}
size_t bl_vocab_dateline_count(const bl_vocab *v) {
    return v ? v->d.ndates : 0;
}
const char *bl_vocab_dateline_at(const bl_vocab *v, size_t i) {
    return v && i < v->d.ndates ? v->d.dates[i].src : NULL;
}
int bl_vocab_template_find(const bl_vocab *v, const char *s, size_t a, size_t b, bl_tmpl_hit *hit) {
    return v ? bl_dialect_template_find(&v->d, s, a, b, hit) : -1;
}
int bl_vocab_chrome_word(const bl_vocab *v, const char *s, size_t len) {
    return v ? bl_dialect_chrome_word(&v->d, s, len) : 0;
}
int bl_vocab_dateline(const bl_vocab *v, const char *s, size_t a, size_t b, char *iso) {
    return v ? bl_dialect_dateline(&v->d, s, a, b, iso) : 0;
}

int bl_vocab_load_pair(bl_vocab *v, const char *key, const char *value, char *err, size_t errlen) {
    if (!key || !value)
        return BL_EINVAL;
    size_t kl = strlen(key), vl = strlen(value);
    if (kl > SIZE_MAX / 2 - 8 || vl > SIZE_MAX / 2 - 8)
        return BL_EINVAL;
    char *line = bl_malloc(kl + vl + 4);
    if (!line)
        return BL_ENOMEM;
    memcpy(line, key, kl);
    memcpy(line + kl, " = ", 3);
    memcpy(line + kl + 3, value, vl);
    char why[256] = "";
    int r = bl_vocab_load_text(v, line, kl + 3 + vl, why, sizeof why);
    free(line);
    if (r != 0 && errlen) {
        /* why is "1: message" (one line of text): keep the message */
        const char *m = why;
        while (*m >= '0' && *m <= '9')
            m++;
        m += strncmp(m, ": ", 2) == 0 ? 2 : 0;
        snprintf(err, errlen, "%s", r == BL_ENOMEM ? "out of memory" : m);
    }
    return r;
}

int bl_vocab_load_text(bl_vocab *v, const char *text, size_t len, char *err, size_t errlen) {
    char line[4096];
    size_t lineno = 0, pos = 0;
    if (!v || (!text && len))
        return BL_EINVAL;
    while (pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        lineno++;
        size_t ll = end - pos;
        if (ll >= sizeof line) {
            if (errlen)
                snprintf(err, errlen, "%zu: line too long", lineno);
            return BL_EINVAL;
        }
        memcpy(line, text + pos, ll);
        line[ll] = '\0';
        pos = end + 1;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *s = bl_dialect_trim(line);
        if (!*s)
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            if (errlen)
                snprintf(err, errlen, "%zu: expected 'key = value'", lineno);
            return BL_EINVAL;
        }
        *eq = '\0';
        char *key = bl_dialect_trim(s), *val = bl_dialect_trim(eq + 1);
        char why[160];
        int sr = bl_dialect_apply(&v->d, key, val, why, sizeof why);
        if (sr < 0) {
            if (errlen)
                snprintf(err, errlen, "%zu: %s: expected %s", lineno, key, why);
            return sr;
        }
        if (sr > 0)
            continue;
        char family[BL_VOCAB_MAX_SPELLING + 1];
        int is_label;
        bl_tag_role role;
        if (bl_vocab_parse_key(key, strlen(key), family, sizeof family, &is_label, &role) !=
            BL_OK) {
            if (errlen)
                snprintf(err, errlen,
                         "%zu: unknown key '%s' (want lead, report, soundbite, program, "
                         "label.ROLE, FAMILY.ROLE, attribution, implicit_lead, hangul_chrome, "
                         "chrome, dateline or dialect)",
                         lineno, key);
            return BL_EINVAL;
        }
        for (char *tok = strtok(val, ","); tok; tok = strtok(NULL, ",")) {
            char *sp = bl_dialect_trim(tok);
            size_t sl = strlen(sp);
            if (is_label && sl > 0 && sp[sl - 1] == ':')
                sp[--sl] = '\0';
            if (!sl)
                continue;
            if (star_of(sp, sl, is_label) < 0) {
                if (errlen)
                    snprintf(err, errlen,
                             "%zu: %s: expected one '*' with text before and after it (as in "
                             "<Reporter *>), and labels take none: '%s'",
                             lineno, key, sp);
                return BL_EINVAL;
            }
            int rc = bl_vocab_add(v, sp, role, is_label, family[0] ? family : NULL);
            if (rc != BL_OK) {
                if (errlen)
                    snprintf(err, errlen, "%zu: %s: cannot add '%s': %s", lineno, key, sp,
                             bl_strerror(rc));
                return rc;
            }
        }
    }
    return BL_OK;
}

int bl_vocab_load_file(bl_vocab *v, const char *path, char *err, size_t errlen) {
    /* O_NONBLOCK: a FIFO (or a device) named .bulletinrc must not hang the
     * helper; only a regular file is read. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (errlen)
            snprintf(err, errlen, "%s: %s", path,
                     fd < 0 ? "cannot open" : "not a regular file, not read");
        if (fd >= 0)
            close(fd);
        return BL_EINVAL;
    }
    /* one byte more than the limit tells a file of exactly 1 MiB (allowed)
     * from a longer one. The buffer is sized from the file (+ 1: a read
     * then sees EOF at once), not LIMIT + 1 for every load: a small file
     * costs a small allocation; one that grew since fstat() gets the rest. */
    enum { LIMIT = 1 << 20 };
    size_t cap = st.st_size >= 0 && (uintmax_t)st.st_size < LIMIT ? (size_t)st.st_size + 1
                                                                  : (size_t)LIMIT + 1;
    char *buf = bl_malloc(cap);
    if (!buf) {
        close(fd);
        return BL_ENOMEM;
    }
    size_t n = 0;
    while (n < LIMIT + 1) {
        if (n == cap) {
            char *nbuf = bl_realloc(buf, LIMIT + 1);
            if (!nbuf) {
                free(buf);
                close(fd);
                return BL_ENOMEM;
            }
            buf = nbuf;
            cap = LIMIT + 1;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    int rc;
    if (n > LIMIT) {
        if (errlen)
            snprintf(err, errlen, "%s: larger than 1 MiB", path);
        rc = BL_ETOOBIG;
    } else {
        char inner[256] = "";
        rc = bl_vocab_load_text(v, buf, n, inner, sizeof inner);
        if (rc != BL_OK && errlen)
            snprintf(err, errlen, "%s:%s", path, inner);
    }
    free(buf);
    return rc;
}

int bl_vocab_find_rc(const char *doc_path, char *out, size_t outlen) {
    char dir[4096], abs[4096];
    struct stat st;
    if (!doc_path || !out || strlen(doc_path) >= sizeof dir)
        return BL_EINVAL;
    strcpy(dir, doc_path);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash == dir ? (void)(dir[1] = '\0') : (void)(*slash = '\0');
    else
        strcpy(dir, ".");
    if (!realpath(dir, abs))
        return BL_EINVAL;
    for (;;) {
        /* abs is "" for the root after the last cut. */
        int n = snprintf(out, outlen, "%s/.bulletinrc", strcmp(abs, "/") == 0 ? "" : abs);
        if (n > 0 && (size_t)n < outlen && stat(out, &st) == 0 && S_ISREG(st.st_mode))
            return BL_OK;
        slash = strrchr(abs, '/');
        if (!slash || abs[0] == '\0' || strcmp(abs, "/") == 0)
            return BL_EINVAL;
        *slash = '\0';
    }
}
