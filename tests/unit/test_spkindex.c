/* The speaker index (core/model/spkindex.c, issue 11) and the .txt
 * detection of the directory walk (core/model/detect.c): near keys,
 * tidying, role conflicts, near-duplicate groups, out-of-memory runs; the
 * detection's comparison with a real Vim is tests/cli/test_archive.py. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "detect.h"
#include "spkindex.h"
#include "suites.h"

static bl_spkindex *idx_new(void) {
    bl_spkindex *s = bl_spkindex_new();
    ck_assert_ptr_nonnull(s);
    uint32_t id;
    ck_assert_int_eq(bl_spkindex_add_file(s, "a.txt", &id), 0);
    ck_assert_int_eq(id, 0);
    ck_assert_int_eq(bl_spkindex_add_file(s, "b.txt", &id), 0);
    ck_assert_int_eq(id, 1);
    return s;
}

static void add(bl_spkindex *s, uint32_t file, const char *name, const char *role, int line) {
    ck_assert_int_eq(
        bl_spkindex_add(s, file, name, strlen(name), role, role ? strlen(role) : 0, line), 0);
}

static const char *key_of(const char *name) {
    return ut_keep(bl_spkindex_near_key(name, strlen(name)));
}

START_TEST(near_keys) {
    const char *same[] = {"Kang Yu-jung",
                          "Kang Yujung",
                          "KANG YU-JUNG",
                          "Kang Yu Jung",
                          "Kang Yu\xE2\x80\x90jung" /* U+2010 */,
                          "Kang\xC2\xA0Yu-jung",
                          "Kang Yu.jung",
                          "Kang Yu'jung",
                          "Kang Yu\xE2\x80\x99jung"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        ck_assert_str_eq(key_of(same[i]), "kangyujung");
    ck_assert_str_ne(key_of("Park Yu-jung"), "kangyujung");
    ck_assert_str_ne(key_of("Yu-jung Kang"), "kangyujung");
    ck_assert_str_eq(key_of("\xEA\xB0\x95 \xEC\x9C\xA0\xEC\xA0\x95"),
                     key_of("\xEA\xB0\x95\xEC\x9C\xA0\xEC\xA0\x95")); /* 강 유정 = 강유정 */
    ck_assert_str_eq(key_of("Caf\xC3\xA9"), "caf\xC3\xA9");           /* é kept, not folded */
    ck_assert_str_eq(key_of("\xFF-x"), "\xFFx");                      /* a stray byte is kept */
    ck_assert_str_eq(key_of("- . '"), "");
}
END_TEST

START_TEST(tidy_roles_and_conflicts) {
    bl_spkindex *s = idx_new();
    add(s, 0, "  Kang\t Yu-jung \r", "Presidential  Spokesperson", 3);
    add(s, 1, "Kang Yu-jung", "Pres. Spokesperson", 9);
    add(s, 1, "Kang Yu-jung", NULL, 12);
    add(s, 1, "Kang Yu-jung", " \t", 14); /* blank: no role */
    add(s, 0, "   ", "Nobody", 20);       /* no speaker: not indexed */
    add(s, 0, "Park Min-ho", "Reporter", 5);
    add(s, 1, "Park Min-ho", NULL, 7);
    ck_assert_uint_eq(bl_spkindex_count(s), 2);
    const bl_spk_speaker *k = bl_spkindex_at(s, 0);
    ck_assert_str_eq(k->name, "Kang Yu-jung");
    ck_assert_uint_eq(k->count, 4);
    ck_assert_uint_eq(k->roles.n, 3);
    ck_assert_uint_eq(k->nroles, 2);
    ck_assert_str_eq(k->roles.v[0].role, "Presidential Spokesperson");
    ck_assert_ptr_null(k->roles.v[2].role);
    ck_assert_uint_eq(k->roles.v[2].where.n, 2);
    ck_assert_int_eq(k->roles.v[2].where.v[1].line, 14);
    ck_assert_str_eq(bl_spkindex_file(s, k->roles.v[1].where.v[0].file), "b.txt");
    ck_assert(bl_spkindex_conflict(k));
    ck_assert(!bl_spkindex_conflict(bl_spkindex_at(s, 1))); /* a role and none */
    ck_assert_ptr_null(bl_spkindex_at(s, 2));
    ck_assert_int_eq(bl_spkindex_add(s, 7, "X", 1, NULL, 0, 1), BL_EINVAL);
    bl_spkindex_free(s);
}
END_TEST

START_TEST(nul_in_a_name) {
    bl_spkindex *s = idx_new();
    ck_assert_int_eq(bl_spkindex_add(s, 0, "A\0B", 3, "R\0", 2, 1), 0);
    ck_assert_str_eq(bl_spkindex_at(s, 0)->name, "A\xEF\xBF\xBD"
                                                 "B");
    ck_assert_str_eq(bl_spkindex_at(s, 0)->roles.v[0].role, "R\xEF\xBF\xBD");
    bl_spkindex_free(s);
}
END_TEST

START_TEST(near_groups_in_order) {
    bl_spkindex *s = idx_new();
    add(s, 0, "Zed Lee", NULL, 1);
    add(s, 0, "Kang Yujung", NULL, 2);
    add(s, 0, "ZED-LEE", NULL, 3);
    add(s, 1, "Kang Yu-jung", NULL, 4);
    add(s, 1, "Other", NULL, 5);
    add(s, 1, "Zed lee", NULL, 6);
    add(s, 1, "...", NULL, 7); /* an empty key joins no group */
    add(s, 1, "-", NULL, 8);
    size_t *mem = NULL, *st = NULL, ng = 0;
    ck_assert_int_eq(bl_spkindex_near(s, &mem, &st, &ng), 0);
    ck_assert_uint_eq(ng, 2);
    /* groups by their first member: Zed Lee (0) before Kang Yujung (1) */
    ck_assert_uint_eq(st[0], 0);
    ck_assert_uint_eq(st[1], 3);
    ck_assert_uint_eq(st[2], 5);
    size_t want[] = {0, 2, 5, 1, 3};
    for (size_t i = 0; i < 5; i++)
        ck_assert_uint_eq(mem[i], want[i]);
    free(mem);
    free(st);
    bl_spkindex_free(s);
}
END_TEST

START_TEST(from_a_doc) {
    bl_doc *doc = ut_doc("[LEAD]\nStory.\n\nKang Yu-jung / Spokesperson\n\"Quote.\"\n\n"
                         "[Kang Yujung/Pres. Spokesperson: \"Again.\"]\n");
    bl_spkindex *s = bl_spkindex_new();
    ck_assert_int_eq(bl_spkindex_add_doc(s, doc, "x.txt"), 0);
    ck_assert_uint_eq(bl_spkindex_count(s), 2);
    ck_assert_int_eq(bl_spkindex_at(s, 0)->roles.v[0].where.v[0].line, 4);
    ck_assert_int_eq(bl_spkindex_at(s, 1)->roles.v[0].where.v[0].line, 7);
    size_t *mem = NULL, *st = NULL, ng = 0;
    ck_assert_int_eq(bl_spkindex_near(s, &mem, &st, &ng), 0);
    ck_assert_uint_eq(ng, 1);
    free(mem);
    free(st);
    bl_spkindex_free(s);
}
END_TEST

/* Every allocation failing in turn: each call returns 0 or BL_ENOMEM and
 * nothing leaks (ASan). */
START_TEST(out_of_memory) {
    for (long k = 0; k < 200; k++) {
        bl_alloc_fail_after(k);
        bl_spkindex *s = bl_spkindex_new();
        int rc = 0;
        uint32_t id = 0;
        if (s != NULL)
            rc = bl_spkindex_add_file(s, "f", &id);
        for (int i = 0; s != NULL && rc == 0 && i < 40; i++) {
            char name[32];
            snprintf(name, sizeof name, "Name %d-x", i % 13);
            rc = bl_spkindex_add(s, id, name, strlen(name), i % 3 ? "Role" : NULL, 4, i);
            ck_assert(rc == 0 || rc == BL_ENOMEM);
        }
        size_t *mem = NULL, *st = NULL, ng = 0;
        if (s != NULL && bl_spkindex_near(s, &mem, &st, &ng) == 0) {
            free(mem);
            free(st);
        }
        long failed = bl_alloc_failures();
        bl_alloc_fail_after(-1);
        bl_spkindex_free(s);
        if (failed == 0)
            return; /* every allocation of the run succeeded */
    }
    ck_abort_msg("the run never finished without a failure");
}
END_TEST

static int det(const char *s) {
    return bl_detect_text(s, strlen(s));
}

START_TEST(detect_signs) {
    ck_assert(det("[LEAD]\n"));
    ck_assert(det("\xE3\x80\x80[Anchor Lead] \t\n"));
    ck_assert(!det("[LEAD] more\n"));
    ck_assert(det("Title\r\n[LEAD]\r\n"));
    ck_assert(!det("Title\r\n[LEAD]\r\nmixed\n")); /* Vim keeps the \r: unix */
    ck_assert(!det("Title\r[LEAD]\r"));            /* a lone CR ends no line */
    ck_assert(det(" date 2024-01-02\n"));
    ck_assert(!det(" date 2024-01-02x\n"));
    ck_assert(det(" date 2024-01-02\xEA\xB0\x80\n")); /* Hangul: another class */
    ck_assert(!det(" date 2024-01-02\xC3\xA9\n"));    /* é: a word character */
    ck_assert(det("\xEC\x9E\x85\xEB\xA0\xA5 2024.01.02\n"));
    ck_assert(det("[News] l 2024-01-02\n"));
    ck_assert(det("[News Today] x\n"));
    ck_assert(!det("[News Today]  \n"));
    ck_assert(det("Anchor: hi\nReport: there\n"));
    ck_assert(!det("Report: there\nAnchor: hi\n"));
    ck_assert(!det("Anchor: Report: same line\n"));
    char many[200] = "";
    for (int i = 0; i < 30; i++)
        strcat(many, "x\n");
    strcat(many, "[LEAD]\n");
    ck_assert(!det(many)); /* line 31 */
    ck_assert(!det(""));
    ck_assert(bl_detect_other_txt("CMakeLists.txt"));
    ck_assert(bl_detect_other_txt("dev-requirements.txt"));
    ck_assert(!bl_detect_other_txt("news.txt"));
}
END_TEST

Suite *spkindex_suite(void) {
    Suite *s = suite_create("spkindex");
    TCase *tc = ut_tcase("spkindex", 30);
    tcase_add_test(tc, near_keys);
    tcase_add_test(tc, tidy_roles_and_conflicts);
    tcase_add_test(tc, nul_in_a_name);
    tcase_add_test(tc, near_groups_in_order);
    tcase_add_test(tc, from_a_doc);
    tcase_add_test(tc, out_of_memory);
    tcase_add_test(tc, detect_signs);
    suite_add_tcase(s, tc);
    return s;
}
