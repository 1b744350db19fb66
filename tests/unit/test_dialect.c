/* Dialects by configuration (BULLETIN-FORMAT.md §8): exact and '*'
 * spellings, attribution templates, implicit_lead, chrome settings,
 * date-line shapes, and the `.bulletinrc` errors and caps. */
#include <stdio.h>
#include <string.h>

#include "suites.h"
#include "tmpl.h"

static size_t match_len(const bl_vocab *v, const char *s, const char **spelling) {
    size_t m = 99;
    const bl_vocab_entry *e = bl_vocab_match(v, s, strlen(s), &m);
    *spelling = e ? e->spelling : NULL;
    return m;
}

START_TEST(exact_spellings_are_exact) {
    bl_vocab *v = ut_rc_vocab("report = [Report, ◀ 리포트\nlead = Anchor\n");
    const char *sp;
    /* "[Report" no longer matches "[Reporter]" (it used to, as a prefix) */
    ck_assert_uint_eq(match_len(v, "[Reporter]", &sp), 0);
    ck_assert_ptr_null(sp);
    ck_assert_uint_eq(match_len(v, "[Report here", &sp), 7);
    ck_assert_str_eq(sp, "[Report");
    /* the built-in "[Report]" ends in ']' and so ends its marker */
    ck_assert_uint_eq(match_len(v, "[Report]er", &sp), 8);
    /* Hangul letters continue a word: "◀ 리포트스" is not "◀ 리포트" */
    ck_assert_uint_eq(match_len(v, "◀ 리포트스", &sp), 0);
    ck_assert_uint_eq(match_len(v, "◀ 리포트 ▶", &sp), strlen("◀ 리포트"));
    /* a tag "Anchor" (not a label) is no prefix of "Anchorage" */
    ck_assert_uint_eq(match_len(v, "Anchorage is cold", &sp), 0);
    ck_assert_uint_eq(match_len(v, "Anchor, then", &sp), 6);
}
END_TEST

START_TEST(star_spellings) {
    bl_vocab *v = ut_rc_vocab("sbs.report = <Reporter *>\nsbs.lead = <Anchor>\n"
                              "soundbite = [Sound bite: *]\n");
    const char *sp;
    const char *line = "<Reporter Kim Min-ji> Farmers started work.";
    ck_assert_uint_eq(match_len(v, line, &sp), strlen("<Reporter Kim Min-ji>"));
    ck_assert_str_eq(sp, "<Reporter *>");
    /* the '*' stands for one or more characters, up to the first '>' */
    ck_assert_uint_eq(match_len(v, "<Reporter >", &sp), 0);
    ck_assert_uint_eq(match_len(v, "<Reporter >>", &sp), strlen("<Reporter >>"));
    ck_assert_uint_eq(match_len(v, "<Reporter>", &sp), 0);
    ck_assert_uint_eq(match_len(v, "<Reporter Kim Min-ji", &sp), 0);
    ck_assert_uint_eq(match_len(v, "<Reporter A> <B>", &sp), strlen("<Reporter A>"));
    /* the section's tag is the whole marker, the family is sbs */
    bl_doc *d = ut_doc_v(v, "<Anchor> Lead text.\n\n<Reporter Kim Min-ji> Report text.\n");
    const bl_item *sec = ut_nth(d, BL_ITEM_SECTION, 1);
    ck_assert_str_eq(sec->tag, "<Reporter Kim Min-ji>");
    ck_assert_str_eq(sec->section, "report");
    bl_diags *diags = ut_lint(d);
    ck_assert_uint_eq(ut_diag_count(diags, "mixed-dialect", -1), 0);
    /* a '*' spelling is never a "did you mean" suggestion */
    const char *near = bl_vocab_nearest(v, "[Sound bite: *]", 15);
    ck_assert_msg(near == NULL || strchr(near, '*') == NULL, "suggested %s", near);
}
END_TEST

START_TEST(known_ci_is_indexed) {
    bl_vocab *v = ut_vocab();
    char sp[80];
    for (int i = 0; i < 4000; i++) {
        snprintf(sp, sizeof sp, "[tag number %d]", i);
        ck_assert_int_eq(bl_vocab_add(v, sp, BL_ROLE_REPORT, 0, NULL), BL_OK);
    }
    ck_assert_int_eq(bl_vocab_known_ci(v, "LEAD", 4), 1);
    ck_assert_int_eq(bl_vocab_known_ci(v, "lead", 4), 1);
    ck_assert_int_eq(bl_vocab_known_ci(v, "anchor lead", 11), 1);
    ck_assert_int_eq(bl_vocab_known_ci(v, "TAG NUMBER 3999", 15), 1);
    ck_assert_int_eq(bl_vocab_known_ci(v, "tag number 4000", 15), 0);
    ck_assert_int_eq(bl_vocab_known_ci(v, "lea", 3), 0);
    /* labels and '*' spellings are no bracketed tags */
    ck_assert_int_eq(bl_vocab_known_ci(v, "Anchor:", 7), 0);
    /* the hash carried a byte at a time (bl_vocab_ci_step) asks the same of
     * every prefix of a line, as the soundbite-typo gate of line.c does */
    const char *line = "Tag Number 39 and TAG NUMBER 3999: more, Anchor Lead";
    uint32_t h = BL_VOCAB_CI_SEED;
    int hits = 0;
    for (size_t n = 0; line[n]; n++) {
        if (n > 0) {
            int known = bl_vocab_known_ci(v, line, n);
            ck_assert_int_eq(bl_vocab_known_ci_hash(v, line, n, h), known);
            hits += known;
        }
        h = bl_vocab_ci_step(h, (unsigned char)line[n]);
    }
    ck_assert_int_eq(hits, 2); /* "Tag Number 3", "Tag Number 39" */
    /* the malformed-tag rule still sees them: "[ lead ]" */
    bl_doc *d = ut_doc_v(v, "[ tag number 17 ]\nText.\n");
    ck_assert_int_eq(bl_doc_line_info(d, 0)->shape, BL_SHAPE_MALFORMED);
    /* adding an existing spelling again keeps one entry */
    size_t n = bl_vocab_count(v);
    ck_assert_int_eq(bl_vocab_add(v, "[tag number 5]", BL_ROLE_LEAD, 0, NULL), BL_OK);
    ck_assert_uint_eq(bl_vocab_count(v), n);
}
END_TEST

START_TEST(template_bracket_runs_on) {
    bl_vocab *v = ut_rc_vocab("ytn.report = [Reporter]\n"
                              "attribution = [{speaker} / {role}: {quote}]\n");
    bl_doc *d = ut_doc_v(v, "[Reporter]\n"
                            "Narration.\n"
                            "[Jung Ha-na / Seoul City: we closed the roads\n"
                            "to keep drivers safe] she said.\n"
                            "[Oh Dong / resident: \"never this high\"]\n"
                            "More narration.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_QUOTE), 2);
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 0), BL_FORM_BRACKET, "Jung Ha-na", "Seoul City", 3, 3, 4,
             "we closed the roads to keep drivers safe");
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 1), BL_FORM_BRACKET, "Oh Dong", "resident", 5, 5, 5,
             "never this high");
    ck_assert_int_eq(bl_doc_line_kind(d, 2), BL_LINE_ATTRIBUTION);
    ck_assert_int_eq(bl_doc_line_kind(d, 3), BL_LINE_QUOTE);
    ck_assert_int_eq(bl_doc_line_kind(d, 5), BL_LINE_BODY);
    /* a line that only looks like one: no ':' -> no soundbite, unknown tag */
    bl_doc *d2 = ut_doc_v(v, "[Reporter]\n[Jung Ha-na / Seoul City]\nText.\n");
    ck_assert_uint_eq(ut_count(d2, BL_ITEM_QUOTE), 0);
    /* a blank line ends an unclosed quote */
    bl_doc *d3 = ut_doc_v(v, "[Reporter]\n[Kim / Role: words\nmore words\n\nNarration.\n");
    UT_QUOTE(ut_one_quote(d3), BL_FORM_BRACKET, "Kim", "Role", 2, 2, 3, "words more words");
}
END_TEST

START_TEST(template_caption_next_line) {
    bl_vocab *v = ut_rc_vocab("attribution = [{speaker}/{role}]\\n\"{quote}\"\n"
                              "attribution = [{role}]\\n\"{quote}\"\n");
    bl_doc *d = ut_doc_v(v, "Title Line Here\n\n"
                            "[Park Ji-hoon/commuter, Mapo-gu]\n"
                            "“I take the subway.\n"
                            "It adds up.”\n\n"
                            "[a voter in Seoul].\n"
                            "“Too much.”\n\n"
                            "[City Hall, last week]\n"
                            "The council voted.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_QUOTE), 3);
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 0), BL_FORM_SLASH, "Park Ji-hoon", "commuter, Mapo-gu", 3, 4,
             5, "I take the subway. It adds up.");
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 1), BL_FORM_SLASH, NULL, "a voter in Seoul", 7, 8, 8,
             "Too much.");
    /* "{quote}" in quote marks: narration after the caption is not taken */
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 2), BL_FORM_SLASH, NULL, "City Hall, last week", 10, 0, 10,
             NULL);
    ck_assert_int_eq(bl_doc_line_kind(d, 10), BL_LINE_BODY);
    /* a caption with words after it is not a caption */
    bl_doc *d2 = ut_doc_v(v, "[Kim/Role] said the minister.\n“Quote.”\n");
    ck_assert_uint_eq(ut_count(d2, BL_ITEM_QUOTE), 0);
}
END_TEST

START_TEST(template_speaker_rules) {
    bl_vocab *v = ut_rc_vocab("attribution = {speaker} ({role}): {quote}\n");
    bl_doc *d = ut_doc_v(v, "[LEAD]\n홍길동 (기자): 말씀 드립니다\n");
    UT_QUOTE(ut_one_quote(d), BL_FORM_COLON, "홍길동", "기자", 2, 2, 2, "말씀 드립니다");
    /* a speaker with a quote mark, or of 9 words, is no speaker (§7.7) */
    bl_doc *d2 = ut_doc_v(v, "[LEAD]\n\"Kim\" (Role): words\n"
                             "one two three four five six seven eight nine (Role): words\n");
    ck_assert_uint_eq(ut_count(d2, BL_ITEM_QUOTE), 0);
}
END_TEST

START_TEST(implicit_lead_section) {
    bl_vocab *v = ut_rc_vocab("implicit_lead = yes\nreport = ◀ Report ▶\n");
    bl_doc *d = ut_doc_v(v, "Subway Fares Rise\n\nThe lead paragraph.\nMore lead.\n\n"
                            "◀ Report ▶\nReport text.\n");
    ck_assert_uint_eq(ut_count(d, BL_ITEM_SECTION), 2);
    const bl_item *lead = ut_nth(d, BL_ITEM_SECTION, 0);
    ck_assert_str_eq(lead->section, "lead");
    ck_assert_ptr_null(lead->tag);
    ck_assert_int_eq(lead->line, 3);
    ck_assert_int_eq(lead->end_line, 4);
    ck_assert_int_eq(bl_doc_fold_level(d, 2), 2);
    bl_diags *diags = ut_lint(d);
    ck_assert_uint_eq(ut_diag_count(diags, "missing-lead", -1), 0);
    /* a marker right after the title: no implicit lead */
    bl_doc *d2 = ut_doc_v(v, "Subway Fares Rise\n\n◀ Report ▶\nReport text.\n");
    ck_assert_uint_eq(ut_count(d2, BL_ITEM_SECTION), 1);
    /* off (the default): the text before the marker belongs to the story */
    bl_doc *d3 = ut_doc_v(ut_rc_vocab("report = ◀ Report ▶\n"),
                          "Subway Fares Rise\n\nThe lead.\n\n◀ Report ▶\nReport text.\n");
    ck_assert_uint_eq(ut_count(d3, BL_ITEM_SECTION), 1);
}
END_TEST

START_TEST(chrome_settings) {
    const char *text = "[LEAD]\n동영상 고정 취소\n공유하기 facebook\nText.\n";
    bl_doc *d = ut_doc(text);
    ck_assert_int_eq(bl_doc_line_kind(d, 1), BL_LINE_CHROME);
    ck_assert_int_eq(bl_doc_line_kind(d, 2), BL_LINE_BODY);
    bl_vocab *v = ut_rc_vocab("hangul_chrome = no\nchrome = 공유하기, Share\n");
    bl_doc *d2 = ut_doc_v(v, text);
    ck_assert_int_eq(bl_doc_line_kind(d2, 1), BL_LINE_BODY);
    ck_assert_int_eq(bl_doc_line_kind(d2, 2), BL_LINE_CHROME);
    /* a chrome word is a whole word at the line start */
    bl_doc *d3 = ut_doc_v(v, "[LEAD]\nShare\nShared costs rose.\n");
    ck_assert_int_eq(bl_doc_line_kind(d3, 1), BL_LINE_CHROME);
    ck_assert_int_eq(bl_doc_line_kind(d3, 2), BL_LINE_BODY);
}
END_TEST

START_TEST(dateline_shapes) {
    bl_vocab *v = ut_rc_vocab("dateline = %Y.%m.%d. %p %I:%M\ndateline = %Y/%m/%d %H:%M:%S\n");
    static const struct {
        const char *line, *posted;
    } cases[] = {
        {"2024.10.28. PM 2:45", "2024-10-28T14:45"},
        {"2024.10.28. 오후 12:05", "2024-10-28T12:05"},
        {"2024.10.28. AM 12:30", "2024-10-28T00:30"},
        {"2024/01/02 03:04:05", "2024-01-02T03:04:05"},
        {"2024.13.28. PM 2:45", NULL}, /* month 13: a date line, no stamp */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "Title Of It\n%s\n\n[LEAD]\nText.\n", cases[i].line);
        bl_doc *d = ut_doc_v(v, text);
        ck_assert_int_eq(bl_doc_line_kind(d, 1), BL_LINE_META);
        ck_assert_pstr_eq(bl_doc_meta(d)->posted, cases[i].posted);
    }
    /* not the whole line: no date line */
    bl_doc *d = ut_doc_v(v, "Title Of It\n2024.10.28. PM 2:45 and more\n\n[LEAD]\nText.\n");
    ck_assert_int_ne(bl_doc_line_kind(d, 1), BL_LINE_META);
}
END_TEST

START_TEST(bad_lines_name_line_and_key) {
    static const struct {
        const char *rc, *want;
    } cases[] = {
        {"lead = <A>\nattribution = [{speaker}}\n", "2: attribution: expected '}' without '{'"},
        {"\n\nattribution = [{who}: {quote}]\n", "3: attribution: expected unknown slot"},
        {"attribution = [{speaker}: {quote}] {quote}\n", "1: attribution: expected a slot given "},
        {"attribution = : {quote}\n", "1: attribution: expected no {speaker} or {role}"},
        {"implicit_lead = sometimes\n", "1: implicit_lead: expected yes or no"},
        {"dateline = %Y-%m-%d %Q\n", "1: dateline: expected unknown %-code"},
        {"dialect = \n", "1: dialect: expected a name of 1 to 64 bytes"},
        {"soundbite = [Sound bite: *\n", "1: soundbite: expected one '*'"},
        {"report = <Rep * *>\n", "1: report: expected one '*'"},
        {"report = *>\n", "1: report: expected one '*'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *err = ut_rc_error(cases[i].rc);
        ck_assert_msg(strncmp(err, cases[i].want, strlen(cases[i].want)) == 0,
                      "rc %zu: '%s' should start '%s'", i, err, cases[i].want);
    }
}
END_TEST

START_TEST(caps_and_reload) {
    /* BL_VOCAB_MAX_TEMPLATES templates, then one more is refused */
    char rc[64 * 40 + 64] = "";
    for (unsigned i = 0; i < BL_VOCAB_MAX_TEMPLATES; i++) {
        char line[40];
        snprintf(line, sizeof line, "attribution = [{speaker} %u: {quote}]\n", i);
        strcat(rc, line);
    }
    bl_vocab *v = ut_rc_vocab(rc);
    ck_assert_uint_eq(bl_vocab_template_count(v), BL_VOCAB_MAX_TEMPLATES);
    /* loading the same text again adds nothing */
    ck_assert_int_eq(bl_vocab_load_text(v, rc, strlen(rc), NULL, 0), BL_OK);
    ck_assert_uint_eq(bl_vocab_template_count(v), BL_VOCAB_MAX_TEMPLATES);
    char err[256];
    const char *more = "attribution = [{speaker} x: {quote}]\n";
    ck_assert_int_eq(bl_vocab_load_text(v, more, strlen(more), err, sizeof err), BL_ETOOBIG);
    ck_assert_str_eq(err, "1: attribution: expected at most 64 attribution templates");
    /* BL_VOCAB_MAX_WILDCARDS '*' spellings */
    bl_vocab *w = ut_vocab();
    for (unsigned i = 0; i <= BL_VOCAB_MAX_WILDCARDS; i++) {
        char sp[32];
        snprintf(sp, sizeof sp, "<R%u *>", i);
        ck_assert_int_eq(bl_vocab_add(w, sp, BL_ROLE_REPORT, 0, NULL),
                         i < BL_VOCAB_MAX_WILDCARDS ? BL_OK : BL_ETOOBIG);
    }
}
END_TEST

START_TEST(template_highlights) {
    bl_vocab *v = ut_rc_vocab("attribution = [{speaker}/{role}]\\n\"{quote}\"\n"
                              "attribution = ({speaker}, {role})\\n{quote}\n"
                              "attribution = [{speaker}: {quote}]\n");
    bl_doc *d = ut_doc_v(v, "[LEAD]\n[Park Ji-hoon/commuter, Mapo]\n\"Quote.\"\n\n"
                            "(Kim, reporter)\nplain quote line\n\n[Choi: \"words\"] narration\n");
    /* "[Park Ji-hoon/commuter, Mapo]": speaker 1-13, role 14-28 (no brackets) */
    ck_assert_str_eq(ut_span_of(d, 1, BL_HL_SPEAKER), "1-13");
    ck_assert_str_eq(ut_span_of(d, 1, BL_HL_ROLE), "14-28");
    ck_assert_str_eq(ut_span_of(d, 2, BL_HL_QUOTE), "0-8");
    UT_QUOTE(ut_nth(d, BL_ITEM_QUOTE, 1), BL_FORM_SLASH, "Kim", "reporter", 5, 6, 6,
             "plain quote line");
    ck_assert_str_eq(ut_span_of(d, 4, BL_HL_SPEAKER), "1-4");
    /* "[Choi: "words"] narration": the quote without its marks, 8-13 */
    ck_assert_str_eq(ut_span_of(d, 7, BL_HL_SPEAKER), "1-5");
    ck_assert_str_eq(ut_span_of(d, 7, BL_HL_QUOTE), "8-13");
}
END_TEST

Suite *dialect_suite(void) {
    Suite *s = suite_create("dialect");
    TCase *tc = ut_tcase("dialect", 10);
    tcase_add_test(tc, exact_spellings_are_exact);
    tcase_add_test(tc, star_spellings);
    tcase_add_test(tc, known_ci_is_indexed);
    tcase_add_test(tc, template_bracket_runs_on);
    tcase_add_test(tc, template_caption_next_line);
    tcase_add_test(tc, template_speaker_rules);
    tcase_add_test(tc, implicit_lead_section);
    tcase_add_test(tc, chrome_settings);
    tcase_add_test(tc, dateline_shapes);
    tcase_add_test(tc, bad_lines_name_line_and_key);
    tcase_add_test(tc, caps_and_reload);
    tcase_add_test(tc, template_highlights);
    suite_add_tcase(s, tc);
    return s;
}
