/* The CLI's JSON string escaping (core/cli/emit.h, eight plain bytes at a
 * time) against a byte-wise reference, on random input that puts every
 * kind of byte at every alignment. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appsuites.h"
#include "emit.h"

/* A small deterministic generator (xorshift), so failures reproduce. */
static uint64_t rng_state;
static unsigned rnd(unsigned n) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

/* JSON string escaping (eight plain bytes at a time) against a byte-wise
 * reference, on strings of ASCII, valid UTF-8 and stray high bytes. */
START_TEST(json_escape_matches_reference) {
    static const char *const pieces[] = {
        "\"",   "\\",  "\n",       "\r",           "\t",
        "\b",   "\f",  "\x01",     "\x1f",         "\x7f",
        " ",    "~",   "\xc3\xa9", "\xea\xb0\x80", "\xf0\x9f\x98\x80",
        "\xff", "\x80"};
    static const char *const escaped[] = {"\\\"",
                                          "\\\\",
                                          "\\n",
                                          "\\r",
                                          "\\t",
                                          "\\b",
                                          "\\f",
                                          "\\u0001",
                                          "\\u001f",
                                          "\x7f",
                                          " ",
                                          "~",
                                          "\xc3\xa9",
                                          "\xea\xb0\x80",
                                          "\xf0\x9f\x98\x80",
                                          "\xef\xbf\xbd",
                                          "\xef\xbf\xbd"};
    enum { NP = sizeof pieces / sizeof pieces[0] };
    char in[400], want[2600];
    rng_state = 0x853c49e6748fea9bull;
    for (int round = 0; round < 20000; round++) {
        size_t n = 0, w = 0;
        want[w++] = '"';
        unsigned count = rnd(60), plain = rnd(4); /* long plain runs in some rounds */
        for (unsigned k = 0; k < count; k++) {
            if (plain && rnd(8) != 0) {
                char c = (char)('a' + rnd(26));
                in[n++] = c;
                want[w++] = c;
                continue;
            }
            unsigned j = rnd(NP);
            memcpy(in + n, pieces[j], strlen(pieces[j]));
            n += strlen(pieces[j]);
            memcpy(want + w, escaped[j], strlen(escaped[j]));
            w += strlen(escaped[j]);
        }
        want[w++] = '"';
        char *got = NULL;
        size_t glen = 0;
        FILE *f = open_memstream(&got, &glen);
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(bl_emit_json_str(f, in, n), 0);
        fclose(f);
        ut_keep(got);
        ck_assert_msg(glen == w && memcmp(got, want, w) == 0, "round %d: got %.*s, want %.*s",
                      round, (int)glen, got, (int)w, want);
    }
}
END_TEST

Suite *emit_suite(void) {
    Suite *s = suite_create("emit");
    TCase *tc = ut_tcase("core", 30);
    tcase_add_test(tc, json_escape_matches_reference);
    suite_add_tcase(s, tc);
    return s;
}
