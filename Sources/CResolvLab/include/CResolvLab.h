// Declarations Swift's Glibc module does not export because they need _GNU_SOURCE
// (design.md: "a small C target declares them"). Prefixed to avoid clashing with libc.
#ifndef CRESOLVLAB_H
#define CRESOLVLAB_H

#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>

// Namespace flags for unshare(2); values mirror <sched.h>.
extern const int resolvlab_CLONE_NEWUSER;
extern const int resolvlab_CLONE_NEWNET;
extern const int resolvlab_CLONE_NEWNS;
extern const int resolvlab_CLONE_NEWUTS;
extern const int resolvlab_CLONE_NEWIPC;

/// open(2) flag for a descriptor that only names a file (needs _GNU_SOURCE).
extern const int resolvlab_O_PATH;

/// The corresponding C function is `unshare`.
int resolvlab_unshare(int flags);
/// The corresponding C function is `pipe2`.
int resolvlab_pipe2(int fds[2], int flags);
/// The corresponding C function is `accept4`.
int resolvlab_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
/// Asks the kernel to send `signal` to this process when its parent dies (`prctl(PR_SET_PDEATHSIG)`).
int resolvlab_set_parent_death_signal(int signal);
/// The corresponding C function is `getrandom`.
ssize_t resolvlab_getrandom(void *buffer, size_t length, unsigned int flags);

/// A descriptor that becomes readable when process `pid` exits (Linux 5.3+), or -1.
/// The corresponding C function is `pidfd_open`.
int resolvlab_pidfd_open(pid_t pid);

/// The `EAI_*` macro name of a getaddrinfo error code ("EAI_NONAME"), or NULL when unknown.
/// Some codes (EAI_NODATA, EAI_ADDRFAMILY) only exist under _GNU_SOURCE.
const char *resolvlab_eai_name(int code);
/// The getaddrinfo error code of an `EAI_*` macro name, or 0 when unknown.
int resolvlab_eai_code(const char *name);

#endif
