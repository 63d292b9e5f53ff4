// Declarations Swift's Glibc module does not export, mostly because they need _GNU_SOURCE or
// Linux headers (design.md: "a small C target declares them"). Every symbol is prefixed.
#ifndef CRESOLVLAB_H
#define CRESOLVLAB_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>

// MARK: namespaces and processes

extern const int resolvlab_CLONE_NEWUSER;
extern const int resolvlab_CLONE_NEWNET;
extern const int resolvlab_CLONE_NEWNS;
extern const int resolvlab_CLONE_NEWUTS;
extern const int resolvlab_CLONE_NEWIPC;
extern const int resolvlab_CLONE_NEWPID;

/// open(2) flag for a descriptor that only names a file (needs _GNU_SOURCE).
extern const int resolvlab_O_PATH;
/// open(2) flag for an unnamed file in a directory (needs _GNU_SOURCE).
extern const int resolvlab_O_TMPFILE;
/// fcntl(2) command that resizes a pipe (needs _GNU_SOURCE).
extern const int resolvlab_F_SETPIPE_SZ;

/// The corresponding C function is `unshare`.
int resolvlab_unshare(int flags);
/// The corresponding C function is `setns`.
int resolvlab_setns(int fd, int type);
/// The corresponding C function is `pipe2`.
int resolvlab_pipe2(int fds[2], int flags);
/// The corresponding C function is `accept4`.
int resolvlab_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
/// Asks the kernel to send `signal` to this process when its parent dies (`prctl(PR_SET_PDEATHSIG)`).
int resolvlab_set_parent_death_signal(int signal);
/// Makes SIGTERM and SIGINT to this process send SIGKILL to `pid` instead (and nothing else):
/// the sandbox's outer process turns a request to stop into the end of the PID namespace's init,
/// and keeps waiting for it, so it exits only once every process in the namespace is gone.
int resolvlab_forward_termination(pid_t pid);
/// Makes SIGTERM and SIGINT end this process at once (`_exit(128 + signal)`), from any thread.
/// For the init of a PID namespace, which the kernel otherwise shields from both: its end is the
/// end of every process in the namespace.
int resolvlab_exit_on_termination(void);
/// Runs `body(context)` on a new thread and never returns: the calling thread waits for it and the
/// process ends with `_exit(0)` should `body` return. Returns an error number only when no thread
/// could be started. For a forked child, whose first thread carries the parent's thread id in the
/// Swift runtime's and Synchronization's per-thread caches (see `FreshThread`); the waiting thread
/// runs no Swift code.
int resolvlab_continue_on_new_thread(void (*body)(void *), void *context);
/// The corresponding C function is `getrandom`.
ssize_t resolvlab_getrandom(void *buffer, size_t length, unsigned int flags);
/// A descriptor that becomes readable when process `pid` exits (Linux 5.3+), or -1.
/// The corresponding C function is `pidfd_open`.
int resolvlab_pidfd_open(pid_t pid);
/// Sends `signal` to the process a pidfd refers to: no pid-reuse race. The corresponding C function
/// is `pidfd_send_signal`.
int resolvlab_pidfd_send_signal(int pidfd, int signal);
/// Closes every descriptor from `first` up (`close_range(2)`, Linux 5.9); returns -1 where unsupported.
int resolvlab_close_from(int first);
/// The most descriptors one `resolvlab_send_descriptors` message carries.
#define RESOLVLAB_MAX_PASSED_DESCRIPTORS 8
/// sendmsg(2) of `length` bytes with `count` descriptors attached (SCM_RIGHTS), MSG_NOSIGNAL.
ssize_t resolvlab_send_descriptors(int socket, const void *buffer, size_t length, const int *descriptors, int count);
/// recvmsg(2) of one message and the descriptors attached to it, close-on-exec; `*count` receives
/// how many (at most `capacity`; any beyond are closed). Returns -1 with errno EMSGSIZE when the
/// message or its descriptors were cut.
ssize_t resolvlab_receive_descriptors(int socket, void *buffer, size_t length, int *descriptors, int capacity, int *count);
/// memfd_create(2) with MFD_CLOEXEC.
int resolvlab_memfd_create(const char *name);
/// malloc_trim(0): returns freed heap memory to the system (malloc.h is not in Swift's Glibc module).
int resolvlab_release_free_memory(void);
/// Sets close-on-exec on a descriptor.
int resolvlab_set_cloexec(int fd);
/// A process's own copy of the `WIFEXITED`/`WEXITSTATUS`/`WTERMSIG` macros, which Swift cannot import.
int resolvlab_wait_exited(int status);
int resolvlab_wait_exit_status(int status);
int resolvlab_wait_term_signal(int status);

/// `mount_setattr(2)` setting (`set`) and clearing (`clear`) MOUNT_ATTR_* bits on the mount at
/// `path`, and every mount below it when `recursive`.
int resolvlab_mount_setattr(const char *path, int recursive, uint64_t set, uint64_t clear);
extern const uint64_t resolvlab_MOUNT_ATTR_RDONLY;

/// A descriptor that reads the signals in `set` (which the caller blocks). The corresponding C
/// function is `signalfd`.
int resolvlab_signalfd(const sigset_t *set);
/// The signal number of the next `signalfd_siginfo` read from `fd`; 0 when none is pending, -1 on error.
int resolvlab_signalfd_read(int fd);

// MARK: packet capture

/// One classic BPF instruction, laid out as `struct sock_filter` (linux/filter.h).
typedef struct {
    uint16_t code;
    uint8_t jt;
    uint8_t jf;
    uint32_t k;
} resolvlab_bpf_instruction;


extern const int resolvlab_AF_PACKET;
extern const int resolvlab_ETH_P_ALL;
extern const int resolvlab_SOL_PACKET;
extern const int resolvlab_PACKET_OUTGOING;
extern const int resolvlab_ARPHRD_ETHER;
extern const int resolvlab_ARPHRD_LOOPBACK;

/// A packet socket (`socket(AF_PACKET, raw ? SOCK_RAW : SOCK_DGRAM, 0)`) that is not yet bound, so
/// nothing is queued before the filter is attached.
int resolvlab_packet_socket(int raw);
/// Attaches a classic BPF program (`SO_ATTACH_FILTER`).
int resolvlab_attach_filter(int fd, const resolvlab_bpf_instruction *instructions, unsigned short count);
/// `PACKET_IGNORE_OUTGOING`: the socket does not see the copies of packets this host sends.
int resolvlab_packet_ignore_outgoing(int fd);
/// Binds a packet socket to interface `ifindex` (0: every interface) for every protocol.
int resolvlab_packet_bind(int fd, int ifindex);
/// `PACKET_STATISTICS`: packets delivered and dropped since the last call (reading resets them).
int resolvlab_packet_statistics(int fd, uint32_t *packets, uint32_t *drops);
/// The ARPHRD_ type of interface `ifindex`, or -1.
int resolvlab_interface_type(int ifindex);

/// What `resolvlab_receive_frames` reports per frame.
typedef struct {
    /// Bytes the frame had on the wire; more than `captured` when the buffer was too small.
    uint32_t length;
    uint32_t captured;
    /// Kernel receive time (SO_TIMESTAMPNS), CLOCK_REALTIME nanoseconds; 0 if none was given.
    int64_t timestamp_ns;
    int32_t ifindex;
    uint16_t protocol;
    uint16_t hatype;
    uint8_t packet_type;
    uint8_t address_length;
    uint8_t address[8];
} resolvlab_frame_info;

/// Reads up to `count` frames with one `recvmmsg(2)` (non-blocking), each into its own
/// `slot_size`-byte slot of `buffer`. Returns the number of frames read, 0 when none is ready, -1 on error.
int resolvlab_receive_frames(int fd, uint8_t *buffer, size_t slot_size, resolvlab_frame_info *frames, int count);

/// Receives one datagram (non-blocking) and its kernel receive timestamp (SO_TIMESTAMPNS, CLOCK_REALTIME
/// nanoseconds; 0 when none). Returns the length, 0 when nothing is waiting, -1 on error.
ssize_t resolvlab_receive_stamped(int fd, void *buffer, size_t length, int64_t *timestamp_ns);

// MARK: getaddrinfo error names

/// How many getaddrinfo error names this libc has (see resolvlab_eai.h).
int resolvlab_eai_count(void);

/// res_query(3) (search 0) or res_search(3) (search 1) for class IN and `type`, the reply in `answer`;
/// the length or -1, with this thread's h_errno in `*host_error` (glibc names these __res_query and
/// __res_search through macros Swift cannot call).
int resolvlab_res_query(const char *name, int type, unsigned char *answer, int length, int search, int *host_error);

/// res_querydomain(3) for class IN and `type` (glibc's __res_querydomain), as resolvlab_res_query.
int resolvlab_res_querydomain(const char *name, const char *domain, int type, unsigned char *answer, int length,
                              int *host_error);
/// The name and code of entry `index` of that table.
const char *resolvlab_eai_name_at(int index);
int resolvlab_eai_code_at(int index);

#endif
