#include "dialect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "timing.h"
#include "vec.h"

void bl_dialect_init(bl_dialect *v) {
    memset(v, 0, sizeof *v);
    v->hangul_chrome = 1;
    v->target_ms = v->story_target_ms = -1;
}

void bl_dialect_free(bl_dialect *v) {
    for (size_t i = 0; i < v->ntmpl; i++)
        bl_tmpl_free(&v->tmpls[i]);
    for (size_t i = 0; i < v->ndates; i++)
        bl_dateline_free(&v->dates[i]);
    for (size_t i = 0; i < v->nchrome; i++)
        free(v->chrome[i]);
    free(v->chrome);
    bl_dialect_init(v);
}

int bl_dialect_template_find(const bl_dialect *v, const char *s, size_t a, size_t b,
                             bl_tmpl_hit *hit) {
    for (size_t i = 0; i < v->ntmpl; i++)
        if (bl_tmpl_match(&v->tmpls[i], s, a, b, hit))
            return (int)i;
    return -1;
}

int bl_dialect_chrome_word(const bl_dialect *v, const char *s, size_t len) {
    for (size_t i = 0; i < v->nchrome; i++) {
        size_t n = strlen(v->chrome[i]);
        if (n <= len && memcmp(s, v->chrome[i], n) == 0 &&
            (n == len || s[n] == ' ' || s[n] == '\t'))
            return 1;
    }
    return 0;
}

int bl_dialect_dateline(const bl_dialect *v, const char *s, size_t a, size_t b, char *iso) {
    for (size_t i = 0; i < v->ndates; i++)
        if (bl_dateline_match(&v->dates[i], s, a, b, iso))
            return 1;
    return 0;
}

char *bl_dialect_trim(char *s) {
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

static int yes_no(const char *s) {
    static const char *const yes[] = {"yes", "true", "on", "1"}, *const no[] = {"no", "false",
                                                                                "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(s, yes[i]) == 0)
            return 1;
        if (strcmp(s, no[i]) == 0)
            return 0;
    }
    return -1;
}

static int add_chrome(bl_dialect *v, const char *w) {
    for (size_t i = 0; i < v->nchrome; i++)
        if (strcmp(v->chrome[i], w) == 0)
            return BL_OK;
    if (v->nchrome >= BL_DIALECT_MAX_CHROME || strlen(w) > BL_DIALECT_MAX_WORD)
        return BL_ETOOBIG;
    if (bl_vec_grow(v->chrome, v->capchrome, v->nchrome + 1, BL_DIALECT_MAX_CHROME) != BL_OK)
        return BL_ENOMEM;
    if (!(v->chrome[v->nchrome] = bl_strdup(w)))
        return BL_ENOMEM;
    v->nchrome++;
    return BL_OK;
}

/* timing.KEY = val (timing.h): a rate 1-BL_TIMING_MAX_RATE or an M:SS. */
static int timing_key(bl_dialect *v, const char *key, const char *val, char *why, size_t whylen) {
    uint32_t *rate = strcmp(key, "wpm") == 0             ? &v->wpm
                     : strcmp(key, "soundbite_wpm") == 0 ? &v->sb_wpm
                     : strcmp(key, "hangul_spm") == 0    ? &v->hangul_spm
                                                         : NULL;
    int64_t *target = strcmp(key, "target") == 0         ? &v->target_ms
                      : strcmp(key, "story_target") == 0 ? &v->story_target_ms
                                                         : NULL;
    if (rate != NULL) {
        char *end = NULL;
        unsigned long n = strtoul(val, &end, 10);
        if (val[0] < '0' || val[0] > '9' || *end != '\0' || n < 1 || n > BL_TIMING_MAX_RATE) {
            snprintf(why, whylen, "a rate from 1 to %u", BL_TIMING_MAX_RATE);
            return BL_EINVAL;
        }
        *rate = (uint32_t)n;
    } else if (target != NULL) {
        if (strcmp(val, "none") == 0) {
            *target = -1;
        } else if (bl_timing_parse(val, strlen(val), target) != BL_OK) {
            snprintf(why, whylen, "M:SS (as 3:00) or none");
            return BL_EINVAL;
        }
    } else {
        return 0;
    }
    return 1;
}

int bl_dialect_apply(bl_dialect *v, const char *key, char *val, char *why, size_t whylen) {
    int r = BL_OK;
    why[0] = '\0';
    if (strcmp(key, "dialect") == 0) {
        size_t n = strlen(val);
        if (n == 0 || n > BL_DIALECT_MAX_NAME) {
            snprintf(why, whylen, "a name of 1 to %u bytes", BL_DIALECT_MAX_NAME);
            return BL_EINVAL;
        }
        memcpy(v->name, val, n + 1);
    } else if (strcmp(key, "implicit_lead") == 0 || strcmp(key, "hangul_chrome") == 0) {
        int y = yes_no(val);
        if (y < 0) {
            snprintf(why, whylen, "yes or no");
            return BL_EINVAL;
        }
        if (key[0] == 'i')
            v->implicit_lead = (uint8_t)y;
        else
            v->hangul_chrome = (uint8_t)y;
    } else if (strcmp(key, "chrome") == 0) {
        for (char *tok = strtok(val, ","); tok && r == BL_OK; tok = strtok(NULL, ",")) {
            char *w = bl_dialect_trim(tok);
            if (*w)
                r = add_chrome(v, w);
        }
        if (r != BL_OK)
            snprintf(why, whylen, "at most %u chrome words of at most %u bytes",
                     BL_DIALECT_MAX_CHROME, BL_DIALECT_MAX_WORD);
        return r == BL_OK ? 1 : r;
    } else if (strcmp(key, "attribution") == 0) {
        for (size_t i = 0; i < v->ntmpl; i++)
            if (strcmp(v->tmpls[i].src, val) == 0)
                return 1;
        if (v->ntmpl >= BL_DIALECT_MAX_TEMPLATES) {
            snprintf(why, whylen, "at most %u attribution templates", BL_DIALECT_MAX_TEMPLATES);
            return BL_ETOOBIG;
        }
        r = bl_tmpl_compile(&v->tmpls[v->ntmpl], val, strlen(val), why, whylen);
        if (r != BL_OK)
            return r;
        v->ntmpl++;
    } else if (strcmp(key, "dateline") == 0) {
        for (size_t i = 0; i < v->ndates; i++)
            if (strcmp(v->dates[i].src, val) == 0)
                return 1;
        if (v->ndates >= BL_DIALECT_MAX_DATELINES) {
            snprintf(why, whylen, "at most %u date-line shapes", BL_DIALECT_MAX_DATELINES);
            return BL_ETOOBIG;
        }
        r = bl_dateline_compile(&v->dates[v->ndates], val, strlen(val), why, whylen);
        if (r != BL_OK)
            return r;
        v->ndates++;
    } else if (strncmp(key, "timing.", 7) == 0) {
        return timing_key(v, key + 7, val, why, whylen);
    } else {
        return 0;
    }
    return 1;
}
