/* madvise(MADV_HUGEPAGE) is a Linux extension outside POSIX. */
#define _DEFAULT_SOURCE 1

#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "doc.h"
#include "emit.h"
#include "hash.h"
#include "input.h"
#include "lint.h"
#include "rstr.h"
#include "term.h"
#include "showcfg.h"
#include "timingcmd.h"
#include "vocab.h"

/* ---- the help text ---- */

static const char HELP[] =
    "NAME\n"
    "    bulletin - outline, lint and inspect broadcast news bulletins\n"
    "\n"
    "SYNOPSIS\n"
    "    bulletin [GLOBAL-OPTIONS] outline [--format json|text|qf] [--compact] FILE...\n"
    "    bulletin [GLOBAL-OPTIONS] lint [--format text|json|qf] [--strict] FILE...\n"
    "    bulletin [GLOBAL-OPTIONS] quotes [--format json|csv|text] [--supers] FILE...\n"
    "    bulletin [GLOBAL-OPTIONS] folds FILE...\n"
    "    bulletin [GLOBAL-OPTIONS] highlights FILE...\n"
    "    bulletin [GLOBAL-OPTIONS] config [FILE...]\n"
    "    bulletin [GLOBAL-OPTIONS] timing [--format text|json] [--target M:SS] [--wpm N] FILE...\n"
    "    bulletin rpc\n"
    "    bulletin lsp [--max-body BYTES]\n"
    "    bulletin help | --help | CMD --help\n"
    "    bulletin --version\n"
    "\n"
    "DESCRIPTION\n"
    "    A bulletin is the transcript of a broadcast news item: a header, stories,\n"
    "    tagged sections ([LEAD], [REPORT], ...) and soundbites. bulletin parses\n"
    "    each FILE with the same model the Neovim plugin uses and prints what it\n"
    "    found. A FILE of - is standard input (shown as <stdin> in the output).\n"
    "    Files are processed one after the other; a file that cannot be read is\n"
    "    reported on standard error as 'bulletin: FILE: reason' without\n"
    "    stopping the others.\n"
    "    The format, with examples: doc/FORMAT.md in the plugin's directory.\n"
    "    Each file is read whole, within three limits: 50000000 lines, 268435456\n"
    "    bytes in a line, 4294967296 bytes in all. Reading stops at the first\n"
    "    line over a limit, and the message names the limit and the line:\n"
    "        bulletin: big.txt: line 1 is longer than 268435456 bytes (the\n"
    "        per-line limit)\n"
    "        bulletin: big.txt: line 50000001 is past 50000000 lines (the line\n"
    "        limit)\n"
    "        bulletin: big.txt: line 9 goes past 4294967296 bytes (the input\n"
    "        size limit)\n"
    "    A regular file of more than 4294967296 bytes is refused unread:\n"
    "        bulletin: big.txt: is 5368709120 bytes, more than 4294967296 (the\n"
    "        input size limit)\n"
    "    A FILE may be a regular file; a device, read like one (/dev/zero\n"
    "    stops at the per-line limit); or a FIFO or pipe (such as <(cmd)),\n"
    "    read until no process has it open for writing. bulletin never waits\n"
    "    for a writer to come: a FIFO that no process has open for writing\n"
    "    when bulletin opens it reads as an empty file. A directory ('Is a\n"
    "    directory') and a socket ('is a socket, not read') are refused.\n"
    "    JSON and CSV output is always valid UTF-8: a byte of FILE that is not\n"
    "    UTF-8 comes out as U+FFFD; the \\r of a CRLF line end is never part of\n"
    "    a string; text and qf output show control characters as '?', a tab as\n"
    "    a space, and so does every message on standard error (file names,\n"
    "    arguments and .bulletinrc keys are quoted in them).\n"
    "\n"
    "COMMANDS\n"
    "    outline     The outline of stories, sections and soundbites.\n"
    "                json (default): one object per file, exactly the outline\n"
    "                JSON of doc/FORMAT.md section 8, with the keys version,\n"
    "                file, meta, items; pretty-printed with a 2-space indent.\n"
    "                Several files give several objects, one after the other\n"
    "                (a JSON stream, as jq reads it); with --compact each object\n"
    "                is on one line (JSON Lines).\n"
    "                text: an indented tree, one line per item with its lines.\n"
    "                qf: file:line:col: text, one line per item, for Vim's\n"
    "                quickfix list (errorformat %f:%l:%c: %m).\n"
    "\n"
    "    lint        Checks each file against the rules of doc/FORMAT.md\n"
    "                section 11 (unknown-tag, malformed-tag, mixed-dialect, ...).\n"
    "                text (default): file:line:col: severity: message [code],\n"
    "                then '  suggestion: ...' when one fix is obvious; line and\n"
    "                col are 1-based, col counts bytes.\n"
    "                qf: the same, one line per finding, the suggestion appended\n"
    "                in parentheses.\n"
    "                json: one object per file (see outline for several files):\n"
    "                {version, file, diagnostics: [{line (1-based), col, end_col\n"
    "                (0-based bytes, end exclusive), severity, code, message,\n"
    "                suggestion or null}]}.\n"
    "                A summary 'N errors, N warnings, N infos in N files' goes to\n"
    "                standard error.\n"
    "\n"
    "    quotes      Every soundbite of every file, in order: file, line, form,\n"
    "                speaker, role and quote text (null or empty when absent).\n"
    "                json (default): one array over all files of objects\n"
    "                {file, line, form, speaker, role, quote}.\n"
    "                csv: RFC 4180, a header row, CRLF line ends.\n"
    "                text: file:line: [form] Speaker / Role: quote.\n"
    "                --supers lists instead each distinct on-screen caption\n"
    "                'Name / Role' once, in order of first appearance over all\n"
    "                files (soundbites with no speaker are skipped): json objects\n"
    "                {caption, speaker, role, file, line}, csv columns\n"
    "                caption,speaker,role,file,line, or text: the caption alone.\n"
    "\n"
    "    folds       A JSON array of the fold level (0-3) of every line, one\n"
    "                array per file, each on its own line.\n"
    "\n"
    "    highlights  A JSON array of highlight spans per file:\n"
    "                {\"line\": L, \"col\": C, \"end_col\": E, \"group\": G}, where L\n"
    "                is 1-BASED here, C and E are 0-based byte columns (E\n"
    "                exclusive) and G a highlight group such as bulletinSpeaker.\n"
    "\n"
    "    config      The dialect and vocabulary in force for each FILE (without\n"
    "                FILE: for a document in the current directory), in\n"
    "                .bulletinrc syntax: '# PATH' (the .bulletinrc, --config FILE\n"
    "                or the built-in vocabulary), dialect, attribution, dateline,\n"
    "                chrome, implicit_lead, hangul_chrome, then the tag spellings\n"
    "                by role as FAMILY.ROLE lines. It reads back with --config.\n"
    "\n"
    "    rpc         Runs the msgpack-RPC helper of the Neovim plugin on\n"
    "                stdin/stdout (core/rpc/PROTOCOL.md). Not for interactive use.\n"
    "\n"
    "    lsp         Runs the language server (LSP 3.17) on stdin/stdout, for\n"
    "                any editor with an LSP client (see doc/LSP.md).\n"
    "\n"
    "    help        Prints this text.\n"
    "\n"
    "OPTIONS\n"
    "    --format FMT, --format=FMT, -f FMT\n"
    "                Output format; the choices are listed per command above.\n"
    "    --compact   JSON objects of outline and lint on one line each.\n"
    "    --strict    lint: warnings make the exit status 1 as errors do.\n"
    "    --supers    quotes: list distinct speaker captions instead.\n"
    "    --config FILE\n"
    "                Use the tag vocabulary of FILE (.bulletinrc syntax) for\n"
    "                every document instead of looking for .bulletinrc.\n"
    "    --no-config Use only the built-in tag vocabulary.\n"
    "    -h, --help  Prints this text and exits 0.\n"
    "    -V, --version\n"
    "                Prints 'bulletin " BL_CLI_VERSION "' and exits 0.\n"
    "    --          Ends the options; what follows are files.\n"
    "    GLOBAL-OPTIONS are --config and --no-config; every option may come\n"
    "    before or after the command and among the files.\n"
    "\n"
    "EXIT STATUS\n"
    "    0   success; for lint: no error found (and, with --strict, no warning)\n"
    "    1   lint found an error (with --strict: an error or a warning)\n"
    "    2   bad usage, a file that could not be read or is over a limit, a\n"
    "        --config FILE that could not be read or has a bad line, or a write\n"
    "        error\n"
    "\n"
    "FILES\n"
    "    .bulletinrc\n"
    "        The newsroom's own tags, one 'key = value' per line (lead, report,\n"
    "        soundbite, program, label.lead, label.report, FAMILY.ROLE). For each\n"
    "        document the nearest .bulletinrc is used: the one in the document's\n"
    "        directory, else in the nearest parent directory; for standard input\n"
    "        the search starts in the current directory. --config FILE names one\n"
    "        file for all documents; --no-config turns the search off. A bad line\n"
    "        in a found .bulletinrc is reported on standard error and the lines\n"
    "        before it still apply. A .bulletinrc (or --config FILE) is read as a\n"
    "        FILE is, and at most 1048576 bytes of it.\n"
    "\n"
    "ENVIRONMENT\n"
    "    BULLETIN_LOG\n"
    "        rpc only: debug, info, warn or error turns on the helper's log at\n"
    "        that level, written to standard error.\n"
    "    BULLETIN_LOG_FILE\n"
    "        rpc only: append the log to this file instead of standard error.\n"
    "\n"
    "EXAMPLES\n"
    "    bulletin outline --format text story.txt\n"
    "    bulletin outline story.txt | jq '.items[] | select(.kind == \"story\") | .title'\n"
    "    bulletin lint --strict *.txt || echo 'needs work'\n"
    "    vim -q <(bulletin lint --format qf *.txt)\n"
    "    bulletin quotes --format csv archive/*.txt > soundbites.csv\n"
    "    bulletin quotes --supers --format text today.txt\n"
    "    bulletin config --config dialects/ytn.bulletinrc\n"
    "    cat story.txt | bulletin outline -\n";

/* The help text states the limits in figures. */
_Static_assert(BL_MAX_LINES == 50000000u, "HELP names BL_MAX_LINES");
_Static_assert(BL_MAX_LINE_BYTES == 268435456u, "HELP names BL_MAX_LINE_BYTES");
_Static_assert(BL_INPUT_MAX == 4294967296u, "HELP names BL_INPUT_MAX");

int bl_cli_help(FILE *out) {
    return fputs(HELP, out) == EOF || ferror(out) ? BL_EIO : 0;
}

/* ---- arguments ---- */

typedef enum {
    CMD_NONE,
    CMD_OUTLINE,
    CMD_LINT,
    CMD_QUOTES,
    CMD_FOLDS,
    CMD_HIGHLIGHTS,
    CMD_CONFIG
} cmd_id;

static const struct {
    const char *name;
    cmd_id id;
    const char *formats; /* accepted --format values, first is the default */
} COMMANDS[] = {
    {"outline", CMD_OUTLINE, "json text qf"}, {"lint", CMD_LINT, "text json qf"},
    {"quotes", CMD_QUOTES, "json csv text"},  {"folds", CMD_FOLDS, "json"},
    {"highlights", CMD_HIGHLIGHTS, "json"},   {"config", CMD_CONFIG, "text"},
};

/* The parsed command line. files borrows from argv. */
typedef struct {
    cmd_id cmd;
    const char *cmd_name;
    const char *formats;
    const char *format; /* as given, or NULL */
    bl_emit_format fmt;
    int strict, supers, compact, no_config;
    const char *config;
    char **files;
    size_t nfiles;
    enum { SHOW_NONE, SHOW_HELP, SHOW_VERSION } show; /* what to print instead */
} cli_args;

/* Shared state while the files are processed. */
typedef struct {
    cli_args *a;
    bl_vocab *config_vocab; /* --config, shared by every doc */
    bl_vocab *rc_vocab;     /* the last .bulletinrc found, cached by path */
    char rc_path[PATH_MAX];
    int status; /* BL_CLI_* so far */
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

/* Prints "bulletin: MESSAGE" and the hint to stderr; returns exit status 2. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static int
usage_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    bl_term_verror(fmt, ap);
    va_end(ap);
    fputs("Try 'bulletin --help'.\n", stderr);
    return BL_CLI_USAGE;
}

/* 1 if word is one of the space-separated names in list. */
static int in_list(const char *list, const char *word) {
    size_t n = strlen(word);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ' ');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        if (k == n && n > 0 && strncmp(p, word, n) == 0)
            return 1;
        p += k + (e != NULL);
    }
    return 0;
}

/* The format named by the first word of name ("text", "text json qf"). */
static bl_emit_format format_id(const char *name) {
    size_t n = strcspn(name, " ");
    if (n == 4 && strncmp(name, "text", 4) == 0)
        return BL_EMIT_TEXT;
    if (n == 2 && strncmp(name, "qf", 2) == 0)
        return BL_EMIT_QF;
    if (n == 3 && strncmp(name, "csv", 3) == 0)
        return BL_EMIT_CSV;
    return BL_EMIT_JSON;
}

/* The operand arg: the command word while there is none yet ("help"
 * asks for the help), a FILE after it. Returns -1 to go on, or the exit
 * status of a usage error (printed). */
static int take_operand(cli_args *a, const char *arg, char *file) {
    if (a->cmd != CMD_NONE) {
        a->files[a->nfiles++] = file;
        return -1;
    }
    if (strcmp(arg, "help") == 0) {
        a->show = SHOW_HELP;
        return -1;
    }
    for (size_t k = 0; k < sizeof COMMANDS / sizeof COMMANDS[0]; k++)
        if (strcmp(arg, COMMANDS[k].name) == 0) {
            a->cmd = COMMANDS[k].id;
            a->cmd_name = COMMANDS[k].name;
            a->formats = COMMANDS[k].formats;
        }
    if (a->cmd == CMD_NONE && a->show != SHOW_HELP) {
        if (strcmp(arg, "rpc") == 0)
            return usage_error("rpc: give it as the first argument");
        return usage_error("unknown command '%s'", arg);
    }
    return -1;
}

/* An option without a value (--help, --version, --strict, ...): sets it
 * and returns 1, or returns 0 when arg is none of them. */
static int take_flag(cli_args *a, const char *arg) {
    if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
        if (a->show != SHOW_VERSION)
            a->show = SHOW_HELP;
    } else if (strcmp(arg, "-V") == 0 || strcmp(arg, "--version") == 0) {
        a->show = SHOW_VERSION;
    } else if (strcmp(arg, "--strict") == 0) {
        a->strict = 1;
    } else if (strcmp(arg, "--supers") == 0) {
        a->supers = 1;
    } else if (strcmp(arg, "--compact") == 0) {
        a->compact = 1;
    } else if (strcmp(arg, "--no-config") == 0) {
        a->no_config = 1;
    } else {
        return 0;
    }
    return 1;
}

/* An option with a value, argv[*i]: --opt VALUE (which consumes the next
 * argument: *i moves on), --opt=VALUE, -f VALUE. Returns -1 to go on, or
 * the exit status of a usage error (printed). */
static int take_valued(cli_args *a, int argc, char **argv, int *i) {
    const char *arg = argv[*i];
    const char *value = NULL;
    const char *name = NULL;
    if (strcmp(arg, "--format") == 0 || strcmp(arg, "-f") == 0)
        name = "format";
    else if (strncmp(arg, "--format=", 9) == 0)
        name = "format", value = arg + 9;
    else if (strcmp(arg, "--config") == 0)
        name = "config";
    else if (strncmp(arg, "--config=", 9) == 0)
        name = "config", value = arg + 9;
    if (name == NULL)
        return usage_error("unknown option '%s'", arg);
    if (value == NULL) {
        if (*i + 1 >= argc)
            return usage_error("option '%s' needs a value", arg);
        value = argv[++*i];
    }
    if (strcmp(name, "format") == 0)
        a->format = value;
    else
        a->config = value;
    return -1;
}

/* Checks the combination of a complete command line and picks the
 * format. Returns -1 to go on, or the exit status of a usage error. */
static int check_args(cli_args *a) {
    if (a->cmd == CMD_NONE)
        return usage_error(
            "no command given (outline, lint, quotes, folds, highlights, config, rpc)");
    if (a->format == NULL) {
        a->fmt = format_id(a->formats); /* the first word is the default */
    } else if (!in_list(a->formats, a->format)) {
        return usage_error("invalid format '%s' (choose one of: %s)", a->format, a->formats);
    } else {
        a->fmt = format_id(a->format);
    }
    if (a->strict && a->cmd != CMD_LINT)
        return usage_error("--strict applies to lint only, not %s", a->cmd_name);
    if (a->supers && a->cmd != CMD_QUOTES)
        return usage_error("--supers applies to quotes only, not %s", a->cmd_name);
    if (a->config != NULL && a->no_config)
        return usage_error("--config and --no-config exclude each other");
    if (a->nfiles == 0 && a->cmd != CMD_CONFIG)
        return usage_error("%s: missing FILE operand (use - for standard input)", a->cmd_name);
    return -1;
}

/* Parses argv into *a. Returns -1 to go on, or an exit status: 0 when
 * a->show asks for the help or the version (the caller prints it), 2
 * after a usage error (printed here). --version wins over --help and
 * ends the parse where it stands, as before. */
static int parse_args(int argc, char **argv, cli_args *a) {
    int only_files = 0;
    memset(a, 0, sizeof *a);
    a->files = bl_calloc((size_t)argc + 1, sizeof *a->files);
    if (a->files == NULL) {
        bl_term_error("out of memory");
        return BL_CLI_USAGE;
    }
    for (int i = 1; i < argc; i++) {
        char *arg = argv[i];
        int rc = -1;
        if (only_files || arg[0] != '-' || strcmp(arg, "-") == 0)
            rc = take_operand(a, arg, arg);
        else if (strcmp(arg, "--") == 0)
            only_files = 1;
        else if (!take_flag(a, arg))
            rc = take_valued(a, argc, argv, &i);
        if (rc >= 0)
            return rc;
        if (a->show == SHOW_VERSION)
            return BL_CLI_OK;
    }
    if (a->show == SHOW_HELP)
        return BL_CLI_OK;
    return check_args(a);
}

/* ---- vocabulary ---- */

/* The largest .bulletinrc read (as bl_vocab_load_file()); HELP says it. */
#define RC_MAX_BYTES ((size_t)1 << 20)

/* Loads the .bulletinrc at path into v, read as a FILE operand is (no wait
 * for a FIFO's writer, RC_MAX_BYTES at most). On a failure reports
 * "bulletin: PATH: reason" or "bulletin: PATH:LINE: message" on stderr and
 * returns nonzero; the lines before a bad line still apply. */
static int load_vocab(bl_vocab *v, const char *path) {
    char *buf = NULL;
    size_t len = 0;
    char why[256];
    errno = 0;
    int rc = bl_input_read(path, RC_MAX_BYTES, &buf, &len, why, sizeof why);
    if (rc == BL_ETOOBIG) {
        bl_term_error("%s: larger than %zu bytes (the .bulletinrc size limit)", path, RC_MAX_BYTES);
        return rc;
    }
    if (rc != 0) {
        bl_term_error("%s: %s", path,
                      why[0]                       ? why
                      : rc == BL_EIO && errno != 0 ? strerror(errno)
                                                   : bl_strerror(rc));
        return rc;
    }
    char err[256] = "";
    rc = bl_vocab_load_text(v, buf, len, err, sizeof err);
    free(buf);
    if (rc != 0)
        bl_term_error("%s:%s", path, err[0] ? err : " invalid configuration");
    return rc;
}

/* The vocabulary for the document at path: --config's, the nearest
 * .bulletinrc's (cached while the same file is found), or NULL (built-in). */
static const bl_vocab *vocab_for(cli_run *r, const char *path) {
    if (r->a->no_config)
        return NULL;
    if (r->config_vocab != NULL)
        return r->config_vocab;
    char rc[PATH_MAX];
    const char *from = strcmp(path, "-") == 0 ? "./-" : path;
    if (bl_vocab_find_rc(from, rc, sizeof rc) != 0)
        return NULL;
    if (r->rc_vocab != NULL && strcmp(rc, r->rc_path) == 0)
        return r->rc_vocab;
    bl_vocab_free(r->rc_vocab);
    r->rc_path[0] = '\0';
    r->rc_vocab = bl_vocab_new();
    if (r->rc_vocab == NULL)
        return NULL;
    (void)load_vocab(r->rc_vocab, rc);
    snprintf(r->rc_path, sizeof r->rc_path, "%s", rc);
    return r->rc_vocab;
}

/* bulletin config [FILE]: the vocabulary FILE (or, without one, a
 * document in the current directory) is read with, and where it comes
 * from. */
static void run_config(cli_run *r, const char *path) {
    char src[PATH_MAX + 64];
    const bl_vocab *v = vocab_for(r, path != NULL ? path : "-");
    if (r->a->no_config)
        snprintf(src, sizeof src, "built-in vocabulary (--no-config)");
    else if (r->config_vocab != NULL)
        snprintf(src, sizeof src, "--config %s", r->a->config);
    else if (v != NULL)
        snprintf(src, sizeof src, "%s", r->rc_path);
    else
        snprintf(src, sizeof src, "built-in vocabulary (no .bulletinrc found)");
    if (path != NULL) {
        fputs("# for ", stdout);
        check_out(r, fprintf(stdout, "%s\n", path) < 0 ? BL_EIO : 0);
    }
    check_out(r, bl_showcfg_print(stdout, v, src));
}

/* ---- one document ---- */

/* Reads path into a new updated doc (*docp, the caller frees it). On
 * failure reports on stderr, sets the exit status and returns nonzero. */
static int load_doc(cli_run *r, const char *path, bl_doc **docp) {
    char *buf = NULL;
    size_t len = 0;
    char why[256];
    errno = 0;
    int rc = bl_input_read(path, BL_INPUT_MAX, &buf, &len, why, sizeof why);
    if (rc != 0) {
        /* bl_term_error() flushes stdout first: the message comes after
         * the output of earlier files. */
        bl_term_error("%s: %s", path,
                      why[0]                       ? why
                      : rc == BL_EIO && errno != 0 ? strerror(errno)
                                                   : bl_strerror(rc));
        r->status = BL_CLI_USAGE;
        return rc;
    }
    bl_doc *doc = bl_doc_new(vocab_for(r, path));
    if (doc != NULL) {
        rc = bl_doc_take_text(doc, buf, len); /* the doc owns buf now: one copy */
    } else {
        free(buf);
        rc = BL_ENOMEM;
    }
    if (rc == 0)
        rc = bl_doc_update(doc, NULL);
    if (rc != 0) {
        bl_term_error("%s: %s", path, bl_strerror(rc));
        bl_doc_free(doc);
        r->status = BL_CLI_USAGE;
        return rc;
    }
    *docp = doc;
    return 0;
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
    if (bl_lint_run(doc, &diags) != 0) {
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
    if (r->a->fmt == BL_EMIT_JSON)
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
    case CMD_NONE:
    case CMD_CONFIG:
        break;
    }
    bl_doc_free(doc);
}

int bl_cli_main(int argc, char **argv) {
    if (bl_timingcmd_wanted(argc, argv))
        return bl_timingcmd_main(argc, argv); /* core/cli/timingcmd.c */
    cli_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0) {
        /* --help, --version or a usage error: the help's write is checked
         * as a document's is. */
        cli_run hr;
        memset(&hr, 0, sizeof hr);
        hr.status = rc;
        if (a.show == SHOW_VERSION)
            check_out(&hr, fputs("bulletin " BL_CLI_VERSION "\n", stdout) == EOF ? BL_EIO : 0);
        else if (a.show == SHOW_HELP && rc == BL_CLI_OK)
            check_out(&hr, bl_cli_help(stdout));
        free(a.files);
        finish_out(&hr);
        return hr.status;
    }
    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);

    cli_run r;
    memset(&r, 0, sizeof r);
    r.a = &a;
    if (a.config != NULL) {
        r.config_vocab = bl_vocab_new();
        if (r.config_vocab == NULL) {
            bl_term_error("out of memory");
            free(a.files);
            return BL_CLI_USAGE;
        }
        if (load_vocab(r.config_vocab, a.config) != 0) {
            bl_vocab_free(r.config_vocab);
            free(a.files);
            return BL_CLI_USAGE;
        }
    }

    if (a.cmd == CMD_QUOTES)
        check_out(&r, a.supers ? bl_emit_supers_begin(stdout, a.fmt)
                               : bl_emit_quotes_begin(stdout, a.fmt));
    if (a.cmd == CMD_CONFIG && a.nfiles == 0)
        run_config(&r, NULL);
    for (size_t i = 0; i < a.nfiles && r.write_errno == 0; i++)
        if (a.cmd == CMD_CONFIG)
            run_config(&r, a.files[i]);
        else
            run_file(&r, a.files[i]);
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
    bl_vocab_free(r.config_vocab);
    bl_vocab_free(r.rc_vocab);
    free(a.files);
    return status;
}
