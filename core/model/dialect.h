/* dialect: the settings of a newsroom's dialect (BULLETIN-FORMAT.md §8)
 * beyond its tag spellings, as a `.bulletinrc` gives them (syntax in
 * vocab.h): a name, attribution templates and date-line shapes (tmpl.h),
 * implicit_lead, hangul_chrome and chrome words. A bl_vocab holds one.
 *
 * Ownership: a bl_dialect owns its templates, shapes and words; it is
 * emptied by bl_dialect_free(). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "tmpl.h"

#define BL_DIALECT_MAX_TEMPLATES 64u /* attribution = ... */
#define BL_DIALECT_MAX_DATELINES 16u /* dateline = ... */
#define BL_DIALECT_MAX_CHROME 256u   /* chrome = ... words */
#define BL_DIALECT_MAX_WORD 256u     /* bytes of a chrome word */
#define BL_DIALECT_MAX_NAME 64u      /* dialect = ... */

/* Invariant: tmpls[0, ntmpl), dates[0, ndates) compiled, chrome[0,
 * nchrome) owned (capchrome allocated), all distinct (a second load of
 * the same text adds nothing). */
typedef struct {
    char name[BL_DIALECT_MAX_NAME + 1];
    uint8_t implicit_lead, hangul_chrome;
    /* timing.wpm, timing.soundbite_wpm, timing.hangul_spm (0: the default)
     * and timing.target, timing.story_target (ms, -1: none); timing.h. */
    uint32_t wpm, sb_wpm, hangul_spm;
    int64_t target_ms, story_target_ms;
    bl_tmpl tmpls[BL_DIALECT_MAX_TEMPLATES];
    size_t ntmpl;
    bl_dateline dates[BL_DIALECT_MAX_DATELINES];
    size_t ndates;
    char **chrome;
    size_t nchrome, capchrome;
} bl_dialect;

/* Empty settings: no templates, Hangul-only lines are chrome. */
void bl_dialect_init(bl_dialect *d);
void bl_dialect_free(bl_dialect *d);
/* Applies one setting `key = val` (both trimmed; val is modified).
 * Returns 1 when key is a setting, 0 when it is not (a tag key), or a
 * BL_E* code with what was expected in why (whylen bytes). */
int bl_dialect_apply(bl_dialect *d, const char *key, char *val, char *why, size_t whylen);
/* The first template matching s[a, b) (its index), or -1. */
int bl_dialect_template_find(const bl_dialect *d, const char *s, size_t a, size_t b,
                             bl_tmpl_hit *hit);
int bl_dialect_chrome_word(const bl_dialect *d, const char *s, size_t len);
int bl_dialect_dateline(const bl_dialect *d, const char *s, size_t a, size_t b, char *iso);
/* Trims spaces and tabs at both ends of s, and "\r" at its end, in place;
 * returns the first byte kept. For settings text: a .bulletinrc line, a
 * value's comma-separated words. */
char *bl_dialect_trim(char *s);
