#include "sbite.h"

#include <string.h>

#include "doc.h"
#include "line.h"
#include "timing.h"

/* §7.3/§7.4: whitespace and invisible characters are trimmed. */
static void trim(const char *s, uint32_t *a, uint32_t *b) {
    size_t x = *a, y = *b;
    bl_trim(s, &x, &y);
    *a = (uint32_t)x;
    *b = (uint32_t)y;
}

static void trim_sz(const char *s, size_t *a, size_t *b) {
    bl_trim(s, a, b);
}

static void set(uint32_t *x, uint32_t *y, size_t a, size_t b) {
    *x = (uint32_t)a;
    *y = (uint32_t)b;
}

/* Is the code point ending at s[b) a closing quote mark? Returns bytes. */
static size_t closing_mark(const char *s, uint32_t a, uint32_t b) {
    if (b > a && s[b - 1] == '"')
        return 1;
    if (b >= a + 3 && (unsigned char)s[b - 3] == 0xE2 && (unsigned char)s[b - 2] == 0x80 &&
        ((unsigned char)s[b - 1] == 0x9D || (unsigned char)s[b - 1] == 0x9C))
        return 3;
    return 0;
}

void bl_sb_trim_open(const char *s, uint32_t *a, uint32_t *b) {
    size_t n;
    trim(s, a, b);
    if (*a < *b && bl_quote_mark_at(s, *b, *a, &n))
        *a += (uint32_t)n;
    trim(s, a, b);
}

void bl_sb_trim_close(const char *s, uint32_t *a, uint32_t *b) {
    trim(s, a, b);
    *b -= (uint32_t)closing_mark(s, *a, *b);
    trim(s, a, b);
}

void bl_sb_trim_quote(const char *s, uint32_t *a, uint32_t *b) {
    size_t n;
    trim(s, a, b);
    if (*a < *b && bl_quote_mark_at(s, *b, *a, &n)) {
        *a += (uint32_t)n;
        size_t m = closing_mark(s, *a, *b);
        *b -= (uint32_t)m;
        trim(s, a, b);
    }
}

/* First ':' in s[a, b) outside parentheses, or b. */
static size_t colon_outside(const char *s, size_t a, size_t b) {
    int depth = 0;
    for (size_t i = a; i < b; i++) {
        if (s[i] == '(')
            depth++;
        else if (s[i] == ')' && depth > 0)
            depth--;
        else if (s[i] == ':' && depth == 0)
            return i;
    }
    return b;
}

/* Fills the role from the '(' at o: up to its ')' or, when missing, up to
 * the first ':' (or limit). Returns the index just after the role. */
static size_t role_from(const char *s, size_t o, size_t limit, bl_sb_parts *p) {
    size_t c = bl_match_paren(s, o, limit);
    if (c == limit) {
        const char *colon = memchr(s + o, ':', limit - o);
        c = colon ? (size_t)(colon - s) : limit;
        p->unbalanced = 1;
        set(&p->role_a, &p->role_b, o + 1, c);
        trim(s, &p->role_a, &p->role_b);
        return c;
    }
    set(&p->role_a, &p->role_b, o + 1, c);
    trim(s, &p->role_a, &p->role_b);
    return c + 1;
}

int bl_sb_colon(const char *s, size_t a, size_t b, int allow_bare, bl_sb_parts *p) {
    /* §7.7: after a tag any speaker text; untagged, the Name test. */
    int (*name_ok)(const char *, size_t, size_t) = allow_bare ? bl_is_speaker : bl_is_name;
    memset(p, 0, sizeof *p);
    const char *open = memchr(s + a, '(', b - a);
    size_t colon = colon_outside(s, a, b);
    if (open && (size_t)(open - s) < colon) {
        size_t o = (size_t)(open - s);
        if (o > a && !name_ok(s, a, o))
            return 0;
        size_t after = role_from(s, o, b, p);
        size_t i = after;
        while (i < b && s[i] == ' ')
            i++;
        if (i >= b || s[i] != ':')
            return 0;
        set(&p->sp_a, &p->sp_b, a, o);
        trim(s, &p->sp_a, &p->sp_b);
        set(&p->q_a, &p->q_b, i + 1, b);
        bl_sb_trim_quote(s, &p->q_a, &p->q_b);
        p->form = o == a ? BL_FORM_ANON : BL_FORM_COLON;
        return 1;
    }
    if (!allow_bare || colon == b || !name_ok(s, a, colon))
        return 0;
    set(&p->sp_a, &p->sp_b, a, colon);
    trim(s, &p->sp_a, &p->sp_b);
    set(&p->q_a, &p->q_b, colon + 1, b);
    bl_sb_trim_quote(s, &p->q_a, &p->q_b);
    p->form = BL_FORM_COLON;
    return 1;
}

int bl_sb_tagged(const char *s, size_t a, size_t b, bl_sb_parts *p) {
    size_t n;
    memset(p, 0, sizeof *p);
    trim_sz(s, &a, &b);
    if (a < b && s[a] == ':') {
        a++; /* §7.9: a stray colon after the tag ("[Soundbite]: ...") */
        trim_sz(s, &a, &b);
    }
    if (a == b) {
        p->form = BL_FORM_ANON;
        return p->form;
    }
    if (bl_quote_mark_at(s, b, a, &n)) {
        set(&p->q_a, &p->q_b, a, b);
        bl_sb_trim_quote(s, &p->q_a, &p->q_b);
        p->form = BL_FORM_QUOTE_ONLY;
        return p->form;
    }
    if (s[a] == '(') {
        size_t after = role_from(s, a, b, p);
        size_t i = after;
        while (i < b && s[i] == ' ')
            i++;
        if (i < b && s[i] == ':') {
            set(&p->q_a, &p->q_b, i + 1, b);
            bl_sb_trim_quote(s, &p->q_a, &p->q_b);
        }
        p->form = BL_FORM_ANON;
        return p->form;
    }
    size_t colon = colon_outside(s, a, b);
    const char *open = memchr(s + a, '(', b - a);
    size_t o = open ? (size_t)(open - s) : b;
    if (colon == b && open && bl_match_paren(s, o, b) == b) {
        /* A '(' never closed: the role runs to the first ':'. */
        const char *c2 = memchr(s + o, ':', b - o);
        colon = c2 ? (size_t)(c2 - s) : b;
    }
    if (colon < b && bl_is_speaker(s, a, o < colon ? o : colon)) {
        if (o < colon) {
            role_from(s, o, b, p);
            set(&p->sp_a, &p->sp_b, a, o);
        } else {
            set(&p->sp_a, &p->sp_b, a, colon);
        }
        trim(s, &p->sp_a, &p->sp_b);
        set(&p->q_a, &p->q_b, colon + 1, b);
        bl_sb_trim_quote(s, &p->q_a, &p->q_b);
        p->form = BL_FORM_INLINE;
        return p->form;
    }
    if (open) {
        set(&p->sp_a, &p->sp_b, a, o);
        trim(s, &p->sp_a, &p->sp_b);
        role_from(s, o, b, p);
        if (p->sp_a == p->sp_b) {
            p->form = BL_FORM_ANON;
            return p->form;
        }
        p->form = BL_FORM_NAME_ONLY;
        return p->form;
    }
    if (s[b - 1] == '.' || s[b - 1] == '!' || s[b - 1] == '?') {
        set(&p->q_a, &p->q_b, a, b);
        p->form = BL_FORM_QUOTE_ONLY;
        return p->form;
    }
    set(&p->sp_a, &p->sp_b, a, b);
    p->form = BL_FORM_NAME_ONLY;
    return p->form;
}

int bl_sb_after_tag(const char *s, size_t a, size_t b, bl_sb_parts *p) {
    size_t n;
    if (bl_sb_colon(s, a, b, 1, p)) {
        if (p->form != BL_FORM_ANON)
            p->form = BL_FORM_TAG_LINE;
        return 1;
    }
    memset(p, 0, sizeof *p);
    const char *open = memchr(s + a, '(', b - a);
    if (open && !memchr(s + a, ':', b - a)) {
        size_t o = (size_t)(open - s);
        if (bl_match_paren(s, o, b) == b && bl_is_speaker(s, a, o)) {
            set(&p->sp_a, &p->sp_b, a, o);
            trim(s, &p->sp_a, &p->sp_b);
            set(&p->role_a, &p->role_b, o + 1, b);
            trim(s, &p->role_a, &p->role_b);
            p->unbalanced = 1;
            p->form = BL_FORM_TAG_LINE;
            return 1;
        }
    }
    if (a < b && bl_quote_mark_at(s, b, a, &n)) {
        set(&p->q_a, &p->q_b, a, b);
        bl_sb_trim_quote(s, &p->q_a, &p->q_b);
        p->form = BL_FORM_QUOTE_ONLY;
        return 1;
    }
    return 0;
}

int bl_sb_slash(const char *s, size_t a, size_t b, bl_sb_parts *p) {
    memset(p, 0, sizeof *p);
    const char *slash = memchr(s + a, '/', b - a);
    if (!slash)
        return 0;
    size_t k = (size_t)(slash - s);
    set(&p->sp_a, &p->sp_b, a, k);
    trim(s, &p->sp_a, &p->sp_b);
    /* A declared duration "(0:12)" ending the line is no part of the role
     * (timing.h). */
    int64_t ms;
    size_t at;
    if (bl_timing_declared(s, k + 1, b, &ms, &at))
        b = at;
    set(&p->role_a, &p->role_b, k + 1, b);
    trim(s, &p->role_a, &p->role_b);
    p->form = BL_FORM_SLASH;
    return 1;
}

int bl_sb_bracket(const char *s, size_t a, size_t b, bl_sb_parts *p) {
    memset(p, 0, sizeof *p);
    if (a >= b || s[a] != '[')
        return 0;
    size_t close = bl_close_bracket(s, a, b, 0);
    size_t colon = bl_bracket_colon(s, a, close);
    if (colon == close)
        return 0;
    const char *slash = memchr(s + a + 1, '/', colon - a - 1);
    if (slash) {
        size_t k = (size_t)(slash - s);
        set(&p->sp_a, &p->sp_b, a + 1, k);
        set(&p->role_a, &p->role_b, k + 1, colon);
        trim(s, &p->role_a, &p->role_b);
    } else {
        set(&p->sp_a, &p->sp_b, a + 1, colon);
    }
    trim(s, &p->sp_a, &p->sp_b);
    /* The quote ends at the bracket's own ']' (§7.10). */
    set(&p->q_a, &p->q_b, colon + 1, close);
    bl_sb_trim_quote(s, &p->q_a, &p->q_b);
    p->form = BL_FORM_BRACKET;
    return 1;
}

int bl_sb_radio(const char *s, size_t a, size_t b, bl_sb_parts *p) {
    static const char bite[] = "[Sound bite:", bites[] = "[Sound bites from ";
    memset(p, 0, sizeof *p);
    size_t d;
    if (b - a >= sizeof bite - 1 && memcmp(s + a, bite, sizeof bite - 1) == 0)
        d = a + sizeof bite - 1;
    else if (b - a >= sizeof bites - 1 && memcmp(s + a, bites, sizeof bites - 1) == 0)
        d = a + sizeof bites - 1;
    else
        return 0;
    const char *close = memchr(s + d, ']', b - d);
    size_t c = close ? (size_t)(close - s) : b;
    /* "Name - Role": the first " - " splits. */
    size_t dash = c;
    for (size_t i = d; i + 3 <= c; i++)
        if (s[i] == ' ' && s[i + 1] == '-' && s[i + 2] == ' ') {
            dash = i;
            break;
        }
    set(&p->sp_a, &p->sp_b, d, dash);
    trim(s, &p->sp_a, &p->sp_b);
    if (dash < c) {
        set(&p->role_a, &p->role_b, dash + 3, c);
        trim(s, &p->role_a, &p->role_b);
    }
    size_t n, q = c < b ? c + 1 : b;
    size_t sk;
    while (q < b && (sk = bl_skip_at(s, b, q)) > 0)
        q += sk;
    if (q < b && bl_quote_mark_at(s, b, q, &n)) {
        set(&p->q_a, &p->q_b, q, b);
        bl_sb_trim_quote(s, &p->q_a, &p->q_b);
    }
    p->form = BL_FORM_RADIO;
    return 1;
}
