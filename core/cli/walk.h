/* walk: the FILE operands of a command, with directories walked
 * (`-r`, `--recursive`). Every command that reads documents calls
 * bl_walk_expand() on its operands before reading any.
 *
 * An operand that is not a directory (a file, `-`, a FIFO, a name that
 * does not exist) is kept as it is: reading it reports what is wrong.
 * Without -r every operand is kept, and reading a directory fails in its
 * turn as before ("bulletin: DIR: Is a directory", exit status 2). With
 * -r a directory is walked:
 *   - the entries of each directory in byte order of their names (strcmp),
 *     a subdirectory walked where its name comes, so the order is the same
 *     on every run and machine;
 *   - names starting with "." are left out (.git, editor files);
 *   - a regular file named *.bulletin is taken; one named *.txt is taken
 *     when it looks like a bulletin by the test of ftdetect/bulletin.vim
 *     (detect.h, on its first 64 KiB), and skipped with a note on stderr
 *     otherwise ("bulletin: PATH: not a bulletin (no bulletin sign in its
 *     first 30 lines), skipped", or "(a name Vim gives another filetype)"
 *     for CMakeLists.txt and the like); other names are not candidates and are
 *     passed over silently;
 *   - symbolic links are followed; a directory already walked (a symlink
 *     loop, or two links to one directory) is skipped with a note, and so
 *     is a *.bulletin or *.txt entry that is not a regular file (a FIFO is
 *     never opened, so the walk never blocks), and a directory deeper
 *     than BL_WALK_MAX_DEPTH;
 *   - a directory or a *.txt file that cannot be read is an error
 *     ("bulletin: PATH: Permission denied"): the walk goes on and the exit
 *     status becomes 2.
 *
 * Ownership: operands are borrowed; the list owns its paths. */
#pragma once

#include <stddef.h>

#define BL_WALK_MAX_DEPTH 64
/* The bytes of a *.txt file that detection reads. */
#define BL_WALK_HEAD_BYTES 65536

typedef struct {
    char **v; /* owned paths, in order */
    size_t n, cap;
} bl_walk_list;

/* Expands operands[0, n) into *out (empty on entry). Messages go to
 * stderr; *failed is set to 1 when one was an error (not a note).
 * Returns 0 or BL_ENOMEM (reported; out then holds what was found). */
int bl_walk_expand(char *const *operands, size_t n, int recursive, bl_walk_list *out, int *failed);
void bl_walk_free(bl_walk_list *list);

/* 1 when the regular file at path is a bulletin for the walk (by name,
 * then by detect.h on its first bytes), 0 when not, or a negative code
 * with errno set when it cannot be read. */
int bl_walk_is_bulletin(const char *path);
