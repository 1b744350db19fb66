#include "detect.h"

#include <stdint.h>
#include <string.h>

/* The text being matched: one line [p, end), and how it decodes. */
typedef struct {
    const unsigned char *p;
    size_t i, end;
    int latin1;
} cur;

/* The code point at c->i and its length *k (0 at the end of the line). */
static uint32_t peek(const cur *c, size_t *k) {
    if (c->i >= c->end) {
        *k = 0;
        return 0;
    }
    unsigned b = c->p[c->i];
    if (b < 0x80 || c->latin1) {
        *k = 1;
        return b;
    }
    size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    uint32_t cp = b & (need == 2 ? 0x1F : need == 3 ? 0x0F : 0x07);
    for (size_t j = 1; j < need && c->i + j < c->end; j++)
        cp = (cp << 6) | (c->p[c->i + j] & 0x3F);
    *k = need;
    return cp;
}

/* 1 when all of s[0, len) is well-formed UTF-8 (a sequence cut by the end
 * of what was read counts as well-formed). */
static int valid_utf8(const unsigned char *s, size_t len) {
    for (size_t i = 0; i < len;) {
        unsigned b = s[i];
        size_t need = b < 0x80                 ? 1
                      : b >= 0xC2 && b < 0xE0  ? 2
                      : b >= 0xE0 && b < 0xF0  ? 3
                      : b >= 0xF0 && b <= 0xF4 ? 4
                                               : 0;
        if (need == 0)
            return 0;
        for (size_t j = 1; j < need; j++)
            if (i + j < len && (s[i + j] & 0xC0) != 0x80)
                return 0;
        i += need;
    }
    return 1;
}

static int is_lead(uint32_t cp) {
    return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x2007 || cp == 0x202F || cp == 0x3000 ||
           cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF;
}

/* Vim's character class of cp (utf_class() with the default 'iskeyword'
 * "@,48-57,_,192-255"): 0 blank, 1 punctuation, 2 word, other values for
 * scripts that form words of their own (CJK, Hangul, kana, ...). The
 * common ranges; rare punctuation of other scripts counts as a word. */
static uint32_t vim_class(uint32_t cp) {
    if (cp == 0 || cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000)
        return 0;
    if (cp < 0x100) {
        int word = (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
                   (cp >= 'a' && cp <= 'z') || cp == '_' || cp >= 0xC0;
        return word ? 2 : 1;
    }
    if ((cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
        cp == 0x205F)
        return 0;
    if ((cp >= 0x200C && cp <= 0x2BFF) || (cp >= 0x2E00 && cp <= 0x2E7F) ||
        (cp >= 0x3001 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE6B) ||
        (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
        (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
        (cp >= 0x1F000 && cp <= 0x1FAFF))
        return 1;
    if (cp >= 0x3040 && cp <= 0x309F)
        return 0x3040;
    if (cp >= 0x30A0 && cp <= 0x30FF)
        return 0x30A0;
    if ((cp >= 0x3300 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0x20000 && cp <= 0x2FFFF))
        return 0x4E00;
    if (cp >= 0xAC00 && cp <= 0xD7A3)
        return 0xAC00;
    return 2;
}

/* Consumes the ASCII literal s at c->i: 1 and moved, or 0 and not. */
static int lit(cur *c, const char *s) {
    size_t n = strlen(s);
    if (c->end - c->i < n || memcmp(c->p + c->i, s, n) != 0)
        return 0;
    c->i += n;
    return 1;
}

static void blanks(cur *c) {
    while (c->i < c->end && (c->p[c->i] == ' ' || c->p[c->i] == '\t'))
        c->i++;
}

/* n ASCII digits. */
static int digits(cur *c, size_t n) {
    if (c->end - c->i < n)
        return 0;
    for (size_t j = 0; j < n; j++)
        if (c->p[c->i + j] < '0' || c->p[c->i + j] > '9')
            return 0;
    c->i += n;
    return 1;
}

/* YYYY S MM S DD with S one of seps. */
static int ymd(cur *c, const char *seps) {
    if (!digits(c, 4) || c->i >= c->end || !strchr(seps, c->p[c->i]) || c->p[c->i] == '\0')
        return 0;
    c->i++;
    if (!digits(c, 2) || c->i >= c->end || !strchr(seps, c->p[c->i]) || c->p[c->i] == '\0')
        return 0;
    c->i++;
    return digits(c, 2);
}

/* Vim's \> after an ASCII digit (class 2): the next character is of
 * another class, or the line ends. */
static int end_of_word(const cur *c) {
    size_t k;
    uint32_t cp = peek(c, &k);
    return k == 0 || vim_class(cp) != 2;
}

/* The signs after the lead, at c->i (a copy: each alternative starts
 * over). */
static int sign(cur c0) {
    static const char *const tags[] = {"[LEAD]",   "[REPORT]", "[Anchor Lead]",
                                       "[Anchor]", "[Pkg]",    "[Report]"};
    cur c = c0;
    if (lit(&c, "date ") && ymd(&c, "-") && end_of_word(&c))
        return 1;
    c = c0;
    if (lit(&c, "\xEC\x9E\x85\xEB\xA0\xA5")) { /* 입력 */
        blanks(&c);
        if (ymd(&c, "-."))
            return 1;
    }
    for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++) {
        c = c0;
        if (lit(&c, tags[t])) {
            blanks(&c);
            if (c.i == c.end)
                return 1;
        }
    }
    c = c0;
    if (lit(&c, "[News]")) {
        blanks(&c);
        if (lit(&c, "l")) {
            blanks(&c);
            if (ymd(&c, "-") && end_of_word(&c))
                return 1;
        }
    }
    c = c0;
    if (lit(&c, "[News Today]")) {
        blanks(&c);
        if (c.i < c.end)
            return 1;
    }
    return 0;
}

/* Moves c->i past the lead. */
static void lead(cur *c) {
    for (;;) {
        size_t k;
        uint32_t cp = peek(c, &k);
        if (k == 0 || !is_lead(cp))
            return;
        c->i += k;
    }
}

int bl_detect_text(const char *text, size_t len) {
    const unsigned char *p = (const unsigned char *)text;
    /* Vim's 'fileformats' "unix,dos": dos when every "\n" follows "\r". */
    int dos = 0;
    const unsigned char *nl = memchr(p, '\n', len);
    if (nl != NULL && nl > p && nl[-1] == '\r') {
        dos = 1;
        for (size_t i = 0; i < len && dos; i++)
            if (p[i] == '\n' && (i == 0 || p[i - 1] != '\r'))
                dos = 0;
    }
    /* A UTF-8 BOM is dropped ('fileencodings' ucs-bom). */
    size_t start = len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    int latin1 = !valid_utf8(p + start, len - start);
    int anchor = 0;
    for (int n = 0; n < BL_DETECT_LINES && start < len; n++) {
        const unsigned char *e = memchr(p + start, '\n', len - start);
        size_t end = e ? (size_t)(e - p) : len;
        size_t next = e ? end + 1 : len;
        if (dos && e != NULL && end > start && p[end - 1] == '\r')
            end--;
        cur c = {p, start, end, latin1};
        lead(&c);
        if (sign(c))
            return 1;
        cur r = c;
        if (anchor && lit(&r, "Report:"))
            return 1;
        r = c;
        anchor = anchor || lit(&r, "Anchor:");
        start = next;
    }
    return 0;
}

int bl_detect_other_txt(const char *name) {
    static const char *const exact[] = {
        "CMakeLists.txt", "CMakeCache.txt",    "requirements.txt", "constraints.txt",
        "robots.txt",     "meson_options.txt", "deno_history.txt", "lltxxxxx.txt",
    };
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (strcmp(name, exact[i]) == 0)
            return 1;
    size_t n = strlen(name);
    if (n > 17 && strcmp(name + n - 17, "-requirements.txt") == 0)
        return 1;
    if (strncmp(name, "requirements-", 13) == 0 || strncmp(name, "hg-editor-", 10) == 0)
        return 1;
    return 0;
}
