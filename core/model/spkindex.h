/* spkindex: the speaker index of a set of documents (`bulletin speakers`).
 *
 * Every soundbite that names a speaker is one *use*: the speaker, the role
 * (or none), the file and the 1-based line of the soundbite. Uses are
 * grouped by speaker, then by role, in order of first appearance (files
 * in the order they were added, lines in document order), so the index is
 * the same however the documents were parsed, one by one or in parallel.
 *
 * Names and roles are compared after *tidying*: leading and trailing
 * whitespace (space, tab, CR, LF) dropped, every inner run of it made one
 * space, a NUL byte (§7.5) made U+FFFD. Two uses are the same speaker when
 * their tidied names are equal byte for byte; a soundbite without a
 * speaker (null or empty) is not indexed. A role that is null or empty
 * after tidying is "no role".
 *
 * A *role conflict*: one speaker given two or more different roles (no
 * role does not count), in one file or across files.
 *
 * *Near-duplicate names*: two different speakers whose near keys are
 * equal and not empty. The near key of a name (bl_spkindex_near_key()) is
 * the name with ASCII letters lower-cased and every separator removed:
 * ASCII characters that are neither letters nor digits (space, hyphen,
 * period, apostrophe, ...), and the code points U+00A0, U+00B7, U+2010 to
 * U+2015, U+2018, U+2019, U+2027, U+200B to U+200D, U+2060, U+3000, U+30FB
 * and U+FEFF. Every other byte is kept as it is. So "Kang Yu-jung",
 * "Kang Yujung", "KANG YU-JUNG" and "Kang Yu Jung" are near duplicates,
 * and "Park Yu-jung" or "Yu-jung Kang" are not.
 *
 * Ownership: the index owns copies of every string it is given; pointers
 * it returns stay valid until the next bl_spkindex_add*() or
 * bl_spkindex_free(). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "vec.h"

/* One use: the file (an index for bl_spkindex_file()) and the line. */
typedef struct {
    uint32_t file;
    int32_t line;
} bl_spk_where;

/* One role of a speaker. Invariant: where.n >= 1, in order of addition. */
typedef struct {
    char *role; /* tidied, NUL-terminated; NULL: no role */
    BL_VEC(bl_spk_where) where;
} bl_spk_role;

/* One speaker. Invariant: roles.n >= 1; count = the sum of the roles'
 * where.n; nroles counts the roles that are not NULL. */
typedef struct {
    char *name; /* tidied, NUL-terminated, not empty */
    char *key;  /* the near key (may be empty) */
    BL_VEC(bl_spk_role) roles;
    size_t count;
    size_t nroles;
} bl_spk_speaker;

typedef struct bl_spkindex bl_spkindex;

/* A new empty index, or NULL when out of memory. */
bl_spkindex *bl_spkindex_new(void);
void bl_spkindex_free(bl_spkindex *s);

/* Registers a file name (copied); *id is its index. 0 or BL_ENOMEM. */
int bl_spkindex_add_file(bl_spkindex *s, const char *name, uint32_t *id);
/* Adds one use: speaker[0, slen) and role[0, rlen) (role may be NULL)
 * are tidied and copied. A speaker that is empty after tidying is
 * ignored. 0, BL_EINVAL (file is not an id) or BL_ENOMEM (the index is
 * then unchanged but for an entry that may hold fewer uses). */
int bl_spkindex_add(bl_spkindex *s, uint32_t file, const char *speaker, size_t slen,
                    const char *role, size_t rlen, int32_t line);
/* Adds every soundbite of an updated doc, shown as file. 0 or BL_ENOMEM. */
int bl_spkindex_add_doc(bl_spkindex *s, const bl_doc *doc, const char *file);

/* The speakers, in order of first appearance. */
size_t bl_spkindex_count(const bl_spkindex *s);
const bl_spk_speaker *bl_spkindex_at(const bl_spkindex *s, size_t i);
/* The name of file id, or NULL. */
const char *bl_spkindex_file(const bl_spkindex *s, uint32_t id);

/* 1 when sp has a role conflict (two or more roles that are not NULL). */
int bl_spkindex_conflict(const bl_spk_speaker *sp);

/* The groups of near-duplicate names: *members (caller frees) holds
 * speaker indices, group g being members[starts[g], starts[g + 1]) with
 * *starts (caller frees) of *ngroups + 1 entries. Each group has two or
 * more speakers in order of first appearance; groups are ordered by their
 * first member. 0 or BL_ENOMEM (nothing to free then). */
int bl_spkindex_near(const bl_spkindex *s, size_t **members, size_t **starts, size_t *ngroups);

/* The near key of name[0, len) into a new string (caller frees), or NULL
 * when out of memory. */
char *bl_spkindex_near_key(const char *name, size_t len);
