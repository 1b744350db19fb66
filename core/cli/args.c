#include "args.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cli.h"
#include "term.h"

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
    if (n == 5 && strncmp(name, "sarif", 5) == 0)
        return BL_EMIT_SARIF;
    return BL_EMIT_JSON;
}

/* The operand arg: the command word while there is none yet ("help"
 * asks for the help), a FILE after it. Returns -1 to go on, or the exit
 * status of a usage error (printed). */
static int take_operand(bl_args *a, const char *arg, char *file) {
    if (a->cmd != BL_ARGS_NO_COMMAND) {
        a->files[a->nfiles++] = file;
        return -1;
    }
    if (strcmp(arg, "help") == 0) {
        a->show = BL_ARGS_SHOW_HELP;
        return -1;
    }
    for (size_t k = 0; k < a->ncommands; k++)
        if (strcmp(arg, a->commands[k].name) == 0) {
            a->cmd = a->commands[k].id;
            a->command = &a->commands[k];
            a->cmd_name = a->commands[k].name;
            a->formats = a->commands[k].formats;
        }
    if (a->cmd == BL_ARGS_NO_COMMAND && a->show != BL_ARGS_SHOW_HELP) {
        if (strcmp(arg, "rpc") == 0)
            return usage_error("rpc: give it as the first argument");
        return usage_error("unknown command '%s'", arg);
    }
    return -1;
}

/* An option without a value (--help, --version, --strict, ...): sets it
 * and returns 1, or returns 0 when arg is none of them. */
static int take_flag(bl_args *a, const char *arg) {
    if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
        if (a->show != BL_ARGS_SHOW_VERSION)
            a->show = BL_ARGS_SHOW_HELP;
    } else if (strcmp(arg, "-V") == 0 || strcmp(arg, "--version") == 0) {
        a->show = BL_ARGS_SHOW_VERSION;
    } else if (strcmp(arg, "--strict") == 0) {
        a->strict = 1;
    } else if (strcmp(arg, "--supers") == 0) {
        a->supers = 1;
    } else if (strcmp(arg, "--compact") == 0) {
        a->compact = 1;
    } else if (strcmp(arg, "--no-config") == 0) {
        a->no_config = 1;
    } else if (strcmp(arg, "--conflicts") == 0) {
        a->conflicts = 1;
    } else if (strcmp(arg, "-r") == 0 || strcmp(arg, "--recursive") == 0) {
        a->recursive = 1;
    } else {
        return 0;
    }
    return 1;
}

/* An option with a value, argv[*i]: --opt VALUE (which consumes the next
 * argument: *i moves on), --opt=VALUE, -f VALUE. Returns -1 to go on, or
 * the exit status of a usage error (printed). */
static int take_valued(bl_args *a, int argc, char **argv, int *i) {
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
    else if (strcmp(arg, "-j") == 0 || strcmp(arg, "--jobs") == 0)
        name = "jobs";
    else if (strncmp(arg, "--jobs=", 7) == 0 || strncmp(arg, "-j", 2) == 0)
        name = "jobs", value = arg + (arg[1] == 'j' ? 2 : 7);
    if (name == NULL)
        return usage_error("unknown option '%s'", arg);
    if (value == NULL) {
        if (*i + 1 >= argc)
            return usage_error("option '%s' needs a value", arg);
        value = argv[++*i];
    }
    if (strcmp(name, "format") == 0) {
        a->format = value;
    } else if (strcmp(name, "jobs") == 0) {
        size_t n = strlen(value);
        int k = n >= 1 && n <= 3 && strspn(value, "0123456789") == n ? atoi(value) : 0;
        if (k < 1 || k > BL_ARGS_MAX_JOBS)
            return usage_error("invalid -j '%s' (a number of jobs from 1 to %d)", value,
                               BL_ARGS_MAX_JOBS);
        a->jobs = (unsigned)k;
    } else {
        a->config = value;
    }
    return -1;
}

/* Checks the combination of a complete command line and picks the
 * format. Returns -1 to go on, or the exit status of a usage error. */
static int check_args(bl_args *a) {
    if (a->cmd == BL_ARGS_NO_COMMAND) {
        char names[512] = "";
        for (size_t k = 0, o = 0; k < a->ncommands && o < sizeof names; k++)
            o += (size_t)snprintf(names + o, sizeof names - o, "%s, ", a->commands[k].name);
        return usage_error("no command given (%srpc)", names);
    }
    if (a->format == NULL) {
        a->fmt = format_id(a->formats); /* the first word is the default */
    } else if (!in_list(a->formats, a->format)) {
        return usage_error("invalid format '%s' (choose one of: %s)", a->format, a->formats);
    } else {
        a->fmt = format_id(a->format);
    }
    if (a->strict && !(a->command->flags & BL_ARGS_STRICT))
        return usage_error("--strict applies to lint only, not %s", a->cmd_name);
    if (a->supers && !(a->command->flags & BL_ARGS_SUPERS))
        return usage_error("--supers applies to quotes only, not %s", a->cmd_name);
    if (a->conflicts && !(a->command->flags & BL_ARGS_CONFLICTS))
        return usage_error("--conflicts applies to speakers only, not %s", a->cmd_name);
    if (a->config != NULL && a->no_config)
        return usage_error("--config and --no-config exclude each other");
    if (a->nfiles == 0 && !(a->command->flags & BL_ARGS_NO_FILES))
        return usage_error("%s: missing FILE operand (use - for standard input)", a->cmd_name);
    return -1;
}

int bl_args_parse(int argc, char **argv, const bl_args_command *commands, size_t ncommands,
                  bl_args *a) {
    int only_files = 0;
    memset(a, 0, sizeof *a);
    a->commands = commands;
    a->ncommands = ncommands;
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
        if (a->show == BL_ARGS_SHOW_VERSION)
            return BL_CLI_OK;
    }
    if (a->show == BL_ARGS_SHOW_HELP)
        return BL_CLI_OK;
    return check_args(a);
}
