/* The parse and output fast paths against plain reference definitions:
 * word counts and letter flags (computed eight bytes at a time), the
 * vocabulary match (indexed by first byte) and string interning (hashed by words), on random input
 * that puts every kind of byte at every alignment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "line.h"
#include "suites.h"

/* A small deterministic generator (xorshift), so failures reproduce. */
static uint64_t rng_state;
static unsigned rnd(unsigned n) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static int ref_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

START_TEST(words_and_letters_match_reference) {
    bl_vocab *v = ut_vocab();
    /* Spaces of every kind, \n (no space), NUL, letters at both ends of
     * each range and their neighbours, digits, high bytes, Hangul. */
    static const char alphabet[] = " \t\r\f\v\n\x01\x1f!@AZ[`az{~\x7f"
                                   "0.";
    static const char *const multi[] = {"\xea\xb0\x80", "\xed\x9e\xa3", "\xc3\xa9",
                                        "\xff",         "\x80",         "\xe2\x80\x9c"};
    char buf[160];
    rng_state = 0x9e3779b97f4a7c15ull;
    for (int round = 0; round < 200000; round++) {
        size_t len = rnd(sizeof buf - 4), n = 0;
        unsigned mode = rnd(3);
        int sparse = mode == 1; /* mostly spaces, or mostly other bytes */
        /* Mode 2: letters are rare, so each letter range's ends matter. */
        const char *fill = mode == 2 ? "0.-,!1" : "kamoneTRI-,";
        while (n < len) {
            unsigned r = rnd(20);
            if (r == 0) {
                const char *m = multi[rnd(sizeof multi / sizeof multi[0])];
                size_t ml = strlen(m);
                memcpy(buf + n, m, ml);
                n += ml;
            } else if (r == 1) {
                buf[n++] = '\0';
            } else if (sparse && r < 12) {
                buf[n++] = ' ';
            } else if (r < 4) {
                buf[n++] = alphabet[rnd(sizeof alphabet - 1)];
            } else {
                buf[n++] = fill[rnd((unsigned)strlen(fill))];
            }
        }
        bl_lineinfo li;
        bl_line_analyze(v, buf, n, &li);
        size_t a = 0, b = n;
        while (a < b && ref_space((unsigned char)buf[a]))
            a++;
        while (b > a && ref_space((unsigned char)buf[b - 1]))
            b--;
        ck_assert_uint_eq(li.start, a);
        ck_assert_uint_eq(li.end, b);
        if (a == b) {
            ck_assert_int_eq(li.shape, BL_SHAPE_BLANK);
            continue;
        }
        size_t words = bl_count_words(buf, a, b);
        ck_assert_msg(li.words == (words > 255 ? 255 : words), "round %d: words %u, want %zu",
                      round, (unsigned)li.words, words);
        int latin = 0, hangul = 0;
        for (size_t i = a; i < b; i++) {
            unsigned char c = (unsigned char)buf[i];
            latin |= (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        }
        for (size_t i = a; i < b;)
            hangul |= bl_is_hangul(bl_utf8_next(buf, b, &i));
        ck_assert_msg(!!(li.flags & BL_LF_LATIN) == latin, "round %d: latin flag", round);
        ck_assert_msg(!!(li.flags & BL_LF_HANGUL) == hangul, "round %d: hangul flag", round);
    }
}
END_TEST

START_TEST(vocab_match_matches_reference) {
    bl_vocab *v = ut_vocab();
    /* Overlapping prefixes, a label that is a tag's prefix, a replaced
     * role, one-byte spellings, non-ASCII first bytes. */
    static const char rc[] = "lead = [Intro], [Intro] Part, <A>, <, \xe2\x97\x80 Lead\n"
                             "report = [Reporter], [Rep, [Intro]\n"
                             "label.lead = Host, Ho, Anchor\n"
                             "label.report = A, Correspondent Two\n"
                             "x.soundbite = [SOT], [SOT]]\n";
    char err[128] = "";
    ck_assert_int_eq(bl_vocab_load_text(v, rc, strlen(rc), err, sizeof err), BL_OK);
    static const char *const tails[] = {"",  ":",    " ",    "]",    "] x", ": y",
                                        "x", "Lead", "ead]", "\xe2", "::"};
    char buf[128];
    rng_state = 0x2545f4914f6cdd1dull;
    for (int round = 0; round < 100000; round++) {
        size_t n = 0;
        const bl_vocab_entry *e = bl_vocab_entry_at(v, rnd((unsigned)bl_vocab_count(v)));
        size_t sl = strlen(e->spelling);
        size_t take = rnd(3) ? sl : rnd((unsigned)sl + 1);
        if (take > 64)
            take = 64;
        memcpy(buf, e->spelling, take);
        n = take;
        for (unsigned k = rnd(3); k > 0; k--) {
            const char *t = tails[rnd(sizeof tails / sizeof tails[0])];
            memcpy(buf + n, t, strlen(t));
            n += strlen(t);
        }
        if (rnd(4) == 0 && n > 0)
            buf[rnd((unsigned)n)] ^= 0x20;
        size_t m1 = 99, m2 = 99;
        const bl_vocab_entry *got = bl_vocab_match(v, buf, n, &m1);
        const bl_vocab_entry *want = ut_vocab_match_ref(v, buf, n, &m2);
        ck_assert_msg(got == want && m1 == m2, "round %d: '%.*s' matched %s (%zu), want %s (%zu)",
                      round, (int)n, buf, got ? got->spelling : "-", m1,
                      want ? want->spelling : "-", m2);
    }
}
END_TEST

/* Interning: equal byte strings (embedded NULs included) share one copy,
 * different ones never do, across the set's growth. */
START_TEST(intern_shares_equal_strings) {
    enum { N = 5000 };
    static char keys[N][24];
    static size_t lens[N];
    static const char *first[N];
    bl_arena arena = {0};
    rng_state = 0xda942042e4dd58b5ull;
    for (int k = 0; k < N; k++) {
        lens[k] = rnd(24);
        for (size_t j = 0; j < lens[k]; j++)
            keys[k][j] = (char)("ab\0 A"[rnd(5)]);
        first[k] = NULL;
    }
    for (int round = 0; round < 4 * N; round++) {
        int k = (int)rnd(N);
        const char *p = bl_arena_intern(&arena, keys[k], lens[k]);
        ck_assert_ptr_nonnull(p);
        ck_assert_int_eq(memcmp(p, keys[k], lens[k]), 0);
        ck_assert_int_eq(p[lens[k]], '\0');
        if (first[k] == NULL) {
            /* A key equal to an earlier one gets the earlier copy. */
            for (int j = 0; j < N; j++)
                if (first[j] && lens[j] == lens[k] && memcmp(keys[j], keys[k], lens[k]) == 0) {
                    ck_assert_ptr_eq(p, first[j]);
                    break;
                }
            first[k] = p;
        }
        ck_assert_ptr_eq(p, first[k]);
    }
    for (int j = 0; j < N; j++)
        for (int k = j + 1; k < N && first[j]; k++)
            if (first[k] == first[j])
                ck_assert(lens[j] == lens[k] && memcmp(keys[j], keys[k], lens[k]) == 0);
    bl_arena_free(&arena);
}
END_TEST

Suite *lineinfo_suite(void) {
    Suite *s = suite_create("lineinfo");
    TCase *tc = ut_tcase("reference", 60);
    tcase_add_test(tc, words_and_letters_match_reference);
    tcase_add_test(tc, vocab_match_matches_reference);
    tcase_add_test(tc, intern_shares_equal_strings);
    suite_add_tcase(s, tc);
    return s;
}
