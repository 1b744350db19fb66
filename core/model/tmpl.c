#include "tmpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "line.h"

static int is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

static int fail(char *err, size_t errlen, const char *msg) {
    if (errlen)
        snprintf(err, errlen, "%s", msg);
    return BL_EINVAL;
}

static const char *const slot_names[] = {NULL, "speaker", "role", "quote"};

/* Appends a literal s[a, b) (trimmed; nothing if empty) to t. */
static int add_lit(bl_tmpl *t, size_t *lo, const char *s, size_t a, size_t b) {
    while (a < b && is_space(s[a]))
        a++;
    while (b > a && is_space(s[b - 1]))
        b--;
    if (a == b)
        return 0;
    if (t->npieces >= BL_TMPL_MAX_PIECES)
        return BL_ETOOBIG;
    memcpy(t->lit + *lo, s + a, b - a);
    t->piece[t->npieces].kind = BL_TMPL_LIT;
    t->piece[t->npieces].off = (uint16_t)*lo;
    t->piece[t->npieces].len = (uint16_t)(b - a);
    t->npieces++;
    *lo += b - a;
    return 0;
}

/* The part after "\n": "{quote}", or "{quote}" between quote marks. */
static int next_line_part(bl_tmpl *t, const char *s, size_t a, size_t b) {
    size_t n;
    while (a < b && is_space(s[a]))
        a++;
    while (b > a && is_space(s[b - 1]))
        b--;
    if (bl_quote_mark_at(s, b, a, &n)) {
        t->next_mark = 1;
        a += n;
        /* the closing mark: any quote mark ending the text */
        if (b >= a + 1 && s[b - 1] == '"')
            b--;
        else if (b >= a + 3 && bl_quote_mark_at(s, b, b - 3, &n))
            b -= 3;
        else
            return BL_EINVAL;
    }
    return b - a == 7 && memcmp(s + a, "{quote}", 7) == 0 ? 0 : BL_EINVAL;
}

int bl_tmpl_compile(bl_tmpl *t, const char *src, size_t len, char *err, size_t errlen) {
    memset(t, 0, sizeof *t);
    if (len == 0)
        return fail(err, errlen, "empty template (want e.g. [{speaker}/{role}: {quote}])");
    if (len > BL_TMPL_MAX_LEN)
        return fail(err, errlen, "template longer than 256 bytes");
    if (memchr(src, '\0', len))
        return fail(err, errlen, "NUL byte in template");
    size_t line_end = len;
    for (size_t i = 0; i + 1 < len; i++)
        if (src[i] == '\\' && src[i + 1] == 'n') {
            line_end = i;
            break;
        }
    t->src = bl_malloc(len + 1);
    t->lit = bl_malloc(len + 1);
    if (!t->src || !t->lit) {
        bl_tmpl_free(t);
        return BL_ENOMEM;
    }
    memcpy(t->src, src, len);
    t->src[len] = '\0';
    size_t lo = 0, lit_a = 0;
    unsigned seen = 0;
    const char *why = NULL;
    for (size_t i = 0; i < line_end && !why; i++) {
        if (src[i] == '}') {
            why = "'}' without '{' (want {speaker}, {role} or {quote})";
            break;
        }
        if (src[i] != '{')
            continue;
        const char *close = memchr(src + i, '}', line_end - i);
        if (!close) {
            why = "'{' not closed (want {speaker}, {role} or {quote})";
            break;
        }
        size_t nl = (size_t)(close - src) - i - 1;
        if (memchr(src + i + 1, '{', nl)) {
            why = "'{' not closed (want {speaker}, {role} or {quote})";
            break;
        }
        int kind = 0;
        for (int k = BL_TMPL_SPEAKER; k <= BL_TMPL_QUOTE; k++)
            if (nl == strlen(slot_names[k]) && memcmp(src + i + 1, slot_names[k], nl) == 0)
                kind = k;
        if (!kind) {
            why = "unknown slot (want {speaker}, {role} or {quote})";
            break;
        }
        if (seen & (1u << kind)) {
            why = "a slot given twice";
            break;
        }
        seen |= 1u << kind;
        size_t before = t->npieces;
        if (add_lit(t, &lo, src, lit_a, i) != 0) {
            why = "too many parts";
            break;
        }
        if (before > 0 && t->npieces == before) {
            why = "two slots with no text between them";
            break;
        }
        if (t->npieces >= BL_TMPL_MAX_PIECES) {
            why = "too many parts";
            break;
        }
        t->piece[t->npieces++].kind = (uint8_t)kind;
        i = (size_t)(close - src);
        lit_a = i + 1;
    }
    if (!why && add_lit(t, &lo, src, lit_a, line_end) != 0)
        why = "too many parts";
    if (!why && !(seen & ((1u << BL_TMPL_SPEAKER) | (1u << BL_TMPL_ROLE))))
        why = "no {speaker} or {role} slot";
    if (!why && line_end < len) {
        t->next_line = 1;
        if (seen & (1u << BL_TMPL_QUOTE))
            why = "{quote} both on the caption line and after \\n";
        else if (next_line_part(t, src, line_end + 2, len) != 0)
            why = "after \\n only {quote} or \"{quote}\" may stand";
    }
    if (!why && t->npieces >= 2 && t->piece[t->npieces - 2].kind == BL_TMPL_QUOTE &&
        t->piece[t->npieces - 1].kind == BL_TMPL_LIT)
        t->quote_open = 1;
    if (why) {
        bl_tmpl_free(t);
        return fail(err, errlen, why);
    }
    return BL_OK;
}

void bl_tmpl_free(bl_tmpl *t) {
    if (!t)
        return;
    free(t->src);
    free(t->lit);
    t->src = t->lit = NULL;
    t->npieces = 0;
}

/* Matches literal l[0, ll) at s[i] (spaces in it match any run of spaces
 * or none). Returns the end, or (size_t)-1. */
static size_t lit_at(const char *s, size_t i, size_t b, const char *l, size_t ll) {
    for (size_t k = 0; k < ll;) {
        if (is_space(l[k])) {
            while (k < ll && is_space(l[k]))
                k++;
            while (i < b && is_space(s[i]))
                i++;
            continue;
        }
        if (i >= b || s[i] != l[k])
            return (size_t)-1;
        i++, k++;
    }
    return i;
}

/* The first place in s[from, b) where the literal matches; *end past it. */
static size_t find_lit(const char *s, size_t from, size_t b, const char *l, size_t ll,
                       size_t *end) {
    for (size_t j = from; j < b; j++) {
        if (s[j] != l[0])
            continue;
        size_t e = lit_at(s, j, b, l, ll);
        if (e != (size_t)-1) {
            *end = e;
            return j;
        }
    }
    return (size_t)-1;
}

static void trim(const char *s, uint32_t *a, uint32_t *b) {
    while (*a < *b && is_space(s[*a]))
        (*a)++;
    while (*b > *a && is_space(s[*b - 1]))
        (*b)--;
}

static int has_mark(const char *s, size_t a, size_t b) {
    size_t n;
    for (size_t i = a; i < b; i++)
        if (bl_quote_mark_at(s, b, i, &n))
            return 1;
    return 0;
}

int bl_tmpl_match(const bl_tmpl *t, const char *s, size_t a, size_t b, bl_tmpl_hit *h) {
    memset(h, 0, sizeof *h);
    if (!t || t->npieces == 0 || a >= b)
        return 0;
    size_t pos = a;
    for (size_t k = 0; k < t->npieces; k++) {
        const char *l = t->lit + t->piece[k].off;
        size_t ll = t->piece[k].len;
        uint8_t kind = t->piece[k].kind;
        if (kind == BL_TMPL_LIT) {
            /* only the first piece: later literals are taken by their slot */
            size_t e = lit_at(s, pos, b, l, ll);
            if (e == (size_t)-1)
                return 0;
            pos = e;
            continue;
        }
        size_t sa = pos, sb = b, after = b;
        if (k + 1 < t->npieces) {
            const char *nl = t->lit + t->piece[k + 1].off;
            size_t nll = t->piece[k + 1].len;
            size_t from = sa;
            while (from < b && is_space(s[from]))
                from++;
            size_t j = from < b ? find_lit(s, from + 1, b, nl, nll, &after) : (size_t)-1;
            if (j == (size_t)-1) {
                if (!(kind == BL_TMPL_QUOTE && t->quote_open))
                    return 0;
                h->open = 1;
                j = b;
                after = b;
            }
            sb = j;
            k++; /* the literal is taken */
        }
        uint32_t x = (uint32_t)sa, y = (uint32_t)sb;
        trim(s, &x, &y);
        if (kind == BL_TMPL_SPEAKER) {
            size_t w = bl_count_words(s, x, y);
            if (w < 1 || w > 8 || has_mark(s, x, y))
                return 0;
            h->sp_a = x, h->sp_b = y;
        } else if (kind == BL_TMPL_ROLE) {
            size_t w = bl_count_words(s, x, y);
            if (w < 1 || w > 15)
                return 0;
            h->role_a = x, h->role_b = y;
        } else {
            h->q_a = x, h->q_b = y;
            h->has_quote = 1;
        }
        pos = after;
    }
    h->end = (uint32_t)pos;
    if (!h->has_quote) {
        /* a caption: nothing but closing punctuation may follow */
        for (size_t i = pos; i < b; i++)
            if (!is_space(s[i]) && s[i] != '.' && s[i] != ',' && s[i] != ';' && s[i] != ':')
                return 0;
    }
    return 1;
}

int bl_tmpl_close(const bl_tmpl *t, const char *s, size_t a, size_t b, size_t *at, size_t *after) {
    if (!t || !t->quote_open || a >= b)
        return 0;
    const char *l = t->lit + t->piece[t->npieces - 1].off;
    size_t j = find_lit(s, a, b, l, t->piece[t->npieces - 1].len, after);
    if (j == (size_t)-1)
        return 0;
    *at = j;
    return 1;
}

/* ---- date-line shapes ---- */

int bl_dateline_compile(bl_dateline *d, const char *src, size_t len, char *err, size_t errlen) {
    d->src = NULL;
    if (len == 0 || len > BL_TMPL_MAX_LEN)
        return fail(err, errlen, "a date-line shape of 1 to 256 bytes, e.g. %Y.%m.%d. %p %I:%M");
    if (memchr(src, '\0', len))
        return fail(err, errlen, "NUL byte in date-line shape");
    int has_y = 0;
    for (size_t i = 0; i < len; i++) {
        if (src[i] != '%')
            continue;
        if (i + 1 >= len || !strchr("YmdHIMSp%", src[i + 1]) || src[i + 1] == '\0')
            return fail(err, errlen, "unknown %-code (want %Y %m %d %H %I %M %S %p or %%)");
        has_y |= src[i + 1] == 'Y';
        i++;
    }
    if (!has_y)
        return fail(err, errlen, "a date-line shape needs a year (%Y)");
    d->src = bl_malloc(len + 1);
    if (!d->src)
        return BL_ENOMEM;
    memcpy(d->src, src, len);
    d->src[len] = '\0';
    return BL_OK;
}

void bl_dateline_free(bl_dateline *d) {
    if (d) {
        free(d->src);
        d->src = NULL;
    }
}

/* Reads min to max digits at s[*i]; their value in *val. */
static int digits(const char *s, size_t *i, size_t b, size_t min, size_t max, int *val) {
    size_t n = 0;
    *val = 0;
    while (*i < b && n < max && s[*i] >= '0' && s[*i] <= '9')
        *val = *val * 10 + (s[(*i)++] - '0'), n++;
    return n >= min;
}

int bl_dateline_match(const bl_dateline *d, const char *s, size_t a, size_t b, char *iso) {
    static const char *const ampm[] = {"AM", "am", "오전", "PM", "pm", "오후"};
    /* year, month, day, hour, minute, second; -1 not given */
    int f[6] = {-1, -1, -1, -1, -1, -1}, pm = -1, h12 = 0;
    if (!d || !d->src)
        return 0;
    size_t i = a;
    for (const char *p = d->src; *p; p++) {
        if (*p == ' ') {
            size_t from = i;
            while (i < b && is_space(s[i]))
                i++;
            if (i == from)
                return 0;
            while (p[1] == ' ')
                p++;
            continue;
        }
        if (*p != '%' || p[1] == '%') {
            p += *p == '%';
            if (i >= b || s[i] != *p)
                return 0;
            i++;
            continue;
        }
        char c = *++p;
        int ok = 0, val = 0;
        if (c == 'p') {
            for (size_t k = 0; k < sizeof ampm / sizeof ampm[0] && !ok; k++) {
                size_t n = strlen(ampm[k]);
                if (b - i >= n && memcmp(s + i, ampm[k], n) == 0) {
                    i += n;
                    pm = k >= 3;
                    ok = 1;
                }
            }
        } else {
            ok = digits(s, &i, b, c == 'Y' ? 4 : 1, c == 'Y' ? 4 : 2, &val);
            const char *slot = strchr("YmdHMS", c == 'I' ? 'H' : c);
            if (slot)
                f[slot - "YmdHMS"] = val;
            h12 |= c == 'I';
        }
        if (!ok)
            return 0;
    }
    if (i != b)
        return 0;
    if (iso) {
        iso[0] = '\0';
        if (f[3] >= 0 && pm >= 0 && h12)
            f[3] = f[3] % 12 + (pm ? 12 : 0);
        if (f[0] >= 0 && f[1] >= 1 && f[1] <= 12 && f[2] >= 1 && f[2] <= 31 && f[3] >= 0 &&
            f[3] < 24 && f[4] >= 0 && f[4] < 60) {
            int n = snprintf(iso, 24, "%04d-%02d-%02dT%02d:%02d", f[0], f[1], f[2], f[3], f[4]);
            if (f[5] >= 0 && f[5] < 60 && n > 0)
                snprintf(iso + n, (size_t)(24 - n), ":%02d", f[5]);
        }
    }
    return 1;
}
