#include "nearattr.h"

#include <stdio.h>
#include <string.h>

#include "sbite.h"

/* Invariant: n = min(line length, BL_NEARATTR_MAX); slash_ok only when
 * the whole line is in s[0, n) (a cut line would lose its final stop). */
typedef struct {
    const bl_vocab *v;
    const char *s;
    size_t n;
    size_t start; /* first non-space byte */
    int slash_ok; /* a slash attribution counts: a paragraph follows */
    char buf[BL_NEARATTR_MAX + 8];
} ctx;

static int is_upper(unsigned char c) {
    return c >= 'A' && c <= 'Z';
}

static int is_alnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || is_upper(c) || (c >= '0' && c <= '9');
}

static size_t skip_spaces(const char *s, size_t i, size_t b) {
    size_t n;
    while (i < b && (n = bl_skip_at(s, b, i)) > 0)
        i += n;
    return i;
}

/* Is buf[0, m) an attribution line on its own? */
static int attribution(ctx *c, size_t m) {
    bl_lineinfo li;
    bl_line_analyze(c->v, c->buf, m, &li);
    if (li.shape == BL_SHAPE_BRACKET || li.shape == BL_SHAPE_RADIO ||
        (li.shape == BL_SHAPE_TAG && li.role == BL_ROLE_SOUNDBITE))
        return 1;
    if (li.shape != BL_SHAPE_TEXT)
        return 0;
    bl_sb_parts p; /* a role missing its ')' runs to any ':' ("(ABBR ... 9:30") */
    if (li.flags & BL_LF_COLON)
        return bl_sb_colon(c->buf, li.start, li.end, 0, &p) && !p.unbalanced;
    return c->slash_ok && (li.flags & BL_LF_SLASH);
}

/* Is the line with s[i, j) replaced by t an attribution? */
static int edited(ctx *c, size_t i, size_t j, const char *t) {
    size_t tn = strlen(t), m = i + tn + (c->n - j);
    if (m > sizeof c->buf)
        return 0;
    memcpy(c->buf, c->s, i);
    memcpy(c->buf + i, t, tn);
    memcpy(c->buf + i + tn, c->s + j, c->n - j);
    return attribution(c, m);
}

/* A ':' written at [k, j) ends "Name (Role)" and opens a quote: ')' (and
 * spaces) before it, a space before the '(', a capital or a quote mark
 * and three words or more after it. "Agency(ABBR) Chief ..." and "Name
 * (Party), who ..." stay narration. */
static int colon_fits(const ctx *c, size_t k, size_t j) {
    const char *s = c->s;
    size_t p = k, q, n;
    while (p > c->start && s[p - 1] == ' ')
        p--;
    if (p <= c->start || s[p - 1] != ')')
        return 0;
    const char *open = memchr(s + c->start, '(', p - c->start);
    if (!open || !bl_skip_before(s, c->start, (size_t)(open - s), &n))
        return 0;
    int letter = 0; /* "Today (8.1), ..." is a dateline */
    for (const char *x = open + 1; x < s + p - 1 && !letter; x++)
        letter = is_alnum((unsigned char)*x) && !(*x >= '0' && *x <= '9');
    if (!letter)
        return 0;
    q = skip_spaces(s, j, c->n);
    return q < c->n && (is_upper((unsigned char)s[q]) || bl_quote_mark_at(s, c->n, q, &n)) &&
           bl_count_words(s, q, c->n) >= 3;
}

/* A '[' written before s[from] (inserted at the start, or for a mark
 * there) opens "[Name: "quote" or "[Name/Role: "quote": the speaker a
 * Name, a quote mark after the ':'. */
static int bracket_fits(const ctx *c, size_t from) {
    const char *s = c->s;
    const char *colon = memchr(s + from, ':', c->n - from);
    size_t n;
    if (!colon)
        return 0;
    size_t k = (size_t)(colon - s), q = skip_spaces(s, k + 1, c->n);
    const char *slash = memchr(s + from, '/', k - from);
    return q < c->n && bl_quote_mark_at(s, c->n, q, &n) &&
           bl_is_name(s, from, slash ? (size_t)(slash - s) : k);
}

/* A '(' written at k opens the role of "Name Role): quote": the first
 * ')' after k, with no '(' before it, is followed by a ':'. An inserted
 * '(' goes before the role's last word (words 0: no space before the
 * ')'), where it was not being known; one written for a mark (",Role):")
 * may open several words. */
static int paren_fits(const ctx *c, size_t k, int words) {
    const char *s = c->s;
    size_t i = k;
    while (i < c->n && s[i] != ')' && s[i] != '(' && (words || s[i] != ' '))
        i++;
    if (i >= c->n || s[i] != ')')
        return 0;
    i = skip_spaces(s, i + 1, c->n);
    return i < c->n && s[i] == ':';
}

static int set(bl_nearattr *out, int op, const char *text, size_t col, size_t end_col) {
    out->op = (uint8_t)op;
    snprintf(out->text, sizeof out->text, "%s", text);
    out->col = (uint32_t)col;
    out->end_col = (uint32_t)end_col;
    return op;
}

/* '/' for the character s[k, j) makes a slash attribution: a mark at a
 * word's edge ("Name . Role", "Name, Role"), or one of two spaces; never
 * a letter, a lone space or a mark inside a word ("Post-War Plan" is a
 * heading). */
static int slash_at(ctx *c, size_t k, size_t j) {
    const char *s = c->s;
    unsigned char ch = (unsigned char)s[k];
    if (!c->slash_ok || is_alnum(ch) || ch == '/')
        return 0;
    if (ch >= 0x80) {
        size_t x = k;
        if (bl_is_hangul(bl_utf8_next(s, c->n, &x)))
            return 0;
    }
    int before = k > 0 && s[k - 1] == ' ', after = j < c->n && s[j] == ' ';
    int edge = ch == ' ' ? before || after : k == c->start || before || after || j >= c->n;
    return edge && edited(c, k, j, "/");
}

/* The repairs at the character s[k, j): in pass 1 only deleting a space
 * (joining two words is the last resort: "Parkyung-kwang" is a Name, but
 * "Park Yung-kwang" the likelier fix). */
static int repair_at(ctx *c, size_t k, size_t j, int pass, bl_nearattr *out) {
    const char *s = c->s;
    unsigned char ch = (unsigned char)s[k];
    int word_start = k == c->start || s[k - 1] == ' ';
    int space = ch == ' ';
    if (pass == 1)
        return space && edited(c, k, j, "") ? set(out, BL_NEARATTR_DELETE, "", k, j) : 0;
    /* Deleting a letter or digit inside a word changes no Name test. */
    if (!space && (word_start || !is_alnum(ch)) && edited(c, k, j, ""))
        return set(out, BL_NEARATTR_DELETE, "", k, j);
    if (word_start && !space && !is_upper(ch)) {
        char cap[2] = {ch >= 'a' && ch <= 'z' ? (char)(ch - 'a' + 'A') : 'A', '\0'};
        if (edited(c, k, j, cap))
            return set(out, BL_NEARATTR_REPLACE, cap, k, j);
    }
    int hangul = 0;
    if (ch >= 0x80) {
        size_t x = k;
        hangul = bl_is_hangul(bl_utf8_next(s, c->n, &x));
    }
    if (slash_at(c, k, j))
        return set(out, BL_NEARATTR_REPLACE, "/", k, j);
    if (!is_alnum(ch) && !hangul && !space && ch != ':' && colon_fits(c, k, j) &&
        edited(c, k, j, ":"))
        return set(out, BL_NEARATTR_REPLACE, ":", k, j);
    if (colon_fits(c, k, k) && edited(c, k, k, ":"))
        return set(out, BL_NEARATTR_INSERT, ":", k, j);
    if (word_start && k > c->start && paren_fits(c, k, 0) && edited(c, k, k, "("))
        return set(out, BL_NEARATTR_INSERT, "(", k, j);
    if (word_start && k > c->start && !is_alnum(ch) && !hangul && !space && paren_fits(c, j, 1) &&
        edited(c, k, j, "("))
        return set(out, BL_NEARATTR_REPLACE, "(", k, j);
    if (k == c->start && bracket_fits(c, k) && edited(c, k, k, "["))
        return set(out, BL_NEARATTR_INSERT, "[", k, j);
    if (k == c->start && !is_alnum(ch) && !hangul && bracket_fits(c, j) && edited(c, k, j, "["))
        return set(out, BL_NEARATTR_REPLACE, "[", k, j);
    return BL_NEARATTR_NONE;
}

/* Where a repair can make a colon or bracket attribution: up to a few
 * bytes past the first ':' (else ')') from the line's first sign (one of
 * ( ) [ ] : / or a quote mark), when at most 8 words stand before that
 * sign (a speaker is 1-6 words, 7 or 8 with a typo). 0 when none: most
 * narration has its first parenthesis or colon far into the line. */
static size_t reach(const ctx *c) {
    const char *s = c->s;
    size_t i = c->start, n, words = 0;
    int in_word = 0;
    for (; i < c->n; i++) {
        char ch = s[i];
        if (ch == '(' || ch == ')' || ch == '[' || ch == ']' || ch == ':' || ch == '/' ||
            bl_quote_mark_at(s, c->n, i, &n))
            break;
        int sp = ch == ' ' || ch == '\t';
        if (!sp && !in_word && ++words > 8)
            return 0;
        in_word = !sp;
    }
    if (i >= c->n)
        return 0;
    const char *colon = memchr(s + i, ':', c->n - i);
    const char *close = memchr(s + i, ')', c->n - i);
    size_t at = colon ? (size_t)(colon - s) : close ? (size_t)(close - s) : i;
    return at + 4;
}

int bl_nearattr_check(const bl_vocab *vocab, const char *s, size_t len, const bl_lineinfo *li,
                      int next_paragraph, bl_nearattr *out) {
    memset(out, 0, sizeof *out);
    if (li->shape != BL_SHAPE_TEXT || li->start >= li->end)
        return BL_NEARATTR_NONE;
    ctx c = {vocab, s, len < BL_NEARATTR_MAX ? len : BL_NEARATTR_MAX, li->start, 0, {0}};
    c.slash_ok = next_paragraph && len <= BL_NEARATTR_MAX && li->words <= 22;
    if (c.start >= c.n)
        return BL_NEARATTR_NONE;
    size_t lim = c.start + BL_NEARATTR_WINDOW < c.n ? c.start + BL_NEARATTR_WINDOW : c.n;
    size_t r = reach(&c);
    r = r < lim ? r : lim;
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = c.start; k < r;) {
            size_t j = k;
            bl_utf8_next(s, c.n, &j);
            if (repair_at(&c, k, j, pass, out))
                return out->op;
            k = j;
        }
    /* A line with no '/' is a slash attribution only by writing one. */
    if (c.slash_ok && !memchr(s + c.start, '/', c.n - c.start))
        for (size_t k = c.start; k < lim;) {
            size_t j = k;
            bl_utf8_next(s, c.n, &j);
            if (slash_at(&c, k, j))
                return set(out, BL_NEARATTR_REPLACE, "/", k, j);
            k = j;
        }
    return BL_NEARATTR_NONE;
}

const char *bl_nearattr_describe(const bl_nearattr *r, const char *s, char *buf, size_t cap) {
    char was[8] = "";
    size_t n = r->end_col - r->col;
    if (n > 0 && n < sizeof was) {
        memcpy(was, s + r->col, n);
        was[n] = '\0';
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)was[i] < 0x20)
                was[i] = ' ';
    }
    switch (r->op) {
    case BL_NEARATTR_DELETE:
        snprintf(buf, cap, "delete '%s'", was);
        break;
    case BL_NEARATTR_REPLACE:
        if (r->text[0] == 'A' && !(was[0] >= 'a' && was[0] <= 'z'))
            snprintf(buf, cap, "write a capital letter for '%s'", was);
        else
            snprintf(buf, cap, "write '%s' for '%s'", r->text, was);
        break;
    case BL_NEARATTR_INSERT:
        if (r->col > 0 && s[r->col - 1] != ' ' && (unsigned char)s[r->col - 1] < 0x80)
            snprintf(buf, cap, "insert '%s' after '%c'", r->text, s[r->col - 1]);
        else
            snprintf(buf, cap, "insert '%s' before '%s'", r->text, was);
        break;
    default:
        snprintf(buf, cap, "%s", "");
    }
    return buf;
}
