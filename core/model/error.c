#include "error.h"

const char *bl_strerror(int code) {
    switch (code) {
    case BL_OK:
        return "success";
    case BL_ENOMEM:
        return "out of memory";
    case BL_EINVAL:
        return "invalid argument or input";
    case BL_ETOOBIG:
        return "input over a size limit";
    case BL_EIO:
        return "input/output error";
    default:
        return "unknown error";
    }
}
