#include "timingcmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cli.h"
#include "doc.h"
#include "emit.h"
#include "error.h"
#include "input.h"
#include "load.h"
#include "term.h"
#include "timing.h"
#include "vocab.h"

static const char HELP[] =
    "NAME\n"
    "    bulletin timing - the on-air rundown of bulletins\n"
    "\n"
    "SYNOPSIS\n"
    "    bulletin [--config FILE | --no-config] timing [--format text|json] [--compact]\n"
    "             [--target M:SS] [--wpm N] FILE...\n"
    "\n"
    "DESCRIPTION\n"
    "    How long each story and section of each FILE runs on air, read at\n"
    "    180 words a minute (narration), 160 (soundbite quotes) and 300 Hangul\n"
    "    syllables a minute, or the rates of the .bulletinrc (timing.wpm,\n"
    "    timing.soundbite_wpm, timing.hangul_spm). Titles, tags, meta, chrome\n"
    "    and attributions are not read. A declared duration '(M:SS)' at the end\n"
    "    of a section's tag line ('[REPORT] (1:45)') or of a soundbite's\n"
    "    attribution line replaces the estimate. Rules: doc/FORMAT.md, Timing.\n"
    "    text (default): per file a line 'FILE: total M:SS, target M:SS, M:SS\n"
    "    over|under', then one row per story (line, start, length, backtime\n"
    "    from the target or, without one, from the total, title) and under it\n"
    "    one row per section (line, length, section, words).\n"
    "    json: one object per file (several: a JSON stream; --compact: one\n"
    "    line each): {version, file, total, target, over, stories: [{line,\n"
    "    title, seconds, start, sections: [{line, section, words, seconds}]}]};\n"
    "    times in seconds to the tenth; target and over are null without a\n"
    "    target; over is total - target (negative when under).\n"
    "\n"
    "OPTIONS\n"
    "    --target M:SS  The bulletin's slot (overrides timing.target).\n"
    "    --wpm N        Narration words per minute, 1-10000 (timing.wpm).\n"
    "    --format FMT, -f FMT, --compact, --config FILE, --no-config\n"
    "                   As for the other commands (bulletin --help).\n"
    "\n"
    "EXIT STATUS\n"
    "    0 success; 2 bad usage, an unreadable FILE or .bulletinrc, a write\n"
    "    error.\n";

typedef struct {
    int json, compact, no_config, help;
    const char *config;
    int64_t target; /* -2: not given */
    uint32_t wpm;   /* 0: not given */
    char **files;
    size_t nfiles;
    bl_load *ld; /* --config, --no-config and each .bulletinrc, as the other commands */
    int status;
} run;

static int usage(const char *fmt, const char *arg) {
    bl_term_error(fmt, arg);
    fputs("Try 'bulletin timing --help'.\n", stderr);
    return BL_CLI_USAGE;
}

/* The option names that take a value. */
static int valued(const char *arg) {
    return strcmp(arg, "--format") == 0 || strcmp(arg, "-f") == 0 || strcmp(arg, "--config") == 0 ||
           strcmp(arg, "--target") == 0 || strcmp(arg, "--wpm") == 0 || strcmp(arg, "-j") == 0 ||
           strcmp(arg, "--jobs") == 0;
}

int bl_timingcmd_wanted(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--") == 0)
            return i + 1 < argc && strcmp(argv[i + 1], "timing") == 0;
        if (arg[0] == '-' && arg[1] != '\0') {
            i += valued(arg);
            continue;
        }
        return strcmp(arg, "timing") == 0;
    }
    return 0;
}

static int take_value(run *r, const char *name, const char *value) {
    if (strcmp(name, "--format") == 0 || strcmp(name, "-f") == 0) {
        if (strcmp(value, "json") != 0 && strcmp(value, "text") != 0)
            return usage("invalid format '%s' (choose one of: text json)", value);
        r->json = value[0] == 'j';
    } else if (strcmp(name, "--config") == 0) {
        r->config = value;
    } else if (strcmp(name, "-j") == 0 || strcmp(name, "--jobs") == 0) {
        /* taken as by the other commands; timing reads one file at a time */
    } else if (strcmp(name, "--target") == 0) {
        if (bl_timing_parse(value, strlen(value), &r->target) != BL_OK)
            return usage("--target: '%s' is not M:SS (as 3:00)", value);
    } else {
        char *end = NULL;
        unsigned long n = strtoul(value, &end, 10);
        if (value[0] < '0' || value[0] > '9' || *end != '\0' || n < 1 || n > BL_TIMING_MAX_RATE)
            return usage("--wpm: '%s' is not a rate from 1 to 10000", value);
        r->wpm = (uint32_t)n;
    }
    return -1;
}

static int parse(int argc, char **argv, run *r) {
    int only_files = 0, seen_cmd = 0;
    r->files = bl_calloc((size_t)argc + 1, sizeof *r->files);
    if (r->files == NULL)
        return usage("%s", "out of memory");
    for (int i = 1; i < argc; i++) {
        char *arg = argv[i];
        if (only_files || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (!seen_cmd && strcmp(arg, "timing") == 0)
                seen_cmd = 1;
            else
                r->files[r->nfiles++] = arg;
        } else if (strcmp(arg, "--") == 0) {
            only_files = 1;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            r->help = 1;
        } else if (strcmp(arg, "--compact") == 0) {
            r->compact = 1;
        } else if (strcmp(arg, "--no-config") == 0) {
            r->no_config = 1;
        } else {
            const char *eq = strchr(arg, '=');
            char name[16];
            const char *value = NULL;
            if (eq != NULL && (size_t)(eq - arg) < sizeof name) {
                memcpy(name, arg, (size_t)(eq - arg));
                name[eq - arg] = '\0';
                value = eq + 1;
            } else {
                snprintf(name, sizeof name, "%s", arg);
            }
            if (!valued(name) || (eq != NULL && strcmp(name, "-f") == 0))
                return usage("unknown option '%s'", arg);
            if (value == NULL) {
                if (i + 1 >= argc)
                    return usage("option '%s' needs a value", arg);
                value = argv[++i];
            }
            int rc = take_value(r, name, value);
            if (rc >= 0)
                return rc;
        }
    }
    if (r->help)
        return BL_CLI_OK;
    if (r->config != NULL && r->no_config)
        return usage("%s", "--config and --no-config exclude each other");
    if (r->nfiles == 0)
        return usage("%s", "timing: missing FILE operand (use - for standard input)");
    return -1;
}

/* Seconds to the tenth, as a JSON number. */
static void put_sec(FILE *out, int64_t ms) {
    int64_t d = ms < 0 ? -((-ms + 50) / 100) : (ms + 50) / 100;
    fprintf(out, "%s%lld.%d", d < 0 ? "-" : "", (long long)(d < 0 ? -d : d) / 10,
            (int)((d < 0 ? -d : d) % 10));
}

static void emit_json(run *r, FILE *out, const char *shown, const bl_doc *doc, const bl_timing *t) {
    const char *nl1 = r->compact ? " " : "\n  ", *nl2 = r->compact ? " " : "\n    ",
               *nl3 = r->compact ? " " : "\n        ", *key = r->compact ? " " : "\n      ";
    const bl_timing_opts *o = bl_timing_get_opts(t);
    int64_t total = bl_timing_total(t);
    fprintf(out, "{%s\"version\": 1,%s\"file\": ", nl1, nl1);
    bl_emit_json_cstr(out, shown);
    fprintf(out, ",%s\"total\": ", nl1);
    put_sec(out, total);
    fprintf(out, ",%s\"target\": ", nl1);
    if (o->target_ms >= 0)
        put_sec(out, o->target_ms);
    else
        fputs("null", out);
    fprintf(out, ",%s\"over\": ", nl1);
    if (o->target_ms >= 0)
        put_sec(out, total - o->target_ms);
    else
        fputs("null", out);
    fprintf(out, ",%s\"stories\": [", nl1);
    size_t n = 0;
    const bl_item *items = bl_doc_items(doc, &n);
    int64_t start = 0;
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        if (items[i].kind != BL_ITEM_STORY)
            continue;
        const bl_timing_item *ti = bl_timing_item_at(t, i);
        fprintf(out, "%s%s{%s\"line\": %d,%s\"title\": ", first ? "" : ",", nl2, key,
                (int)items[i].line, key);
        bl_emit_json_cstr(out, items[i].title);
        fprintf(out, ",%s\"seconds\": ", key);
        put_sec(out, ti->ms);
        fprintf(out, ",%s\"start\": ", key);
        put_sec(out, start);
        fprintf(out, ",%s\"sections\": [", key);
        int sfirst = 1;
        for (size_t j = i + 1; j < n && items[j].line <= items[i].end_line; j++) {
            if (items[j].kind != BL_ITEM_SECTION)
                continue;
            const bl_timing_item *tj = bl_timing_item_at(t, j);
            fprintf(out, "%s%s{ \"line\": %d, \"section\": ", sfirst ? "" : ",", nl3,
                    (int)items[j].line);
            bl_emit_json_cstr(out, items[j].section);
            fprintf(out, ", \"words\": %u, \"seconds\": ", (unsigned)tj->words);
            put_sec(out, tj->ms);
            fputs(" }", out);
            sfirst = 0;
        }
        fprintf(out, "%s]%s}", sfirst ? "" : (r->compact ? " " : "\n      "), nl2);
        start += ti->ms;
        first = 0;
    }
    fprintf(out, "%s]%s}\n", first ? "" : nl1, r->compact ? " " : "\n");
}

static void emit_text(FILE *out, const char *shown, const bl_doc *doc, const bl_timing *t) {
    const bl_timing_opts *o = bl_timing_get_opts(t);
    int64_t total = bl_timing_total(t);
    char a[24], b[24], c[24];
    bl_timing_format(total, a, sizeof a);
    bl_emit_text(out, shown);
    fprintf(out, ": total %s", a);
    if (o->target_ms >= 0) {
        int64_t d = total - o->target_ms;
        bl_timing_format(o->target_ms, b, sizeof b);
        bl_timing_format(d < 0 ? -d : d, c, sizeof c);
        fprintf(out, ", target %s, %s %s\n", b, c, d > 0 ? "over" : "under");
    } else {
        fputs(", no target\n", out);
    }
    fprintf(out, "  %6s  %7s  %7s  %8s  %s\n", "line", "start", "length", "backtime",
            "story / section");
    size_t n = 0;
    const bl_item *items = bl_doc_items(doc, &n);
    int64_t start = 0, end = o->target_ms >= 0 ? o->target_ms : total;
    for (size_t i = 0; i < n; i++) {
        const bl_timing_item *ti = bl_timing_item_at(t, i);
        if (items[i].kind == BL_ITEM_STORY) {
            bl_timing_format(start, a, sizeof a);
            bl_timing_format(ti->ms, b, sizeof b);
            bl_timing_format(end - start, c, sizeof c);
            fprintf(out, "  %6d  %7s  %7s  %8s  ", (int)items[i].line, a, b, c);
            bl_emit_text(out, items[i].title ? items[i].title : "(untitled)");
            fputc('\n', out);
            start += ti->ms;
        } else if (items[i].kind == BL_ITEM_SECTION) {
            bl_timing_format(ti->ms, b, sizeof b);
            fprintf(out, "  %6d  %7s  %7s  %8s    ", (int)items[i].line, "", b, "");
            bl_emit_text(out, items[i].section);
            fprintf(out, ", %u words%s\n", (unsigned)ti->words,
                    ti->declared >= 0 ? " (declared)" : "");
        }
    }
}

static void one_file(run *r, const char *path) {
    char *buf = NULL, why[256] = "";
    size_t len = 0;
    errno = 0;
    int rc = bl_input_read(path, BL_INPUT_MAX, &buf, &len, why, sizeof why);
    if (rc != 0) {
        bl_term_error("%s: %s", path,
                      why[0]                       ? why
                      : rc == BL_EIO && errno != 0 ? strerror(errno)
                                                   : bl_strerror(rc));
        r->status = BL_CLI_USAGE;
        return;
    }
    const bl_vocab *v = bl_load_vocab(r->ld, path, NULL);
    bl_doc *doc = bl_doc_new(v);
    bl_timing *t = NULL;
    if (doc == NULL) {
        free(buf);
        rc = BL_ENOMEM;
    } else {
        rc = bl_doc_take_text(doc, buf, len);
    }
    if (rc == BL_OK)
        rc = bl_doc_update(doc, NULL);
    if (rc == BL_OK) {
        bl_timing_opts o;
        bl_timing_opts_from_vocab(v, &o);
        if (r->target != -2)
            o.target_ms = r->target;
        if (r->wpm)
            o.wpm = r->wpm;
        t = bl_timing_new(&o);
        rc = t == NULL ? BL_ENOMEM : bl_timing_update(t, doc, NULL);
    }
    if (rc != BL_OK) {
        bl_term_error("%s: %s", path, bl_strerror(rc));
        r->status = BL_CLI_USAGE;
    } else {
        const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
        if (r->json)
            emit_json(r, stdout, shown, doc, t);
        else
            emit_text(stdout, shown, doc, t);
    }
    bl_timing_free(t);
    bl_doc_free(doc);
}

int bl_timingcmd_main(int argc, char **argv) {
    run r;
    memset(&r, 0, sizeof r);
    r.target = -2;
    int rc = parse(argc, argv, &r);
    if (rc < 0 && bl_load_new(r.config, r.no_config, &r.ld) != 0)
        rc = BL_CLI_USAGE;
    if (rc < 0) {
        for (size_t i = 0; i < r.nfiles && !ferror(stdout); i++)
            one_file(&r, r.files[i]);
    } else if (r.help) {
        fputs(HELP, stdout);
        rc = BL_CLI_OK;
    }
    if (rc < 0)
        rc = r.status;
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        bl_term_error("writing standard output: %s", strerror(errno ? errno : EIO));
        rc = BL_CLI_USAGE;
    }
    bl_load_free(r.ld);
    free(r.files);
    return rc;
}
