/* The runner of the RPC helper's and the CLI's unit suites. */
#include <stdlib.h>

#include "appsuites.h"

int main(void) {
    SRunner *sr = srunner_create(frame_suite());
    srunner_add_suite(sr, emit_suite());
    srunner_add_suite(sr, rpc_oom_suite());
    srunner_add_suite(sr, lspframe_suite());
    srunner_add_suite(sr, arrive_input_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
