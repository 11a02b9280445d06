#ifndef REPROAUDIT_CLIBCRYPTO_SHIM_H
#define REPROAUDIT_CLIBCRYPTO_SHIM_H
#include <openssl/evp.h>
#endif
