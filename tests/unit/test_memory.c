/* Memory follows the live text (issue 13 item 2): the texts of a large
 * replace share one block, and a block that is mostly deleted again is
 * compacted instead of being pinned by its last line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rstr.h"
#include "suites.h"

enum { PASTE_LINES = 64, LINE_BYTES = 256 * 1024, ROUNDS = 32 };

/* The doc's text memory is within 4x its live text plus 256 KiB (doc.h). */
static void assert_follows(const bl_doc *doc, int round) {
    size_t allocated, live;
    bl_doc_text_bytes(doc, &allocated, &live);
    ck_assert_msg(allocated <= 4 * live + 256 * 1024,
                  "round %d: %zu bytes allocated for %zu live bytes of text", round, allocated,
                  live);
}

/* The sequence: paste 64 lines of 256 KiB, delete 63 of them,
 * 32 times: 8 MiB of live text. Without compaction the doc kept 32 blocks
 * of 16 MiB (512 MiB). */
START_TEST(paste_delete_compacts) {
    bl_doc *doc = ut_doc_empty(NULL);
    char *line = ut_keep(malloc(LINE_BYTES));
    memset(line, 'x', LINE_BYTES);
    for (size_t i = 63; i < LINE_BYTES; i += 64)
        line[i] = ' ';
    const char *texts[PASTE_LINES];
    size_t lens[PASTE_LINES];
    for (int k = 0; k < PASTE_LINES; k++) {
        texts[k] = line;
        lens[k] = LINE_BYTES;
    }
    for (int round = 0; round < ROUNDS; round++) {
        int32_t n = bl_doc_line_count(doc);
        ck_assert_int_eq(bl_doc_replace(doc, n, n, PASTE_LINES, texts, lens), BL_OK);
        ck_assert_int_eq(bl_doc_line_count(doc), n + PASTE_LINES);
        /* Delete all of the paste but its middle line. */
        ck_assert_int_eq(bl_doc_replace(doc, n, n + 31, 0, NULL, NULL), BL_OK);
        ck_assert_int_eq(bl_doc_replace(doc, n + 1, n + 33, 0, NULL, NULL), BL_OK);
        ck_assert_int_eq(bl_doc_line_count(doc), round + 1);
        assert_follows(doc, round);
    }
    size_t allocated, live;
    bl_doc_text_bytes(doc, &allocated, &live);
    ck_assert_uint_eq(live, (size_t)ROUNDS * (LINE_BYTES + 1));
    /* Every surviving line still reads as written. */
    for (int32_t i = 0; i < bl_doc_line_count(doc); i++) {
        size_t len;
        const char *s = bl_doc_line(doc, i, &len);
        ck_assert_uint_eq(len, LINE_BYTES);
        ck_assert_int_eq(memcmp(s, line, LINE_BYTES), 0);
        ck_assert_int_eq(s[len], '\0');
    }
    ck_assert_int_eq(bl_doc_update(doc, NULL), BL_OK);
}
END_TEST

/* Many small edits inside big blocks, against a fresh parse of the same
 * text: compaction moves texts, the doc reads the same, and memory
 * follows the text throughout. */
START_TEST(compaction_keeps_text) {
    bl_doc *doc = ut_doc_empty(NULL);
    enum { N = 200 };
    char bufs[N][128];
    const char *texts[N];
    size_t lens[N];
    uint64_t r = 12345;
    for (int round = 0; round < 60; round++) {
        for (int k = 0; k < N; k++) {
            r = r * 6364136223846793005ull + 1442695040888963407ull;
            int len = snprintf(bufs[k], sizeof bufs[k], "%s line %d.%d %llu %.80s",
                               k % 17 == 0 ? "[LEAD]" : (k % 13 == 0 ? "[REPORT]" : "Text"), round,
                               k, (unsigned long long)(r >> 40),
                               "padding padding padding padding padding padding padding padding");
            texts[k] = bufs[k];
            lens[k] = (size_t)len;
        }
        int32_t n = bl_doc_line_count(doc);
        int32_t at = n ? (int32_t)((r >> 20) % (uint64_t)(n + 1)) : 0;
        ck_assert_int_eq(bl_doc_replace(doc, at, at, N, texts, lens), BL_OK);
        /* Delete most of what is there, in a few ranges. */
        for (int cut = 0; cut < 4; cut++) {
            n = bl_doc_line_count(doc);
            r = r * 6364136223846793005ull + 1442695040888963407ull;
            int32_t a = (int32_t)((r >> 33) % (uint64_t)n);
            int32_t b = a + (n - a) * 3 / 4;
            ck_assert_int_eq(bl_doc_replace(doc, a, b, 0, NULL, NULL), BL_OK);
        }
        assert_follows(doc, round);
        ck_assert_int_eq(bl_doc_update(doc, NULL), BL_OK);
        /* The same text, parsed afresh, gives the same outline. */
        size_t total = 0;
        for (int32_t i = 0; i < bl_doc_line_count(doc); i++) {
            size_t len;
            bl_doc_line(doc, i, &len);
            total += len + 1;
        }
        char *all = ut_keep(malloc(total + 1));
        size_t off = 0;
        for (int32_t i = 0; i < bl_doc_line_count(doc); i++) {
            size_t len;
            const char *s = bl_doc_line(doc, i, &len);
            memcpy(all + off, s, len);
            off += len;
            all[off++] = '\n';
        }
        bl_doc *fresh = ut_doc_n(NULL, all, off);
        ck_assert_str_eq(ut_serialize(doc), ut_serialize(fresh));
    }
}
END_TEST

/* bl_doc_take_lines() with the right count, none (-1), a short one, a
 * long one and one past the line cap: the same lines, outline, folds and
 * kinds as set_text. */
START_TEST(take_lines_any_count) {
    static const char *texts[] = {
        "1. Title\n\n[LEAD]\nText.\n\nKim / Mayor\n\"Quote.\"\n",
        "no final newline\n[REPORT]\nlast",
        "\n\n\n",
        "",
    };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        size_t len = strlen(texts[t]);
        bl_doc *want = ut_doc_n(NULL, texts[t], len);
        int32_t n = bl_doc_line_count(want);
        int64_t counts[] = {n, -1, 0, n > 1 ? n / 2 : 0, (int64_t)n + 5, (int64_t)BL_MAX_LINES + 1};
        for (size_t k = 0; k < sizeof counts / sizeof *counts; k++) {
            bl_doc *d = ut_doc_empty(NULL);
            char *buf = malloc(len + 1);
            ck_assert_ptr_nonnull(buf);
            memcpy(buf, texts[t], len + 1);
            ck_assert_int_eq(bl_doc_take_lines(d, buf, len, counts[k]), BL_OK); /* owns buf */
            ck_assert_int_eq(bl_doc_update(d, NULL), BL_OK);
            ck_assert_int_eq(bl_doc_line_count(d), n);
            ck_assert_str_eq(ut_serialize(d), ut_serialize(want));
        }
    }
}
END_TEST

/* Two docs of the same text, one keeping its quotes' text and one not
 * (bl_doc_set_quote_text): the same items but for that text, which is ""
 * wherever the other has any; the same folds and line kinds. */
static void same_but_quote_text(bl_doc *keep, bl_doc *drop) {
    size_t n, m;
    const bl_item *a = bl_doc_items(keep, &n), *b = bl_doc_items(drop, &m);
    ck_assert_uint_eq(n, m);
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(a[i].kind, b[i].kind);
        ck_assert_int_eq(a[i].level, b[i].level);
        ck_assert_int_eq(a[i].form, b[i].form);
        ck_assert_int_eq(a[i].line, b[i].line);
        ck_assert_int_eq(a[i].end_line, b[i].end_line);
        ck_assert_int_eq(a[i].quote_line, b[i].quote_line);
        ck_assert_uint_eq(a[i].quote_col, b[i].quote_col);
        ck_assert_uint_eq(a[i].quote_end_col, b[i].quote_end_col);
        if (a[i].kind == BL_ITEM_STORY) {
            ck_assert_pstr_eq(a[i].title, b[i].title);
        } else if (a[i].kind == BL_ITEM_SECTION) {
            ck_assert_pstr_eq(a[i].tag, b[i].tag);
            ck_assert_pstr_eq(a[i].section, b[i].section);
        } else {
            ck_assert_pstr_eq(a[i].speaker, b[i].speaker);
            ck_assert_pstr_eq(a[i].role, b[i].role);
            ck_assert_int_eq(a[i].quote == NULL, b[i].quote == NULL);
            if (b[i].quote != NULL) {
                ck_assert_str_eq(b[i].quote, "");
                ck_assert_uint_eq(bl_rstr_len(b[i].quote), 0);
            }
        }
    }
    int32_t lines = bl_doc_line_count(keep);
    ck_assert_int_eq(lines, bl_doc_line_count(drop));
    for (int32_t i = 0; i < lines; i++) {
        ck_assert_int_eq(bl_doc_fold_value(keep, i), bl_doc_fold_value(drop, i));
        ck_assert_int_eq(bl_doc_line_kind(keep, i), bl_doc_line_kind(drop, i));
    }
}

/* Every soundbite form, one-line and running on (a bracket over two
 * lines, a quote over three), and a dialect's templates; then random
 * edits of both docs alike, each updated incrementally. */
START_TEST(quote_text_off_same_items) {
    bl_vocab *v = ut_rc_vocab("attribution = [{speaker} / {role}: {quote}]\n"
                              "attribution = {speaker} ({role}) says {quote}\n");
    static const char *const pool[] = {
        "1. Storm Hits Coast",
        "",
        "[LEAD]",
        "[REPORT]",
        "Narration goes here.",
        "Kim Min-su / Professor",
        "\"A quote on one line.\"",
        "\"An opening quote line",
        "that goes on",
        "and closes.\"",
        "[Soundbite] Kim (Mayor) : \"Yes.\"",
        "Lee Ji-hoon (Student): \"No.\"",
        "(Source): \"Anonymous words.\"",
        "[Kim Min-su/Professor: \"First part.",
        "Second part.\"]",
        "Park: \"Radio words.\"",
        "[Jung / Seoul City: we closed the roads",
        "to keep drivers safe] she said.",
        "Oh Dong (resident) says the water rose",
        "2. Bridge Reopens",
        "[Soundbite]",
        "Choi \xe2\x80\x8bWoo / Minister",
        "\"\xe2\x80\x8bInvisible\xe2\x80\x8b.\"",
    };
    const size_t np = sizeof pool / sizeof pool[0];
    const char *start = "1. Title\n\n[LEAD]\nText.\n\nKim / Mayor\n\"Quote.\"\n";
    bl_doc *keep = ut_doc_empty(v), *drop = ut_doc_empty(v);
    bl_doc_set_quote_text(drop, 0);
    ck_assert_int_eq(bl_doc_set_text(keep, start, strlen(start)), BL_OK);
    ck_assert_int_eq(bl_doc_set_text(drop, start, strlen(start)), BL_OK);
    ck_assert_int_eq(bl_doc_update(keep, NULL), BL_OK);
    ck_assert_int_eq(bl_doc_update(drop, NULL), BL_OK);
    same_but_quote_text(keep, drop);
    unsigned long long x = 0x2545F4914F6CDD1Dull;
    size_t with_text = 0;
    for (int step = 0; step < 800; step++) {
        ut_edit e;
        ut_random_edit(&x, bl_doc_line_count(keep), 4, 60, pool, np, &e);
        ck_assert_int_eq(bl_doc_replace(keep, e.first, e.last, e.k, e.txt, e.len), BL_OK);
        ck_assert_int_eq(bl_doc_replace(drop, e.first, e.last, e.k, e.txt, e.len), BL_OK);
        ck_assert_int_eq(bl_doc_update(keep, NULL), BL_OK);
        ck_assert_int_eq(bl_doc_update(drop, NULL), BL_OK);
        same_but_quote_text(keep, drop);
        size_t n;
        const bl_item *it = bl_doc_items(keep, &n);
        for (size_t i = 0; i < n; i++)
            with_text += it[i].kind == BL_ITEM_QUOTE && it[i].quote && it[i].quote[0];
    }
    ck_assert_uint_gt(with_text, 1000); /* the comparison saw quote text */
}
END_TEST

Suite *memory_suite(void) {
    Suite *s = suite_create("memory");
    TCase *tc = ut_tcase("memory", 120);
    tcase_add_test(tc, paste_delete_compacts);
    tcase_add_test(tc, compaction_keeps_text);
    tcase_add_test(tc, take_lines_any_count);
    tcase_add_test(tc, quote_text_off_same_items);
    suite_add_tcase(s, tc);
    return s;
}
