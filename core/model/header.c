#include "header.h"

#include <string.h>

static const char *const programs[] = {"News Today", "News 9", "KBS NEWS"};
static const char label_in[] = "입력";

static int is_digit(char c) {
    return c >= '0' && c <= '9';
}

/* Offset of p in s[a, b), or b. */
static size_t find(const char *s, size_t a, size_t b, const char *p) {
    size_t pl = strlen(p);
    for (size_t i = a; i + pl <= b; i++)
        if (memcmp(s + i, p, pl) == 0)
            return i;
    return b;
}

int bl_header_program(const char *s, const bl_lineinfo *li, size_t *pa, size_t *pb) {
    if (li->role == BL_ROLE_PROGRAM && bl_tag_end(li) > bl_tag_start(li) + 2) {
        *pa = bl_tag_start(li) + 1;
        *pb = bl_tag_end(li) - 1;
        return 1;
    }
    size_t best = li->end, best_len = 0;
    for (size_t k = 0; k < sizeof programs / sizeof programs[0]; k++) {
        size_t at = find(s, li->start, li->end, programs[k]);
        if (at < best) {
            best = at;
            best_len = strlen(programs[k]);
        }
    }
    if (best == li->end)
        return 0;
    *pa = best;
    *pb = best + best_len;
    return 1;
}

/* Parses "YYYY.MM.DD (HH:MM)" / "YYYY-MM-DD HH:MM:SS" at s[i]. */
static int parse_stamp(const char *s, size_t i, size_t b, char *out) {
    if (b - i < 10)
        return 0;
    for (int k = 0; k < 10; k++) {
        char c = s[i + (size_t)k];
        if ((k == 4 || k == 7) ? !(c == '.' || c == '-') : !is_digit(c))
            return 0;
    }
    out[0] = '\0'; /* §7.6: a date alone is no timestamp */
    size_t j = i + 10, n;
    while (j < b && ((n = bl_skip_at(s, b, j)) > 0 || s[j] == '(' || s[j] == 'T'))
        j += n ? n : 1;
    if (j + 5 <= b && is_digit(s[j]) && is_digit(s[j + 1]) && s[j + 2] == ':' &&
        is_digit(s[j + 3]) && is_digit(s[j + 4])) {
        memcpy(out, s + i, 10);
        out[4] = out[7] = '-';
        out[10] = 'T';
        memcpy(out + 11, s + j, 5);
        out[16] = '\0';
        if (j + 8 <= b && s[j + 5] == ':' && is_digit(s[j + 6]) && is_digit(s[j + 7])) {
            memcpy(out + 16, s + j + 5, 3);
            out[19] = '\0';
        }
    }
    return 1;
}

int bl_header_stamp(const char *s, const bl_lineinfo *li, const char *label, char *out) {
    size_t at = find(s, li->start, li->end, label);
    if (at == li->end)
        return 0;
    size_t i = at + strlen(label), n;
    while (i < li->end && ((n = bl_skip_at(s, li->end, i)) > 0 || s[i] == ':'))
        i += n ? n : 1;
    return parse_stamp(s, i, li->end, out);
}

int bl_header_bare_stamp(const char *s, const bl_lineinfo *li, char *out) {
    return li->shape == BL_SHAPE_BARE_STAMP && parse_stamp(s, li->start, li->end, out);
}

int bl_header_title(const char *s, const bl_lineinfo *li, size_t *ta, size_t *tb) {
    size_t a = li->start, b = li->end;
    if (li->shape == BL_SHAPE_DATE)
        a += 15; /* "date YYYY-MM-DD" */
    if (bl_tag_end(li) > 0) {
        if (li->role != BL_ROLE_PROGRAM)
            return 0;
        a = bl_tag_end(li);
    } else {
        size_t pa, pb;
        size_t cut = find(s, a, b, label_in);
        if (bl_header_program(s, li, &pa, &pb) && pa < cut)
            cut = pa;
        else if (cut == b)
            return 0; /* nothing marks where a title would end */
        b = cut;
    }
    while (a < b && (s[a] == ' ' || s[a] == '\t'))
        a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
        b--;
    if (a == b)
        return 0;
    for (size_t i = a; i < b;)
        if (bl_is_hangul(bl_utf8_next(s, b, &i)))
            return 0;
    *ta = a;
    *tb = b;
    return 1;
}

void bl_header_meta(const bl_vocab *v, const bl_pline *L, int32_t n, bl_header_facts *f) {
    int have_in = 0, have_mod = 0;
    char bare[sizeof f->posted] = "";
    memset(f, 0, sizeof *f);
    for (int32_t i = 0; i < n; i++) {
        const bl_lineinfo *li = &L[i].info;
        const char *s = L[i].text;
        int meta = li->shape == BL_SHAPE_DATE || li->shape == BL_SHAPE_STAMP;
        int prog_tag = li->shape == BL_SHAPE_TAG && li->role == BL_ROLE_PROGRAM;
        if (!meta && !prog_tag && li->shape != BL_SHAPE_BARE_STAMP)
            continue;
        if (li->shape == BL_SHAPE_DATE && !f->date[0]) {
            memcpy(f->date, s + li->start + 5, 10);
            f->date[10] = '\0';
        }
        size_t pa, pb;
        if (!f->program && bl_header_program(s, li, &pa, &pb) && li->shape != BL_SHAPE_BARE_STAMP) {
            f->program = s + pa;
            f->program_len = pb - pa;
        }
        if (meta && !have_in && bl_header_stamp(s, li, "입력", f->posted))
            have_in = 1;
        if (meta && !have_mod && bl_header_stamp(s, li, "수정", f->updated))
            have_mod = 1;
        /* a dialect's date line (§8) gives its own time */
        if (!bare[0] && li->shape == BL_SHAPE_BARE_STAMP &&
            !bl_vocab_dateline(v, s, li->start, li->end, bare))
            bl_header_bare_stamp(s, li, bare);
    }
    if (!have_in)
        memcpy(f->posted, bare, sizeof bare);
    if (!have_mod)
        f->updated[0] = '\0';
}
