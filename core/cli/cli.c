/* madvise(MADV_HUGEPAGE) is a Linux extension outside POSIX. */
#define _DEFAULT_SOURCE 1

#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "args.h"
#include "doc.h"
#include "emit.h"
#include "emitdoc.h"
#include "emitrows.h"
#include "fixcmd.h"
#include "hash.h"
#include "help.h"
#include "input.h"
#include "lint.h"
#include "load.h"
#include "par.h"
#include "rstr.h"
#include "sarif.h"
#include "term.h"
#include "showcfg.h"
#include "timingcmd.h"
#include "speakers.h"
#include "vocab.h"
#include "walk.h"

/* ---- the commands ---- */

/* A new command: an id here, a line in COMMANDS, a case in run_file()
 * calling its module, and its text in help.c. */
typedef enum {
    CMD_NONE = BL_ARGS_NO_COMMAND,
    CMD_OUTLINE,
    CMD_LINT,
    CMD_QUOTES,
    CMD_FOLDS,
    CMD_HIGHLIGHTS,
    CMD_CONFIG,
    CMD_SPEAKERS
} cmd_id;

/* name, id, accepted --format values (the first is the default), which
 * options it takes (args.h). */
static const bl_args_command COMMANDS[] = {
    {"outline", CMD_OUTLINE, "json text qf", 0},
    {"lint", CMD_LINT, "text json qf sarif", BL_ARGS_STRICT},
    {"quotes", CMD_QUOTES, "json csv text", BL_ARGS_SUPERS},
    {"folds", CMD_FOLDS, "json", 0},
    {"highlights", CMD_HIGHLIGHTS, "json", 0},
    {"config", CMD_CONFIG, "text", BL_ARGS_NO_FILES},
    {"speakers", CMD_SPEAKERS, "text json csv", BL_ARGS_CONFLICTS},
};

/* Shared state while the files are processed. */
typedef struct {
    bl_args *a;
    bl_load *ld;      /* vocabularies (load.h) */
    bl_par *par;      /* the documents, read ahead in order (par.h) */
    bl_speakers *spk; /* speakers: the index */
    int status;       /* BL_CLI_* so far */
    /* lint */
    size_t errors, warnings, infos, files_done;
    /* quotes */
    size_t rows;
    char **seen; /* --supers: open-addressed set of owned caption keys */
    size_t seen_n, seen_cap;
    /* The first failed write to stdout ends the run's output: its errno,
     * or 0 while every write succeeded. */
    int write_errno;
} cli_run;

/* Takes a writer's result (emit.h: 0, BL_EIO or BL_ENOMEM): a failed write
 * (BL_EIO, or stdout's error flag) is remembered with its errno for the one
 * message at the end; running out of memory is reported now. Both make
 * the exit status 2. Returns nonzero when the output has failed. */
static int check_out(cli_run *r, int rc) {
    int err = errno;
    if (r->write_errno != 0)
        return 1;
    if (rc == BL_ENOMEM) {
        bl_term_error("out of memory");
        r->status = BL_CLI_USAGE;
        rc = 0;
    }
    if (rc == BL_EIO || ferror(stdout)) {
        r->write_errno = err != 0 ? err : EIO;
        r->status = BL_CLI_USAGE;
        return 1;
    }
    return 0;
}

/* Flushes stdout and reports a failed write of the run once, naming the
 * output: "bulletin: writing standard output: No space left on device". */
static void finish_out(cli_run *r) {
    errno = 0;
    if (fflush(stdout) != 0)
        check_out(r, BL_EIO);
    else
        check_out(r, 0);
    if (r->write_errno != 0)
        bl_term_error("writing standard output: %s", strerror(r->write_errno));
}

/* ---- vocabulary ---- */

/* bulletin config [FILE]: the vocabulary FILE (or, without one, a
 * document in the current directory) is read with, and where it comes
 * from. */
static void run_config(cli_run *r, const char *path) {
    char src[PATH_MAX + 64];
    const char *rc_path = NULL;
    const bl_vocab *v = bl_load_vocab(r->ld, path != NULL ? path : "-", &rc_path);
    if (r->a->no_config)
        snprintf(src, sizeof src, "built-in vocabulary (--no-config)");
    else if (r->a->config != NULL)
        snprintf(src, sizeof src, "--config %s", r->a->config);
    else if (v != NULL)
        snprintf(src, sizeof src, "%s", rc_path);
    else
        snprintf(src, sizeof src, "built-in vocabulary (no .bulletinrc found)");
    if (path != NULL) {
        fputs("# for ", stdout);
        check_out(r, fprintf(stdout, "%s\n", path) < 0 ? BL_EIO : 0);
    }
    check_out(r, bl_showcfg_print(stdout, v, src));
}

/* ---- one document ---- */

/* The next document, path (read ahead by r->par), into *docp (the caller
 * frees it). On failure reports on stderr, sets the exit status and
 * returns nonzero. */
static int load_doc(cli_run *r, const char *path, bl_doc **docp) {
    char why[256];
    int rc = bl_par_next(r->par, docp, why, sizeof why);
    if (rc != 0) {
        /* bl_term_error() flushes stdout first: the message comes after
         * the output of earlier files. */
        bl_term_error("%s: %s", path, why);
        r->status = BL_CLI_USAGE;
    }
    return rc;
}

/* Adds key (copied) to the supers set. Returns 1 if new, 0 if already
 * there, BL_ENOMEM. */
static int seen_add(cli_run *r, const char *key) {
    if ((r->seen_n + 1) * 2 > r->seen_cap) {
        size_t ncap = r->seen_cap ? r->seen_cap * 2 : 64;
        char **nt = bl_calloc(ncap, sizeof *nt);
        if (nt == NULL)
            return BL_ENOMEM;
        for (size_t i = 0; i < r->seen_cap; i++) {
            if (r->seen[i] == NULL)
                continue;
            size_t h = (size_t)bl_hash_str(BL_HASH_SEED, r->seen[i]) & (ncap - 1);
            while (nt[h] != NULL)
                h = (h + 1) & (ncap - 1);
            nt[h] = r->seen[i];
        }
        free(r->seen);
        r->seen = nt;
        r->seen_cap = ncap;
    }
    size_t h = (size_t)bl_hash_str(BL_HASH_SEED, key) & (r->seen_cap - 1);
    for (; r->seen[h] != NULL; h = (h + 1) & (r->seen_cap - 1))
        if (strcmp(r->seen[h], key) == 0)
            return 0;
    r->seen[h] = bl_strdup(key);
    if (r->seen[h] == NULL)
        return BL_ENOMEM;
    r->seen_n++;
    return 1;
}

/* Appends s without one trailing "\r" to key at *k (room is checked). */
/* Appends s (a reported string, rstr.h: NUL bytes included, §7.5) to the
 * dedup key, without a trailing "\r"; a NUL byte becomes \x1d so that the
 * key stays one C string (a speaker holding \x1d itself may then share a
 * key with one holding NUL there: both are control bytes in a name). */
static size_t key_part(char *key, size_t k, const char *s) {
    size_t n = bl_rstr_len(s);
    if (n > 0 && s[n - 1] == '\r')
        n--;
    for (size_t i = 0; i < n; i++)
        key[k + i] = s[i] != '\0' ? s[i] : '\x1d';
    return k + n;
}

static void run_quotes(cli_run *r, bl_doc *doc, const char *shown) {
    size_t n = 0;
    const bl_item *items = bl_doc_items(doc, &n);
    for (size_t i = 0; i < n; i++) {
        const bl_item *it = &items[i];
        if (it->kind != BL_ITEM_QUOTE)
            continue;
        bl_emit_quote q = {shown,
                           it->line,
                           it->form < BL_FORM_COUNT ? bl_form_name((bl_form)it->form) : "unknown",
                           it->speaker,
                           it->role,
                           it->quote,
                           1};
        if (r->a->supers) {
            if (it->speaker == NULL || it->speaker[0] == '\0' || strcmp(it->speaker, "\r") == 0)
                continue;
            /* The key: speaker, a unit separator, role or a "null" mark. */
            size_t need = bl_rstr_len(it->speaker) + bl_rstr_len(it->role) + 3;
            char *key = bl_malloc(need);
            if (key == NULL) {
                bl_term_error("out of memory");
                r->status = BL_CLI_USAGE;
                return;
            }
            size_t k = key_part(key, 0, it->speaker);
            key[k++] = '\x1f';
            if (it->role != NULL)
                k = key_part(key, k, it->role);
            else
                key[k++] = '\x1e';
            key[k] = '\0';
            int fresh = seen_add(r, key);
            free(key);
            if (fresh < 0) {
                bl_term_error("out of memory");
                r->status = BL_CLI_USAGE;
                return;
            }
            if (fresh && check_out(r, bl_emit_supers_row(stdout, r->a->fmt, &q, r->rows++ == 0)))
                return;
        } else if (check_out(r, bl_emit_quotes_row(stdout, r->a->fmt, &q, r->rows++ == 0))) {
            return;
        }
    }
}

static void run_lint(cli_run *r, bl_doc *doc, const bl_emit_opts *opts) {
    bl_diags diags = {0};
    if (bl_par_lint(r->par, doc, &diags) != 0) { /* found by a worker (par.h) */
        bl_term_error("%s: lint: %s", opts->file, bl_strerror(BL_ENOMEM));
        r->status = BL_CLI_USAGE;
    }
    for (size_t i = 0; i < diags.n; i++) {
        switch (diags.v[i].severity) {
        case BL_SEV_ERROR:
            r->errors++;
            break;
        case BL_SEV_WARNING:
            r->warnings++;
            break;
        default:
            r->infos++;
            break;
        }
    }
    if (r->a->fmt == BL_EMIT_SARIF)
        check_out(r, bl_sarif_file(stdout, doc, &diags, opts->file, &r->rows));
    else if (r->a->fmt == BL_EMIT_JSON)
        check_out(r, bl_emit_lint_json(stdout, &diags, opts));
    else if (r->a->fmt == BL_EMIT_QF)
        check_out(r, bl_emit_lint_qf(stdout, &diags, opts));
    else
        check_out(r, bl_emit_lint_text(stdout, &diags, opts));
    bl_diags_free(&diags);
}

static void run_file(cli_run *r, const char *path) {
    bl_doc *doc = NULL;
    if (load_doc(r, path, &doc) != 0)
        return;
    const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
    bl_emit_opts opts = {shown, r->a->compact};
    r->files_done++;
    switch (r->a->cmd) {
    case CMD_OUTLINE:
        if (r->a->fmt == BL_EMIT_TEXT)
            check_out(r, bl_emit_outline_text(stdout, doc, &opts));
        else if (r->a->fmt == BL_EMIT_QF)
            check_out(r, bl_emit_outline_qf(stdout, doc, &opts));
        else
            check_out(r, bl_emit_outline_json(stdout, doc, &opts));
        break;
    case CMD_LINT:
        run_lint(r, doc, &opts);
        break;
    case CMD_QUOTES:
        run_quotes(r, doc, shown);
        break;
    case CMD_FOLDS:
        check_out(r, bl_emit_folds_json(stdout, doc));
        break;
    case CMD_HIGHLIGHTS:
        check_out(r, bl_emit_highlights_json(stdout, doc));
        break;
    case CMD_SPEAKERS:
        check_out(r, bl_speakers_add(r->spk, doc, shown));
        break;
    case CMD_NONE:
    case CMD_CONFIG:
        break;
    }
    bl_doc_free(doc);
}

int bl_cli_main(int argc, char **argv) {
    if (bl_fixcmd_wanted(argc, argv)) /* lint --fix, --unsafe-fixes, --diff: fixcmd.h */
        return bl_fixcmd_main(argc, argv);
    if (bl_timingcmd_wanted(argc, argv))
        return bl_timingcmd_main(argc, argv); /* core/cli/timingcmd.c */
    bl_args a;
    int rc = bl_args_parse(argc, argv, COMMANDS, sizeof COMMANDS / sizeof COMMANDS[0], &a);
    if (rc >= 0) {
        /* --help, --version or a usage error: the help's write is checked
         * as a document's is. */
        cli_run hr;
        memset(&hr, 0, sizeof hr);
        hr.status = rc;
        if (a.show == BL_ARGS_SHOW_VERSION)
            check_out(&hr, fputs("bulletin " BL_CLI_VERSION "\n", stdout) == EOF ? BL_EIO : 0);
        else if (a.show == BL_ARGS_SHOW_HELP && rc == BL_CLI_OK)
            check_out(&hr, bl_help_print(stdout));
        free(a.files);
        finish_out(&hr);
        return hr.status;
    }
    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);

    cli_run r;
    memset(&r, 0, sizeof r);
    r.a = &a;
    bl_walk_list files = {0};
    int failed = 0;
    if (bl_load_new(a.config, a.no_config, &r.ld) != 0) {
        free(a.files);
        return BL_CLI_USAGE;
    }
    if (a.cmd != CMD_CONFIG) { /* the documents: walked, then read ahead */
        rc = bl_walk_expand(a.files, a.nfiles, a.recursive, &files, &failed);
        r.status = failed ? BL_CLI_USAGE : r.status;
        if (rc == 0 && a.cmd == CMD_SPEAKERS &&
            (r.spk = bl_speakers_new(a.fmt, a.conflicts)) == NULL)
            rc = BL_ENOMEM;
        if (rc == 0)
            rc = bl_par_start(r.ld, files.v, files.n, a.jobs ? a.jobs : bl_par_default_jobs(),
                              a.cmd == CMD_LINT, a.cmd == CMD_QUOTES, &r.par);
        if (rc != 0) {
            bl_term_error("out of memory");
            r.status = BL_CLI_USAGE;
            files.n = 0;
        }
        a.nfiles = files.n;
    }

    if (a.cmd == CMD_LINT && a.fmt == BL_EMIT_SARIF)
        check_out(&r, bl_sarif_begin(stdout));
    if (a.cmd == CMD_QUOTES)
        check_out(&r, a.supers ? bl_emit_supers_begin(stdout, a.fmt)
                               : bl_emit_quotes_begin(stdout, a.fmt));
    if (a.cmd == CMD_CONFIG && a.nfiles == 0)
        run_config(&r, NULL);
    for (size_t i = 0; i < a.nfiles && r.write_errno == 0; i++)
        if (a.cmd == CMD_CONFIG)
            run_config(&r, a.files[i]);
        else
            run_file(&r, files.v[i]);
    if (a.cmd == CMD_LINT && a.fmt == BL_EMIT_SARIF && r.write_errno == 0)
        check_out(&r, bl_sarif_end(stdout, r.rows));
    if (a.cmd == CMD_SPEAKERS && r.spk != NULL && r.write_errno == 0)
        check_out(&r, bl_speakers_print(r.spk, stdout));
    if (a.cmd == CMD_QUOTES && r.write_errno == 0)
        check_out(&r, a.supers ? bl_emit_supers_end(stdout, a.fmt, r.rows)
                               : bl_emit_quotes_end(stdout, a.fmt, r.rows));

    int status = r.status;
    if (a.cmd == CMD_LINT) {
        errno = 0;
        check_out(&r, fflush(stdout) != 0 ? BL_EIO : 0); /* the summary comes last */
        fprintf(stderr, "%zu errors, %zu warnings, %zu infos in %zu files\n", r.errors, r.warnings,
                r.infos, r.files_done);
        if (status == BL_CLI_OK && (r.errors > 0 || (a.strict && r.warnings > 0)))
            status = BL_CLI_FINDINGS;
    }
    finish_out(&r);
    if (r.write_errno != 0)
        status = BL_CLI_USAGE;

    for (size_t i = 0; i < r.seen_cap; i++)
        free(r.seen[i]);
    free(r.seen);
    bl_par_free(r.par);
    bl_speakers_free(r.spk);
    bl_load_free(r.ld);
    bl_walk_free(&files);
    free(a.files);
    return status;
}
