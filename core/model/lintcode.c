#include "lintcode.h"

#include <string.h>

#include "error.h"

/* Indexed by bl_lintcode_id; the order of doc/FORMAT.md's table. */
static const bl_lintcode CODES[BL_LINTCODE_COUNT] = {
    [BL_LINTCODE_UNKNOWN_TAG] = {"unknown-tag", BL_SEV_ERROR,
                                 "a tag-shaped [...] that is not in the vocabulary; suggests the "
                                 "nearest known tag"},
    [BL_LINTCODE_MALFORMED_TAG] = {"malformed-tag", BL_SEV_ERROR,
                                   "a known tag with a bracket missing or spaces inside"},
    [BL_LINTCODE_MIXED_DIALECT] = {"mixed-dialect", BL_SEV_WARNING,
                                   "a section tag of another family than the document's first "
                                   "one"},
    [BL_LINTCODE_MISSING_LEAD] = {"missing-lead", BL_SEV_WARNING,
                                  "a story whose first section is not a lead"},
    [BL_LINTCODE_SECTION_ORDER] = {"section-order", BL_SEV_WARNING,
                                   "a lead after a report in the same story"},
    [BL_LINTCODE_DUPLICATE_SECTION] = {"duplicate-section", BL_SEV_WARNING,
                                       "the same section role twice in a row in one story"},
    [BL_LINTCODE_EMPTY_SECTION] = {"empty-section", BL_SEV_WARNING, "a section with no text"},
    [BL_LINTCODE_TAG_NOT_ALONE] = {"tag-not-alone", BL_SEV_WARNING,
                                   "text after a section tag on its line"},
    [BL_LINTCODE_DANGLING_ATTRIBUTION] = {"dangling-attribution", BL_SEV_WARNING,
                                          "a slash attribution with no quote paragraph"},
    [BL_LINTCODE_UNBALANCED_QUOTE] = {"unbalanced-quote", BL_SEV_WARNING,
                                      "quote text whose quote marks do not pair up"},
    [BL_LINTCODE_UNBALANCED_PAREN] = {"unbalanced-paren", BL_SEV_WARNING,
                                      "an attribution whose parentheses do not pair up"},
    [BL_LINTCODE_SPEAKER_ROLE_MISMATCH] = {"speaker-role-mismatch", BL_SEV_WARNING,
                                           "one speaker with two different roles in one document"},
    [BL_LINTCODE_CHROME] = {"chrome", BL_SEV_INFO, "web-page furniture left in the text"},
    [BL_LINTCODE_TIMESTAMP] = {"timestamp", BL_SEV_WARNING,
                               "an impossible date or time, or an update earlier than the post"},
    [BL_LINTCODE_OVER_TIME] = {"over-time", BL_SEV_WARNING,
                               "the bulletin (or a story) runs over its target time"},
    [BL_LINTCODE_INVISIBLE_CHAR] = {"invisible-char", BL_SEV_INFO,
                                    "an invisible character before a tag, label or attribution"},
    [BL_LINTCODE_MALFORMED_ATTRIBUTION] = {"malformed-attribution", BL_SEV_WARNING,
                                           "a line of narration one character away from an "
                                           "attribution: its soundbite is not read"},
};

size_t bl_lintcode_count(void) {
    return BL_LINTCODE_COUNT;
}

const bl_lintcode *bl_lintcode_at(size_t i) {
    return i < BL_LINTCODE_COUNT ? &CODES[i] : NULL;
}

int bl_lintcode_index(const char *name) {
    if (name == NULL)
        return BL_EINVAL;
    for (int i = 0; i < BL_LINTCODE_COUNT; i++)
        if (strcmp(CODES[i].name, name) == 0)
            return i;
    return BL_EINVAL;
}

const bl_lintcode *bl_lintcode_find(const char *name) {
    int i = bl_lintcode_index(name);
    return i >= 0 ? &CODES[i] : NULL;
}
