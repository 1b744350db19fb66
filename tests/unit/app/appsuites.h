/* Unit suites of the products above the model: the RPC helper
 * (core/rpc/) and the CLI (core/cli/). They link the whole executable's
 * libraries; the model's own suites (the .c files of tests/unit) link the model alone.
 * The helpers of tests/unit/helpers.c (ut_tcase, ut_keep) are shared. */
#pragma once

#include "suites.h"

Suite *frame_suite(void);
Suite *emit_suite(void);
Suite *rpc_oom_suite(void);
Suite *lspframe_suite(void); /* core/lsp/ */
Suite *arrive_input_suite(void);
