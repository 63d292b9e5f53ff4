#define _GNU_SOURCE
#include "CResolvLab.h"
#include "resolvlab_eai.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <net/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <malloc.h>
#include <netdb.h>
#include <pthread.h>
#include <resolv.h>
#include <arpa/nameser.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// The Swift side reads frames and filters through these mirrors; keep them identical.
_Static_assert(sizeof(resolvlab_bpf_instruction) == sizeof(struct sock_filter), "sock_filter mirror");

const int resolvlab_CLONE_NEWUSER = CLONE_NEWUSER;
const int resolvlab_CLONE_NEWNET = CLONE_NEWNET;
const int resolvlab_CLONE_NEWNS = CLONE_NEWNS;
const int resolvlab_CLONE_NEWUTS = CLONE_NEWUTS;
const int resolvlab_CLONE_NEWIPC = CLONE_NEWIPC;
const int resolvlab_CLONE_NEWPID = CLONE_NEWPID;
const int resolvlab_O_PATH = O_PATH;
const int resolvlab_O_TMPFILE = O_TMPFILE;
const int resolvlab_F_SETPIPE_SZ = F_SETPIPE_SZ;

int resolvlab_unshare(int flags) { return unshare(flags); }

int resolvlab_setns(int fd, int type) { return setns(fd, type); }

int resolvlab_pipe2(int fds[2], int flags) { return pipe2(fds, flags); }

int resolvlab_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}

static volatile pid_t forwarded_pid;

static void forward_termination(int signal) {
    (void)signal;
    if (forwarded_pid > 0) kill(forwarded_pid, SIGKILL);
}

int resolvlab_forward_termination(pid_t pid) {
    forwarded_pid = pid;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = forward_termination;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGTERM, &action, NULL) != 0 || sigaction(SIGINT, &action, NULL) != 0) return -1;
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGTERM);
    sigaddset(&unblock, SIGINT);
    return sigprocmask(SIG_UNBLOCK, &unblock, NULL);
}

static void exit_on_termination(int signal) { _exit(128 + signal); }

int resolvlab_exit_on_termination(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = exit_on_termination;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGTERM, &action, NULL) != 0 || sigaction(SIGINT, &action, NULL) != 0) return -1;
    return 0;
}

struct continuation {
    void (*body)(void *);
    void *context;
};

static void *run_continuation(void *argument) {
    struct continuation *continuation = argument;
    continuation->body(continuation->context);
    return NULL;
}

int resolvlab_continue_on_new_thread(void (*body)(void *), void *context) {
    // Lives in this frame, which outlives the thread: this function waits for it.
    struct continuation continuation = { body, context };
    pthread_t thread;
    int error = pthread_create(&thread, NULL, run_continuation, &continuation);
    if (error != 0) return error;
    pthread_join(thread, NULL);
    _exit(0);
}

int resolvlab_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0, 0, 0);
}

ssize_t resolvlab_getrandom(void *buffer, size_t length, unsigned int flags) {
    return getrandom(buffer, length, flags);
}

int resolvlab_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

int resolvlab_pidfd_send_signal(int pidfd, int signal) {
    return (int)syscall(SYS_pidfd_send_signal, pidfd, signal, NULL, 0);
}

int resolvlab_close_from(int first) { return (int)syscall(SYS_close_range, (unsigned)first, ~0U, 0); }

ssize_t resolvlab_send_descriptors(int socket, const void *buffer, size_t length, const int *descriptors, int count) {
    if (count < 0 || count > RESOLVLAB_MAX_PASSED_DESCRIPTORS) {
        errno = EINVAL;
        return -1;
    }
    struct iovec vector = { .iov_base = (void *)buffer, .iov_len = length };
    union {
        char bytes[CMSG_SPACE(sizeof(int) * RESOLVLAB_MAX_PASSED_DESCRIPTORS)];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = { .msg_iov = &vector, .msg_iovlen = 1 };
    if (count > 0) {
        message.msg_control = control.bytes;
        message.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)count);
        struct cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)count);
        memcpy(CMSG_DATA(header), descriptors, sizeof(int) * (size_t)count);
    }
    return sendmsg(socket, &message, MSG_NOSIGNAL);
}

ssize_t resolvlab_receive_descriptors(int socket, void *buffer, size_t length, int *descriptors, int capacity, int *count) {
    *count = 0;
    struct iovec vector = { .iov_base = buffer, .iov_len = length };
    union {
        char bytes[CMSG_SPACE(sizeof(int) * RESOLVLAB_MAX_PASSED_DESCRIPTORS)];
        struct cmsghdr align;
    } control;
    struct msghdr message = { .msg_iov = &vector, .msg_iovlen = 1,
                              .msg_control = control.bytes, .msg_controllen = sizeof control.bytes };
    ssize_t received = recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
    if (received < 0) return -1;
    int truncated = (message.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0;
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
        size_t carried = (header->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        const unsigned char *data = CMSG_DATA(header);
        for (size_t index = 0; index < carried; index++) {
            int fd;
            memcpy(&fd, data + index * sizeof(int), sizeof fd);
            if (*count < capacity) descriptors[(*count)++] = fd;
            else close(fd);
        }
    }
    if (truncated) {
        for (int index = 0; index < *count; index++) close(descriptors[index]);
        *count = 0;
        errno = EMSGSIZE;
        return -1;
    }
    return received;
}

int resolvlab_memfd_create(const char *name) { return memfd_create(name, MFD_CLOEXEC); }

int resolvlab_release_free_memory(void) { return malloc_trim(0); }

int resolvlab_set_cloexec(int fd) {
    int flags = fcntl(fd, F_GETFD);
    return flags < 0 ? -1 : fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

int resolvlab_wait_exited(int status) { return WIFEXITED(status); }
int resolvlab_wait_exit_status(int status) { return WEXITSTATUS(status); }
int resolvlab_wait_term_signal(int status) { return WIFSIGNALED(status) ? WTERMSIG(status) : 0; }

const uint64_t resolvlab_MOUNT_ATTR_RDONLY = MOUNT_ATTR_RDONLY;

int resolvlab_mount_setattr(const char *path, int recursive, uint64_t set, uint64_t clear) {
    struct mount_attr attributes = { .attr_set = set, .attr_clr = clear };
    return (int)syscall(SYS_mount_setattr, AT_FDCWD, path, recursive ? AT_RECURSIVE : 0,
                        &attributes, sizeof attributes);
}

int resolvlab_signalfd(const sigset_t *set) { return signalfd(-1, set, SFD_CLOEXEC | SFD_NONBLOCK); }

int resolvlab_signalfd_read(int fd) {
    struct signalfd_siginfo info;
    ssize_t got = read(fd, &info, sizeof info);
    if (got == (ssize_t)sizeof info) return (int)info.ssi_signo;
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
    return -1;
}

// MARK: packet capture

const int resolvlab_AF_PACKET = AF_PACKET;
const int resolvlab_ETH_P_ALL = ETH_P_ALL;
const int resolvlab_SOL_PACKET = SOL_PACKET;
const int resolvlab_PACKET_OUTGOING = PACKET_OUTGOING;
const int resolvlab_ARPHRD_ETHER = ARPHRD_ETHER;
const int resolvlab_ARPHRD_LOOPBACK = ARPHRD_LOOPBACK;

int resolvlab_packet_socket(int raw) {
    // Protocol 0: no packets are queued until bind, which comes after the filter is attached.
    return socket(AF_PACKET, (raw ? SOCK_RAW : SOCK_DGRAM) | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
}

int resolvlab_attach_filter(int fd, const resolvlab_bpf_instruction *instructions, unsigned short count) {
    struct sock_fprog program = { .len = count, .filter = (struct sock_filter *)instructions };
    return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program);
}

int resolvlab_packet_ignore_outgoing(int fd) {
    int on = 1;
    return setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &on, sizeof on);
}

int resolvlab_packet_bind(int fd, int ifindex) {
    struct sockaddr_ll address = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL), .sll_ifindex = ifindex };
    return bind(fd, (struct sockaddr *)&address, sizeof address);
}

int resolvlab_packet_statistics(int fd, uint32_t *packets, uint32_t *drops) {
    struct tpacket_stats stats;
    socklen_t length = sizeof stats;
    if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &stats, &length) != 0) return -1;
    *packets = stats.tp_packets;
    *drops = stats.tp_drops;
    return 0;
}

int resolvlab_interface_type(int ifindex) {
    struct ifreq request;
    memset(&request, 0, sizeof request);
    if (!if_indextoname((unsigned)ifindex, request.ifr_name)) return -1;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int result = ioctl(fd, SIOCGIFHWADDR, &request);
    close(fd);
    return result == 0 ? request.ifr_hwaddr.sa_family : -1;
}

enum { CONTROL_SIZE = CMSG_SPACE(sizeof(struct timespec)) };

int resolvlab_receive_frames(int fd, uint8_t *buffer, size_t slot_size, resolvlab_frame_info *frames, int count) {
    if (count > 64) count = 64;
    struct mmsghdr messages[64];
    struct iovec vectors[64];
    struct sockaddr_ll addresses[64];
    union { char bytes[CONTROL_SIZE]; struct cmsghdr align; } control[64];
    memset(messages, 0, sizeof(struct mmsghdr) * (size_t)count);
    for (int i = 0; i < count; i++) {
        vectors[i].iov_base = buffer + (size_t)i * slot_size;
        vectors[i].iov_len = slot_size;
        messages[i].msg_hdr.msg_iov = &vectors[i];
        messages[i].msg_hdr.msg_iovlen = 1;
        messages[i].msg_hdr.msg_name = &addresses[i];
        messages[i].msg_hdr.msg_namelen = sizeof addresses[i];
        messages[i].msg_hdr.msg_control = control[i].bytes;
        messages[i].msg_hdr.msg_controllen = CONTROL_SIZE;
    }
    int got;
    do {
        got = recvmmsg(fd, messages, (unsigned)count, MSG_DONTWAIT | MSG_TRUNC, NULL);
    } while (got < 0 && errno == EINTR);
    if (got < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
    for (int i = 0; i < got; i++) {
        resolvlab_frame_info *info = &frames[i];
        memset(info, 0, sizeof *info);
        info->length = messages[i].msg_len;
        info->captured = messages[i].msg_len < slot_size ? messages[i].msg_len : (uint32_t)slot_size;
        info->ifindex = addresses[i].sll_ifindex;
        info->protocol = ntohs(addresses[i].sll_protocol);
        info->hatype = addresses[i].sll_hatype;
        info->packet_type = addresses[i].sll_pkttype;
        info->address_length = addresses[i].sll_halen > 8 ? 8 : addresses[i].sll_halen;
        memcpy(info->address, addresses[i].sll_addr, info->address_length);
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&messages[i].msg_hdr); c; c = CMSG_NXTHDR(&messages[i].msg_hdr, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
                struct timespec stamp;
                memcpy(&stamp, CMSG_DATA(c), sizeof stamp);
                info->timestamp_ns = (int64_t)stamp.tv_sec * 1000000000 + stamp.tv_nsec;
            }
        }
    }
    return got;
}

ssize_t resolvlab_receive_stamped(int fd, void *buffer, size_t length, int64_t *timestamp_ns) {
    struct iovec vector = { .iov_base = buffer, .iov_len = length };
    union { char bytes[CONTROL_SIZE]; struct cmsghdr align; } control;
    struct msghdr message = { .msg_iov = &vector, .msg_iovlen = 1, .msg_control = control.bytes, .msg_controllen = CONTROL_SIZE };
    ssize_t got;
    do {
        got = recvmsg(fd, &message, MSG_DONTWAIT);
    } while (got < 0 && errno == EINTR);
    if (got < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
    *timestamp_ns = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
            struct timespec stamp;
            memcpy(&stamp, CMSG_DATA(c), sizeof stamp);
            *timestamp_ns = (int64_t)stamp.tv_sec * 1000000000 + stamp.tv_nsec;
        }
    }
    return got;
}

// MARK: getaddrinfo error names

#define RESOLVLAB_EAI_ENTRY(name) { name, #name },
static const struct { int code; const char *name; } eai_table[] = {
    RESOLVLAB_EAI_NAMES(RESOLVLAB_EAI_ENTRY)
    RESOLVLAB_EAI_GNU_NAMES(RESOLVLAB_EAI_ENTRY)
};

int resolvlab_eai_count(void) { return (int)(sizeof eai_table / sizeof eai_table[0]); }
const char *resolvlab_eai_name_at(int index) { return eai_table[index].name; }
int resolvlab_eai_code_at(int index) { return eai_table[index].code; }

int resolvlab_res_query(const char *name, int type, unsigned char *answer, int length, int search, int *host_error) {
    int result = search ? res_search(name, C_IN, type, answer, length) : res_query(name, C_IN, type, answer, length);
    *host_error = h_errno;
    return result;
}

int resolvlab_res_querydomain(const char *name, const char *domain, int type, unsigned char *answer, int length,
                              int *host_error) {
    int result = res_querydomain(name, domain, C_IN, type, answer, length);
    *host_error = h_errno;
    return result;
}
