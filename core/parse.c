#include "parse.h"

#include <stdlib.h>
#include <string.h>

#include "header.h"
#include "sbite.h"

enum { MARK_STORY = 1, MARK_TITLE = 2 };

/* A story's first line and its title extent on that line. */
typedef struct {
    int32_t line;
    uint32_t a, b;
    uint8_t has_title;
} story_start;

/* Invariant: L[0, n) are analyzed; mark has n entries; starts[0, nstarts)
 * are in line order; oom latches. */
typedef struct {
    const bl_vocab *v;
    bl_pline *L;
    int32_t n;
    bl_parse_result *out;
    uint8_t *mark;
    story_start *starts;
    size_t nstarts, capstarts;
    int has_blank;
    int oom;
} ctx;

static void add_start(ctx *c, int32_t line, size_t a, size_t b, int has_title) {
    if (c->nstarts == c->capstarts) {
        size_t cap = c->capstarts ? c->capstarts * 2 : 16;
        story_start *v = realloc(c->starts, cap * sizeof *v);
        if (!v) {
            c->oom = 1;
            return;
        }
        c->starts = v;
        c->capstarts = cap;
    }
    c->starts[c->nstarts++] = (story_start){line, (uint32_t)a, (uint32_t)b, (uint8_t)has_title};
    c->mark[line] |= MARK_STORY | (has_title ? MARK_TITLE : 0);
}

static const char *dup(ctx *c, const char *s, size_t a, size_t b) {
    const char *d = bl_arena_strndup(&c->out->arena, s + a, b - a);
    if (!d)
        c->oom = 1;
    return d;
}

static bl_item *push(ctx *c, bl_item_kind kind, int32_t line) {
    bl_parse_result *o = c->out;
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap + o->cap / 2 : 64;
        bl_item *v = realloc(o->items, cap * sizeof *v);
        if (!v) {
            c->oom = 1;
            return NULL;
        }
        o->items = v;
        o->cap = cap;
    }
    bl_item *it = &o->items[o->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->line = it->end_line = line + 1;
    it->level = kind == BL_ITEM_STORY ? 1 : 2;
    return it;
}

static const bl_lineinfo *info(const ctx *c, int32_t i) {
    return &c->L[i].info;
}
static const char *text(const ctx *c, int32_t i) {
    return c->L[i].text;
}

static int opens_section(const ctx *c, int32_t i) {
    const bl_lineinfo *li = info(c, i);
    if (li->shape == BL_SHAPE_LABEL)
        return 1;
    return (li->shape == BL_SHAPE_TAG || li->shape == BL_SHAPE_DATE) && li->entry >= 0 &&
           (li->role == BL_ROLE_LEAD || li->role == BL_ROLE_REPORT);
}

static int is_tagish(const ctx *c, int32_t i) {
    uint8_t sh = info(c, i)->shape;
    return sh == BL_SHAPE_TAG || sh == BL_SHAPE_LABEL || sh == BL_SHAPE_RADIO ||
           sh == BL_SHAPE_UNKNOWN_TAG || sh == BL_SHAPE_MALFORMED || sh == BL_SHAPE_BRACKET;
}

static int32_t next_nonblank(const ctx *c, int32_t i) {
    while (i < c->n && info(c, i)->shape == BL_SHAPE_BLANK)
        i++;
    return i;
}

static int has_date(const char *s, size_t a, size_t b) {
    for (size_t i = a; i + 10 <= b; i++) {
        int ok = 1;
        for (int k = 0; k < 10 && ok; k++) {
            char ch = s[i + (size_t)k];
            ok = (k == 4 || k == 7) ? (ch == '-' || ch == '.') : (ch >= '0' && ch <= '9');
        }
        if (ok)
            return 1;
    }
    return 0;
}

/* A "[News Today] Title" line (a program tag carrying a headline, not a
 * date). Writes the title extent. */
static int program_title(const ctx *c, int32_t i, size_t *a, size_t *b) {
    const bl_lineinfo *li = info(c, i);
    if (li->shape != BL_SHAPE_TAG || li->role != BL_ROLE_PROGRAM)
        return 0;
    if (has_date(text(c, i), bl_tag_end(li), li->end))
        return 0;
    size_t x = bl_tag_end(li);
    while (x < li->end && text(c, i)[x] == ' ')
        x++;
    if (x == li->end)
        return 0;
    *a = x;
    *b = li->end;
    return 1;
}

/* Drops surrounding quote marks from a title extent. */
static void unquote(const char *s, size_t *a, size_t *b) {
    uint32_t x = (uint32_t)*a, y = (uint32_t)*b;
    size_t n;
    if (x < y && bl_quote_mark_at(s, y, x, &n)) {
        bl_sb_trim_quote(s, &x, &y);
        *a = x;
        *b = y;
    }
}

/* Is line i a later story's title (§3)? Writes the title extent. */
static int title_at(const ctx *c, int32_t i, size_t *a, size_t *b) {
    const bl_lineinfo *li = info(c, i);
    if (program_title(c, i, a, b))
        return 1;
    if (li->shape != BL_SHAPE_TEXT || (li->flags & (BL_LF_SLASH | BL_LF_COLON | BL_LF_ANON)))
        return 0;
    *a = li->start;
    *b = li->end;
    unquote(text(c, i), a, b);
    if (li->flags & (BL_LF_NUMBERED | BL_LF_CAPS))
        return 1;
    if (li->words <= 8 && !(li->flags & BL_LF_FINAL_PERIOD)) {
        int32_t j = next_nonblank(c, i + 1);
        if (j < c->n && opens_section(c, j) && info(c, j)->role == BL_ROLE_LEAD)
            return 1;
    }
    return 0;
}

/* Title normalization for the repeated-title rule. */
static size_t normalize(const char *s, size_t len, char *out, size_t cap) {
    size_t o = 0, i = 0;
    if (len >= 12 && memcmp(s, "[News Today]", 12) == 0)
        i = 12;
    int space = 1;
    while (i < len && o + 1 < cap) {
        unsigned char ch = (unsigned char)s[i];
        size_t qn;
        if (bl_quote_mark_at(s, len, i, &qn)) {
            i += qn;
            continue;
        }
        if (ch == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x98 || (unsigned char)s[i + 2] == 0x99)) {
            out[o++] = '\'';
            i += 3;
            space = 0;
            continue;
        }
        if (ch == ' ' || ch == '\t' || ch == '\r') {
            if (!space)
                out[o++] = ' ';
            space = 1;
            i++;
            continue;
        }
        out[o++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        space = 0;
        i++;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    return o;
}

int bl_parse_same_title(const char *a, size_t la, const char *b, size_t lb) {
    char x[512], y[512];
    size_t nx = normalize(a, la, x, sizeof x), ny = normalize(b, lb, y, sizeof y);
    return nx == ny && memcmp(x, y, nx) == 0;
}

static void extract_meta(ctx *c) {
    bl_parse_result *o = c->out;
    int have_in = 0, have_mod = 0, have_prog = 0;
    char bare[24] = "";
    for (int32_t i = 0; i < c->n; i++) {
        const bl_lineinfo *li = info(c, i);
        const char *s = text(c, i);
        int meta = li->shape == BL_SHAPE_DATE || li->shape == BL_SHAPE_STAMP;
        int prog_tag = li->shape == BL_SHAPE_TAG && li->role == BL_ROLE_PROGRAM;
        if (li->shape == BL_SHAPE_DATE && !o->meta.date) {
            memcpy(o->date, s + li->start + 5, 10);
            o->date[10] = '\0';
            o->meta.date = o->date;
        }
        size_t pa, pb;
        if (!have_prog && (meta || prog_tag) && bl_header_program(s, li, &pa, &pb)) {
            o->meta.program = dup(c, s, pa, pb);
            have_prog = 1;
        }
        if (meta && !have_in && bl_header_stamp(s, li, "입력", o->stamp[0])) {
            o->meta.posted = o->stamp[0];
            have_in = 1;
        }
        if (meta && !have_mod && bl_header_stamp(s, li, "수정", o->stamp[1])) {
            o->meta.updated = o->stamp[1];
            have_mod = 1;
        }
        if (!bare[0] && li->shape == BL_SHAPE_BARE_STAMP)
            bl_header_bare_stamp(s, li, bare);
    }
    if (!have_in && bare[0]) {
        memcpy(o->stamp[0], bare, sizeof bare);
        o->meta.posted = o->stamp[0];
    }
}

/* Finds the first story (§3): returns its line (or n) and its title. */
static int32_t first_story(const ctx *c, size_t *ta, size_t *tb, int *has_title) {
    *has_title = 0;
    for (int32_t i = 0; i < c->n; i++) {
        const bl_lineinfo *li = info(c, i);
        const char *s = text(c, i);
        switch (li->shape) {
        case BL_SHAPE_BLANK:
        case BL_SHAPE_CHROME:
        case BL_SHAPE_BARE_STAMP:
            continue;
        case BL_SHAPE_DATE:
        case BL_SHAPE_STAMP:
            if (bl_header_title(s, li, ta, tb)) {
                *has_title = 1;
                return i;
            }
            if (li->shape == BL_SHAPE_DATE && opens_section(c, i))
                return i;
            continue;
        case BL_SHAPE_TAG:
            if (li->role == BL_ROLE_PROGRAM && has_date(s, bl_tag_end(li), li->end))
                continue; /* "[News] l 2016-08-18": meta */
            *has_title = program_title(c, i, ta, tb);
            return i;
        case BL_SHAPE_TEXT:
            if (li->words <= 15 && !(li->flags & BL_LF_FINAL_PERIOD) &&
                !(li->flags & (BL_LF_SLASH | BL_LF_COLON | BL_LF_ANON))) {
                *ta = li->start;
                *tb = li->end;
                unquote(s, ta, tb);
                *has_title = 1;
            }
            return i;
        default:
            return i;
        }
    }
    return c->n;
}

/* Marks story starts and repeated titles. Returns the first story line. */
static int32_t find_stories(ctx *c) {
    size_t ta = 0, tb = 0;
    int has_title;
    int32_t i0 = first_story(c, &ta, &tb, &has_title);
    if (i0 >= c->n)
        return i0;
    add_start(c, i0, ta, tb, has_title);
    int32_t cur = i0;
    size_t ca = ta, cb = tb;
    int cur_has = has_title;
    for (int32_t i = i0 + 1; i < c->n; i++) {
        size_t a, b;
        if (!title_at(c, i, &a, &b))
            continue;
        if (cur_has && bl_parse_same_title(text(c, cur) + ca, cb - ca, text(c, i) + a, b - a)) {
            c->mark[i] |= MARK_TITLE; /* a repeated headline: no new story */
            continue;
        }
        add_start(c, i, a, b, 1);
        cur = i;
        ca = a;
        cb = b;
        cur_has = 1;
    }
    return i0;
}

static int boundary(const ctx *c, int32_t i) {
    return (c->mark[i] & MARK_STORY) || is_tagish(c, i) || opens_section(c, i);
}

static void set_parts(ctx *c, bl_item *it, int32_t i, const bl_sb_parts *p) {
    const char *s = text(c, i);
    it->form = p->form;
    if (p->sp_b > p->sp_a)
        it->speaker = dup(c, s, p->sp_a, p->sp_b);
    if (p->role_b > p->role_a)
        it->role = dup(c, s, p->role_a, p->role_b);
    if (p->q_b > p->q_a) {
        it->quote = dup(c, s, p->q_a, p->q_b);
        it->quote_line = i + 1;
    }
}

static void set_line(ctx *c, int32_t i, bl_line_kind kind, uint8_t form) {
    c->L[i].kind = (uint8_t)kind;
    c->L[i].form = form;
}

/* Appends the quote text of lines (from, to] to the item's quote; the
 * last line loses its closing quote mark (and a bracket form its ']'). */
static void extend_quote(ctx *c, bl_item *it, int32_t from, int32_t to, int bracket) {
    if (to <= from || !it->quote)
        return;
    size_t o = strlen(it->quote), total = o;
    for (int32_t k = from + 1; k <= to; k++)
        total += 1 + c->L[k].len;
    char *buf = malloc(total + 1);
    if (!buf) {
        c->oom = 1;
        return;
    }
    memcpy(buf, it->quote, o);
    for (int32_t k = from + 1; k <= to; k++) {
        const bl_lineinfo *li = info(c, k);
        uint32_t a = li->start, b = li->end;
        if (k == to) {
            if (bracket && b > a && text(c, k)[b - 1] == ']')
                b--;
            bl_sb_trim_close(text(c, k), &a, &b);
        }
        buf[o++] = ' ';
        memcpy(buf + o, text(c, k) + a, b - a);
        o += b - a;
    }
    it->quote = dup(c, buf, 0, o);
    free(buf);
}

/* Recognizes a soundbite starting at line i. Returns its last line, or -1. */
static int32_t soundbite_at(ctx *c, int32_t i, int level) {
    const bl_lineinfo *li = info(c, i);
    const char *s = text(c, i);
    bl_sb_parts p;
    bl_item *it;
    if (li->shape == BL_SHAPE_TAG && li->role == BL_ROLE_SOUNDBITE) {
        if (bl_tag_end(li) < li->end) {
            bl_sb_tagged(s, bl_tag_end(li), li->end, &p);
            if (!(it = push(c, BL_ITEM_QUOTE, i)))
                return -1;
            it->level = (uint8_t)level;
            set_parts(c, it, i, &p);
            return i;
        }
        int32_t j = next_nonblank(c, i + 1);
        if (!(it = push(c, BL_ITEM_QUOTE, i)))
            return -1;
        it->level = (uint8_t)level;
        it->form = BL_FORM_NAME_ONLY;
        if (j >= c->n || boundary(c, j))
            return i;
        const bl_lineinfo *lj = info(c, j);
        const char *sj = text(c, j);
        size_t qn;
        if (bl_sb_colon(sj, lj->start, lj->end, 0, &p)) {
            p.form = p.form == BL_FORM_ANON ? BL_FORM_ANON : BL_FORM_TAG_LINE;
        } else if (lj->shape == BL_SHAPE_TEXT && memchr(sj + lj->start, '(', lj->end - lj->start) &&
                   bl_match_paren(
                       sj,
                       (size_t)((const char *)memchr(sj + lj->start, '(', lj->end - lj->start) -
                                sj),
                       lj->end) == lj->end &&
                   !memchr(sj + lj->start, ':', lj->end - lj->start)) {
            /* "Name (Role" cut off: the role runs to the end of the line. */
            size_t o =
                (size_t)((const char *)memchr(sj + lj->start, '(', lj->end - lj->start) - sj);
            if (!bl_is_name(sj, lj->start, o))
                return i;
            memset(&p, 0, sizeof p);
            p.form = BL_FORM_TAG_LINE;
            p.sp_a = lj->start;
            p.sp_b = (uint32_t)o;
            while (p.sp_b > p.sp_a && sj[p.sp_b - 1] == ' ')
                p.sp_b--;
            p.role_a = (uint32_t)o + 1;
            p.role_b = lj->end;
        } else if (bl_quote_mark_at(sj, lj->end, lj->start, &qn)) {
            memset(&p, 0, sizeof p);
            p.form = BL_FORM_QUOTE_ONLY;
            p.q_a = lj->start;
            p.q_b = lj->end;
            bl_sb_trim_quote(sj, &p.q_a, &p.q_b);
        } else {
            return i;
        }
        set_parts(c, it, j, &p);
        it->end_line = j + 1;
        set_line(c, j, BL_LINE_ATTRIBUTION, p.form);
        return j;
    }
    if (li->shape == BL_SHAPE_RADIO) {
        bl_sb_radio(s, li->start, li->end, &p);
        if (!(it = push(c, BL_ITEM_QUOTE, i)))
            return -1;
        it->level = (uint8_t)level;
        set_parts(c, it, i, &p);
        size_t qn;
        if (!it->quote && i + 1 < c->n && info(c, i + 1)->shape == BL_SHAPE_TEXT &&
            bl_quote_mark_at(text(c, i + 1), info(c, i + 1)->end, info(c, i + 1)->start, &qn)) {
            uint32_t a = info(c, i + 1)->start, b = info(c, i + 1)->end;
            bl_sb_trim_quote(text(c, i + 1), &a, &b);
            it->quote = dup(c, text(c, i + 1), a, b);
            it->quote_line = it->end_line = i + 2;
            set_line(c, i + 1, BL_LINE_QUOTE, BL_FORM_RADIO);
            return i + 1;
        }
        return i;
    }
    if (li->shape == BL_SHAPE_BRACKET) {
        if (!bl_sb_bracket(s, li->start, li->end, &p) || !(it = push(c, BL_ITEM_QUOTE, i)))
            return -1;
        it->level = (uint8_t)level;
        set_parts(c, it, i, &p);
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
    if (li->shape != BL_SHAPE_TEXT || (c->mark[i] & MARK_TITLE))
        return -1;
    if (li->flags & BL_LF_SLASH) {
        bl_sb_slash(s, li->start, li->end, &p);
        if (!(it = push(c, BL_ITEM_QUOTE, i)))
            return -1;
        it->level = (uint8_t)level;
        set_parts(c, it, i, &p);
        set_line(c, i, BL_LINE_ATTRIBUTION, BL_FORM_SLASH);
        int32_t j = next_nonblank(c, i + 1);
        if (j >= c->n || boundary(c, j) || info(c, j)->shape != BL_SHAPE_TEXT ||
            (info(c, j)->flags & BL_LF_SLASH) || (c->mark[j] & MARK_TITLE))
            return i; /* dangling attribution */
        int32_t end = j;
        if (c->has_blank)
            while (end + 1 < c->n && info(c, end + 1)->shape != BL_SHAPE_BLANK &&
                   !boundary(c, end + 1))
                end++;
        uint32_t a = info(c, j)->start, b = info(c, j)->end;
        if (j == end)
            bl_sb_trim_quote(text(c, j), &a, &b);
        else
            bl_sb_trim_open(text(c, j), &a, &b);
        it->quote = dup(c, text(c, j), a, b);
        it->quote_line = j + 1;
        for (int32_t k = j; k <= end; k++)
            set_line(c, k, BL_LINE_QUOTE, BL_FORM_SLASH);
        extend_quote(c, it, j, end, 0);
        it->end_line = end + 1;
        return end;
    }
    if (li->flags & (BL_LF_COLON | BL_LF_ANON)) {
        if (!bl_sb_colon(s, li->start, li->end, 0, &p) || !(it = push(c, BL_ITEM_QUOTE, i)))
            return -1;
        it->level = (uint8_t)level;
        set_parts(c, it, i, &p);
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
            return has_date(text(c, i), bl_tag_end(li), li->end) ? BL_LINE_META : BL_LINE_BODY;
        return BL_LINE_TAG;
    case BL_SHAPE_RADIO:
    case BL_SHAPE_UNKNOWN_TAG:
    case BL_SHAPE_MALFORMED:
        return BL_LINE_TAG;
    case BL_SHAPE_BRACKET:
        return BL_LINE_ATTRIBUTION;
    default:
        return BL_LINE_BODY;
    }
}

/* Sets end_line of the open story/section to the last non-blank line. */
static void close_item(ctx *c, long idx, int32_t last_nonblank) {
    if (idx >= 0)
        c->out->items[idx].end_line = last_nonblank + 1;
}

static void scan(ctx *c, int32_t i0) {
    long story = -1, section = -1;
    int32_t last = i0, skip_to = -1;
    size_t next_start = 0;
    for (int32_t i = i0; i < c->n && !c->oom; i++) {
        if (c->mark[i] & MARK_STORY) {
            close_item(c, section, last);
            close_item(c, story, last);
            section = -1;
            bl_item *it = push(c, BL_ITEM_STORY, i);
            if (!it)
                return;
            story = (long)c->out->n - 1;
            const story_start *st = &c->starts[next_start++];
            if (st->has_title)
                it->title = dup(c, text(c, i), st->a, st->b);
        }
        if (opens_section(c, i)) {
            close_item(c, section, last);
            bl_item *it = push(c, BL_ITEM_SECTION, i);
            if (!it)
                return;
            const bl_lineinfo *li = info(c, i);
            it->tag = dup(c, text(c, i), bl_tag_start(li), bl_tag_end(li));
            it->section = bl_role_name((bl_tag_role)li->role);
            section = (long)c->out->n - 1;
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

static void compute_folds(ctx *c) {
    for (int32_t i = 0; i < c->n; i++)
        c->L[i].fold = 0;
    for (size_t k = 0; k < c->out->n; k++) {
        const bl_item *it = &c->out->items[k];
        uint8_t lvl = it->kind == BL_ITEM_STORY ? 1 : it->kind == BL_ITEM_SECTION ? 2 : 3;
        if (it->kind == BL_ITEM_QUOTE && it->end_line == it->line)
            continue;
        for (int32_t i = it->line - 1; i < it->end_line && i < c->n; i++)
            if (c->L[i].fold < lvl)
                c->L[i].fold = lvl;
    }
}

/* Sizes the item array once, to an upper bound: the story starts found,
 * every section opener, every line that may start a soundbite. Growing by
 * doubling instead would leave up to half of a large array unused. */
static int reserve_items(ctx *c, int32_t i0) {
    size_t bound = c->nstarts;
    for (int32_t i = i0; i < c->n; i++) {
        const bl_lineinfo *li = info(c, i);
        bound += (size_t)opens_section(c, i);
        bound +=
            li->shape == BL_SHAPE_RADIO || li->shape == BL_SHAPE_BRACKET ||
            (li->shape == BL_SHAPE_TAG && li->role == BL_ROLE_SOUNDBITE) ||
            (li->shape == BL_SHAPE_TEXT && (li->flags & (BL_LF_SLASH | BL_LF_COLON | BL_LF_ANON)));
    }
    bl_parse_result *o = c->out;
    if (bound <= o->cap)
        return BL_OK;
    bl_item *v = realloc(o->items, bound * sizeof *v);
    if (!v)
        return BL_ENOMEM;
    o->items = v;
    o->cap = bound;
    return BL_OK;
}

int bl_parse_run(const bl_vocab *v, bl_pline *lines, int32_t n, bl_parse_result *out) {
    ctx c = {v, lines, n, out, NULL, NULL, 0, 0, 0, 0};
    out->n = 0;
    bl_arena_reset(&out->arena);
    memset(&out->meta, 0, sizeof out->meta);
    c.mark = calloc((size_t)n + 1, 1);
    if (!c.mark)
        return BL_ENOMEM;
    for (int32_t i = 0; i < n; i++) {
        lines[i].kind = (uint8_t)base_kind(&c, i);
        lines[i].form = BL_NO_FORM;
        if (lines[i].info.shape == BL_SHAPE_BLANK)
            c.has_blank = 1;
    }
    extract_meta(&c);
    int32_t i0 = find_stories(&c);
    if (reserve_items(&c, i0) != BL_OK) {
        free(c.mark);
        free(c.starts);
        return BL_ENOMEM;
    }
    for (int32_t i = i0; i < n; i++)
        if (c.mark[i] & MARK_TITLE)
            lines[i].kind =
                lines[i].info.shape == BL_SHAPE_TEXT || lines[i].info.shape == BL_SHAPE_TAG
                    ? BL_LINE_TITLE
                    : lines[i].kind;
    scan(&c, i0);
    compute_folds(&c);
    free(c.mark);
    free(c.starts);
    return c.oom ? BL_ENOMEM : BL_OK;
}

void bl_parse_result_free(bl_parse_result *out) {
    free(out->items);
    bl_arena_free(&out->arena);
    memset(out, 0, sizeof *out);
}
