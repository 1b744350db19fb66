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
    uint8_t story; /* out.ms is in the total (a story's) */
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
    /* The items to recount in this update: a flag per item (all 0 between
     * updates) and their list. */
    uint8_t *dirty;
    size_t capdirty;
    size_t *dl;
    size_t ndl, capdl;
    int oom;
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
    free(t->dl);
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

/* ASCII letters and digits, by table. */
static const uint8_t ALNUM[128] = {
    ['0'] = 1,  ['1'] = 1,  ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1,  ['9'] = 1,  ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
    ['G'] = 1,  ['H'] = 1,  ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
    ['O'] = 1,  ['P'] = 1,  ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1,
    ['W'] = 1,  ['X'] = 1,  ['Y'] = 1, ['Z'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1,
    ['e'] = 1,  ['f'] = 1,  ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1,  ['n'] = 1,  ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
    ['u'] = 1,  ['v'] = 1,  ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1, [' '] = 2, ['\t'] = 2,
    ['\r'] = 2, ['\f'] = 2, ['\v'] = 2};

void bl_timing_count(const char *s, size_t a, size_t b, uint32_t *words, uint32_t *syllables) {
    uint32_t w = 0, syl = 0;
    uint32_t word = 0; /* the current run holds a letter or digit (not Hangul) */
    size_t i = a;
    while (i < b) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            /* The common case, a run of ASCII: one table look-up a byte and
             * no branch on it (k: 1 a letter or digit, 2 a separator, which
             * ends the word, 0 neither). */
            do {
                uint32_t k = ALNUM[c], sep = k >> 1;
                w += word & sep;
                word = (word | (k & 1u)) & (sep - 1u);
                if (++i == b)
                    break;
                c = (unsigned char)s[i];
            } while (c < 0x80);
            continue;
        }
        size_t k = bl_skip_at(s, b, i); /* §7 whitespace or an invisible character */
        if (k) {
            w += word;
            word = 0;
            i += k;
            continue;
        }
        uint32_t cp = bl_utf8_next(s, b, &i);
        if (cp >= 0xAC00 && cp <= 0xD7A3)
            syl += syl < UINT32_MAX;
        else
            word |= (uint32_t)letter_or_digit(cp);
    }
    w += word;
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
        size_t cap = n < SIZE_MAX / 2 ? n * 2 : n;
        uint8_t *d = bl_realloc(t->dirty, cap);
        if (d == NULL)
            return BL_ENOMEM;
        memset(d + t->capdirty, 0, cap - t->capdirty);
        t->dirty = d;
        t->capdirty = cap;
    }
    return BL_OK;
}

/* Item k is to be recounted. */
static void mark(bl_timing *t, size_t k) {
    if (t->dirty[k])
        return;
    if (bl_vec_grow(t->dl, t->capdl, t->ndl + 1, SIZE_MAX / sizeof(size_t)) != BL_OK) {
        t->oom = 1;
        return;
    }
    t->dirty[k] = 1;
    t->dl[t->ndl++] = k;
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
    /* from the last item starting at or before b, backwards */
    for (size_t k = bl_items_from_line(items, n, b + 1); k-- > 0;) {
        if (items[k].end_line >= a)
            mark(t, k);
        if (items[k].kind == BL_ITEM_STORY && items[k].line <= a)
            break;
    }
}

/* Aggregates items [lo, hi), a range of whole subtrees, from the last
 * backwards: each item's time is its own plus its children's (or its
 * declared duration). Notes the items whose time changed. */
static int aggregate(bl_timing *t, const bl_item *items, size_t lo, size_t hi) {
    for (size_t k = hi; k-- > lo;) {
        rec *r = &t->r[k];
        int64_t ms = r->own_ms;
        uint32_t w = r->own_words, syl = r->own_syl;
        for (size_t j = k + 1; j < hi && items[j].line <= items[k].end_line; j++) {
            if (items[j].level != items[k].level + 1)
                continue;
            ms += t->r[j].out.ms;
            w += t->r[j].out.words;
            syl += t->r[j].out.syllables;
            /* skip j's descendants */
            size_t e = j + 1;
            while (e < hi && items[e].line <= items[j].end_line && items[e].level > items[j].level)
                e++;
            j = e - 1;
        }
        if (r->declared >= 0)
            ms = r->declared;
        if ((!t->valid || ms != r->out.ms) && note_changed(t, k) != BL_OK)
            return BL_ENOMEM;
        r->out.ms = ms;
        r->out.words = w;
        r->out.syllables = syl;
        r->out.declared = r->declared;
    }
    return BL_OK;
}

/* The end of item s's subtree: the first item after it that starts past
 * its last line. */
static size_t subtree_end(const bl_item *items, size_t n, size_t s) {
    size_t e = s + 1;
    while (e < n && items[e].line <= items[s].end_line)
        e++;
    return e;
}

static int cmp_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Re-adds the stories holding the recounted items, and the total by the
 * difference. Returns 0, BL_ENOMEM, or 1 when an item outside every story
 * was recounted (the caller re-adds everything). */
static int aggregate_dirty(bl_timing *t, const bl_item *items, size_t n) {
    if (t->ndl > 1) /* qsort(NULL, 0, ...) is undefined */
        qsort(t->dl, t->ndl, sizeof *t->dl, cmp_size);
    size_t done = 0; /* items before this are re-added */
    for (size_t i = 0; i < t->ndl; i++) {
        size_t k = t->dl[i], s = k;
        if (k < done)
            continue;
        while (items[s].kind != BL_ITEM_STORY && s > 0)
            s--;
        if (items[s].kind != BL_ITEM_STORY || items[s].end_line < items[k].line)
            return 1;
        size_t e = subtree_end(items, n, s);
        rec *r = &t->r[s];
        if (r->story)
            t->total -= r->out.ms;
        if (aggregate(t, items, s, e) != BL_OK)
            return BL_ENOMEM;
        r->story = 1;
        t->total += r->out.ms;
        done = e;
    }
    return BL_OK;
}

/* Every item's aggregate and the total (a recount). */
static int aggregate_all(bl_timing *t, const bl_item *items, size_t n) {
    if (aggregate(t, items, 0, n) != BL_OK)
        return BL_ENOMEM;
    t->total = 0;
    for (size_t k = 0; k < n; k++) {
        t->r[k].story = items[k].kind == BL_ITEM_STORY;
        if (t->r[k].story)
            t->total += t->r[k].out.ms;
    }
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
    for (size_t k = 0; k < count; k++) {
        count_item(t, doc, items + first, count, k);
        t->r[k].out.ms = -1;
    }
    t->valid = 1; /* no note_changed() */
    int rc = aggregate_all(t, items + first, count);
    t->valid = 0;
    return rc;
}

int bl_timing_update(bl_timing *t, const bl_doc *doc, const bl_change *ch) {
    size_t n = 0;
    const bl_item *items = bl_doc_items(doc, &n);
    t->nchanged = 0;
    t->all_changed = 0;
    t->oom = 0;
    int full = !t->valid || ch == NULL || ch->item_first + ch->item_removed > t->n ||
               t->n - ch->item_removed + ch->item_added != n;
    if (reserve(t, n + 1) != BL_OK)
        goto oom;
    if (full) {
        t->all_changed = 1;
        t->valid = 0;
        t->n = n;
        for (size_t k = 0; k < n; k++) {
            count_item(t, doc, items, n, k);
            t->r[k].out.ms = -1;
        }
        if (aggregate_all(t, items, n) != BL_OK)
            goto oom;
        t->valid = 1;
        return BL_OK;
    }
    size_t f = ch->item_first, tail = t->n - f - ch->item_removed;
    for (size_t k = f; k < f + ch->item_removed; k++)
        if (t->r[k].story) /* a story that goes: out of the total */
            t->total -= t->r[k].out.ms;
    if (ch->item_removed != ch->item_added)
        memmove(t->r + f + ch->item_added, t->r + f + ch->item_removed, tail * sizeof(rec));
    t->n = n;
    t->ndl = 0;
    for (size_t k = f; k < f + ch->item_added; k++) {
        t->r[k].out.ms = -1; /* a new item: its time is news */
        t->r[k].story = 0;   /* not in the total yet */
        mark(t, k);
    }
    /* The lines whose analysis changed, and the edited ones with a line
     * either side (a deletion leaves an empty range at the point where it
     * joined two lines). */
    if (ch->first < ch->last)
        mark_lines(t, items, n, ch->first + 1, ch->last);
    if (ch->edit_first <= ch->edit_last) {
        int32_t a = ch->edit_first,
                b = ch->edit_last < INT32_MAX - 1 ? ch->edit_last + 1 : INT32_MAX;
        mark_lines(t, items, n, a, b);
        /* The splice keeps the records of the items before it and moves
         * those after it by line_shift lines. When the edit changed the
         * line count, an item so kept must lie wholly before the edit, one
         * so moved wholly after it, or its record may be another's with the
         * same fields (two "[REPORT]" sections in a row): recount the kept
         * ones from the edit on, the moved ones up to its end. (Without a
         * shift every line outside the edit is where it was.) */
        for (size_t k = ch->line_shift ? bl_items_from_line(items, f, a) : f; k < f; k++)
            mark(t, k);
        for (size_t k = f + ch->item_added; ch->line_shift && k < n && items[k].line <= b; k++)
            mark(t, k);
    }
    for (size_t i = 0; i < t->ndl; i++)
        count_item(t, doc, items, n, t->dl[i]);
    int rc = t->oom ? BL_ENOMEM : aggregate_dirty(t, items, n);
    for (size_t i = 0; i < t->ndl; i++)
        t->dirty[t->dl[i]] = 0;
    t->ndl = 0;
    if (rc == 1) { /* an item outside the stories: re-add everything */
        t->all_changed = 1;
        rc = aggregate_all(t, items, n);
    }
    if (rc != BL_OK)
        goto oom;
    return BL_OK;
oom:
    for (size_t i = 0; i < t->ndl; i++)
        t->dirty[t->dl[i]] = 0;
    t->ndl = 0;
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
