#include "CPcapOracle.h"

#include <dlfcn.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(cpcap_instruction) == sizeof(struct bpf_insn), "bpf_insn mirror");

static void *library(void) {
    static void *handle;
    static const char *names[] = { "libpcap.so.0.8", "libpcap.so.1", "libpcap.so" };
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !handle; i++) handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    return handle;
}

int cpcap_compile(const char *expression, int link_type, int snap_length,
                  cpcap_instruction **instructions, char *error, size_t error_size) {
    void *pcap = library();
    if (!pcap) {
        snprintf(error, error_size, "cannot load libpcap: %s", dlerror());
        return -1;
    }
    pcap_t *(*open_dead)(int, int) = (pcap_t *(*)(int, int))dlsym(pcap, "pcap_open_dead");
    int (*compile)(pcap_t *, struct bpf_program *, const char *, int, bpf_u_int32) =
        (int (*)(pcap_t *, struct bpf_program *, const char *, int, bpf_u_int32))dlsym(pcap, "pcap_compile");
    void (*freecode)(struct bpf_program *) = (void (*)(struct bpf_program *))dlsym(pcap, "pcap_freecode");
    char *(*geterr)(pcap_t *) = (char *(*)(pcap_t *))dlsym(pcap, "pcap_geterr");
    void (*close_handle)(pcap_t *) = (void (*)(pcap_t *))dlsym(pcap, "pcap_close");
    if (!open_dead || !compile || !freecode || !geterr || !close_handle) {
        snprintf(error, error_size, "libpcap lacks pcap_compile");
        return -1;
    }
    pcap_t *handle = open_dead(link_type, snap_length);
    struct bpf_program program;
    if (!handle || compile(handle, &program, expression, 1, PCAP_NETMASK_UNKNOWN) != 0) {
        snprintf(error, error_size, "%s", handle ? geterr(handle) : "pcap_open_dead failed");
        if (handle) close_handle(handle);
        return -1;
    }
    size_t bytes = program.bf_len * sizeof(cpcap_instruction);
    *instructions = malloc(bytes ? bytes : 1);
    if (*instructions) memcpy(*instructions, program.bf_insns, bytes);
    int count = *instructions ? (int)program.bf_len : -1;
    freecode(&program);
    close_handle(handle);
    return count;
}

long cpcap_run(const cpcap_instruction *instructions, unsigned count, const uint8_t *packet, unsigned length) {
    void *pcap = library();
    u_int (*run)(const struct bpf_insn *, const u_char *, u_int, u_int) =
        pcap ? (u_int (*)(const struct bpf_insn *, const u_char *, u_int, u_int))dlsym(pcap, "bpf_filter") : NULL;
    (void)count;
    return run ? (long)run((const struct bpf_insn *)instructions, packet, length, length) : -1;
}
