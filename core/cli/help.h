/* help: the manual-style text of `bulletin --help` (the synopsis of
 * every command, the limits in figures, the formats, examples). A new
 * command adds its synopsis and paragraph here. */
#pragma once

#include <stdio.h>

/* Writes the full help text to out. Returns 0, or BL_EIO when the stream
 * reports a write error (errno says why). */
int bl_help_print(FILE *out);
