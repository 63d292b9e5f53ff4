/* getaddrinfo(3) from musl libc, for ResolvLab scenarios that document musl's resolver.
 * Linked statically, so it runs musl's stub resolver wherever the sandbox runs it.
 *
 *   resolvlab-musl-gai NAME [unspec|inet|inet6]
 *
 * Prints one address per line and exits 0, or prints the EAI_* name and exits 2. */
#define _GNU_SOURCE
#define RESOLVLAB_EAI_NAME_FUNCTION
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "resolvlab_eai.h"

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s NAME [unspec|inet|inet6]\n", argv[0]);
        return 64;
    }
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM; /* one entry per address, as resolvlab's own getaddrinfo lookups */
    if (argc == 3 && strcmp(argv[2], "inet") == 0) hints.ai_family = AF_INET;
    else if (argc == 3 && strcmp(argv[2], "inet6") == 0) hints.ai_family = AF_INET6;
    else if (argc == 3 && strcmp(argv[2], "unspec") != 0) {
        fprintf(stderr, "family must be unspec, inet or inet6\n");
        return 64;
    }
    struct addrinfo *result = NULL;
    int code = getaddrinfo(argv[1], NULL, &hints, &result);
    if (code != 0) {
        printf("%s\n", resolvlab_eai_name(code));
        return 2;
    }
    for (struct addrinfo *entry = result; entry; entry = entry->ai_next) {
        char text[INET6_ADDRSTRLEN];
        const void *address = entry->ai_family == AF_INET
            ? (const void *)&((struct sockaddr_in *)entry->ai_addr)->sin_addr
            : (const void *)&((struct sockaddr_in6 *)entry->ai_addr)->sin6_addr;
        if (inet_ntop(entry->ai_family, address, text, sizeof text)) printf("%s\n", text);
    }
    freeaddrinfo(result);
    return 0;
}
