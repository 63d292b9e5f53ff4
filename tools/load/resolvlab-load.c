/* Many getaddrinfo(3) lookups at once, for ResolvLab scenarios and soaks at the scale real
 * resolver test suites reach: thousands of queries, several threads resolving concurrently.
 *
 *   resolvlab-load [-t THREADS] [-n COUNT] [-s START] [-f unspec|inet|inet6] TEMPLATE
 *
 * TEMPLATE is a name with one "%d", replaced by START .. START+COUNT-1 (e.g. "q%d.load.example.";
 * START defaults to 0). THREADS threads (default 1) share the COUNT lookups (default 1): thread k
 * resolves START+k, START+k+THREADS, ... in that order, so with one thread the order is fixed.
 * Each lookup asks for SOCK_STREAM entries, one per address, like resolvlab's own lookups.
 *
 * Prints one summary line and exits 0 when every lookup returned addresses:
 *   3000 lookups, 3000 answered, 0 failed, 6000 addresses
 * Failed lookups are listed on stderr (the first 20, then a count), and the exit code is 1.
 * Bad arguments print usage and exit 64. */
#define _GNU_SOURCE
#define RESOLVLAB_EAI_NAME_FUNCTION
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "resolvlab_eai.h"

#define MAXIMUM_THREADS 256
#define REPORTED_FAILURES 20

struct shared {
    const char *template;
    long count;
    long start;
    long threads;
    int family;
    pthread_mutex_t lock;
    long answered;
    long failed;
    long addresses;
};

struct worker {
    struct shared *shared;
    long first;
    pthread_t thread;
};

static void usage(const char *program) {
    fprintf(stderr, "usage: %s [-t THREADS] [-n COUNT] [-s START] [-f unspec|inet|inet6] TEMPLATE\n"
                    "  TEMPLATE: a name with one %%d, e.g. q%%d.load.example.\n", program);
}

/* A decimal in [minimum, maximum], or -1. */
static long parse_count(const char *text, long minimum, long maximum) {
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < minimum || value > maximum) return -1;
    return value;
}

/* Exactly one %d and no other conversion: the template goes to snprintf. */
static int valid_template(const char *template) {
    int conversions = 0;
    for (const char *c = template; *c; c++) {
        if (*c != '%') continue;
        if (c[1] == '%') { c++; continue; }
        if (c[1] != 'd') return 0;
        conversions++;
        c++;
    }
    return conversions == 1;
}

static void *resolve(void *argument) {
    struct worker *worker = argument;
    struct shared *shared = worker->shared;
    long answered = 0, failed = 0, addresses = 0;
    for (long index = worker->first; index < shared->count; index += shared->threads) {
        char name[NI_MAXHOST];
        snprintf(name, sizeof name, shared->template, (int)(shared->start + index));
        struct addrinfo hints;
        memset(&hints, 0, sizeof hints);
        hints.ai_family = shared->family;
        hints.ai_socktype = SOCK_STREAM;
        struct addrinfo *result = NULL;
        int code = getaddrinfo(name, NULL, &hints, &result);
        if (code == 0) {
            answered++;
            for (struct addrinfo *entry = result; entry; entry = entry->ai_next) addresses++;
            freeaddrinfo(result);
            continue;
        }
        pthread_mutex_lock(&shared->lock);
        if (shared->failed + failed < REPORTED_FAILURES) fprintf(stderr, "%s: %s\n", name, resolvlab_eai_name(code));
        pthread_mutex_unlock(&shared->lock);
        failed++;
    }
    pthread_mutex_lock(&shared->lock);
    shared->answered += answered;
    shared->failed += failed;
    shared->addresses += addresses;
    pthread_mutex_unlock(&shared->lock);
    return NULL;
}

int main(int argc, char **argv) {
    struct shared shared = { .count = 1, .threads = 1, .family = AF_UNSPEC };
    pthread_mutex_init(&shared.lock, NULL);
    int option;
    while ((option = getopt(argc, argv, "t:n:s:f:")) != -1) {
        switch (option) {
        case 't': shared.threads = parse_count(optarg, 1, MAXIMUM_THREADS); break;
        case 'n': shared.count = parse_count(optarg, 1, INT_MAX); break;
        case 's': shared.start = parse_count(optarg, 0, INT_MAX); break;
        case 'f':
            if (strcmp(optarg, "inet") == 0) shared.family = AF_INET;
            else if (strcmp(optarg, "inet6") == 0) shared.family = AF_INET6;
            else if (strcmp(optarg, "unspec") == 0) shared.family = AF_UNSPEC;
            else { fprintf(stderr, "-f must be unspec, inet or inet6, not %s\n", optarg); return 64; }
            break;
        default: usage(argv[0]); return 64;
        }
        if (shared.threads < 0) { fprintf(stderr, "-t must be 1 to %d\n", MAXIMUM_THREADS); return 64; }
        if (shared.count < 0) { fprintf(stderr, "-n must be 1 to %d\n", INT_MAX); return 64; }
        if (shared.start < 0) { fprintf(stderr, "-s must be 0 to %d\n", INT_MAX); return 64; }
    }
    if (shared.start > INT_MAX - shared.count) { fprintf(stderr, "-s plus -n must stay below %d\n", INT_MAX); return 64; }
    if (optind != argc - 1 || !valid_template(argv[optind])) {
        usage(argv[0]);
        return 64;
    }
    shared.template = argv[optind];

    struct worker workers[MAXIMUM_THREADS];
    long started = 0;
    for (long k = 0; k < shared.threads; k++) {
        workers[k] = (struct worker){ .shared = &shared, .first = k };
        int error = pthread_create(&workers[k].thread, NULL, resolve, &workers[k]);
        if (error != 0) {
            fprintf(stderr, "cannot start thread %ld: %s\n", k, strerror(error));
            break;
        }
        started++;
    }
    for (long k = 0; k < started; k++) pthread_join(workers[k].thread, NULL);
    if (started < shared.threads) return 1;
    printf("%ld lookups, %ld answered, %ld failed, %ld addresses\n", shared.count, shared.answered, shared.failed,
           shared.addresses);
    return shared.failed == 0 ? 0 : 1;
}
