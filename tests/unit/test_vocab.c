/* The tag vocabulary: built-ins, .bulletinrc text, nearest tags. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suites.h"

static const bl_vocab_entry *match(const bl_vocab *v, const char *s, size_t *m) {
    return bl_vocab_match(v, s, strlen(s), m);
}

START_TEST(builtin_entries) {
    bl_vocab *v = ut_vocab();
    static const struct {
        const char *s;
        bl_tag_role role;
        size_t len;
    } want[] = {{"[LEAD]", BL_ROLE_LEAD, 6},
                {"[REPORT]", BL_ROLE_REPORT, 8},
                {"[Anchor Lead] x", BL_ROLE_LEAD, 13},
                {"[Pkg]", BL_ROLE_REPORT, 5},
                {"[Anchor]", BL_ROLE_LEAD, 8},
                {"[Report]", BL_ROLE_REPORT, 8},
                {"Anchor: hi", BL_ROLE_LEAD, 7},
                {"Report:", BL_ROLE_REPORT, 7},
                {"[Soundbite] X", BL_ROLE_SOUNDBITE, 11},
                {"[News Today] T", BL_ROLE_PROGRAM, 12}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        size_t m = 0;
        const bl_vocab_entry *e = match(v, want[i].s, &m);
        ck_assert_msg(e != NULL, "%s not matched", want[i].s);
        ck_assert_int_eq(e->role, want[i].role);
        ck_assert_uint_eq(m, want[i].len);
    }
    size_t m = 0;
    ck_assert_ptr_null(match(v, "[lead]", &m));
    ck_assert_ptr_null(match(v, "Anchor lead", &m));
    ck_assert_ptr_null(match(v, "<Anchor>", &m));
    ck_assert_str_eq(bl_role_name(BL_ROLE_LEAD), "lead");
    ck_assert_str_eq(bl_role_name(BL_ROLE_REPORT), "report");
    ck_assert_str_eq(bl_role_name(BL_ROLE_SOUNDBITE), "soundbite");
    ck_assert_str_eq(bl_role_name(BL_ROLE_PROGRAM), "program");
}
END_TEST

START_TEST(families_differ) {
    bl_vocab *v = ut_vocab();
    size_t m;
    const bl_vocab_entry *a = match(v, "[LEAD]", &m), *b = match(v, "[REPORT]", &m),
                         *c = match(v, "[Pkg]", &m), *e = match(v, "[Anchor Lead]", &m);
    ck_assert_int_eq(a->family, b->family);
    ck_assert_int_eq(c->family, e->family);
    ck_assert_int_ne(a->family, c->family);
}
END_TEST

START_TEST(rc_adds_tag_and_label) {
    bl_vocab *v = ut_vocab();
    static const char rc[] = "# newsroom settings\n"
                             "\n"
                             "lead = <Anchor>   # our anchors\n"
                             "label.lead = Host\n"
                             "report = [Reporter], \xe2\x97\x80 Report \xe2\x96\xb6\n";
    char err[256] = "";
    ck_assert_int_eq(bl_vocab_load_text(v, rc, strlen(rc), err, sizeof err), BL_OK);
    bl_doc *d = ut_doc_v(v, "<Anchor>\n"
                            "The anchor introduces the story.\n"
                            "\n"
                            "[Reporter]\n"
                            "The package.\n"
                            "\n"
                            "Host: The host speaks.\n"
                            "\xe2\x97\x80 Report \xe2\x96\xb6\n"
                            "Another package.\n");
    ck_assert_msg(ut_count(d, BL_ITEM_SECTION) == 4, "four sections expected:\n%s", ut_outline(d));
    const bl_item *s0 = ut_nth(d, BL_ITEM_SECTION, 0), *s1 = ut_nth(d, BL_ITEM_SECTION, 1),
                  *s2 = ut_nth(d, BL_ITEM_SECTION, 2), *s3 = ut_nth(d, BL_ITEM_SECTION, 3);
    ck_assert_pstr_eq(s0->tag, "<Anchor>");
    ck_assert_pstr_eq(s0->section, "lead");
    ck_assert_int_eq(s0->line, 1);
    ck_assert_int_eq(s0->end_line, 2);
    ck_assert_pstr_eq(s1->tag, "[Reporter]");
    ck_assert_pstr_eq(s1->section, "report");
    ck_assert_pstr_eq(s2->tag, "Host:");
    ck_assert_pstr_eq(s2->section, "lead");
    ck_assert_int_eq(s2->line, 7);
    ck_assert_pstr_eq(s3->section, "report");
    ck_assert_int_eq(s3->line, 8);
    ck_assert_int_eq(bl_doc_line_kind(d, 6), BL_LINE_LABEL);
    /* Known now: no unknown-tag for [Reporter]. */
    bl_diags *g = ut_lint(d);
    ck_assert_msg(ut_diag_count(g, "unknown-tag", -1) == 0, "%s", ut_diag_list(g));
}
END_TEST

START_TEST(builtin_doc_ignores_custom_tags) {
    bl_doc *d = ut_doc("<Anchor>\n"
                       "The anchor introduces the story.\n"
                       "Host: The host speaks.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 0);
}
END_TEST

START_TEST(rc_named_family) {
    bl_vocab *v = ut_vocab();
    static const char rc[] = "mbc.lead = <MBC Anchor>\nmbc.report = <MBC Report>\n";
    char err[256] = "";
    ck_assert_int_eq(bl_vocab_load_text(v, rc, strlen(rc), err, sizeof err), BL_OK);
    size_t m;
    const bl_vocab_entry *a = match(v, "<MBC Anchor>", &m), *b = match(v, "<MBC Report>", &m);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(a->role, BL_ROLE_LEAD);
    ck_assert_int_eq(b->role, BL_ROLE_REPORT);
    ck_assert_str_eq(bl_vocab_family_name(v, a->family), "mbc");
    ck_assert_int_eq(a->family, b->family);
    /* Mixing it with a built-in family is a mixed dialect. */
    bl_doc *d = ut_doc_v(v, "<MBC Anchor>\nLead.\n[REPORT]\nReport.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    bl_diags *g = ut_lint(d);
    ck_assert_msg(ut_diag_count(g, "mixed-dialect", 2) == 1, "%s", ut_diag_list(g));
}
END_TEST

static void bad_rc(const char *rc, const char *lineno) {
    bl_vocab *v = ut_vocab();
    char err[256] = "";
    ck_assert_int_eq(bl_vocab_load_text(v, rc, strlen(rc), err, sizeof err), BL_EINVAL);
    ck_assert_msg(strncmp(err, lineno, strlen(lineno)) == 0 && err[strlen(lineno)] == ':',
                  "error '%s' should start with line %s", err, lineno);
}

START_TEST(rc_bad_lines) {
    bad_rc("lead = [Intro]\nreport [Reporter]\n", "2");
    bad_rc("# comment\n\nlead = [Intro]\nweather = [Forecast]\n", "4");
    bad_rc("label.anchor = Host\n", "1");
}
END_TEST

START_TEST(rc_lines_before_error_apply) {
    bl_vocab *v = ut_vocab();
    static const char rc[] = "lead = [Intro]\nnonsense\n";
    char err[64] = "";
    ck_assert_int_eq(bl_vocab_load_text(v, rc, strlen(rc), err, sizeof err), BL_EINVAL);
    size_t m;
    ck_assert_ptr_nonnull(match(v, "[Intro]", &m));
    /* errlen 0: no write. */
    ck_assert_int_eq(bl_vocab_load_text(v, rc, strlen(rc), NULL, 0), BL_EINVAL);
}
END_TEST

START_TEST(pair_is_one_rc_line) {
    /* setup({vocab}) and the LSP's settings: one key and value, read as
     * the line "key = value" would be, the message without a line number. */
    bl_vocab *v = ut_vocab();
    char err[256] = "";
    ck_assert_int_eq(bl_vocab_load_pair(v, "lead", "[Intro], <Open>", err, sizeof err), BL_OK);
    size_t m;
    ck_assert_ptr_nonnull(match(v, "[Intro]", &m));
    ck_assert_ptr_nonnull(match(v, "<Open>", &m));
    ck_assert_int_eq(bl_vocab_load_pair(v, "weather", "[Forecast]", err, sizeof err), BL_EINVAL);
    ck_assert_msg(err[0] != '\0' && !(err[0] >= '0' && err[0] <= '9'),
                  "message without its line number: '%s'", err);
    ck_assert_ptr_null(match(v, "[Forecast]", &m));
    ck_assert_int_eq(bl_vocab_load_pair(v, "lead", NULL, NULL, 0), BL_EINVAL);
}
END_TEST

START_TEST(rc_replace_role) {
    bl_vocab *v = ut_vocab();
    size_t before = bl_vocab_count(v);
    static const char rc[] = "report = [Anchor]\n";
    ck_assert_int_eq(bl_vocab_load_text(v, rc, strlen(rc), NULL, 0), BL_OK);
    ck_assert_uint_eq(bl_vocab_count(v), before);
    size_t m;
    ck_assert_int_eq(match(v, "[Anchor]", &m)->role, BL_ROLE_REPORT);
}
END_TEST

START_TEST(vocab_add_limits) {
    bl_vocab *v = ut_vocab();
    ck_assert_int_eq(bl_vocab_add(v, "", BL_ROLE_LEAD, 0, NULL), BL_EINVAL);
    char big[BL_VOCAB_MAX_SPELLING + 2];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    ck_assert_int_eq(bl_vocab_add(v, big, BL_ROLE_LEAD, 0, NULL), BL_EINVAL);
    int rc = BL_OK;
    char name[32];
    for (unsigned i = 0; i <= BL_VOCAB_MAX_ENTRIES && rc == BL_OK; i++) {
        snprintf(name, sizeof name, "[T%u]", i);
        rc = bl_vocab_add(v, name, BL_ROLE_REPORT, 0, NULL);
    }
    ck_assert_int_eq(rc, BL_ETOOBIG);
    ck_assert_uint_eq(bl_vocab_count(v), BL_VOCAB_MAX_ENTRIES);
}
END_TEST

START_TEST(nearest_tags) {
    bl_vocab *v = ut_vocab();
    ck_assert_pstr_eq(bl_vocab_nearest(v, "[Reprot]", 8), "[REPORT]");
    ck_assert_pstr_eq(bl_vocab_nearest(v, "[lead]", 6), "[LEAD]");
    ck_assert_pstr_eq(bl_vocab_nearest(v, "[Anchr Lead]", 12), "[Anchor Lead]");
    ck_assert_pstr_eq(bl_vocab_nearest(v, "[Soundbyte]", 11), "[Soundbite]");
    ck_assert_ptr_null(bl_vocab_nearest(v, "[Xyzzy Qwerty Plugh]", 20));
}
END_TEST

START_TEST(find_and_load_rc_file) {
    char root[] = "/tmp/bl_unit_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(root));
    char sub[256], rcpath[256], docpath[256], found[4096];
    snprintf(sub, sizeof sub, "%s/a", root);
    snprintf(rcpath, sizeof rcpath, "%s/.bulletinrc", root);
    snprintf(docpath, sizeof docpath, "%s/a/story.txt", root);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    FILE *f = fopen(rcpath, "w");
    ck_assert_ptr_nonnull(f);
    fputs("lead = <Anchor>\n", f);
    fclose(f);
    int rc_find = bl_vocab_find_rc(docpath, found, sizeof found);
    bl_vocab *v = ut_vocab();
    char err[512] = "";
    int rc_load = rc_find == BL_OK ? bl_vocab_load_file(v, found, err, sizeof err) : -100;
    char missing[300];
    snprintf(missing, sizeof missing, "%s/none", root);
    int rc_missing = bl_vocab_load_file(v, missing, err, sizeof err);
    unlink(rcpath);
    rmdir(sub);
    rmdir(root);
    ck_assert_int_eq(rc_find, BL_OK);
    ck_assert_msg(strstr(found, ".bulletinrc") != NULL, "found %s", found);
    ck_assert_int_eq(rc_load, BL_OK);
    size_t m;
    ck_assert_ptr_nonnull(match(v, "<Anchor>", &m));
    ck_assert_int_eq(rc_missing, BL_EINVAL);
    ck_assert_uint_gt(strlen(err), 0);
}
END_TEST

START_TEST(rc_crlf_and_label_colon) {
    bl_vocab *v = ut_vocab();
    static const char rc[] = "lead = <Anchor>\r\n"
                             "label.report = Correspondent:\r\n"
                             "mbc.label.lead = MC\r\n";
    char err[128] = "";
    ck_assert_int_eq(bl_vocab_load_text(v, rc, strlen(rc), err, sizeof err), BL_OK);
    size_t m;
    const bl_vocab_entry *a = match(v, "<Anchor>", &m);
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(m, 8);
    const bl_vocab_entry *b = match(v, "Correspondent: text", &m);
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(b->is_label, 1);
    ck_assert_int_eq(b->role, BL_ROLE_REPORT);
    ck_assert_uint_eq(m, 14);
    const bl_vocab_entry *c = match(v, "MC: hello", &m);
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(c->is_label, 1);
    ck_assert_int_eq(c->role, BL_ROLE_LEAD);
    ck_assert_str_eq(bl_vocab_family_name(v, c->family), "mbc");
    bl_doc *d = ut_doc_v(v, "MC: The host.\r\nCorrespondent:\r\nThe package.\r\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    ck_assert_pstr_eq(ut_nth(d, BL_ITEM_SECTION, 0)->tag, "MC:");
    ck_assert_pstr_eq(ut_nth(d, BL_ITEM_SECTION, 1)->tag, "Correspondent:");
}
END_TEST

/* The key grammar shared by .bulletinrc and setup({vocab = ...}). */
START_TEST(parse_keys) {
    static const struct {
        const char *key;
        int ok, is_label;
        bl_tag_role role;
        const char *family;
    } cases[] = {
        {"lead", 1, 0, BL_ROLE_LEAD, ""},
        {"label.report", 1, 1, BL_ROLE_REPORT, ""},
        {"mbc.lead", 1, 0, BL_ROLE_LEAD, "mbc"},
        {"mbc.label.lead", 1, 1, BL_ROLE_LEAD, "mbc"},
        {"a.b.program", 1, 0, BL_ROLE_PROGRAM, "a.b"},
        {"lead.", 0, 0, BL_ROLE_LEAD, ""},
        {".lead", 0, 0, BL_ROLE_LEAD, ""},
        {"mbc.anchor", 0, 0, BL_ROLE_LEAD, ""},
        {"xlabel.lead", 1, 0, BL_ROLE_LEAD, "xlabel"},
        {"", 0, 0, BL_ROLE_LEAD, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char fam[32] = "?";
        int lbl = -1;
        bl_tag_role role = BL_ROLE_COUNT;
        int rc =
            bl_vocab_parse_key(cases[i].key, strlen(cases[i].key), fam, sizeof fam, &lbl, &role);
        ck_assert_msg((rc == BL_OK) == cases[i].ok, "key '%s': rc %d", cases[i].key, rc);
        if (!cases[i].ok)
            continue;
        ck_assert_int_eq(lbl, cases[i].is_label);
        ck_assert_int_eq(role, cases[i].role);
        ck_assert_str_eq(fam, cases[i].family);
    }
    /* A family name longer than the room for it is refused, not cut. */
    char small[4];
    int lbl;
    bl_tag_role role;
    ck_assert_int_eq(bl_vocab_parse_key("abcd.lead", 9, small, sizeof small, &lbl, &role),
                     BL_EINVAL);
}
END_TEST

START_TEST(rc_long_line) {
    size_t n = 10000;
    char *rc = ut_keep(malloc(n + 64));
    strcpy(rc, "lead = [Intro]\nreport = [");
    size_t o = strlen(rc);
    memset(rc + o, 'x', n);
    strcpy(rc + o + n, "]\n");
    bl_vocab *v = ut_vocab();
    char err[128] = "";
    int r = bl_vocab_load_text(v, rc, strlen(rc), err, sizeof err);
    ck_assert_int_ne(r, BL_OK);
    ck_assert_msg(strncmp(err, "2:", 2) == 0, "error '%s' should name line 2", err);
}
END_TEST

/* The spelling index (buckets by first two bytes, one-byte spellings by
 * their first byte) answers as a scan of every entry would: random
 * vocabularies over a small alphabet, so that prefixes, one-byte labels,
 * equal lengths and bucket collisions all occur, filled to the cap. */
START_TEST(match_index_equals_scan) {
    static const char alpha[] = "[]A:ab";
    unsigned seed = 12345;
    /* a tie across the two kinds of bucket: "A:" (a two-byte tag) and the
     * label "A" (matched with its ':') both take 2 bytes of "A: x"; the
     * first added wins, whichever bucket it is in */
    for (int order = 0; order < 2; order++) {
        bl_vocab *v = bl_vocab_new();
        ck_assert_ptr_nonnull(v);
        ck_assert_int_eq(bl_vocab_add(v, order ? "A" : "A:", BL_ROLE_LEAD, order, NULL), BL_OK);
        ck_assert_int_eq(bl_vocab_add(v, order ? "A:" : "A", BL_ROLE_REPORT, !order, NULL), BL_OK);
        size_t m = 0;
        const bl_vocab_entry *e = bl_vocab_match(v, "A: x", 4, &m);
        ck_assert_ptr_nonnull(e);
        ck_assert_uint_eq(m, 2);
        ck_assert_int_eq(e->role, BL_ROLE_LEAD);
        bl_vocab_free(v);
    }
    for (int round = 0; round < 20; round++) {
        bl_vocab *v = bl_vocab_new();
        ck_assert_ptr_nonnull(v);
        size_t want = round < 19 ? 40u + (size_t)round * 20u : BL_VOCAB_MAX_ENTRIES;
        for (size_t tries = 0; bl_vocab_count(v) < want && tries < 20 * want; tries++) {
            char sp[12];
            size_t n = 1 + (seed = seed * 1103515245u + 12345u) % 10u;
            for (size_t k = 0; k < n; k++)
                sp[k] = alpha[(seed = seed * 1103515245u + 12345u) % 6u];
            sp[n] = '\0';
            int r = bl_vocab_add(v, sp, (bl_tag_role)(seed % 3u), (seed >> 8) & 1u, NULL);
            ck_assert(r == BL_OK || r == BL_ETOOBIG);
        }
        for (int q = 0; q < 400; q++) {
            char line[16];
            size_t n = 1 + (seed = seed * 1103515245u + 12345u) % 14u;
            for (size_t k = 0; k < n; k++)
                line[k] = alpha[(seed = seed * 1103515245u + 12345u) % 6u];
            line[n] = '\0';
            size_t m1 = 99, m2 = 99;
            const bl_vocab_entry *a = bl_vocab_match(v, line, n, &m1);
            const bl_vocab_entry *b = ut_vocab_match_ref(v, line, n, &m2);
            ck_assert_msg(a == b && m1 == m2, "round %d line \"%s\": %s/%zu vs %s/%zu", round, line,
                          a ? a->spelling : "-", m1, b ? b->spelling : "-", m2);
        }
        bl_vocab_free(v);
    }
}
END_TEST

/* bl_vocab_load_file reads a regular file of at most 1 MiB: exactly 1 MiB
 * loads, one byte more is refused, and a FIFO is refused without waiting
 * for a writer (the helper must not hang on a .bulletinrc FIFO). */
START_TEST(load_file_size_limit_and_fifo) {
    char dir[] = "/tmp/bl-rc-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[64], err[256];
    snprintf(path, sizeof path, "%s/rc", dir);
    char line[1024];
    memset(line, 'x', sizeof line);
    line[0] = '#';
    line[sizeof line - 1] = '\n';
    for (int extra = 0; extra < 2; extra++) {
        FILE *f = fopen(path, "wb");
        ck_assert_ptr_nonnull(f);
        for (int i = 0; i < 1024; i++)
            ck_assert_uint_eq(fwrite(line, 1, sizeof line, f), sizeof line);
        if (extra)
            fputc('\n', f);
        fclose(f);
        bl_vocab *v = bl_vocab_new();
        err[0] = '\0';
        int rc = bl_vocab_load_file(v, path, err, sizeof err);
        if (extra) {
            ck_assert_int_eq(rc, BL_ETOOBIG);
            ck_assert_ptr_nonnull(strstr(err, "larger than 1 MiB"));
        } else {
            ck_assert_msg(rc == BL_OK, "exactly 1 MiB: %d %s", rc, err);
        }
        bl_vocab_free(v);
    }
    unlink(path);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    bl_vocab *v = bl_vocab_new();
    ck_assert_int_eq(bl_vocab_load_file(v, path, err, sizeof err), BL_EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "not a regular file"));
    bl_vocab_free(v);
    unlink(path);
    rmdir(dir);
}
END_TEST

Suite *vocab_suite(void) {
    Suite *s = suite_create("vocab");
    TCase *tc = ut_tcase("vocab", 10);
    tcase_add_test(tc, builtin_entries);
    tcase_add_test(tc, families_differ);
    tcase_add_test(tc, rc_adds_tag_and_label);
    tcase_add_test(tc, builtin_doc_ignores_custom_tags);
    tcase_add_test(tc, rc_named_family);
    tcase_add_test(tc, rc_bad_lines);
    tcase_add_test(tc, rc_lines_before_error_apply);
    tcase_add_test(tc, rc_replace_role);
    tcase_add_test(tc, vocab_add_limits);
    tcase_add_test(tc, nearest_tags);
    tcase_add_test(tc, find_and_load_rc_file);
    suite_add_tcase(s, tc);
    tc = ut_tcase("rc_more", 10);
    tcase_add_test(tc, rc_crlf_and_label_colon);
    tcase_add_test(tc, rc_long_line);
    tcase_add_test(tc, parse_keys);
    tcase_add_test(tc, match_index_equals_scan);
    tcase_add_test(tc, load_file_size_limit_and_fifo);
    tcase_add_test(tc, pair_is_one_rc_line);
    suite_add_tcase(s, tc);
    return s;
}
