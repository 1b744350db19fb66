/* The unit-test runner: every suite of suites.h in one SRunner. */
#include <stdlib.h>

#include "suites.h"

int main(void) {
    SRunner *sr = srunner_create(forms_suite());
    srunner_add_suite(sr, titles_suite());
    srunner_add_suite(sr, structure_suite());
    srunner_add_suite(sr, meta_suite());
    srunner_add_suite(sr, highlight_suite());
    srunner_add_suite(sr, lint_suite());
    srunner_add_suite(sr, vocab_suite());
    srunner_add_suite(sr, incremental_suite());
    srunner_add_suite(sr, hostile_suite());
    srunner_add_suite(sr, protocol2_suite());
    srunner_add_suite(sr, lineinfo_suite());
    srunner_add_suite(sr, near_suite());
    srunner_add_suite(sr, memory_suite());
    srunner_add_suite(sr, oom_suite());
    srunner_add_suite(sr, dialect_suite());
    srunner_add_suite(sr, arrive_suite());
    srunner_add_suite(sr, arrive2_suite());
    srunner_add_suite(sr, timing_suite());
    srunner_add_suite(sr, fix_suite());
    srunner_add_suite(sr, spkindex_suite());
    srunner_add_suite(sr, typos_suite());
    srunner_add_suite(sr, lintcode_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
