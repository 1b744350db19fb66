/* timingcmd: `bulletin timing`, the rundown of each FILE (issue 10).
 *
 *     bulletin [--config FILE | --no-config] timing [--format text|json]
 *              [--compact] [--target M:SS] [--wpm N] FILE...
 *
 * Each FILE is read as the other commands read it (input.h, the nearest
 * .bulletinrc or --config), derived once and timed (timing.h) with the
 * .bulletinrc's timing.* settings, --target and --wpm overriding them.
 * json: one object per file {version, file, total, target, over, stories:
 * [{line, title, seconds, start, sections: [{line, section, words,
 * seconds}]}]}; seconds to the tenth, target and over null without a
 * target, over = total - target (negative: under). text: a rundown table
 * (line, start, length, backtime, title) with each story's sections.
 *
 * Ownership: argv is borrowed for the call. */
#pragma once

/* 1 if the command word of argv (the first operand, options and their
 * values skipped) is "timing". */
int bl_timingcmd_wanted(int argc, char **argv);
/* Runs `bulletin ... timing ...`; returns the exit status (cli.h). */
int bl_timingcmd_main(int argc, char **argv);
