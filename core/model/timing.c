#include "timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "line.h"
#include "vec.h"

/* An item's record: the item's own counts (outside its children), its
 * declared duration, and the aggregates. */
typedef struct {
    uint32_t own_words, own_syl; /* narration, or the quote of a soundbite */
    int64_t own_ms;
    int64_t declared;
    bl_timing_item out;
} rec;

struct bl_timing {
    bl_timing_opts o;
    rec *r;
    size_t n, cap;
    int valid; /* r matches the doc's items as of the last update */
    int64_t total;
    size_t *changed; /* indexes whose ms changed in the last update */
    size_t nchanged, capchanged;
    int all_changed;
    uint8_t *dirty; /* per item: recount its own text */
    size_t capdirty;
};

void bl_timing_opts_default(bl_timing_opts *o) {
    o->wpm = BL_TIMING_WPM;
    o->sb_wpm = BL_TIMING_SB_WPM;
    o->hangul_spm = BL_TIMING_HANGUL_SPM;
    o->target_ms = -1;
    o->story_target_ms = -1;
}

void bl_timing_opts_from_vocab(const bl_vocab *vocab, bl_timing_opts *o) {
    bl_timing_opts_default(o);
    const bl_dialect *d = bl_vocab_settings(vocab);
    if (d == NULL)
        return;
    if (d->wpm)
        o->wpm = d->wpm;
    if (d->sb_wpm)
        o->sb_wpm = d->sb_wpm;
    if (d->hangul_spm)
        o->hangul_spm = d->hangul_spm;
    o->target_ms = d->target_ms;
    o->story_target_ms = d->story_target_ms;
}

static void fix_opts(bl_timing_opts *o) {
    if (o->wpm == 0 || o->wpm > BL_TIMING_MAX_RATE)
        o->wpm = BL_TIMING_WPM;
    if (o->sb_wpm == 0 || o->sb_wpm > BL_TIMING_MAX_RATE)
        o->sb_wpm = BL_TIMING_SB_WPM;
    if (o->hangul_spm == 0 || o->hangul_spm > BL_TIMING_MAX_RATE)
        o->hangul_spm = BL_TIMING_HANGUL_SPM;
}

bl_timing *bl_timing_new(const bl_timing_opts *opts) {
    bl_timing *t = bl_calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    bl_timing_set_opts(t, opts);
    return t;
}

void bl_timing_free(bl_timing *t) {
    if (t == NULL)
        return;
    free(t->r);
    free(t->changed);
    free(t->dirty);
    free(t);
}

void bl_timing_set_opts(bl_timing *t, const bl_timing_opts *opts) {
    if (opts != NULL)
        t->o = *opts;
    else
        bl_timing_opts_default(&t->o);
    fix_opts(&t->o);
    t->valid = 0;
}

const bl_timing_opts *bl_timing_get_opts(const bl_timing *t) {
    return &t->o;
}

/* ---- counting ---- */

static int letter_or_digit(uint32_t cp) {
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7 || cp == 0xFFFD)
        return 0;
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
        (cp >= 0xFF1A && cp <= 0xFF20))
        return 0;
    return 1;
}

void bl_timing_count(const char *s, size_t a, size_t b, uint32_t *words, uint32_t *syllables) {
    uint32_t w = 0, syl = 0;
    size_t i = a;
    while (i < b) {
        size_t k = bl_skip_at(s, b, i);
        if (k) {
            i += k;
            continue;
        }
        int word = 0; /* this run holds a letter or digit (not Hangul) */
        while (i < b && bl_skip_at(s, b, i) == 0) {
            unsigned char c = (unsigned char)s[i];
            if (c < 0x80) {
                word |= letter_or_digit(c);
                i++;
                continue;
            }
            uint32_t cp = bl_utf8_next(s, b, &i);
            if (cp >= 0xAC00 && cp <= 0xD7A3)
                syl += syl < UINT32_MAX;
            else
                word |= letter_or_digit(cp);
        }
        w += word && w < UINT32_MAX;
    }
    *words = w;
    *syllables = syl;
}

static int digits(const char *s, size_t a, size_t b) {
    for (size_t i = a; i < b; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return b > a;
}

int bl_timing_parse(const char *s, size_t len, int64_t *ms) {
    const char *colon = memchr(s, ':', len);
    if (colon == NULL)
        return BL_EINVAL;
    size_t c = (size_t)(colon - s);
    if (!digits(s, 0, c) || c > 4 || len - c - 1 != 2 || !digits(s, c + 1, len))
        return BL_EINVAL;
    int m = atoi(s), sec = (s[c + 1] - '0') * 10 + (s[c + 2] - '0');
    if (sec > 59)
        return BL_EINVAL;
    *ms = ((int64_t)m * 60 + sec) * 1000;
    return BL_OK;
}

int bl_timing_declared(const char *s, size_t a, size_t b, int64_t *ms, size_t *at) {
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
        b--;
    if (b - a < 6 || s[b - 1] != ')')
        return 0;
    size_t open = b - 1;
    while (open > a && b - open <= 9 && s[open - 1] != '(')
        open--;
    if (open == a || s[open - 1] != '(')
        return 0;
    if (bl_timing_parse(s + open, b - 1 - open, ms) != BL_OK)
        return 0;
    *at = open - 1;
    return 1;
}

void bl_timing_format(int64_t ms, char *buf, size_t size) {
    const char *sign = ms < 0 ? "-" : "";
    int64_t sec = ((ms < 0 ? -ms : ms) + 500) / 1000;
    snprintf(buf, size, "%s%lld:%02d", sign, (long long)(sec / 60), (int)(sec % 60));
}

/* ---- one item's own text ---- */

static int64_t read_ms(uint32_t n, uint32_t rate) {
    return ((int64_t)n * 60000 + rate / 2) / rate;
}

static void add_line(const bl_doc *doc, int32_t i, size_t from, rec *r) {
    size_t len;
    const char *s = bl_doc_line(doc, i, &len);
    if (s == NULL || from >= len)
        return;
    uint32_t w, syl;
    bl_timing_count(s, from, len, &w, &syl);
    r->own_words += w;
    r->own_syl += syl;
}

/* The soundbite's quote text, and a declared duration on its attribution
 * line when the quote starts on a later line. */
static void count_quote(const bl_doc *doc, const bl_item *it, rec *r) {
    if (it->quote_line != it->line) {
        size_t len, at;
        const char *s = bl_doc_line(doc, it->line - 1, &len);
        int64_t ms;
        if (s != NULL && bl_timing_declared(s, 0, len, &ms, &at))
            r->declared = ms;
    }
    if (it->quote_line == 0)
        return;
    for (int32_t l = it->quote_line; l <= it->end_line; l++) {
        size_t len;
        const char *s = bl_doc_line(doc, l - 1, &len);
        if (s == NULL)
            break;
        size_t a = l == it->quote_line ? it->quote_col : 0;
        size_t b = l == it->end_line && it->quote_end_col <= len ? it->quote_end_col : len;
        if (a < b) {
            uint32_t w, syl;
            bl_timing_count(s, a, b, &w, &syl);
            r->own_words += w;
            r->own_syl += syl;
        }
    }
}

/* Narration of item k (a story or section): its body lines outside its
 * descendants; for a section, the text after the tag on its first line. */
static void count_narration(const bl_doc *doc, const bl_item *items, size_t n, size_t k, rec *r) {
    const bl_item *it = &items[k];
    int32_t l = it->line; /* 1-based */
    if (it->kind == BL_ITEM_SECTION) {
        bl_line_kind kind = bl_doc_line_kind(doc, l - 1);
        const bl_lineinfo *li = bl_doc_line_info(doc, l - 1);
        if ((kind == BL_LINE_TAG || kind == BL_LINE_LABEL) && li != NULL) {
            size_t len, at;
            const char *s = bl_doc_line(doc, l - 1, &len);
            size_t a = bl_tag_end(li), b = li->end;
            int64_t ms;
            if (s != NULL && a < b && bl_timing_declared(s, a, b, &ms, &at)) {
                r->declared = ms;
                b = at;
            }
            if (s != NULL && a < b) {
                uint32_t w, syl;
                bl_timing_count(s, a, b, &w, &syl);
                r->own_words += w;
                r->own_syl += syl;
            }
            l++;
        }
    }
    size_t j = k + 1;
    for (; l <= it->end_line; l++) {
        /* Skip the descendants that start here (nested: the outermost
         * one's range covers the others). */
        while (j < n && items[j].line < l)
            j++;
        if (j < n && items[j].line == l && items[j].level > it->level) {
            l = items[j].end_line;
            continue;
        }
        if (bl_doc_line_kind(doc, l - 1) == BL_LINE_BODY)
            add_line(doc, l - 1, 0, r);
    }
}

static void count_item(const bl_timing *t, const bl_doc *doc, const bl_item *items, size_t n,
                       size_t k) {
    rec *r = &t->r[k]; /* items may be a window of the doc's: k is relative */
    r->own_words = r->own_syl = 0;
    r->declared = -1;
    if (items[k].kind == BL_ITEM_QUOTE)
        count_quote(doc, &items[k], r);
    else
        count_narration(doc, items, n, k, r);
    uint32_t rate = items[k].kind == BL_ITEM_QUOTE ? t->o.sb_wpm : t->o.wpm;
    r->own_ms = read_ms(r->own_words, rate) + read_ms(r->own_syl, t->o.hangul_spm);
}

/* ---- the update ---- */

static int reserve(bl_timing *t, size_t n) {
    if (bl_vec_grow(t->r, t->cap, n, SIZE_MAX / sizeof(rec)) != BL_OK)
        return BL_ENOMEM;
    if (n > t->capdirty) {
        uint8_t *d = bl_realloc(t->dirty, n);
        if (d == NULL)
            return BL_ENOMEM;
        t->dirty = d;
        t->capdirty = n;
    }
    return BL_OK;
}

static int note_changed(bl_timing *t, size_t i) {
    if (t->all_changed)
        return BL_OK;
    if (bl_vec_grow(t->changed, t->capchanged, t->nchanged + 1, SIZE_MAX / sizeof(size_t)) != BL_OK)
        return BL_ENOMEM;
    t->changed[t->nchanged++] = i;
    return BL_OK;
}

/* Marks the items whose line range meets 1-based lines [a, b]. */
static void mark_lines(bl_timing *t, const bl_item *items, size_t n, int32_t a, int32_t b) {
    /* The first item starting after b. */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (items[mid].line <= b)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k-- > 0;) {
        if (items[k].end_line >= a)
            t->dirty[k] = 1;
        if (items[k].kind == BL_ITEM_STORY && items[k].line <= a)
            break;
    }
}

/* The first of items[0, n) whose line is >= line (1-based). */
static size_t first_from(const bl_item *items, size_t n, int32_t line) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (items[mid].line < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Aggregates, from the last item backwards: each item's time is its own
 * plus its children's (or its declared duration). */
static int aggregate(bl_timing *t, const bl_item *items, size_t n) {
    int64_t total = 0;
    for (size_t k = n; k-- > 0;) {
        rec *r = &t->r[k];
        int64_t ms = r->own_ms;
        uint32_t w = r->own_words, syl = r->own_syl;
        for (size_t j = k + 1; j < n && items[j].line <= items[k].end_line; j++) {
            if (items[j].level != items[k].level + 1)
                continue;
            ms += t->r[j].out.ms;
            w += t->r[j].out.words;
            syl += t->r[j].out.syllables;
            /* skip j's descendants */
            size_t e = j + 1;
            while (e < n && items[e].line <= items[j].end_line && items[e].level > items[j].level)
                e++;
            j = e - 1;
        }
        if (r->declared >= 0)
            ms = r->declared;
        if (ms != r->out.ms || !t->valid) {
            if (note_changed(t, k) != BL_OK)
                return BL_ENOMEM;
        }
        r->out.ms = ms;
        r->out.words = w;
        r->out.syllables = syl;
        r->out.declared = r->declared;
    }
    /* The total: every item not inside a story-or-earlier container. */
    int32_t covered = 0;
    for (size_t k = 0; k < n; k++)
        if (items[k].line > covered) {
            total += t->r[k].out.ms;
            covered = items[k].end_line;
        }
    t->total = total;
    return BL_OK;
}

int bl_timing_window(bl_timing *t, const bl_doc *doc, size_t first, size_t count) {
    size_t n = 0;
    const bl_item *items = bl_doc_items(doc, &n);
    t->valid = 0; /* the records are the window's: the next update recounts */
    t->n = 0;
    if (first > n || count > n - first)
        return BL_EINVAL;
    if (reserve(t, count + 1) != BL_OK)
        return BL_ENOMEM;
    t->n = count;
    t->nchanged = 0;
    t->all_changed = 1;
    for (size_t k = 0; k < count; k++)
        count_item(t, doc, items + first, count, k);
    t->valid = 1; /* no note_changed() */
    int rc = aggregate(t, items + first, count);
    t->valid = 0;
    return rc;
}

int bl_timing_update(bl_timing *t, const bl_doc *doc, const bl_change *ch) {
    size_t n = 0;
    const bl_item *items = bl_doc_items(doc, &n);
    t->nchanged = 0;
    t->all_changed = 0;
    int full = !t->valid || ch == NULL || ch->item_first + ch->item_removed > t->n ||
               t->n - ch->item_removed + ch->item_added != n;
    if (reserve(t, n + 1) != BL_OK)
        goto oom;
    if (full) {
        t->all_changed = 1;
        t->valid = 0;
        memset(t->dirty, 1, n);
    } else {
        size_t f = ch->item_first, tail = t->n - f - ch->item_removed;
        if (ch->item_removed != ch->item_added)
            memmove(t->r + f + ch->item_added, t->r + f + ch->item_removed, tail * sizeof(rec));
        memset(t->dirty, 0, n);
        memset(t->dirty + f, 1, ch->item_added);
        for (size_t k = f; k < f + ch->item_added; k++)
            t->r[k].out.ms = -1; /* a new item: its time is news */
        /* The lines whose analysis changed, and the edited ones with a
         * line either side (a deletion leaves an empty range at the point
         * where it joined two lines). */
        if (ch->first < ch->last)
            mark_lines(t, items, n, ch->first + 1, ch->last);
        if (ch->edit_first <= ch->edit_last) {
            int32_t a = ch->edit_first,
                    b = ch->edit_last < INT32_MAX - 1 ? ch->edit_last + 1 : INT32_MAX;
            mark_lines(t, items, n, a, b);
            /* The splice keeps the records of the items before it and moves
             * those after it; an item so kept must lie wholly before the
             * edit, one so moved wholly after it, or its record may be
             * another's with the same fields (two "[REPORT]" sections in a
             * row): recount the kept ones from the edit on, the moved ones
             * up to its end. */
            for (size_t k = first_from(items, f, a); k < f; k++)
                t->dirty[k] = 1;
            for (size_t k = f + ch->item_added; k < n && items[k].line <= b; k++)
                t->dirty[k] = 1;
        }
    }
    t->n = n;
    for (size_t k = 0; k < n; k++)
        if (t->dirty[k])
            count_item(t, doc, items, n, k);
    if (aggregate(t, items, n) != BL_OK)
        goto oom;
    t->valid = 1;
    return BL_OK;
oom:
    t->n = 0;
    t->valid = 0;
    t->total = 0;
    t->all_changed = 1;
    return BL_ENOMEM;
}

size_t bl_timing_count_items(const bl_timing *t) {
    return t->n;
}

const bl_timing_item *bl_timing_item_at(const bl_timing *t, size_t i) {
    return i < t->n ? &t->r[i].out : NULL;
}

int64_t bl_timing_total(const bl_timing *t) {
    return t->total;
}

const size_t *bl_timing_changed(const bl_timing *t, size_t *n, int *all) {
    *n = t->nchanged;
    *all = t->all_changed;
    return t->changed;
}
