#include "story.h"

#include <string.h>

#include "header.h"
#include "sbite.h"

int bl_story_opens_section(const bl_pline *L, int32_t n, int32_t i) {
    (void)n;
    const bl_lineinfo *li = &L[i].info;
    if (li->shape == BL_SHAPE_LABEL)
        return 1;
    return (li->shape == BL_SHAPE_TAG || li->shape == BL_SHAPE_DATE) && li->entry >= 0 &&
           (li->role == BL_ROLE_LEAD || li->role == BL_ROLE_REPORT);
}

int bl_story_is_tagish(const bl_pline *L, int32_t n, int32_t i) {
    (void)n;
    uint8_t sh = L[i].info.shape;
    return sh == BL_SHAPE_TAG || sh == BL_SHAPE_LABEL || sh == BL_SHAPE_RADIO ||
           sh == BL_SHAPE_UNKNOWN_TAG || sh == BL_SHAPE_MALFORMED || sh == BL_SHAPE_BRACKET ||
           sh == BL_SHAPE_TEMPLATE;
}

int32_t bl_story_next_nonblank(const bl_pline *L, int32_t n, int32_t i) {
    while (i < n && L[i].info.shape == BL_SHAPE_BLANK)
        i++;
    return i;
}

int bl_story_has_date(const char *s, size_t a, size_t b) {
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

/* A title's extent in s[*a, *b): without surrounding quote marks, not
 * empty, free of Hangul (§3: titles contain none; only a line flagged as
 * holding Hangul is scanned for it). Returns 1 if usable. */
static int title_extent(const char *s, const bl_lineinfo *li, size_t *a, size_t *b) {
    bl_story_unquote(s, a, b);
    if (*a >= *b)
        return 0;
    for (size_t i = *a; (li->flags & BL_LF_HANGUL) && i < *b;)
        if (bl_is_hangul(bl_utf8_next(s, *b, &i)))
            return 0;
    return 1;
}

/* A "[News Today] Title" line (a program tag carrying a headline, not a
 * date). Writes the title extent. */
int bl_story_program_title(const bl_pline *L, int32_t n, int32_t i, size_t *a, size_t *b) {
    (void)n;
    const bl_lineinfo *li = &L[i].info;
    if (li->shape != BL_SHAPE_TAG || li->role != BL_ROLE_PROGRAM)
        return 0;
    if (bl_story_has_date(L[i].text, bl_tag_end(li), li->end))
        return 0;
    size_t x = bl_tag_end(li);
    while (x < li->end && L[i].text[x] == ' ')
        x++;
    *a = x;
    *b = li->end;
    return title_extent(L[i].text, li, a, b);
}

/* Drops surrounding quote marks from a title extent. */
void bl_story_unquote(const char *s, size_t *a, size_t *b) {
    uint32_t x = (uint32_t)*a, y = (uint32_t)*b;
    size_t n;
    if (x < y && bl_quote_mark_at(s, y, x, &n)) {
        bl_sb_trim_quote(s, &x, &y);
        *a = x;
        *b = y;
    }
}

/* §7.12: a line starting with '[' is never a title, nor is one starting
 * with a quote mark, except a title wholly wrapped in quote marks: ALL
 * CAPS (§3), or a headline whose words inside the marks do not end in a
 * full stop, '?' or '!' (a quoted sentence does). The spec names only the
 * ALL-CAPS case; quoted Title Case headlines are in the wild too. */
static int title_opening(const char *s, const bl_lineinfo *li) {
    size_t n;
    if (s[li->start] == '[')
        return 0;
    if (!bl_quote_mark_at(s, li->end, li->start, &n))
        return 1;
    uint32_t x = li->start, y = li->end;
    bl_sb_trim_close(s, &x, &y);
    if (y == li->end || y <= li->start + n)
        return 0; /* not wholly wrapped */
    char last = s[y - 1];
    return (li->flags & BL_LF_CAPS) || !(last == '.' || last == '?' || last == '!');
}

/* §7.12: is line i the quote line of the attribution just before it (the
 * line after a "[Sound bite: ...]" without a quote, opening with a quote
 * mark; the paragraph after a slash caption)? Then it is no title. */
static int quote_of_prev(const bl_pline *L, int32_t i) {
    int32_t p = i - 1;
    while (p >= 0 && L[p].info.shape == BL_SHAPE_BLANK)
        p--;
    if (p < 0)
        return 0;
    const bl_lineinfo *lp = &L[p].info, *li = &L[i].info;
    size_t n;
    if (lp->shape == BL_SHAPE_RADIO && p == i - 1 && bl_tag_end(lp) >= lp->end)
        return bl_quote_mark_at(L[i].text, li->end, li->start, &n);
    return lp->shape == BL_SHAPE_TEXT && (lp->flags & BL_LF_SLASH) &&
           !(lp->flags & BL_LF_HANGUL && !(lp->flags & BL_LF_LATIN));
}

/* Is line i a later story's title (§3)? Writes the title extent. */
int bl_story_title_at(const bl_pline *L, int32_t n, int32_t i, size_t *a, size_t *b) {
    const bl_lineinfo *li = &L[i].info;
    if (li->shape == BL_SHAPE_TAG)
        return bl_story_program_title(L, n, i, a, b);
    if (li->shape != BL_SHAPE_TEXT || (li->flags & (BL_LF_SLASH | BL_LF_COLON | BL_LF_ANON)) ||
        (li->flags & BL_LF_HANGUL) || !title_opening(L[i].text, li) || quote_of_prev(L, i))
        return 0;
    if (!(li->flags & (BL_LF_NUMBERED | BL_LF_CAPS))) {
        /* Title Case: short, no final '.', and a lead tag comes next. */
        if (li->words > 8 || (li->flags & BL_LF_FINAL_PERIOD))
            return 0;
        int32_t j = bl_story_next_nonblank(L, n, i + 1);
        if (j >= n || !bl_story_opens_section(L, n, j) || L[j].info.role != BL_ROLE_LEAD)
            return 0;
    }
    *a = li->start;
    *b = li->end;
    return title_extent(L[i].text, li, a, b);
}

/* Reads titles as the repeated-title rule sees them, one normalized byte
 * at a time: quote marks dropped, curly apostrophes as "'", ASCII case
 * folded, runs of spaces as one, no leading or trailing space. */
typedef struct {
    const char *s;
    size_t len, i;
    int space; /* a space is pending */
} title_reader;

static void reader_init(title_reader *r, const char *s, size_t len) {
    r->s = s;
    r->len = len;
    r->i = len >= 12 && memcmp(s, "[News Today]", 12) == 0 ? 12 : 0;
    r->space = 0;
}

/* The next normalized byte, or -1 at the end. */
static int reader_next(title_reader *r) {
    int started = r->i > 0;
    while (r->i < r->len) {
        const unsigned char *u = (const unsigned char *)r->s;
        unsigned char ch = u[r->i];
        size_t qn;
        if (bl_quote_mark_at(r->s, r->len, r->i, &qn)) {
            r->i += qn;
            continue;
        }
        if (ch == ' ' || ch == '\t' || ch == '\r') {
            r->space = 1;
            r->i++;
            continue;
        }
        if (r->space && started) {
            r->space = 0;
            return ' ';
        }
        r->space = 0;
        if (ch == 0xE2 && r->i + 2 < r->len && u[r->i + 1] == 0x80 &&
            (u[r->i + 2] == 0x98 || u[r->i + 2] == 0x99)) {
            r->i += 3;
            return '\'';
        }
        r->i++;
        return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
    }
    return -1;
}

int bl_story_same_title(const char *a, size_t la, const char *b, size_t lb) {
    title_reader x, y;
    reader_init(&x, a, la);
    reader_init(&y, b, lb);
    for (;;) {
        int cx = reader_next(&x), cy = reader_next(&y);
        if (cx != cy)
            return 0;
        if (cx < 0)
            return 1;
    }
}

/* Finds the first story (§3): returns its line (or n) and its title. */
int32_t bl_story_first(const bl_pline *L, int32_t n, size_t *ta, size_t *tb, int *has_title) {
    *has_title = 0;
    for (int32_t i = 0; i < n; i++) {
        const bl_lineinfo *li = &L[i].info;
        const char *s = L[i].text;
        switch (li->shape) {
        case BL_SHAPE_BLANK:
        case BL_SHAPE_CHROME:
        case BL_SHAPE_BARE_STAMP:
            continue;
        case BL_SHAPE_DATE:
        case BL_SHAPE_STAMP:
            if (bl_header_title(s, li, ta, tb)) {
                *has_title = title_extent(s, li, ta, tb);
                return i;
            }
            if (li->shape == BL_SHAPE_DATE && bl_story_opens_section(L, n, i))
                return i;
            continue;
        case BL_SHAPE_TAG:
            if (li->role == BL_ROLE_PROGRAM && bl_story_has_date(s, bl_tag_end(li), li->end))
                continue; /* "[News] l 2016-08-18": meta */
            *has_title = bl_story_program_title(L, n, i, ta, tb);
            return i;
        case BL_SHAPE_TEXT:
            if ((li->flags & BL_LF_HANGUL) && !(li->flags & BL_LF_LATIN))
                continue; /* "홍길동 / 기자" before any story: chrome */
            if (li->words <= 15 && !(li->flags & BL_LF_FINAL_PERIOD) &&
                !(li->flags & (BL_LF_SLASH | BL_LF_COLON | BL_LF_ANON)) && title_opening(s, li)) {
                *ta = li->start;
                *tb = li->end;
                *has_title = title_extent(s, li, ta, tb);
            }
            return i;
        default:
            return i;
        }
    }
    return n;
}
