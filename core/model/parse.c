#include "parse.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "header.h"
#include "rstr.h"
#include "sbite.h"
#include "story.h"
#include "tmpl.h"
#include "vec.h"

enum { MARK_STORY = 1, MARK_TITLE = 2 };

/* A story's first line and its title extent on that line. */
typedef struct {
    int32_t line;
    uint32_t a, b;
    uint8_t has_title;
} story_start;

/* One run of the structure pass over the window [from, to) of L[0, n):
 * the whole document, or the stories around an edit. Invariants: L[0, n)
 * are analyzed; mark[i - from] holds MARK_* bits of lines [from, from +
 * mark_cap); starts[0, nstarts) are the window's story starts in line
 * order; items[0, nitems) the items found so far (strings in out->arena);
 * oom latches. */
typedef struct {
    const bl_vocab *v;
    bl_pline *L;
    int32_t n;
    int32_t from, to;
    bl_parse_result *out;
    uint8_t *mark;
    size_t mark_cap;
    story_start *starts;
    size_t nstarts, capstarts;
    bl_item *items;
    size_t nitems, capitems;
    int has_blank;
    int oom;
} ctx;

static const bl_lineinfo *info(const ctx *c, int32_t i) {
    return &c->L[i].info;
}
static const char *text(const ctx *c, int32_t i) {
    return c->L[i].text;
}

/* MARK_* bits of line i; the line just past the window is a story start. */
static uint8_t mk(const ctx *c, int32_t i) {
    if (i == c->to && c->to < c->n)
        return MARK_STORY;
    size_t k = (size_t)(i - c->from);
    return i >= c->from && k < c->mark_cap ? c->mark[k] : 0;
}

static void set_mark(ctx *c, int32_t i, uint8_t bits) {
    size_t k = (size_t)(i - c->from);
    if (k >= c->mark_cap) {
        size_t old = c->mark_cap;
        if (bl_vec_grow(c->mark, c->mark_cap, k + 1, SIZE_MAX) != BL_OK) {
            c->oom = 1;
            return;
        }
        memset(c->mark + old, 0, c->mark_cap - old);
    }
    c->mark[k] |= bits;
}

static void add_start(ctx *c, int32_t line, size_t a, size_t b, int has_title) {
    if (bl_vec_grow(c->starts, c->capstarts, c->nstarts + 1, SIZE_MAX / sizeof *c->starts) !=
        BL_OK) {
        c->oom = 1;
        return;
    }
    c->starts[c->nstarts++] = (story_start){line, (uint32_t)a, (uint32_t)b, (uint8_t)has_title};
    set_mark(c, line, MARK_STORY | (has_title ? MARK_TITLE : 0));
}

/* Drops the §7.4 invisible characters from buf[0, n) in place (they are
 * dropped from reported strings); returns the new length. */
static size_t drop_invisibles(char *buf, size_t n) {
    size_t o = 0, k;
    for (size_t i = 0; i < n; i += k ? k : 1)
        if ((k = bl_invisible_at(buf, n, i)) == 0)
            buf[o++] = buf[i];
    return o;
}

/* Copies s[a, b) into the arena (interned when intern) as a reported
 * string (rstr.h), without invisible characters. */
static const char *report(ctx *c, const char *s, size_t a, size_t b, int intern) {
    size_t k = a; /* every invisible character starts with 0xE2 or 0xEF */
    while (k < b && ((unsigned char)s[k] < 0xE2 || bl_invisible_at(s, b, k) == 0))
        k++;
    const char *d;
    if (k < b) {
        char *frame = bl_malloc(BL_RSTR_HEAD + (b - a));
        if (!frame) {
            c->oom = 1;
            return NULL;
        }
        memcpy(frame + BL_RSTR_HEAD, s + a, b - a);
        d = bl_rstr_framed(&c->out->arena, frame, drop_invisibles(frame + BL_RSTR_HEAD, b - a),
                           intern);
        free(frame);
    } else {
        d = bl_rstr_copy(&c->out->arena, s, a, b, intern);
    }
    if (!d)
        c->oom = 1;
    return d;
}

/* Speakers, roles and tags recur in a document: stored once. */
static const char *intern(ctx *c, const char *s, size_t a, size_t b) {
    return report(c, s, a, b, 1);
}

static const char *dup(ctx *c, const char *s, size_t a, size_t b) {
    return report(c, s, a, b, 0);
}

/* A soundbite's quote text s[a, b): copied, or the empty string when the
 * doc keeps no quote text (the columns say where it is all the same). */
static const char *quote_text(ctx *c, const char *s, size_t a, size_t b) {
    return c->out->no_quote_text ? bl_rstr_empty() : dup(c, s, a, b);
}

static bl_item *push(ctx *c, bl_item_kind kind, int32_t line) {
    if (bl_vec_grow(c->items, c->capitems, c->nitems + 1, SIZE_MAX / sizeof *c->items) != BL_OK) {
        c->oom = 1;
        return NULL;
    }
    bl_item *it = &c->items[c->nitems++];
    memset(it, 0, sizeof *it);
    it->kind = (uint8_t)kind;
    it->line = it->end_line = line + 1;
    it->level = kind == BL_ITEM_STORY ? 1 : 2;
    return it;
}

/* Marks story starts and repeated titles from line c->from, itself a
 * story start that the edit did not change (or the first story). Stops at
 * the first story start at or after min_to that was_start() says was a
 * story start before the edit too: from there on nothing changed. */
static void find_stories(ctx *c, int32_t min_to, int (*was_start)(void *, int32_t), void *arg) {
    size_t ca = 0, cb = 0;
    int cur_has;
    int32_t first = bl_story_first(c->L, c->n, &ca, &cb, &cur_has);
    int32_t cur = c->from;
    c->to = c->n;
    if (c->from >= c->n)
        return;
    if (c->from != first)
        cur_has = bl_story_title_at(c->L, c->n, c->from, &ca, &cb);
    add_start(c, cur, ca, cb, cur_has);
    for (int32_t i = c->from + 1; i < c->n && !c->oom; i++) {
        size_t a, b;
        if (!bl_story_title_at(c->L, c->n, i, &a, &b))
            continue;
        if (cur_has && bl_story_same_title(text(c, cur) + ca, cb - ca, text(c, i) + a, b - a)) {
            set_mark(c, i, MARK_TITLE); /* a repeated headline: no new story */
            continue;
        }
        if (was_start && i >= min_to && was_start(arg, i)) {
            c->to = i;
            return;
        }
        add_start(c, i, a, b, 1);
        cur = i;
        ca = a;
        cb = b;
        cur_has = 1;
    }
}

static int boundary(const ctx *c, int32_t i) {
    return (mk(c, i) & MARK_STORY) || bl_story_is_tagish(c->L, c->n, i) ||
           bl_story_opens_section(c->L, c->n, i);
}

static void set_parts(ctx *c, bl_item *it, int32_t i, const bl_sb_parts *p) {
    const char *s = text(c, i);
    it->form = p->form;
    if (p->sp_b > p->sp_a)
        it->speaker = intern(c, s, p->sp_a, p->sp_b);
    if (p->role_b > p->role_a)
        it->role = intern(c, s, p->role_a, p->role_b);
    if (p->q_b > p->q_a) {
        it->quote = quote_text(c, s, p->q_a, p->q_b);
        it->quote_line = i + 1;
        it->quote_col = p->q_a;
        it->quote_end_col = p->q_b;
    }
}

static void set_line(ctx *c, int32_t i, bl_line_kind kind, uint8_t form) {
    c->L[i].kind = (uint8_t)kind;
    c->L[i].form = form;
}

/* The quote text's extent [*ap, returned) on line k of a quote that goes
 * on past its first line: the line's content; the last line (last) loses
 * its closing quote mark (and a bracket form its ']'). ap may be NULL. */
static uint32_t quote_line_end(const ctx *c, int32_t k, int last, int bracket, uint32_t *ap) {
    const bl_lineinfo *li = info(c, k);
    uint32_t a = li->start, b = li->end;
    if (last) {
        if (bracket) /* up to the ']' that closes it (§7.10) */
            b = (uint32_t)bl_close_bracket(text(c, k), a, b, 1);
        bl_sb_trim_close(text(c, k), &a, &b);
    }
    if (ap != NULL)
        *ap = a;
    return b;
}

/* Appends the quote text of lines (from, to] to the item's quote; the
 * last line loses its closing quote mark (and a bracket form its ']'). */
static void extend_quote(ctx *c, bl_item *it, int32_t from, int32_t to, int bracket) {
    if (to <= from || !it->quote)
        return;
    if (c->out->no_quote_text) { /* only where the text ends */
        it->quote_end_col = quote_line_end(c, to, 1, bracket, NULL);
        return;
    }
    size_t o = bl_rstr_len(it->quote), total = o;
    for (int32_t k = from + 1; k <= to; k++)
        total += 1 + c->L[k].len;
    char *frame = bl_malloc(BL_RSTR_HEAD + total + 1), *buf = frame + BL_RSTR_HEAD;
    if (!frame) {
        c->oom = 1;
        return;
    }
    memcpy(buf, it->quote, o);
    for (int32_t k = from + 1; k <= to; k++) {
        uint32_t a;
        uint32_t b = quote_line_end(c, k, k == to, bracket, &a);
        buf[o++] = ' ';
        memcpy(buf + o, text(c, k) + a, b - a);
        o += b - a;
        it->quote_end_col = b;
    }
    /* Built in place with room for the length: one copy of a long quote
     * besides the arena's. */
    it->quote = bl_rstr_framed(&c->out->arena, frame, drop_invisibles(buf, o), 0);
    if (!it->quote)
        c->oom = 1;
    free(frame);
}

/* A line of Hangul with no Latin letter (chrome unless an attribution). */
static int hangul_only(const bl_lineinfo *li) {
    return (li->flags & BL_LF_HANGUL) && !(li->flags & BL_LF_LATIN);
}

/* The quote of a template soundbite over lines [from, to]: q[0, 1) on the
 * first line, then each later line from its start, the last one up to
 * last_b; the outer quote marks dropped. */
static void template_quote(ctx *c, bl_item *it, int32_t from, int32_t to, uint32_t qa, uint32_t qb,
                           uint32_t last_b) {
    size_t total = qb - qa + 1;
    for (int32_t k = from + 1; k <= to; k++)
        total += 1 + c->L[k].len;
    char *buf = bl_malloc(total);
    if (!buf) {
        c->oom = 1;
        return;
    }
    size_t o = 0;
    for (int32_t k = from; k <= to; k++) {
        const bl_lineinfo *li = info(c, k);
        uint32_t a = k == from ? qa : li->start, b = k == from ? qb : li->end;
        if (k == to && k > from)
            b = last_b;
        if (k == from && k == to)
            bl_sb_trim_quote(text(c, k), &a, &b);
        else if (k == from)
            bl_sb_trim_open(text(c, k), &a, &b);
        else if (k == to)
            bl_sb_trim_close(text(c, k), &a, &b);
        if (b <= a)
            continue;
        if (!it->quote_line) {
            it->quote_line = k + 1;
            it->quote_col = a;
        }
        if (o)
            buf[o++] = ' ';
        memcpy(buf + o, text(c, k) + a, b - a);
        o += b - a;
        it->quote_end_col = b;
    }
    if (o)
        it->quote = quote_text(c, buf, 0, o);
    free(buf);
}

/* A soundbite by a dialect's attribution template (§8, tmpl.h) at line i.
 * Forms: bracket (a one-line template opening with '['), colon (another
 * one-line template), slash (a caption, the quote on the next lines),
 * name_only (no quote). Returns its last line, or -1. */
static int32_t template_soundbite(ctx *c, int32_t i, int level) {
    const bl_lineinfo *li = info(c, i);
    const char *s = text(c, i);
    bl_tmpl_hit h;
    int t = bl_vocab_template_find(c->v, s, li->start, li->end, &h);
    bl_item *it;
    if (t < 0 || !(it = push(c, BL_ITEM_QUOTE, i)))
        return -1;
    const bl_tmpl *tp = bl_vocab_template_at(c->v, (size_t)t);
    uint8_t form = tp->next_line         ? BL_FORM_SLASH
                   : !h.has_quote        ? BL_FORM_NAME_ONLY
                   : s[li->start] == '[' ? BL_FORM_BRACKET
                                         : BL_FORM_COLON;
    bl_sb_parts p = {h.sp_a, h.sp_b, h.role_a, h.role_b, 0, 0, form, 0};
    it->level = (uint8_t)level;
    set_parts(c, it, i, &p);
    set_line(c, i, BL_LINE_ATTRIBUTION, form);
    int32_t end = i;
    if (h.has_quote) {
        uint32_t last_b = h.q_b;
        for (int32_t k = i + 1; h.open && k < c->n; k++) {
            const bl_lineinfo *lk = info(c, k);
            if (lk->shape == BL_SHAPE_BLANK || boundary(c, k))
                break;
            end = k;
            last_b = lk->end;
            set_line(c, k, BL_LINE_QUOTE, form);
            size_t at, after;
            if (bl_tmpl_close(tp, text(c, k), lk->start, lk->end, &at, &after)) {
                last_b = (uint32_t)at;
                break;
            }
        }
        template_quote(c, it, i, end, h.q_a, h.q_b, last_b);
    } else if (tp->next_line) {
        int32_t j = bl_story_next_nonblank(c->L, c->n, i + 1);
        size_t qn;
        if (j < c->n && !boundary(c, j) && info(c, j)->shape == BL_SHAPE_TEXT &&
            !(mk(c, j) & MARK_TITLE) &&
            (!tp->next_mark ||
             bl_quote_mark_at(text(c, j), info(c, j)->end, info(c, j)->start, &qn))) {
            end = j;
            while (end + 1 < c->n && info(c, end + 1)->shape != BL_SHAPE_BLANK &&
                   !boundary(c, end + 1))
                end++;
            for (int32_t k = j; k <= end; k++)
                set_line(c, k, BL_LINE_QUOTE, form);
            template_quote(c, it, j, end, info(c, j)->start, info(c, j)->end, info(c, end)->end);
        }
    }
    it->end_line = end + 1;
    return end;
}

/* A new soundbite item at line i with its attribution parts p. */
static bl_item *quote_item(ctx *c, int32_t i, int level, const bl_sb_parts *p) {
    bl_item *it = push(c, BL_ITEM_QUOTE, i);
    if (it) {
        it->level = (uint8_t)level;
        if (p)
            set_parts(c, it, i, p);
    }
    return it;
}

/* A soundbite tag (§4): its attribution on the tag's line, else on the
 * next non-blank line (an anonymous soundbite when there is none). */
static int32_t tag_soundbite(ctx *c, int32_t i, int level) {
    const bl_lineinfo *li = info(c, i);
    bl_sb_parts p;
    bl_item *it;
    if (bl_tag_end(li) < li->end) {
        bl_sb_tagged(text(c, i), bl_tag_end(li), li->end, &p);
        return quote_item(c, i, level, &p) ? i : -1;
    }
    int32_t j = bl_story_next_nonblank(c->L, c->n, i + 1);
    if (!(it = quote_item(c, i, level, NULL)))
        return -1;
    it->form = BL_FORM_ANON;
    if (j >= c->n || boundary(c, j))
        return i;
    const bl_lineinfo *lj = info(c, j);
    /* A Hangul attribution line is chrome-shaped on its own (§7.12). */
    if ((lj->shape != BL_SHAPE_TEXT && !(lj->shape == BL_SHAPE_CHROME && hangul_only(lj))) ||
        !bl_sb_after_tag(text(c, j), lj->start, lj->end, &p))
        return i;
    set_parts(c, it, j, &p);
    it->end_line = j + 1;
    set_line(c, j, BL_LINE_ATTRIBUTION, p.form);
    return j;
}

/* A radio attribution; its quote on the same line or, quoted, the next. */
static int32_t radio_soundbite(ctx *c, int32_t i, int level) {
    const bl_lineinfo *li = info(c, i);
    bl_sb_parts p;
    bl_item *it;
    bl_sb_radio(text(c, i), li->start, li->end, &p);
    if (!(it = quote_item(c, i, level, &p)))
        return -1;
    size_t qn;
    if (!it->quote && i + 1 < c->n && !boundary(c, i + 1) &&
        info(c, i + 1)->shape == BL_SHAPE_TEXT &&
        bl_quote_mark_at(text(c, i + 1), info(c, i + 1)->end, info(c, i + 1)->start, &qn)) {
        uint32_t a = info(c, i + 1)->start, b = info(c, i + 1)->end;
        bl_sb_trim_quote(text(c, i + 1), &a, &b);
        it->quote = quote_text(c, text(c, i + 1), a, b);
        it->quote_line = it->end_line = i + 2;
        it->quote_col = a;
        it->quote_end_col = b;
        set_line(c, i + 1, BL_LINE_QUOTE, BL_FORM_RADIO);
        return i + 1;
    }
    return i;
}

/* A bracket soundbite: the quote runs to the line closing the bracket. */
static int32_t bracket_soundbite(ctx *c, int32_t i, int level) {
    const bl_lineinfo *li = info(c, i);
    bl_sb_parts p;
    bl_item *it;
    if (!bl_sb_bracket(text(c, i), li->start, li->end, &p) || !(it = quote_item(c, i, level, &p)))
        return -1;
    set_line(c, i, BL_LINE_ATTRIBUTION, BL_FORM_BRACKET);
    int32_t end = i;
    if (!(li->flags & BL_LF_CLOSES_BRACKET)) {
        for (int32_t k = i + 1; k < c->n; k++) {
            const bl_lineinfo *lk = info(c, k);
            if (lk->shape == BL_SHAPE_BLANK || boundary(c, k))
                break;
            end = k;
            set_line(c, k, BL_LINE_QUOTE, BL_FORM_BRACKET);
            if (lk->flags & BL_LF_CLOSES_BRACKET)
                break;
        }
    }
    extend_quote(c, it, i, end, 1);
    it->end_line = end + 1;
    return end;
}

/* A slash caption ("Name / Role"); the quote is the next paragraph. */
static int32_t slash_soundbite(ctx *c, int32_t i, int level) {
    const bl_lineinfo *li = info(c, i);
    bl_sb_parts p;
    bl_item *it;
    int32_t j = bl_story_next_nonblank(c->L, c->n, i + 1);
    /* A Hangul caption ("홍길동 / 기자") takes a Hangul quote paragraph,
     * which is chrome-shaped on its own (§7.7, §7.12). */
    int korean = hangul_only(li) && j < c->n && info(c, j)->shape == BL_SHAPE_CHROME &&
                 hangul_only(info(c, j));
    int dangling = j >= c->n || boundary(c, j) || (info(c, j)->shape != BL_SHAPE_TEXT && !korean) ||
                   (info(c, j)->flags & BL_LF_SLASH) || (mk(c, j) & MARK_TITLE);
    if (dangling && hangul_only(li))
        return -1; /* with no quote after it: chrome */
    bl_sb_slash(text(c, i), li->start, li->end, &p);
    if (!(it = quote_item(c, i, level, &p)))
        return -1;
    set_line(c, i, BL_LINE_ATTRIBUTION, BL_FORM_SLASH);
    if (dangling)
        return i; /* dangling attribution */
    int32_t end = j;
    if (c->has_blank)
        while (end + 1 < c->n && info(c, end + 1)->shape != BL_SHAPE_BLANK && !boundary(c, end + 1))
            end++;
    uint32_t a = info(c, j)->start, b = info(c, j)->end;
    if (j == end)
        bl_sb_trim_quote(text(c, j), &a, &b);
    else
        bl_sb_trim_open(text(c, j), &a, &b);
    it->quote = quote_text(c, text(c, j), a, b);
    it->quote_line = j + 1;
    it->quote_col = a;
    it->quote_end_col = b;
    for (int32_t k = j; k <= end; k++)
        set_line(c, k, BL_LINE_QUOTE, BL_FORM_SLASH);
    extend_quote(c, it, j, end, 0);
    it->end_line = end + 1;
    return end;
}

/* Recognizes a soundbite starting at line i. Returns its last line, or -1. */
static int32_t soundbite_at(ctx *c, int32_t i, int level) {
    const bl_lineinfo *li = info(c, i);
    switch (li->shape) {
    case BL_SHAPE_TAG:
        return li->role == BL_ROLE_SOUNDBITE ? tag_soundbite(c, i, level) : -1;
    case BL_SHAPE_TEMPLATE:
        return template_soundbite(c, i, level);
    case BL_SHAPE_RADIO:
        return radio_soundbite(c, i, level);
    case BL_SHAPE_BRACKET:
        return bracket_soundbite(c, i, level);
    case BL_SHAPE_TEXT:
        break;
    default:
        return -1;
    }
    if (mk(c, i) & MARK_TITLE)
        return -1;
    if (li->flags & BL_LF_SLASH)
        return slash_soundbite(c, i, level);
    if (li->flags & (BL_LF_COLON | BL_LF_ANON)) {
        bl_sb_parts p;
        if (!bl_sb_colon(text(c, i), li->start, li->end, 0, &p) || !quote_item(c, i, level, &p))
            return -1;
        set_line(c, i, BL_LINE_ATTRIBUTION, p.form);
        return i;
    }
    return -1;
}

static bl_line_kind base_kind(const ctx *c, int32_t i) {
    const bl_lineinfo *li = info(c, i);
    switch (li->shape) {
    case BL_SHAPE_BLANK:
        return BL_LINE_BLANK;
    case BL_SHAPE_DATE:
    case BL_SHAPE_STAMP:
    case BL_SHAPE_BARE_STAMP:
        return BL_LINE_META;
    case BL_SHAPE_CHROME:
        return BL_LINE_CHROME;
    case BL_SHAPE_LABEL:
        return BL_LINE_LABEL;
    case BL_SHAPE_TAG:
        if (li->role == BL_ROLE_PROGRAM)
            return bl_story_has_date(text(c, i), bl_tag_end(li), li->end) ? BL_LINE_META
                                                                          : BL_LINE_BODY;
        return BL_LINE_TAG;
    case BL_SHAPE_RADIO:
    case BL_SHAPE_UNKNOWN_TAG:
    case BL_SHAPE_MALFORMED:
        return BL_LINE_TAG;
    case BL_SHAPE_BRACKET:
    case BL_SHAPE_TEMPLATE:
        return BL_LINE_ATTRIBUTION;
    default:
        /* a Hangul attribution line no quote followed (§7.7), unless the
         * dialect says Hangul-only lines are text (hangul_chrome = no) */
        return hangul_only(li) && bl_vocab_hangul_chrome(c->v) ? BL_LINE_CHROME : BL_LINE_BODY;
    }
}

/* Sets end_line of the open story/section to the last non-blank line. */
static void close_item(ctx *c, long idx, int32_t last_nonblank) {
    if (idx >= 0)
        c->items[idx].end_line = last_nonblank + 1;
}

/* Opens the implicit lead section (§8 implicit_lead) at line i. */
static long implicit_lead(ctx *c, int32_t i) {
    bl_item *it = push(c, BL_ITEM_SECTION, i);
    if (!it)
        return -1;
    it->section = bl_role_name(BL_ROLE_LEAD); /* no tag: it->tag stays NULL */
    return (long)c->nitems - 1;
}

static void scan(ctx *c) {
    long story = -1, section = -1;
    int32_t last = c->from, skip_to = -1, story_line = -1;
    int want_lead = 0; /* implicit_lead: the story's lead is still to open */
    size_t next_start = 0;
    for (int32_t i = c->from; i < c->to && !c->oom; i++) {
        if (mk(c, i) & MARK_STORY) {
            close_item(c, section, last);
            close_item(c, story, last);
            section = -1;
            bl_item *it = push(c, BL_ITEM_STORY, i);
            if (!it)
                return;
            story = (long)c->nitems - 1;
            const story_start *st = &c->starts[next_start++];
            if (st->has_title)
                it->title = dup(c, text(c, i), st->a, st->b);
            want_lead = st->has_title && bl_vocab_implicit_lead(c->v);
            story_line = i;
        }
        uint8_t k0 = c->L[i].kind;
        if (want_lead && i != story_line && !bl_story_opens_section(c->L, c->n, i) &&
            k0 != BL_LINE_BLANK && k0 != BL_LINE_META && k0 != BL_LINE_CHROME &&
            k0 != BL_LINE_TITLE) {
            close_item(c, section, last);
            section = implicit_lead(c, i);
            want_lead = 0;
        }
        if (bl_story_opens_section(c->L, c->n, i)) {
            want_lead = 0;
            close_item(c, section, last);
            bl_item *it = push(c, BL_ITEM_SECTION, i);
            if (!it)
                return;
            const bl_lineinfo *li = info(c, i);
            it->tag = intern(c, text(c, i), bl_tag_start(li), bl_tag_end(li));
            it->section = bl_role_name((bl_tag_role)li->role);
            section = (long)c->nitems - 1;
        }
        if (i > skip_to) {
            int32_t end = soundbite_at(c, i, section >= 0 ? 3 : 2);
            if (end >= 0)
                skip_to = end;
        }
        if (info(c, i)->shape != BL_SHAPE_BLANK)
            last = i;
    }
    close_item(c, section, last);
    close_item(c, story, last);
}

/* Base kinds of lines [a, b), fold 0, no form; repeated titles. */
static void reset_lines(ctx *c, int32_t a, int32_t b) {
    for (int32_t i = a; i < b; i++) {
        bl_pline *l = &c->L[i];
        l->fold = 0;
        l->form = BL_NO_FORM;
        l->kind = (uint8_t)base_kind(c, i);
        if ((mk(c, i) & MARK_TITLE) &&
            (l->info.shape == BL_SHAPE_TEXT || l->info.shape == BL_SHAPE_TAG))
            l->kind = BL_LINE_TITLE;
    }
}

static void compute_folds(ctx *c) {
    for (size_t k = 0; k < c->nitems; k++) {
        const bl_item *it = &c->items[k];
        uint8_t lvl = it->kind == BL_ITEM_STORY ? 1 : it->kind == BL_ITEM_SECTION ? 2 : 3;
        if (it->kind == BL_ITEM_QUOTE && it->end_line == it->line)
            continue;
        for (int32_t i = it->line - 1; i < it->end_line && i < c->to; i++)
            if ((c->L[i].fold & 3) < lvl)
                c->L[i].fold = (uint8_t)((c->L[i].fold & BL_FOLD_START) | lvl);
        if (it->line - 1 < c->to)
            c->L[it->line - 1].fold |= BL_FOLD_START;
    }
}

/* Sizes the item array once, to an upper bound: the story starts found,
 * every section opener, every line that may start a soundbite. Growing by
 * half as much again instead would leave a third of a large array unused. */
static int reserve_items(ctx *c) {
    size_t bound = c->nitems + c->nstarts * (bl_vocab_implicit_lead(c->v) ? 2 : 1);
    for (int32_t i = c->from; i < c->to; i++) {
        const bl_lineinfo *li = info(c, i);
        bound += (size_t)bl_story_opens_section(c->L, c->n, i);
        bound +=
            li->shape == BL_SHAPE_RADIO || li->shape == BL_SHAPE_BRACKET ||
            li->shape == BL_SHAPE_TEMPLATE ||
            (li->shape == BL_SHAPE_TAG && li->role == BL_ROLE_SOUNDBITE) ||
            (li->shape == BL_SHAPE_TEXT && (li->flags & (BL_LF_SLASH | BL_LF_COLON | BL_LF_ANON)));
    }
    size_t old = c->capitems;
    if (bound <= old)
        return BL_OK;
    /* max = bound: exactly bound, not the next doubling */
    if (bl_vec_grow(c->items, c->capitems, bound, bound) != BL_OK)
        return BL_ENOMEM;
    bl_alloc_advise_huge(c->items + old, (c->capitems - old) * sizeof *c->items);
    return BL_OK;
}

/* Runs the pass over the window starting at c->from (see find_stories).
 * With changed != NULL, sets changed[0, 1) to the lines of the window
 * whose kind, fold or form differ from before (empty: [0, 0)). */
static void run_window(ctx *c, int32_t min_to, int (*was_start)(void *, int32_t), void *arg,
                       int32_t *changed) {
    uint32_t *before = NULL;
    find_stories(c, min_to, was_start, arg);
    if (!c->oom && reserve_items(c) != BL_OK)
        c->oom = 1;
    if (!c->oom && changed) {
        before = bl_malloc(((size_t)(c->to - c->from) + 1) * sizeof *before);
        if (!before)
            c->oom = 1;
        for (int32_t i = c->from; before && i < c->to; i++)
            before[i - c->from] = bl_parse_pack(&c->L[i]);
    }
    if (!c->oom) {
        reset_lines(c, c->from, c->to);
        scan(c);
        compute_folds(c);
    }
    if (changed) {
        changed[0] = changed[1] = 0;
        for (int32_t i = c->from; before && i < c->to; i++) {
            if (bl_parse_pack(&c->L[i]) == before[i - c->from])
                continue;
            if (changed[0] == changed[1])
                changed[0] = i;
            changed[1] = i + 1;
        }
    }
    free(before);
    free(c->mark);
    free(c->starts);
}

/* Does any line of lines[0, n) have the blank shape? */
static int has_blank(const bl_pline *lines, int32_t n) {
    for (int32_t i = 0; i < n; i++)
        if (lines[i].info.shape == BL_SHAPE_BLANK)
            return 1;
    return 0;
}

int bl_parse_meta(const bl_vocab *v, const bl_pline *lines, int32_t n, bl_parse_result *out) {
    bl_header_facts f;
    bl_header_meta(v, lines, n, &f);
    memset(&out->meta, 0, sizeof out->meta);
    memcpy(out->date, f.date, sizeof out->date);
    memcpy(out->stamp[0], f.posted, sizeof out->stamp[0]);
    memcpy(out->stamp[1], f.updated, sizeof out->stamp[1]);
    out->meta.date = out->date[0] ? out->date : NULL;
    out->meta.posted = out->stamp[0][0] ? out->stamp[0] : NULL;
    out->meta.updated = out->stamp[1][0] ? out->stamp[1] : NULL;
    if (f.program && !(out->meta.program = bl_arena_strndup(&out->arena, f.program, f.program_len)))
        return BL_ENOMEM;
    return BL_OK;
}

int bl_parse_run(const bl_vocab *v, bl_pline *lines, int32_t n, bl_parse_result *out) {
    ctx c = {.v = v, .L = lines, .n = n, .out = out};
    bl_arena_reset(&out->arena);
    c.items = out->items; /* reuse the array */
    c.capitems = out->cap;
    out->n = 0;
    out->garbage = 0;
    out->has_blank = has_blank(lines, n);
    c.has_blank = out->has_blank;
    if (bl_parse_meta(v, lines, n, out) != BL_OK)
        c.oom = 1;
    size_t ta, tb;
    int ht;
    c.from = bl_story_first(lines, n, &ta, &tb, &ht);
    c.to = c.from;
    reset_lines(&c, 0, c.from); /* the header before the first story */
    run_window(&c, n, NULL, NULL, NULL);
    out->items = c.items;
    out->cap = c.capitems;
    out->n = c.oom ? 0 : c.nitems;
    return c.oom ? BL_ENOMEM : BL_OK;
}

int bl_parse_window(const bl_vocab *v, bl_pline *lines, int32_t n, bl_parse_result *out,
                    int32_t from, int32_t min_to, int (*was_start)(void *, int32_t), void *arg,
                    bl_item **items, size_t *nitems, int32_t *to, int32_t *changed) {
    ctx c = {.v = v, .L = lines, .n = n, .out = out, .from = from, .has_blank = out->has_blank};
    run_window(&c, min_to, was_start, arg, changed);
    *items = c.items;
    *nitems = c.nitems;
    *to = c.to;
    if (c.oom) {
        free(c.items);
        *items = NULL;
        *nitems = 0;
        return BL_ENOMEM;
    }
    return BL_OK;
}

void bl_parse_result_free(bl_parse_result *out) {
    free(out->items);
    bl_arena_free(&out->arena);
    memset(out, 0, sizeof *out);
}
