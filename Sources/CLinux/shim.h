#ifndef REPROAUDIT_CLINUX_SHIM_H
#define REPROAUDIT_CLINUX_SHIM_H
/* Linux headers the Glibc module does not export: statfs(2) for file system types. */
#include <sys/vfs.h>
#endif
