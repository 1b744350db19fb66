/* fixcmd: `bulletin lint --fix | --unsafe-fixes | --diff FILE...`.
 *
 * For each FILE: lint, apply the chosen fixes (fix.h: the safe ones, and
 * the unsafe ones too with --unsafe-fixes) that do not overlap, lint the
 * result again, and so on until no chosen fix is left (at most
 * BL_FIXCMD_MAX_PASSES passes; a text that stops changing ends it too).
 * Then, if the text changed: --diff prints a unified diff on stdout
 * (fixtext.h) and writes nothing; otherwise the file is replaced
 * atomically: the new bytes go to a temporary file in the same directory
 * (mode kept), which is renamed over the file. A file with nothing to fix
 * is never written. A file that is read-only (no write permission bit, or
 * refused by access()), in a read-only directory, or that vanished or
 * changed between reading and writing is reported on stderr and left as it
 * was; the temporary file is removed.
 *
 * Summary on stderr: "N fixed, M remaining (K more with --unsafe-fixes)"
 * ("N fixable" with --diff; the parenthesis only without --unsafe-fixes),
 * M the findings left after the fixes, K those of them that an unsafe fix
 * would take. Exit status: 0 when no finding is left in the files as they
 * are on disk at the end (with --diff: as they were), 1 when some are, 2
 * on a usage error or a file that could not be read or written.
 *
 * Ownership: argv is borrowed for the call. */
#pragma once

#define BL_FIXCMD_MAX_PASSES 16

/* 1 if argv asks lint to fix: --fix, --unsafe-fixes or --diff before a
 * "--". */
int bl_fixcmd_wanted(int argc, char **argv);
/* Runs the command line argv (argv[0] the program name) and returns the
 * exit status. */
int bl_fixcmd_main(int argc, char **argv);
