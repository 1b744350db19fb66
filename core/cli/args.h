/* args: the command line of `bulletin`, parsed against the table of
 * commands the caller gives (cli.c's COMMANDS): the command word, its
 * FILE operands, --format (checked against the command's formats),
 * --strict, --supers, --compact, --conflicts, -r/--recursive, -j/--jobs,
 * --config, --no-config, --help, --version.
 * A usage error is printed here ("bulletin: MESSAGE" and the hint).
 *
 * Ownership: a bl_args borrows argv and the command table; its files
 * array is its own (the caller frees a.files). */
#pragma once

#include <stddef.h>

#include "emit.h"

/* Which options a command takes, and whether it needs a FILE. */
enum {
    BL_ARGS_STRICT = 1,    /* --strict */
    BL_ARGS_SUPERS = 2,    /* --supers */
    BL_ARGS_NO_FILES = 4,  /* FILE operands are optional */
    BL_ARGS_CONFLICTS = 8, /* --conflicts */
};

/* The largest -j (par.h's BL_PAR_MAX_JOBS). */
#define BL_ARGS_MAX_JOBS 256

/* The id of no command yet; a command's id is another value. */
#define BL_ARGS_NO_COMMAND 0

/* One command: its word, id, accepted --format values (space-separated,
 * the first is the default) and BL_ARGS_* flags. */
typedef struct {
    const char *name;
    int id;
    const char *formats;
    unsigned flags;
} bl_args_command;

/* The parsed command line. */
typedef struct {
    const bl_args_command *commands; /* the table parsed against */
    size_t ncommands;
    const bl_args_command *command; /* the one given, or NULL */
    int cmd;                        /* its id, BL_ARGS_NO_COMMAND when none */
    const char *cmd_name;
    const char *formats;
    const char *format; /* as given, or NULL */
    bl_emit_format fmt;
    int strict, supers, compact, no_config, conflicts;
    int recursive; /* -r, --recursive: every command (walk.h) */
    unsigned jobs; /* -j N, --jobs N: 1..BL_ARGS_MAX_JOBS, 0 when not given */
    const char *config;
    char **files; /* argc + 1 slots, owned; the strings borrow argv */
    size_t nfiles;
    enum { BL_ARGS_SHOW_NONE, BL_ARGS_SHOW_HELP, BL_ARGS_SHOW_VERSION } show;
} bl_args;

/* Parses argv (argv[0] is the program) into *a. Returns -1 to go on, or
 * an exit status: 0 when a->show asks for the help or the version (the
 * caller prints it), 2 after a usage error (printed here). --version wins
 * over --help and ends the parse where it stands. */
int bl_args_parse(int argc, char **argv, const bl_args_command *commands, size_t ncommands,
                  bl_args *a);
