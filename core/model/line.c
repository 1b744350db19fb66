#include "line.h"

#include <string.h>

static int is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
static int is_digit(unsigned char c) {
    return c >= '0' && c <= '9';
}
static int is_upper(unsigned char c) {
    return c >= 'A' && c <= 'Z';
}
static int is_lower(unsigned char c) {
    return c >= 'a' && c <= 'z';
}

uint32_t bl_utf8_next(const char *s, size_t len, size_t *i) {
    const unsigned char *u = (const unsigned char *)s;
    size_t p = *i;
    unsigned char c = u[p];
    if (c < 0x80) {
        *i = p + 1;
        return c;
    }
    int n = c >= 0xC2 && c < 0xE0 ? 1 : c >= 0xE0 && c < 0xF0 ? 2 : c >= 0xF0 && c < 0xF5 ? 3 : -1;
    if (n < 0 || p + (size_t)n >= len) {
        *i = p + 1;
        return 0xFFFD;
    }
    uint32_t cp = c & (0x3F >> n);
    for (int k = 1; k <= n; k++) {
        unsigned char cc = u[p + (size_t)k];
        if ((cc & 0xC0) != 0x80) {
            *i = p + 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    *i = p + (size_t)n + 1;
    return cp;
}

int bl_is_hangul(uint32_t cp) {
    return (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) ||
           (cp >= 0x3130 && cp <= 0x318F);
}

size_t bl_ws_at(const char *s, size_t len, size_t i) {
    const unsigned char *u = (const unsigned char *)s;
    if (i >= len)
        return 0;
    if (u[i] < 0x80)
        return is_space(u[i]) ? 1 : 0;
    /* U+00A0 C2 A0; U+2007 E2 80 87; U+202F E2 80 AF; U+3000 E3 80 80. */
    if (u[i] == 0xC2)
        return i + 1 < len && u[i + 1] == 0xA0 ? 2 : 0;
    if (i + 2 >= len)
        return 0;
    if (u[i] == 0xE2 && u[i + 1] == 0x80 && (u[i + 2] == 0x87 || u[i + 2] == 0xAF))
        return 3;
    return u[i] == 0xE3 && u[i + 1] == 0x80 && u[i + 2] == 0x80 ? 3 : 0;
}

size_t bl_invisible_at(const char *s, size_t len, size_t i) {
    const unsigned char *u = (const unsigned char *)s;
    if (i + 2 >= len || u[i] < 0xE2)
        return 0;
    /* U+200B-U+200D E2 80 8B-8D; U+2060 E2 81 A0; U+FEFF EF BB BF. */
    if (u[i] == 0xE2)
        return (u[i + 1] == 0x80 && u[i + 2] >= 0x8B && u[i + 2] <= 0x8D) ||
                       (u[i + 1] == 0x81 && u[i + 2] == 0xA0)
                   ? 3
                   : 0;
    return u[i] == 0xEF && u[i + 1] == 0xBB && u[i + 2] == 0xBF ? 3 : 0;
}

void bl_trim(const char *s, size_t *a, size_t *b) {
    size_t n;
    while (*a < *b && (n = bl_skip_at(s, *b, *a)) > 0)
        *a += n;
    while (*b > *a && bl_skip_before(s, *a, *b, &n))
        *b -= n;
}

int bl_skip_before(const char *s, size_t a, size_t b, size_t *n) {
    if (b <= a)
        return 0;
    for (size_t k = 1; k <= 3 && k <= b - a; k++)
        if (bl_skip_at(s, b, b - k) == k) {
            *n = k;
            return 1;
        }
    return 0;
}

/* The next word of s[*i, b): its extent in [*w, *i), or 0 at the end.
 * Words are separated by §7.3 whitespace and §7.4 invisible characters. */
static int next_word(const char *s, size_t b, size_t *i, size_t *w) {
    size_t n;
    while (*i < b && (n = bl_skip_at(s, b, *i)) > 0)
        *i += n;
    if (*i >= b)
        return 0;
    *w = *i;
    while (*i < b && bl_skip_at(s, b, *i) == 0)
        (*i)++;
    return 1;
}

size_t bl_count_words(const char *s, size_t a, size_t b) {
    size_t n = 0, i = a, w;
    while (next_word(s, b, &i, &w))
        n++;
    return n;
}

/* Is s[w, e) a word of Hangul only? */
static int hangul_word(const char *s, size_t w, size_t e) {
    for (size_t i = w; i < e;)
        if (!bl_is_hangul(bl_utf8_next(s, e, &i)))
            return 0;
    return 1;
}

int bl_is_name(const char *s, size_t a, size_t b) {
    size_t words = 0, hangul = 0, i = a, w;
    while (next_word(s, b, &i, &w)) {
        unsigned char c = (unsigned char)s[w];
        if (i - w == 1 && c == '&')
            continue;
        /* ○ is E2 97 8B. */
        int circle = i - w >= 3 && c == 0xE2 && (unsigned char)s[w + 1] == 0x97 &&
                     (unsigned char)s[w + 2] == 0x8B;
        if (c >= 0x80 && !circle && hangul_word(s, w, i))
            hangul++; /* §7.7: a Name may be 1-3 words of Hangul */
        else if (!is_upper(c) && !is_digit(c) && !circle)
            return 0;
        if (++words > 6)
            return 0;
    }
    return words >= 1 && (hangul == 0 || (hangul == words && words <= 3));
}

int bl_is_speaker(const char *s, size_t a, size_t b) {
    size_t words = 0, i = a, w, qn;
    while (next_word(s, b, &i, &w)) {
        if (++words > 8)
            return 0;
        for (size_t k = w; k < i; k++)
            if (bl_quote_mark_at(s, i, k, &qn))
                return 0;
    }
    return words >= 1;
}

size_t bl_match_paren(const char *s, size_t open, size_t end) {
    int depth = 0;
    for (size_t i = open; i < end; i++) {
        if (s[i] == '(')
            depth++;
        else if (s[i] == ')' && --depth == 0)
            return i;
    }
    return end;
}

/* Records the tag at s[a, b). Returns 0 when it does not fit the compact
 * lineinfo (a "tag" over 64 KiB, or a date followed by 255+ spaces): such
 * a line is no tag. */
static int set_tag(bl_lineinfo *li, size_t a, size_t b) {
    if (a < li->start || a - li->start > 255 || b - a > 65535 || b <= a)
        return 0;
    li->tag_gap = (uint8_t)(a - li->start);
    li->tag_len = (uint16_t)(b - a);
    return 1;
}

/* The first byte is tested inline: most lines fail there, before the
 * memcmp() call. */
static int has_prefix(const char *s, size_t len, size_t i, const char *p) {
    size_t pl = strlen(p);
    return len - i >= pl && s[i] == p[0] && memcmp(s + i, p, pl) == 0;
}

/* "YYYY-MM-DD" or "YYYY.MM.DD" at s[i]. */
static int date_at(const char *s, size_t len, size_t i, int dot_ok) {
    if (len - i < 10)
        return 0;
    for (int k = 0; k < 10; k++) {
        unsigned char c = (unsigned char)s[i + (size_t)k];
        if (k == 4 || k == 7) {
            if (!(c == '-' || (dot_ok && c == '.')))
                return 0;
        } else if (!is_digit(c)) {
            return 0;
        }
    }
    return 1;
}

static int find(const char *s, size_t a, size_t b, const char *p) {
    size_t pl = strlen(p);
    for (size_t i = a; i + pl <= b; i++)
        if (memcmp(s + i, p, pl) == 0)
            return 1;
    return 0;
}

static void meta_shapes(const bl_vocab *v, const char *s, bl_lineinfo *li) {
    size_t a = li->start, b = li->end;
    if (has_prefix(s, b, a, "date ") && date_at(s, b, a + 5, 0)) {
        li->shape = BL_SHAPE_DATE;
        size_t r = a + 15, sk;
        while (r < b && (sk = bl_skip_at(s, b, r)) > 0)
            r += sk;
        size_t m = 0;
        const bl_vocab_entry *e = r < b ? bl_vocab_match(v, s + r, b - r, &m) : NULL;
        if (e && !e->is_label) {
            if (set_tag(li, r, r + m)) {
                li->entry = (int)(e - bl_vocab_entry_at(v, 0));
                li->role = e->role;
            }
        }
    } else if (has_prefix(s, b, a, "입력") || has_prefix(s, b, a, "수정")) {
        li->shape = BL_SHAPE_STAMP;
    } else {
        /* "Title News Today 입력 2020.12.14 ..." on one line (only a line
         * with Hangul can hold it; 입 starts with the byte 0xEC). */
        static const char in[] = "입력 ";
        const char *p = s + a, *end = s + b;
        while ((li->flags & BL_LF_HANGUL) && (size_t)(end - p) >= sizeof in - 1 + 10 &&
               (p = memchr(p, in[0], (size_t)(end - p) - (sizeof in - 1 + 10) + 1)) != NULL) {
            if ((memcmp(p, in, sizeof in - 1) == 0 &&
                 date_at(s, b, (size_t)(p - s) + sizeof in - 1, 1)) ||
                (memcmp(p, in, sizeof in - 2) == 0 && p[sizeof in - 2] == '\t' &&
                 date_at(s, b, (size_t)(p - s) + sizeof in - 1, 1))) {
                li->shape = BL_SHAPE_STAMP;
                break;
            }
            p++;
        }
        if (li->shape != BL_SHAPE_STAMP && date_at(s, b, a, 1)) {
            /* A bare timestamp: date, optional time, nothing else. */
            size_t i = a + 10;
            while (i < b && (is_space((unsigned char)s[i]) || is_digit((unsigned char)s[i]) ||
                             s[i] == ':' || s[i] == '(' || s[i] == ')' || s[i] == 'T'))
                i++;
            if (i == b)
                li->shape = BL_SHAPE_BARE_STAMP;
        }
    }
}

static int slash_shape(const char *s, const bl_lineinfo *li);
static int colon_shape(const char *s, const bl_lineinfo *li);

static int is_chrome(const bl_vocab *v, const char *s, bl_lineinfo *li) {
    size_t a = li->start, b = li->end, n = b - a;
    if ((li->flags & BL_LF_HANGUL) && !(li->flags & BL_LF_LATIN) && bl_vocab_hangul_chrome(v))
        return 1;
    if (bl_vocab_chrome_word(v, s + a, n)) /* a dialect's chrome words (§8) */
        return 1;
    if ((n == 8 && memcmp(s + a, "facebook", 8) == 0) ||
        (n == 7 && memcmp(s + a, "twitter", 7) == 0) || (n == 3 && memcmp(s + a, "TOP", 3) == 0))
        return 1;
    if (has_prefix(s, b, a, "Home >") && find(s, a + 6, b, " > "))
        return 1;
    return has_prefix(s, b, a, "■"); /* "■ 제보하기" footers */
}

/* Case-insensitive: is "[" + s[a,b) + "]" a known tag? (One hash probe,
 * whatever the size of the vocabulary.) */
static int known_tag_ci(const bl_vocab *v, const char *s, size_t a, size_t b) {
    return bl_vocab_known_ci(v, s + a, b - a);
}

size_t bl_close_bracket(const char *s, size_t a, size_t b, int depth) {
    for (size_t i = a; i < b; i++) {
        if (s[i] == '[')
            depth++;
        else if (s[i] == ']' && --depth <= 0)
            return i;
    }
    return b;
}

size_t bl_bracket_colon(const char *s, size_t a, size_t close) {
    size_t n, first = close;
    for (size_t i = a + 1; i < close; i++) {
        if (s[i] != ':')
            continue;
        size_t j = i + 1;
        while (j < close && s[j] == ' ')
            j++;
        if (bl_quote_mark_at(s, close, j, &n))
            return i;
        if (first == close)
            first = i;
    }
    if (first == close || !bl_is_speaker(s, a + 1, first) ||
        bl_count_words(s, first + 1, close) < 1)
        return close;
    /* §7.9: the quote marks are optional; without them a "/" in the speaker
     * slot or more than four words (more than an unknown tag) says it. */
    if (memchr(s + a + 1, '/', first - a - 1) || bl_count_words(s, a + 1, close) > 4)
        return first;
    return close;
}

/* §7.9: a soundbite tag missing its ']' ("[Soundbite Name (Role) : ...")
 * is that tag, its typo flagged. Returns the entry; *m = bytes of the tag. */
static const bl_vocab_entry *soundbite_no_close(const bl_vocab *v, const char *s, size_t a,
                                                size_t b, size_t *m) {
    /* The gate, a few hash probes: some exact "[...]" tag (any case) must
     * end where the line has a ':' or a space, within the longest
     * spelling. Only then the scan below, so that a long vocabulary costs
     * nothing per '[' line that is no such typo. */
    if (b - a < 3)
        return NULL;
    int maybe = 0;
    size_t lim = b - a > BL_VOCAB_MAX_SPELLING ? a + BL_VOCAB_MAX_SPELLING : b;
    /* h: the case-folded hash of s[a + 1, i), one byte more each turn */
    uint32_t h = bl_vocab_ci_step(BL_VOCAB_CI_SEED, (unsigned char)s[a + 1]);
    for (size_t i = a + 2; i < lim && !maybe; i++) {
        if ((s[i] == ':' || bl_skip_at(s, b, i) > 0) &&
            bl_vocab_known_ci_hash(v, s + a + 1, i - a - 1, h))
            maybe = 1;
        h = bl_vocab_ci_step(h, (unsigned char)s[i]);
    }
    if (!maybe)
        return NULL;
    for (size_t k = 0; k < bl_vocab_count(v); k++) {
        const bl_vocab_entry *e = bl_vocab_entry_at(v, k);
        if (b - a < 3 || e->is_label || e->role != BL_ROLE_SOUNDBITE || e->spelling[0] != '[' ||
            e->spelling[1] != s[a + 1])
            continue; /* cheap tests first: a long vocabulary is mostly other roles */
        size_t sl = strlen(e->spelling);
        if (sl < 3 || e->spelling[sl - 1] != ']' || b - a < sl ||
            memcmp(s + a, e->spelling, sl - 1) != 0)
            continue;
        if (s[a + sl - 1] == ':' || bl_skip_at(s, b, a + sl - 1) > 0) {
            *m = sl - 1;
            return e;
        }
    }
    return NULL;
}

/* §7.9: a ':' right after a soundbite tag ("[Soundbite]: Name ..."). */
static int stray_colon(const char *s, size_t i, size_t b) {
    size_t sk;
    while (i < b && (sk = bl_skip_at(s, b, i)) > 0)
        i += sk;
    return i < b && s[i] == ':';
}

static void tag_shapes(const bl_vocab *v, const char *s, bl_lineinfo *li) {
    size_t a = li->start, b = li->end, m = 0;
    if (has_prefix(s, b, a, "[Sound bite:") || has_prefix(s, b, a, "[Sound bites from ")) {
        size_t close = a;
        while (close < b && s[close] != ']')
            close++;
        if (set_tag(li, a, close < b ? close + 1 : b))
            li->shape = BL_SHAPE_RADIO;
        return;
    }
    const bl_vocab_entry *e = bl_vocab_match(v, s + a, b - a, &m);
    int typo = 0;
    if (!e && s[a] == '[')
        typo = (e = soundbite_no_close(v, s, a, b, &m)) != NULL;
    if (e) {
        if (set_tag(li, a, a + m)) {
            li->shape = e->is_label ? BL_SHAPE_LABEL : BL_SHAPE_TAG;
            li->entry = (int)(e - bl_vocab_entry_at(v, 0));
            li->role = e->role;
            if (typo || (e->role == BL_ROLE_SOUNDBITE && stray_colon(s, a + m, b)))
                li->flags |= BL_LF_TAG_TYPO;
        }
        return;
    }
    if (s[a] == '[') {
        /* A bracket soundbite "[Name/Role: "quote"]" (§4, §7.9), which
         * closes at its own ']' (§7.10), on this line or a later one. */
        size_t bclose = bl_close_bracket(s, a, b, 0);
        if (bl_bracket_colon(s, a, bclose) < bclose) {
            li->shape = BL_SHAPE_BRACKET;
            if (bclose < b)
                li->flags |= BL_LF_CLOSES_BRACKET;
            else
                li->flags &= ~(unsigned)BL_LF_CLOSES_BRACKET;
            return;
        }
        size_t close = a + 1;
        while (close < b && s[close] != ']')
            close++;
        size_t inner_a = a + 1, inner_b = close;
        size_t words = bl_count_words(s, inner_a, inner_b);
        int spaced = inner_b > inner_a && (s[inner_a] == ' ' || s[inner_b - 1] == ' ');
        while (inner_a < inner_b && s[inner_a] == ' ')
            inner_a++;
        while (inner_b > inner_a && s[inner_b - 1] == ' ')
            inner_b--;
        if (words >= 1 && words <= 4 && (close == b || spaced) &&
            known_tag_ci(v, s, inner_a, inner_b)) {
            li->shape = BL_SHAPE_MALFORMED;
        } else if (close < b && words >= 1 && words <= 4 && !spaced &&
                   memchr(s + a + 1, '[', close - a - 1) == NULL) {
            li->shape = BL_SHAPE_UNKNOWN_TAG;
        } else {
            return;
        }
        if (!set_tag(li, a, close < b ? close + 1 : b))
            li->shape = BL_SHAPE_TEXT;
        return;
    }
    /* "LEAD]": a known tag missing its "[" (a "]" in the first 41 bytes). */
    const char *close = memchr(s + a, ']', b - a > 41 ? 41 : b - a);
    if (close) {
        size_t cb = (size_t)(close - s);
        if (bl_count_words(s, a, cb) <= 4 && known_tag_ci(v, s, a, cb)) {
            if (set_tag(li, a, cb + 1))
                li->shape = BL_SHAPE_MALFORMED;
        }
    }
}

/* A dialect's attribution template (§8) on a line that is no known tag:
 * the line is a soundbite's first line. Returns 1 if so. */
static int template_shape(const bl_vocab *v, const char *s, bl_lineinfo *li) {
    bl_tmpl_hit hit;
    if (!bl_vocab_template_count(v) ||
        (li->shape != BL_SHAPE_TEXT && li->shape != BL_SHAPE_UNKNOWN_TAG &&
         li->shape != BL_SHAPE_BRACKET) ||
        bl_vocab_template_find(v, s, li->start, li->end, &hit) < 0)
        return 0;
    li->shape = BL_SHAPE_TEMPLATE;
    li->tag_len = 0;
    li->tag_gap = 0;
    return 1;
}

/* ALL-CAPS title shape: >= 2 words, every Latin letter upper-case (at least
 * one), <= 100 bytes, optionally in quotes, no Hangul. */
static int caps_shape(const char *s, const bl_lineinfo *li) {
    if (li->words < 2 || li->end - li->start > 100 || (li->flags & BL_LF_HANGUL))
        return 0;
    int letters = 0;
    for (size_t i = li->start; i < li->end; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_lower(c))
            return 0;
        letters += is_upper(c);
    }
    return letters >= 2;
}

static int numbered_shape(const char *s, const bl_lineinfo *li) {
    size_t i = li->start;
    while (i < li->end && is_digit((unsigned char)s[i]))
        i++;
    if (i == li->start || i + 2 > li->end || s[i] != '.' || s[i + 1] != ' ')
        return 0;
    size_t words = bl_count_words(s, i + 2, li->end);
    return words >= 1 && words <= 12 && !(li->flags & BL_LF_FINAL_PERIOD);
}

static int slash_shape(const char *s, const bl_lineinfo *li) {
    if (li->flags & BL_LF_FINAL_STOP)
        return 0;
    const char *slash = memchr(s + li->start, '/', li->end - li->start);
    if (!slash)
        return 0;
    size_t k = (size_t)(slash - s);
    size_t rw = bl_count_words(s, k + 1, li->end);
    if (rw < 1 || rw > 15 || s[li->start] == '[' || s[li->start] == '(')
        return 0;
    return bl_is_name(s, li->start, k);
}

/* "Name (Role): quote" (name may be empty for the anon shape). Returns 1
 * for a named shape, 2 for "(Source): quote", 0 otherwise. */
static int colon_shape(const char *s, const bl_lineinfo *li) {
    size_t a = li->start, b = li->end;
    const char *open = memchr(s + a, '(', b - a);
    if (!open)
        return 0;
    size_t o = (size_t)(open - s);
    size_t c = bl_match_paren(s, o, b);
    size_t i;
    if (c == b) {
        /* Missing ')': the role runs to the first ':'. */
        const char *colon = memchr(s + o, ':', b - o);
        if (!colon)
            return 0;
        i = (size_t)(colon - s);
    } else {
        i = c + 1;
        while (i < b && s[i] == ' ')
            i++;
        if (i >= b || s[i] != ':')
            return 0;
    }
    if (o == a)
        return 2;
    return bl_is_name(s, a, o) ? 1 : 0;
}

enum { CL_SPACE = 1, CL_LATIN = 2, CL_HIGH = 4 };

/* Byte classes for the word/letter pass: CL_SPACE for the bytes
 * is_space() accepts, CL_LATIN for ASCII letters, CL_HIGH for >= 0x80. */
static const uint8_t byte_class[256] = {
    ['\t'] = CL_SPACE, ['\v'] = CL_SPACE, ['\f'] = CL_SPACE, ['\r'] = CL_SPACE, [' '] = CL_SPACE,
    ['A'] = CL_LATIN,  ['B'] = CL_LATIN,  ['C'] = CL_LATIN,  ['D'] = CL_LATIN,  ['E'] = CL_LATIN,
    ['F'] = CL_LATIN,  ['G'] = CL_LATIN,  ['H'] = CL_LATIN,  ['I'] = CL_LATIN,  ['J'] = CL_LATIN,
    ['K'] = CL_LATIN,  ['L'] = CL_LATIN,  ['M'] = CL_LATIN,  ['N'] = CL_LATIN,  ['O'] = CL_LATIN,
    ['P'] = CL_LATIN,  ['Q'] = CL_LATIN,  ['R'] = CL_LATIN,  ['S'] = CL_LATIN,  ['T'] = CL_LATIN,
    ['U'] = CL_LATIN,  ['V'] = CL_LATIN,  ['W'] = CL_LATIN,  ['X'] = CL_LATIN,  ['Y'] = CL_LATIN,
    ['Z'] = CL_LATIN,  ['a'] = CL_LATIN,  ['b'] = CL_LATIN,  ['c'] = CL_LATIN,  ['d'] = CL_LATIN,
    ['e'] = CL_LATIN,  ['f'] = CL_LATIN,  ['g'] = CL_LATIN,  ['h'] = CL_LATIN,  ['i'] = CL_LATIN,
    ['j'] = CL_LATIN,  ['k'] = CL_LATIN,  ['l'] = CL_LATIN,  ['m'] = CL_LATIN,  ['n'] = CL_LATIN,
    ['o'] = CL_LATIN,  ['p'] = CL_LATIN,  ['q'] = CL_LATIN,  ['r'] = CL_LATIN,  ['s'] = CL_LATIN,
    ['t'] = CL_LATIN,  ['u'] = CL_LATIN,  ['v'] = CL_LATIN,  ['w'] = CL_LATIN,  ['x'] = CL_LATIN,
    ['y'] = CL_LATIN,  ['z'] = CL_LATIN,  [0x80] = CL_HIGH,  [0x81] = CL_HIGH,  [0x82] = CL_HIGH,
    [0x83] = CL_HIGH,  [0x84] = CL_HIGH,  [0x85] = CL_HIGH,  [0x86] = CL_HIGH,  [0x87] = CL_HIGH,
    [0x88] = CL_HIGH,  [0x89] = CL_HIGH,  [0x8A] = CL_HIGH,  [0x8B] = CL_HIGH,  [0x8C] = CL_HIGH,
    [0x8D] = CL_HIGH,  [0x8E] = CL_HIGH,  [0x8F] = CL_HIGH,  [0x90] = CL_HIGH,  [0x91] = CL_HIGH,
    [0x92] = CL_HIGH,  [0x93] = CL_HIGH,  [0x94] = CL_HIGH,  [0x95] = CL_HIGH,  [0x96] = CL_HIGH,
    [0x97] = CL_HIGH,  [0x98] = CL_HIGH,  [0x99] = CL_HIGH,  [0x9A] = CL_HIGH,  [0x9B] = CL_HIGH,
    [0x9C] = CL_HIGH,  [0x9D] = CL_HIGH,  [0x9E] = CL_HIGH,  [0x9F] = CL_HIGH,  [0xA0] = CL_HIGH,
    [0xA1] = CL_HIGH,  [0xA2] = CL_HIGH,  [0xA3] = CL_HIGH,  [0xA4] = CL_HIGH,  [0xA5] = CL_HIGH,
    [0xA6] = CL_HIGH,  [0xA7] = CL_HIGH,  [0xA8] = CL_HIGH,  [0xA9] = CL_HIGH,  [0xAA] = CL_HIGH,
    [0xAB] = CL_HIGH,  [0xAC] = CL_HIGH,  [0xAD] = CL_HIGH,  [0xAE] = CL_HIGH,  [0xAF] = CL_HIGH,
    [0xB0] = CL_HIGH,  [0xB1] = CL_HIGH,  [0xB2] = CL_HIGH,  [0xB3] = CL_HIGH,  [0xB4] = CL_HIGH,
    [0xB5] = CL_HIGH,  [0xB6] = CL_HIGH,  [0xB7] = CL_HIGH,  [0xB8] = CL_HIGH,  [0xB9] = CL_HIGH,
    [0xBA] = CL_HIGH,  [0xBB] = CL_HIGH,  [0xBC] = CL_HIGH,  [0xBD] = CL_HIGH,  [0xBE] = CL_HIGH,
    [0xBF] = CL_HIGH,  [0xC0] = CL_HIGH,  [0xC1] = CL_HIGH,  [0xC2] = CL_HIGH,  [0xC3] = CL_HIGH,
    [0xC4] = CL_HIGH,  [0xC5] = CL_HIGH,  [0xC6] = CL_HIGH,  [0xC7] = CL_HIGH,  [0xC8] = CL_HIGH,
    [0xC9] = CL_HIGH,  [0xCA] = CL_HIGH,  [0xCB] = CL_HIGH,  [0xCC] = CL_HIGH,  [0xCD] = CL_HIGH,
    [0xCE] = CL_HIGH,  [0xCF] = CL_HIGH,  [0xD0] = CL_HIGH,  [0xD1] = CL_HIGH,  [0xD2] = CL_HIGH,
    [0xD3] = CL_HIGH,  [0xD4] = CL_HIGH,  [0xD5] = CL_HIGH,  [0xD6] = CL_HIGH,  [0xD7] = CL_HIGH,
    [0xD8] = CL_HIGH,  [0xD9] = CL_HIGH,  [0xDA] = CL_HIGH,  [0xDB] = CL_HIGH,  [0xDC] = CL_HIGH,
    [0xDD] = CL_HIGH,  [0xDE] = CL_HIGH,  [0xDF] = CL_HIGH,  [0xE0] = CL_HIGH,  [0xE1] = CL_HIGH,
    [0xE2] = CL_HIGH,  [0xE3] = CL_HIGH,  [0xE4] = CL_HIGH,  [0xE5] = CL_HIGH,  [0xE6] = CL_HIGH,
    [0xE7] = CL_HIGH,  [0xE8] = CL_HIGH,  [0xE9] = CL_HIGH,  [0xEA] = CL_HIGH,  [0xEB] = CL_HIGH,
    [0xEC] = CL_HIGH,  [0xED] = CL_HIGH,  [0xEE] = CL_HIGH,  [0xEF] = CL_HIGH,  [0xF0] = CL_HIGH,
    [0xF1] = CL_HIGH,  [0xF2] = CL_HIGH,  [0xF3] = CL_HIGH,  [0xF4] = CL_HIGH,  [0xF5] = CL_HIGH,
    [0xF6] = CL_HIGH,  [0xF7] = CL_HIGH,  [0xF8] = CL_HIGH,  [0xF9] = CL_HIGH,  [0xFA] = CL_HIGH,
    [0xFB] = CL_HIGH,  [0xFC] = CL_HIGH,  [0xFD] = CL_HIGH,  [0xFE] = CL_HIGH,  [0xFF] = CL_HIGH};

/* The word/letter pass sixteen bytes at a time with SSE2 (every x86-64):
 * movemask turns each lane test into one bit per byte. A chunk with a
 * control byte (tab, \v, \f, \r, or any other byte under 0x20) takes the
 * table path. Same contract as swar_scan() below. */
#if defined(__SSE2__) && !defined(BL_NO_SSE2)
#include <emmintrin.h>
#define VEC_SCAN sse2_scan

static unsigned popcount64(uint64_t x) {
    x -= (x >> 1) & 0x5555555555555555ull;
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

static unsigned sse2_scan(const char *s, size_t *i, size_t b, unsigned *seen, unsigned *prev_sp) {
    const __m128i space = _mm_set1_epi8(' '), ctl = _mm_set1_epi8(0x20);
    const __m128i case_bit = _mm_set1_epi8(0x20), before_a = _mm_set1_epi8('a' - 1),
                  after_z = _mm_set1_epi8('z' + 1);
    unsigned carry = *prev_sp, high = 0, words = 0, latin = *seen & CL_LATIN, shift = 0;
    uint64_t starts4 = 0; /* word-start bits of up to four chunks */
    size_t p = *i;
    for (; b - p >= 16; p += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + p));
        unsigned hi = (unsigned)_mm_movemask_epi8(x), sp;
        high |= hi;
        /* Signed compare: bytes under 0x20 and bytes >= 0x80. */
        if ((unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x, ctl)) & ~hi) {
            sp = 0;
            for (unsigned k = 0; k < 16; k++)
                sp |= (unsigned)(byte_class[(unsigned char)s[p + k]] & CL_SPACE) << k;
        } else {
            sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, space));
        }
        if (!latin) {
            /* An ASCII letter: (c | 0x20) in 'a'..'z' (signed: no high byte). */
            __m128i l = _mm_or_si128(x, case_bit);
            latin = _mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(l, before_a),
                                                    _mm_cmplt_epi8(l, after_z))) != 0;
        }
        starts4 |= (uint64_t)(~sp & ((sp << 1) | carry) & 0xFFFF) << shift;
        carry = sp >> 15;
        if ((shift += 16) == 64) {
            words += popcount64(starts4);
            starts4 = 0;
            shift = 0;
        }
    }
    words += popcount64(starts4);
    *i = p;
    *prev_sp = carry;
    *seen |= (latin ? CL_LATIN : 0) | (high ? CL_HIGH : 0);
    return words;
}
#endif

/* The word/letter pass eight bytes at a time (SWAR) on little-endian
 * machines: each mask below has 0x80 in the byte lanes where a test holds,
 * computed exactly (no carry crosses a lane). A chunk with a control byte
 * (tab, \v, \f, \r, or any other byte under 0x20) takes the table path. */
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) &&                                 \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAR 1
#define LANES(c) ((uint64_t)(c)*0x0101010101010101ull)

/* 0x80 in each lane of x whose low 7 bits are >= c (0 < c < 0x80). */
static inline uint64_t low7_ge(uint64_t x, unsigned c) {
    return ((x & LANES(0x7F)) + LANES(0x80 - c)) & LANES(0x80);
}

/* Scans s[*i, b) in whole 8-byte chunks, advancing *i; adds the classes
 * seen to *seen, updates *prev_sp (1: the byte before *i is a space) and
 * returns the words that start in the chunks scanned. */
static unsigned swar_scan(const char *s, size_t *i, size_t b, unsigned *seen, unsigned *prev_sp) {
    const uint64_t H = LANES(0x80);
    uint64_t carry = *prev_sp ? 0x80 : 0, high = 0, words = 0;
    unsigned latin = *seen & CL_LATIN;
    size_t p = *i;
    for (; b - p >= 8; p += 8) {
        uint64_t x, sp;
        memcpy(&x, s + p, 8);
        high |= x;
        if (~(low7_ge(x, 0x20) | x) & H) {
            sp = 0;
            for (unsigned k = 0; k < 8; k++)
                sp |= (uint64_t)(byte_class[(unsigned char)s[p + k]] & CL_SPACE) << (8 * k + 7);
        } else {
            uint64_t t = x ^ LANES(0x20);
            sp = ~(((t & LANES(0x7F)) + LANES(0x7F)) | t) & H;
        }
        if (!latin) {
            /* An ASCII letter: (c | 0x20) in 'a'..'z', high bit clear. */
            uint64_t l = x | LANES(0x20);
            latin = (low7_ge(l, 'a') & ~low7_ge(l, 'z' + 1) & ~x & H) != 0;
        }
        uint64_t starts = ~sp & H & ((sp << 8) | carry);
        words += ((starts >> 7) * LANES(1)) >> 56;
        carry = sp >> 56;
    }
    *i = p;
    *prev_sp = carry != 0;
    *seen |= (latin ? CL_LATIN : 0) | ((high & H) ? CL_HIGH : 0);
    return (unsigned)words;
}
#else
#define SWAR 0
#endif

void bl_line_analyze(const bl_vocab *v, const char *s, size_t len, bl_lineinfo *li) {
    memset(li, 0, sizeof *li);
    li->entry = -1;
    size_t a = 0, b = len;
    const unsigned char *u = (const unsigned char *)s;
    /* §7.3 whitespace and §7.4 invisible characters; most lines start and
     * end with a printable ASCII byte and need no look. */
    if (!(len > 0 && u[0] > ' ' && u[0] < 0x7F && u[len - 1] > ' ' && u[len - 1] < 0x7F))
        bl_trim(s, &a, &b);
    li->start = (uint32_t)a;
    li->end = (uint32_t)b;
    if (a == b) {
        li->shape = BL_SHAPE_BLANK;
        return;
    }
    /* One branch-free pass for words, Latin letters and non-ASCII bytes
     * (a UTF-8 sequence is never a space, so it counts as part of a word),
     * then a UTF-8 pass for Hangul only where there is non-ASCII. */
    unsigned words = 0, seen = 0, prev_sp = 1;
    size_t q = a;
#if defined(VEC_SCAN)
    words = VEC_SCAN(s, &q, b, &seen, &prev_sp);
#endif
#if SWAR
    words += swar_scan(s, &q, b, &seen, &prev_sp);
#endif
    for (; q < b; q++) {
        unsigned k = byte_class[(unsigned char)s[q]], sp = k & CL_SPACE;
        words += prev_sp & (sp ^ CL_SPACE);
        prev_sp = sp;
        seen |= k;
    }
    unsigned latin = seen & CL_LATIN, high = seen & CL_HIGH;
    int hangul = 0;
    for (size_t i = a; high && !hangul && i < b;) {
        if ((unsigned char)s[i] < 0x80)
            i++;
        else
            hangul = bl_is_hangul(bl_utf8_next(s, b, &i));
    }
    /* Non-ASCII whitespace or invisible characters inside the line
     * separate words too (§7.3, §7.4): count them the slow way. */
    for (size_t i = a; high && i < b; i++) {
        if ((unsigned char)s[i] >= 0xC2 && bl_skip_at(s, b, i) > 0) {
            words = (unsigned)bl_count_words(s, a, b);
            break;
        }
    }
    li->words = (uint8_t)(words > 255 ? 255 : words);
    li->flags |= (latin ? BL_LF_LATIN : 0) | (hangul ? BL_LF_HANGUL : 0);
    char last = s[b - 1];
    if (last == '.')
        li->flags |= BL_LF_FINAL_PERIOD;
    if (last == '.' || last == '?' || last == '!')
        li->flags |= BL_LF_FINAL_STOP;
    /* A ']' that no '[' on the line opens: the end of a bracket soundbite
     * begun on an earlier line (§7.10). */
    if (memchr(s + a, ']', b - a) && bl_close_bracket(s, a, b, 1) < b)
        li->flags |= BL_LF_CLOSES_BRACKET;

    li->shape = BL_SHAPE_TEXT;
    meta_shapes(v, s, li);
    if (li->shape == BL_SHAPE_TEXT && bl_vocab_dateline(v, s, a, b, NULL))
        li->shape = BL_SHAPE_BARE_STAMP; /* a dialect's date line (§8) */
    if (li->shape != BL_SHAPE_TEXT)
        return;
    tag_shapes(v, s, li);
    if (template_shape(v, s, li))
        return;
    if (li->shape != BL_SHAPE_TEXT)
        return;
    if (is_chrome(v, s, li)) {
        /* §7.7, §7.12: "홍길동 / 기자" is an attribution before it is
         * chrome; the parser makes it chrome when no quote follows. */
        if (!(li->flags & BL_LF_HANGUL) || !(slash_shape(s, li) || colon_shape(s, li) == 1)) {
            li->shape = BL_SHAPE_CHROME;
            return;
        }
    }
    if (caps_shape(s, li))
        li->flags |= BL_LF_CAPS;
    if (numbered_shape(s, li))
        li->flags |= BL_LF_NUMBERED;
    if (slash_shape(s, li))
        li->flags |= BL_LF_SLASH;
    int cs = colon_shape(s, li);
    if (cs == 1)
        li->flags |= BL_LF_COLON;
    else if (cs == 2)
        li->flags |= BL_LF_ANON;
}
