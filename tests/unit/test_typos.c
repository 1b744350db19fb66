/* §7.9: a one-character typo never silently drops a soundbite. The eight
 * typos the corpus test listed in tests/corpus/typos_known.json (untagged
 * attributions that lose their one sign, a bracket soundbite that loses
 * its '['), each in a small document: the parser does not guess (no
 * soundbite: §4 and §7.7 keep the Name test for slash and colon), and
 * `malformed-attribution` names the one-character fix. Then look-alikes
 * of clean narration that must stay quiet. */
#include <string.h>

#include "nearattr.h"
#include "suites.h"

#define PRE "[REPORT]\nNarration of the reporter goes here.\n\n"
#define CODE "malformed-attribution"

/* The one malformed-attribution of text: on 0-based line, at col, its
 * message ending in what (the fix). No soundbite is invented. */
static void typo(const char *text, int32_t line, uint32_t col, const char *what) {
    bl_doc *d = ut_doc(text);
    bl_diags *g = ut_lint(d);
    ck_assert_msg(ut_diag_count(g, CODE, -1) == 1, "one %s expected on line %d, got %s", CODE, line,
                  ut_diag_list(g));
    const bl_diag *x = ut_diag(g, CODE);
    ck_assert_int_eq(x->line, line);
    ck_assert_uint_eq(x->col, col);
    ck_assert_uint_gt(x->end_col, x->col);
    ck_assert_str_eq(bl_severity_name((bl_severity)x->severity), "warning");
    size_t n = strlen(x->message), w = strlen(what);
    ck_assert_msg(n >= w && strcmp(x->message + n - w, what) == 0, "message '%s', expected '...%s'",
                  x->message, what);
    ck_assert_uint_eq(ut_count(d, BL_ITEM_QUOTE), 0);
}

/* text parses with a soundbite and no malformed-attribution; or, for
 * narration (quotes == 0), no soundbite and no finding either. */
static void quiet(const char *text, size_t quotes) {
    bl_doc *d = ut_doc(text);
    bl_diags *g = ut_lint(d);
    ck_assert_msg(ut_diag_count(g, CODE, -1) == 0, "no %s expected, got %s", CODE, ut_diag_list(g));
    ck_assert_uint_eq(ut_count(d, BL_ITEM_QUOTE), quotes);
}

/* ---- the eight known typos (typos_known.json before this rule) ---- */

START_TEST(slash_for_period) { /* seed-news-today:15 */
    typo(PRE "Kang Yu-jung . Presidential Spokesperson\nBoth leaders agreed to work together.\n", 3,
         13, "write '/' for '.'");
    quiet(PRE "Kang Yu-jung / Presidential Spokesperson\nBoth leaders agreed to work together.\n",
          1);
}
END_TEST

START_TEST(slash_lowercase_name) { /* seed-news-today:30, 055:15 */
    typo(PRE "Park yung-kwang / Institution for Nat'l Security Strategy\n\nThough brief, all "
             "key points were delivered.\n",
         3, 5, "write 'Y' for 'y'");
    typo(PRE "Betu ipe-cok / Cogikadipenu Hijak ci Wolok\nKob cukakas no nasuneje ba solatorasi.\n",
         3, 5, "write 'I' for 'i'");
}
END_TEST

START_TEST(slash_stray_marks) { /* 032:61, 032:29 */
    typo(PRE "-Sucemu Mejuv / U.S. Bolazazit\n\nI jicup cos ce kubib hu narez.\n", 3, 0,
         "delete '-'");
    typo(PRE "Fo (isu-sef/ Cedapoze fegavehi buwulab\n\nZo vijabig kob lojet tohu bimelerotu.\n", 3,
         3, "write a capital letter for '('");
}
END_TEST

START_TEST(colon_lost) { /* 059:15 */
    typo(PRE "Neje Gan Tile (Bolazazit) Vasageboves tenifucu debasise fojo nibikeseda.\n\nMore "
             "narration.\n",
         3, 25, "insert ':' after ')'");
    quiet(PRE "Neje Gan Tile (Bolazazit): Vasageboves tenifucu debasise fojo nibikeseda.\n", 1);
}
END_TEST

START_TEST(colon_name_lost_capital) { /* 059:23 */
    typo(PRE "eje Gan Tile (Bolazazit): Ce no wada meki kob kaduwut mo Mokuve.\n", 3, 0,
         "write 'E' for 'e'");
}
END_TEST

START_TEST(bracket_lost_open) { /* 016:71: the page ends inside the soundbite */
    typo(PRE "Bolazazit Luh Fet-vuduf: \"Woh hafol jeturu kob pom pajekive? I guba zedi duvonup.\n",
         3, 0, "insert '[' before 'B'");
    quiet(PRE "[Bolazazit Luh Fet-vuduf: \"Woh hafol jeturu kob pom pajekive? I guba zedi.\n", 1);
}
END_TEST

/* ---- more typos of the same kinds (the widened corpus sweep) ---- */

START_TEST(other_typos) {
    /* a mark for the '[' of a bracket soundbite, or before it */
    typo(PRE "/Rez Luco-biso/Hopocema Vefujoha: \"Behev wezo vebu\"\n", 3, 0, "write '[' for '/'");
    typo(PRE ",[Luh Wu-pomo/Liwezizagafusu Sapabocira: \"From cawa becafic.\"\n", 3, 0,
         "delete ','");
    /* the parentheses or the ':' of a colon attribution */
    typo(PRE "Rez Coz-ces (Podelavid )ovujo Fegavehi): Kob pojom ba Samefa futaj.\n", 3, 23,
         "delete ')'");
    typo(PRE "Neje Gan Tile Bolazazit): Ce no wada meki kob kaduwut.\n", 3, 14,
         "insert '(' before 'B'");
    typo(PRE "Rez Coz-ces ,Podelavid Zovujo Fegavehi): Kob pojom ba Samefa futaj.\n", 3, 12,
         "write '(' for ','");
    typo(PRE "Neje Gan Tile (Bolazazit), Ce no wada meki kob kaduwut.\n", 3, 25,
         "write ':' for ','");
    /* a stray mark inside a slash attribution */
    typo(PRE "Park Byung-kwang ./ Institution for Security Strategy\nThough brief, all.\n", 3, 17,
         "delete '.'");
    typo(PRE "Sucemu Mejuv  U.S. Bolazazit\n\nI jicup cos ce kubib hu narez.\n", 3, 12,
         "write '/' for ' '");
    /* a soundbite cue with a mark before it */
    typo(PRE "\xe2\x80\x9c[Sound bite: Rez Ju-fuf - Cedapoze Pubo (Rilado)]\n\"Kob pile.\"\n", 3, 0,
         "delete '\xe2\x80\x9c'");
}
END_TEST

/* ---- narration that is not one character from an attribution ---- */

START_TEST(narration_stays_quiet) {
    /* a dateline, an agency with its abbreviation, an apposition */
    quiet(PRE "Today (8.1), Dimuviwap mo Jozutil kuk Zekunic sajawopu 38 sakegaz.\n\nMore.\n", 0);
    quiet(PRE
          "Kob Mite Cobafabe Bomolilepif(MITU) Cobafabe Jukuhes sojefu Gowari renewaz.\n\nMore.\n",
          0);
    quiet(PRE "Wefih's Retuz Zufikemenamumi(ZIL) fiwu zedi kob piza lu 9:30 a.m. neb ba za.\n", 0);
    quiet(PRE "Lee Jae-myung (Democratic Party), who leads the polls, said so.\n", 0);
    /* a heading, hyphenated or not, over a paragraph */
    quiet(PRE "Rising Prices Hit Households\n\nZo vijabig kob lojet.\n", 0);
    quiet(PRE "Post-War Recovery Plan\n\nZo vijabig kob lojet.\n", 0);
    /* narration quoting someone */
    quiet(PRE "He said: \"We will act.\"\n", 0);
    quiet(PRE "The minister said the plan (announced Monday): \"is ready\".\n", 0);
    /* a slash caption whose glued '/' is lost reads as a heading: left
     * alone (nothing in one line tells the two apart) */
    quiet(PRE "Fo Risu-sef Cedapoze fegavehi buwulab\n\nZo vijabig kob lojet.\n", 0);
}
END_TEST

START_TEST(describe_and_bounds) {
    /* The check itself: only the first BL_NEARATTR_WINDOW bytes are
     * repaired; a typo past them is not looked for. */
    bl_vocab *v = ut_vocab();
    char line[400];
    memset(line, 'x', sizeof line);
    memcpy(line, "Some words here", 15);
    const char *tail = " Neje Gan Tile (Bolazazit), Ce no wada meki kob kaduwut.";
    memcpy(line + 100, tail, strlen(tail));
    bl_lineinfo li;
    bl_nearattr r;
    bl_line_analyze(v, line, 100 + strlen(tail), &li);
    ck_assert_int_eq(bl_nearattr_check(v, line, 100 + strlen(tail), &li, 1, &r), BL_NEARATTR_NONE);
    const char *ok = "Kang Yu-jung . Presidential Spokesperson";
    bl_line_analyze(v, ok, strlen(ok), &li);
    ck_assert_int_eq(bl_nearattr_check(v, ok, strlen(ok), &li, 1, &r), BL_NEARATTR_REPLACE);
    ck_assert_uint_eq(r.col, 13);
    ck_assert_uint_eq(r.end_col, 14);
    char buf[12];
    ck_assert_str_eq(bl_nearattr_describe(&r, ok, buf, sizeof buf), "write '/' f");
    /* no paragraph after it: a slash attribution could not be one */
    ck_assert_int_eq(bl_nearattr_check(v, ok, strlen(ok), &li, 0, &r), BL_NEARATTR_NONE);
}
END_TEST

Suite *typos_suite(void) {
    Suite *s = suite_create("typos");
    TCase *tc = ut_tcase("known", 10);
    tcase_add_test(tc, slash_for_period);
    tcase_add_test(tc, slash_lowercase_name);
    tcase_add_test(tc, slash_stray_marks);
    tcase_add_test(tc, colon_lost);
    tcase_add_test(tc, colon_name_lost_capital);
    tcase_add_test(tc, bracket_lost_open);
    suite_add_tcase(s, tc);
    tc = ut_tcase("more", 10);
    tcase_add_test(tc, other_typos);
    tcase_add_test(tc, narration_stays_quiet);
    tcase_add_test(tc, describe_and_bounds);
    suite_add_tcase(s, tc);
    return s;
}
