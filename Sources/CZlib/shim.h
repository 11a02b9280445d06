#ifndef REPROAUDIT_CZLIB_SHIM_H
#define REPROAUDIT_CZLIB_SHIM_H
#include <zlib.h>
#endif
