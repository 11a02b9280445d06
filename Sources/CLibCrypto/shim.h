#ifndef REPROAUDIT_CLIBCRYPTO_SHIM_H
#define REPROAUDIT_CLIBCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/x509_vfy.h>
#include <openssl/ct.h>
#include <openssl/ts.h>
#include <openssl/objects.h>

// OpenSSL's STACK_OF(...) helpers and a few accessors are macros, which Swift cannot import; these
// static inline functions give the signature verifier typed access to them.

static inline STACK_OF(X509) *reproaudit_sk_X509_new(void) { return sk_X509_new_null(); }
static inline int reproaudit_sk_X509_push(STACK_OF(X509) *stack, X509 *certificate) { return sk_X509_push(stack, certificate); }
static inline void reproaudit_sk_X509_free(STACK_OF(X509) *stack) { sk_X509_free(stack); }
static inline int reproaudit_sk_X509_num(const STACK_OF(X509) *stack) { return sk_X509_num(stack); }
static inline X509 *reproaudit_sk_X509_value(const STACK_OF(X509) *stack, int index) { return sk_X509_value(stack, index); }
static inline void reproaudit_sk_X509_pop_free(STACK_OF(X509) *stack) { sk_X509_pop_free(stack, X509_free); }

static inline int reproaudit_sk_GENERAL_NAME_num(const GENERAL_NAMES *names) { return sk_GENERAL_NAME_num(names); }
static inline const GENERAL_NAME *reproaudit_sk_GENERAL_NAME_value(const GENERAL_NAMES *names, int index) { return sk_GENERAL_NAME_value(names, index); }
static inline void reproaudit_GENERAL_NAMES_free(GENERAL_NAMES *names) { GENERAL_NAMES_free(names); }
/// The type of a subject alternative name (GEN_EMAIL, GEN_URI, ...) and, for string types, its bytes.
static inline int reproaudit_GENERAL_NAME_string(const GENERAL_NAME *name, const unsigned char **data, int *length) {
    if (name->type == GEN_EMAIL || name->type == GEN_URI || name->type == GEN_DNS) {
        *data = ASN1_STRING_get0_data(name->d.ia5);
        *length = ASN1_STRING_length(name->d.ia5);
    } else {
        *data = 0;
        *length = 0;
    }
    return name->type;
}
/// The code-signing extended key usage, from the cached extension flags.
static inline int reproaudit_X509_has_code_signing(X509 *certificate) {
    uint32_t flags = X509_get_extended_key_usage(certificate);
    return (X509_get_extension_flags(certificate) & EXFLAG_XKUSAGE) && (flags & XKU_CODE_SIGN) ? 1 : 0;
}

static inline int reproaudit_sk_SCT_num(const STACK_OF(SCT) *list) { return sk_SCT_num(list); }
static inline SCT *reproaudit_sk_SCT_value(const STACK_OF(SCT) *list, int index) { return sk_SCT_value(list, index); }
static inline void reproaudit_SCT_LIST_free(STACK_OF(SCT) *list) { SCT_LIST_free(list); }

static inline long reproaudit_BIO_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }
#endif
