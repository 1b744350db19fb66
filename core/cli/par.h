/* par: documents read and parsed ahead on several threads, handed out in
 * input order (`-j N`, `--jobs N`).
 *
 * bl_par_start() resolves each path's vocabulary on the calling thread, in
 * order (load.h), then starts min(jobs, n) worker threads when jobs > 1,
 * none when jobs == 1 (then each bl_par_next() reads its document itself,
 * as a serial run does). Workers read and parse
 * at most BL_PAR_WINDOW_PER_JOB * jobs documents ahead of the one
 * bl_par_next() hands out, so memory stays bounded however many files
 * there are. Standard input ("-") is always read by bl_par_next() on the
 * caller's thread, so several "-" operands read as in a serial run.
 *
 * What the caller prints depends only on the documents and their order,
 * never on the timing: the output of -j 1 and -j N is the same, byte for
 * byte, and so is what the caller writes to stderr for unreadable files.
 *
 * Ownership: ld and paths are borrowed until bl_par_free(); each doc that
 * bl_par_next() returns is the caller's. */
#pragma once

#include <stddef.h>

#include "doc.h"
#include "lint.h"
#include "load.h"

#define BL_PAR_MAX_JOBS 256
#define BL_PAR_WINDOW_PER_JOB 4

typedef struct bl_par bl_par;

/* The default for -j: the number of online processors (1 when unknown),
 * at most BL_PAR_MAX_JOBS. */
unsigned bl_par_default_jobs(void);

/* Starts handing out paths[0, n) with jobs threads (1..BL_PAR_MAX_JOBS;
 * fewer when threads cannot be created); with lint, the workers also run
 * bl_lint_run() on each document (bl_par_lint() hands the findings out);
 * the documents keep their quotes' text when quote_text (bl_load_doc()).
 * 0 or BL_ENOMEM. */
int bl_par_start(bl_load *ld, char *const *paths, size_t n, unsigned jobs, int lint, int quote_text,
                 bl_par **out);

/* The next document in input order: 0 and *docp, or the negative code of
 * bl_load_doc() and its reason in why. Call it at most n times. */
int bl_par_next(bl_par *p, bl_doc **docp, char *why, size_t whylen);

/* The lint findings of doc, the document bl_par_next() returned last:
 * those a worker found (moved into *out), or bl_lint_run(doc, out) now.
 * Returns bl_lint_run()'s result (0 or BL_ENOMEM, *out then partial). */
int bl_par_lint(bl_par *p, bl_doc *doc, bl_diags *out);

/* Stops the workers (documents not handed out are freed) and frees p. */
void bl_par_free(bl_par *p);
