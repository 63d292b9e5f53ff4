// The getaddrinfo error names ResolvLab knows, in one table (an X-macro), shared by the Swift side
// (through CResolvLab.c) and the C helpers in tools/ (which are built against other libcs, such as
// musl, and so get that libc's own values for each name).
//
//   #define ENTRY(name) ...
//   RESOLVLAB_EAI_NAMES(ENTRY)
//
// RESOLVLAB_EAI_NAMES lists the names POSIX and every libc define; RESOLVLAB_EAI_GNU_NAMES those that
// glibc defines only under _GNU_SOURCE (and musl partly not at all).
#ifndef RESOLVLAB_EAI_H
#define RESOLVLAB_EAI_H

#define RESOLVLAB_EAI_NAMES(X) \
    X(EAI_AGAIN) X(EAI_BADFLAGS) X(EAI_FAIL) X(EAI_FAMILY) X(EAI_MEMORY) X(EAI_NONAME) \
    X(EAI_OVERFLOW) X(EAI_SERVICE) X(EAI_SOCKTYPE) X(EAI_SYSTEM)

#define RESOLVLAB_EAI_GNU_NAMES(X) X(EAI_ADDRFAMILY) X(EAI_NODATA)

// For the C helpers: the name of a getaddrinfo error code, or "EAI_UNKNOWN". They define
// _GNU_SOURCE, under which glibc and musl both define every name above.
#ifdef RESOLVLAB_EAI_NAME_FUNCTION
#define RESOLVLAB_EAI_CASE(name) if (code == name) return #name;
static const char *resolvlab_eai_name(int code) {
    RESOLVLAB_EAI_NAMES(RESOLVLAB_EAI_CASE)
    RESOLVLAB_EAI_GNU_NAMES(RESOLVLAB_EAI_CASE)
    return "EAI_UNKNOWN";
}
#undef RESOLVLAB_EAI_CASE
#endif

#endif
