/* realpath() is an XSI extension outside POSIX. */
#define _DEFAULT_SOURCE 1

#include "fixcmd.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "cli.h"
#include "help.h"
#include "doc.h"
#include "fix.h"
#include "fixtext.h"
#include "input.h"
#include "lint.h"
#include "term.h"
#include "vocab.h"

int bl_fixcmd_wanted(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return 0;
        if (strcmp(argv[i], "--fix") == 0 || strcmp(argv[i], "--unsafe-fixes") == 0 ||
            strcmp(argv[i], "--diff") == 0)
            return 1;
    }
    return 0;
}

/* The command line and the totals. files borrows from argv. */
typedef struct {
    int unsafe, diff, no_config, help;
    const char *config;
    const char *cmd;
    char **files;
    size_t nfiles;
    bl_vocab *config_vocab;
    bl_vocab *rc_vocab; /* the last .bulletinrc found, cached by path */
    char rc_path[PATH_MAX];
    size_t fixed, remaining, more, on_disk;
    int status;
} fixrun;

static int usage(const char *msg, const char *arg) {
    bl_term_error(msg, arg);
    fputs("Try 'bulletin --help'.\n", stderr);
    return BL_CLI_USAGE;
}

/* Returns -1 to go on, or an exit status. */
static int parse(fixrun *r, int argc, char **argv) {
    int only_files = 0;
    r->files = bl_calloc((size_t)argc + 1, sizeof *r->files);
    if (!r->files)
        return usage("%s", "out of memory");
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            if (!r->cmd)
                r->cmd = a;
            else
                r->files[r->nfiles++] = a;
        } else if (strcmp(a, "--") == 0) {
            only_files = 1;
        } else if (strcmp(a, "--fix") == 0) {
            /* the default */
        } else if (strcmp(a, "--unsafe-fixes") == 0) {
            r->unsafe = 1;
        } else if (strcmp(a, "--diff") == 0) {
            r->diff = 1;
        } else if (strcmp(a, "--no-config") == 0) {
            r->no_config = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            r->help = 1;
        } else if (strncmp(a, "--config=", 9) == 0) {
            r->config = a + 9;
        } else if (strcmp(a, "--config") == 0) {
            if (i + 1 >= argc)
                return usage("option '%s' needs a value", a);
            r->config = argv[++i];
        } else {
            return usage("'%s' does not apply with --fix, --unsafe-fixes or --diff", a);
        }
    }
    if (r->help)
        return bl_help_print(stdout) == 0 && fflush(stdout) == 0 ? BL_CLI_OK : BL_CLI_USAGE;
    if (!r->cmd || strcmp(r->cmd, "lint") != 0)
        return usage("--fix, --unsafe-fixes and --diff apply to lint only, not '%s'",
                     r->cmd ? r->cmd : "(no command)");
    if (r->config && r->no_config)
        return usage("%s", "--config and --no-config exclude each other");
    if (r->nfiles == 0)
        return usage("%s", "lint: missing FILE operand");
    return -1;
}

/* The vocabulary for path: --config's, the nearest .bulletinrc's, or NULL
 * (built-in). A bad .bulletinrc line is reported; the lines before apply. */
static const bl_vocab *vocab_for(fixrun *r, const char *path) {
    if (r->no_config)
        return NULL;
    if (r->config_vocab)
        return r->config_vocab;
    char rc[PATH_MAX], err[PATH_MAX + 256];
    if (bl_vocab_find_rc(strcmp(path, "-") == 0 ? "./-" : path, rc, sizeof rc) != 0)
        return NULL;
    if (r->rc_vocab && strcmp(rc, r->rc_path) == 0)
        return r->rc_vocab;
    bl_vocab_free(r->rc_vocab);
    r->rc_path[0] = '\0';
    r->rc_vocab = bl_vocab_new();
    if (!r->rc_vocab)
        return NULL;
    if (bl_vocab_load_file(r->rc_vocab, rc, err, sizeof err) != 0)
        bl_term_error("%s", err);
    snprintf(r->rc_path, sizeof r->rc_path, "%s", rc);
    return r->rc_vocab;
}

/* Reads all of fd (at most BL_INPUT_MAX bytes). 0 or BL_EIO / BL_ENOMEM /
 * BL_ETOOBIG. */
static int read_all(int fd, char **buf, size_t *len) {
    size_t cap = 1 << 16, n = 0;
    char *p = bl_malloc(cap);
    if (!p)
        return BL_ENOMEM;
    for (;;) {
        if (n == cap) {
            if (cap >= BL_INPUT_MAX) {
                free(p);
                return BL_ETOOBIG;
            }
            char *q = bl_realloc(p, cap * 2);
            if (!q) {
                free(p);
                return BL_ENOMEM;
            }
            p = q, cap *= 2;
        }
        ssize_t k = read(fd, p + n, cap - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            free(p);
            return BL_EIO;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    *buf = p;
    *len = n;
    return BL_OK;
}

/* Lints t into *doc (the caller frees it) and *diags. 0 or BL_E*. */
static int lint_text(const bl_vocab *v, const bl_fixtext *t, bl_doc **doc, bl_diags *diags) {
    char *buf;
    size_t len;
    *doc = NULL;
    if (bl_fixtext_joined(t, &buf, &len) != 0)
        return BL_ENOMEM;
    bl_doc *d = bl_doc_new(v);
    int rc = d ? bl_doc_take_text(d, buf, len) : (free(buf), BL_ENOMEM);
    if (rc == 0)
        rc = bl_doc_update(d, NULL);
    if (rc == 0 && (size_t)bl_doc_line_count(d) != t->lines.n)
        rc = BL_EINVAL; /* the model splits lines as fixtext does */
    if (rc == 0)
        rc = bl_lint_run(d, diags);
    if (rc != 0) {
        bl_doc_free(d);
        return rc;
    }
    *doc = d;
    return BL_OK;
}

/* Edits in text order, for applying. */
static int edit_order(const void *x, const void *y) {
    const bl_edit *a = *(const bl_edit *const *)x, *b = *(const bl_edit *const *)y;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return 0;
}

/* What a pass found: fixes applied, findings seen, and those with only an
 * unsafe fix when unsafe ones are not taken. */
typedef struct {
    size_t applied, found, unsafe_only;
} pass_result;

/* One pass over t: lint, take the first allowed fix of each finding,
 * choose those that do not overlap (bl_fix_choose()), apply them. 0 or
 * BL_E*. */
static int one_pass(fixrun *r, const bl_vocab *v, bl_fixtext *t, int apply, pass_result *pr) {
    bl_doc *doc;
    bl_diags diags = {0};
    memset(pr, 0, sizeof *pr);
    int rc = lint_text(v, t, &doc, &diags);
    if (rc != 0) {
        bl_diags_free(&diags);
        return rc;
    }
    bl_fixes all = {0};
    BL_VEC(size_t) picks = {0}, chosen = {0};
    pr->found = diags.n;
    for (size_t i = 0; i < diags.n && rc == 0; i++) {
        size_t from = all.n;
        rc = bl_fix_for(doc, &diags.v[i], &all);
        int has_safe = 0, has_unsafe = 0;
        size_t pick = SIZE_MAX;
        for (size_t k = from; k < all.n; k++) {
            has_safe |= all.v[k].safe;
            has_unsafe |= !all.v[k].safe;
            if (pick == SIZE_MAX && (all.v[k].safe || r->unsafe))
                pick = k;
        }
        pr->unsafe_only += has_unsafe && !has_safe && !r->unsafe;
        if (pick == SIZE_MAX || !apply)
            continue;
        if (rc == 0)
            rc = bl_vec_push(&picks, pick);
    }
    if (rc == 0 && picks.n > 0 && (rc = bl_vec_reserve(&chosen, picks.n)) == 0)
        rc = bl_fix_choose(all.v, picks.v, picks.n, chosen.v, &chosen.n);
    /* The chosen fixes' edits, in text order. */
    BL_VEC(const bl_edit *) edits = {0};
    for (size_t c = 0; c < chosen.n && rc == 0; c++)
        for (size_t k = 0; k < all.v[chosen.v[c]].n_edits && rc == 0; k++)
            rc = bl_vec_push(&edits, &all.v[chosen.v[c]].edits[k]);
    if (rc == 0 && edits.n > 1)
        qsort(edits.v, edits.n, sizeof *edits.v, edit_order);
    if (rc == 0 && edits.n > 0)
        rc = bl_fixtext_apply(t, edits.v, edits.n);
    if (rc == 0)
        pr->applied = chosen.n;
    bl_vec_free(&edits);
    bl_vec_free(&chosen);
    bl_vec_free(&picks);
    bl_fixes_free(&all);
    bl_diags_free(&diags);
    bl_doc_free(doc);
    return rc;
}

/* Replaces path by data[0, n) through a temporary file in its directory,
 * renamed over it, with the mode of the file read (st0). On failure
 * writes the reason to why and returns nonzero; the file is unchanged
 * and the temporary file gone. */
static int write_atomic(const char *path, const struct stat *st0, const char *data, size_t n,
                        char *why, size_t whylen) {
    char real[PATH_MAX], tmp[2 * PATH_MAX + 32];
    struct stat st, dst;
    if (!realpath(path, real) || stat(real, &st) != 0) {
        snprintf(why, whylen, "vanished before it was written (%s); not written", strerror(errno));
        return -1;
    }
    if (st.st_dev != st0->st_dev || st.st_ino != st0->st_ino || st.st_size != st0->st_size ||
        st.st_mtime != st0->st_mtime) {
        snprintf(why, whylen, "changed while it was being fixed; not written");
        return -1;
    }
    if ((st.st_mode & 0222) == 0 || access(real, W_OK) != 0) {
        snprintf(why, whylen, "is read-only; not written");
        return -1;
    }
    char *slash = strrchr(real, '/');
    const char *base = slash ? slash + 1 : real;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - real) : 1, slash ? real : ".");
    if (dir[0] == '\0')
        snprintf(dir, sizeof dir, "/");
    if (stat(dir, &dst) != 0 || (dst.st_mode & 0222) == 0 || access(dir, W_OK) != 0) {
        snprintf(why, whylen, "its directory is read-only; not written");
        return -1;
    }
    int tn = snprintf(tmp, sizeof tmp, "%s/.%s.fix-XXXXXX", strcmp(dir, "/") ? dir : "", base);
    if (tn < 0 || (size_t)tn >= sizeof tmp) {
        snprintf(why, whylen, "path too long; not written");
        return -1;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(why, whylen, "cannot create a temporary file (%s); not written", strerror(errno));
        return -1;
    }
    int ok = fchmod(fd, st.st_mode & 07777) == 0;
    for (size_t off = 0; ok && off < n;) {
        ssize_t k = write(fd, data + off, n - off);
        if (k < 0 && errno == EINTR)
            continue;
        ok = k > 0;
        off += ok ? (size_t)k : 0;
    }
    ok = ok && fsync(fd) == 0;
    int err = errno;
    ok = close(fd) == 0 && ok;
    if (ok && stat(real, &st) != 0) {
        snprintf(why, whylen, "vanished while it was being fixed; not written");
        unlink(tmp);
        return -1;
    }
    if (!ok || rename(tmp, real) != 0) {
        snprintf(why, whylen, "%s; not written", strerror(ok ? errno : err ? err : EIO));
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* Opens and reads the file to fix: a regular file (or standard input with
 * --diff). Reports and returns nonzero on failure. */
static int read_file(fixrun *r, const char *path, struct stat *st, char **buf, size_t *len) {
    int is_stdin = strcmp(path, "-") == 0;
    if (is_stdin && !r->diff) {
        bl_term_error("-: standard input cannot be fixed in place; use --diff");
        return -1;
    }
    int fd = is_stdin ? 0 : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 || fstat(fd, st) != 0) {
        bl_term_error("%s: %s", path, strerror(errno));
        if (fd > 0)
            close(fd);
        return -1;
    }
    if (!is_stdin && !S_ISREG(st->st_mode)) {
        bl_term_error("%s: not a regular file; not fixed", path);
        close(fd);
        return -1;
    }
    int rc = read_all(fd, buf, len);
    int err = errno;
    if (!is_stdin)
        close(fd);
    if (rc != 0) {
        bl_term_error("%s: %s", path, rc == BL_EIO ? strerror(err) : bl_strerror(rc));
        return -1;
    }
    return 0;
}

/* Fixes one file. Returns nonzero after an error (reported). */
static int fix_file(fixrun *r, const char *path) {
    const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
    struct stat st;
    char *buf = NULL;
    size_t len = 0;
    if (read_file(r, path, &st, &buf, &len) != 0)
        return -1;
    bl_fixtext orig, cur;
    int rc = bl_fixtext_split(buf, len, &orig);
    free(buf);
    if (rc == 0 && (rc = bl_fixtext_copy(&orig, &cur)) != 0)
        bl_fixtext_free(&orig);
    if (rc != 0) {
        bl_term_error("%s: %s", path, bl_strerror(rc));
        return -1;
    }
    const bl_vocab *v = vocab_for(r, path);
    pass_result pr = {0};
    size_t fixed = 0, before = 0;
    int passes = 0;
    for (; rc == 0 && passes <= BL_FIXCMD_MAX_PASSES; passes++) {
        rc = one_pass(r, v, &cur, passes < BL_FIXCMD_MAX_PASSES, &pr);
        if (passes == 0)
            before = pr.found;
        fixed += pr.applied;
        if (rc == 0 && pr.applied == 0)
            break;
    }
    if (rc == 0 && passes > BL_FIXCMD_MAX_PASSES)
        bl_term_error("%s: the fixes did not settle after %d passes", path, BL_FIXCMD_MAX_PASSES);
    if (rc != 0)
        bl_term_error("%s: %s", path, bl_strerror(rc));
    int changed = rc == 0 && !bl_fixtext_equal(&orig, &cur);
    if (changed && r->diff) {
        rc = bl_fixtext_diff(stdout, shown, &orig, &cur);
        if (rc != 0)
            bl_term_error("writing standard output: %s", bl_strerror(rc));
    } else if (changed) {
        char *out;
        size_t n;
        char why[PATH_MAX + 128];
        rc = bl_fixtext_bytes(&cur, &out, &n);
        if (rc == 0) {
            rc = write_atomic(path, &st, out, n, why, sizeof why);
            free(out);
            if (rc != 0)
                bl_term_error("%s: %s", path, why);
        } else {
            bl_term_error("%s: %s", path, bl_strerror(rc));
        }
    }
    if (rc == 0) {
        r->fixed += fixed;
        r->remaining += pr.found;
        r->more += pr.unsafe_only;
        r->on_disk += r->diff ? before : pr.found;
    }
    bl_fixtext_free(&orig);
    bl_fixtext_free(&cur);
    return rc;
}

int bl_fixcmd_main(int argc, char **argv) {
    fixrun r;
    memset(&r, 0, sizeof r);
    int rc = parse(&r, argc, argv);
    if (rc < 0 && r.config) {
        char err[PATH_MAX + 256];
        r.config_vocab = bl_vocab_new();
        if (!r.config_vocab || bl_vocab_load_file(r.config_vocab, r.config, err, sizeof err) != 0) {
            bl_term_error("%s", r.config_vocab ? err : "out of memory");
            rc = BL_CLI_USAGE;
        }
    }
    if (rc >= 0) {
        bl_vocab_free(r.config_vocab);
        free(r.files);
        return rc;
    }
    for (size_t i = 0; i < r.nfiles; i++)
        if (fix_file(&r, r.files[i]) != 0)
            r.status = BL_CLI_USAGE;
    if (fflush(stdout) != 0) {
        bl_term_error("writing standard output: %s", strerror(errno));
        r.status = BL_CLI_USAGE;
    }
    fprintf(stderr, "%zu %s, %zu remaining", r.fixed, r.diff ? "fixable" : "fixed", r.remaining);
    if (!r.unsafe)
        fprintf(stderr, " (%zu more with --unsafe-fixes)", r.more);
    fputc('\n', stderr);
    if (r.status == 0 && r.on_disk > 0)
        r.status = BL_CLI_FINDINGS;
    bl_vocab_free(r.config_vocab);
    bl_vocab_free(r.rc_vocab);
    free(r.files);
    return r.status;
}
