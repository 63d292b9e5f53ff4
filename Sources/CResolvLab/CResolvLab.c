#define _GNU_SOURCE
#include "CResolvLab.h"

#include <fcntl.h>
#include <netdb.h>
#include <sched.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

const int resolvlab_CLONE_NEWUSER = CLONE_NEWUSER;
const int resolvlab_CLONE_NEWNET = CLONE_NEWNET;
const int resolvlab_CLONE_NEWNS = CLONE_NEWNS;
const int resolvlab_CLONE_NEWUTS = CLONE_NEWUTS;
const int resolvlab_CLONE_NEWIPC = CLONE_NEWIPC;
const int resolvlab_O_PATH = O_PATH;

int resolvlab_unshare(int flags) { return unshare(flags); }

int resolvlab_pipe2(int fds[2], int flags) { return pipe2(fds, flags); }

int resolvlab_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}

int resolvlab_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0, 0, 0);
}

ssize_t resolvlab_getrandom(void *buffer, size_t length, unsigned int flags) {
    return getrandom(buffer, length, flags);
}

int resolvlab_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

static const struct { int code; const char *name; } eai_names[] = {
    { EAI_BADFLAGS, "EAI_BADFLAGS" },   { EAI_NONAME, "EAI_NONAME" },
    { EAI_AGAIN, "EAI_AGAIN" },         { EAI_FAIL, "EAI_FAIL" },
    { EAI_FAMILY, "EAI_FAMILY" },       { EAI_SOCKTYPE, "EAI_SOCKTYPE" },
    { EAI_SERVICE, "EAI_SERVICE" },     { EAI_MEMORY, "EAI_MEMORY" },
    { EAI_SYSTEM, "EAI_SYSTEM" },       { EAI_OVERFLOW, "EAI_OVERFLOW" },
    { EAI_NODATA, "EAI_NODATA" },       { EAI_ADDRFAMILY, "EAI_ADDRFAMILY" },
    { EAI_INPROGRESS, "EAI_INPROGRESS" }, { EAI_CANCELED, "EAI_CANCELED" },
    { EAI_NOTCANCELED, "EAI_NOTCANCELED" }, { EAI_ALLDONE, "EAI_ALLDONE" },
    { EAI_INTR, "EAI_INTR" },           { EAI_IDN_ENCODE, "EAI_IDN_ENCODE" },
};

const char *resolvlab_eai_name(int code) {
    for (size_t i = 0; i < sizeof eai_names / sizeof eai_names[0]; i++)
        if (eai_names[i].code == code) return eai_names[i].name;
    return NULL;
}

int resolvlab_eai_code(const char *name) {
    for (size_t i = 0; i < sizeof eai_names / sizeof eai_names[0]; i++)
        if (strcmp(eai_names[i].name, name) == 0) return eai_names[i].code;
    return 0;
}
