/*
 * W6 echo load generator, the same for every server: one thread, epoll.
 *
 *   echo_load PORT CONNECTIONS WARMUP_SECONDS SECONDS [SIZE [SERVER_PID]]
 *
 * Opens CONNECTIONS sockets to 127.0.0.1:PORT one after the other, each with one blocking round
 * trip (so the server has accepted it before the next connect: its accept queue never overflows,
 * whatever its backlog), then keeps one SIZE-byte message (default 64) in flight on every
 * connection: each complete echo is checked against what was sent and answered with the next
 * message. Round trips completed during the SECONDS after WARMUP_SECONDS are counted; prints
 * "round_trips_per_second N" and exits 0, or prints the error and exits 1. Given the server's
 * process id, it also prints "server_cpu_seconds USER SYSTEM": the CPU time the server used
 * during exactly those SECONDS (from /proc/PID/stat).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* User and system CPU seconds of a process, or -1 if unknown. */
static void cpu_of(int pid, double *user, double *sys) {
    *user = *sys = -1;
    if (pid <= 0) return;
    char path[64], line[4096];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return;
    size_t n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = 0;
    char *p = strrchr(line, ')'); /* the command name may contain spaces */
    if (!p) return;
    unsigned long ut, st;
    /* after ")": state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15) */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2) return;
    long hz = sysconf(_SC_CLK_TCK);
    *user = (double) ut / hz;
    *sys = (double) st / hz;
}

static void die(const char *what, int conn) {
    fprintf(stderr, "echo_load: %s (connection %d): %s\n", what, conn, strerror(errno));
    exit(1);
}

static int full_write(int fd, const char *buf, int len) {
    int off = 0;
    while (off < len) {
        ssize_t n = write(fd, buf + off, len - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        off += (int) n;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: echo_load PORT CONNECTIONS WARMUP_SECONDS SECONDS [SIZE [SERVER_PID]]\n");
        return 2;
    }
    int port = atoi(argv[1]);
    int n = atoi(argv[2]);
    double warmup = atof(argv[3]);
    double seconds = atof(argv[4]);
    int size = argc > 5 ? atoi(argv[5]) : 64;
    int server_pid = argc > 6 ? atoi(argv[6]) : 0;
    double u0 = -1, s0 = -1, u1, s1;
    if (n < 1 || size < 1 || size > 65536 || seconds <= 0) {
        fprintf(stderr, "echo_load: bad arguments\n");
        return 2;
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    char *msg = malloc(size);
    for (int i = 0; i < size; i++) msg[i] = (char) ('a' + i % 26);
    int *fds = malloc(sizeof(int) * n);
    int *got = calloc(n, sizeof(int));
    char *buf = malloc(65536);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    for (int i = 0; i < n; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) die("socket", i);
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (connect(fd, (struct sockaddr *) &addr, sizeof addr) < 0) die("connect", i);
        if (full_write(fd, msg, size) < 0) die("write", i);
        int have = 0;
        while (have < size) {
            ssize_t r = read(fd, buf + have, size - have);
            if (r <= 0) {
                if (r < 0 && errno == EINTR) continue;
                if (r == 0) errno = ECONNRESET;
                die("first echo", i);
            }
            have += (int) r;
        }
        if (memcmp(buf, msg, size) != 0) {
            fprintf(stderr, "echo_load: connection %d: wrong first echo\n", i);
            return 1;
        }
        fds[i] = fd;
    }
    int ep = epoll_create1(0);
    if (ep < 0) die("epoll_create1", -1);
    for (int i = 0; i < n; i++) {
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (unsigned) i};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev) < 0) die("epoll_ctl", i);
        if (full_write(fds[i], msg, size) < 0) die("write", i);
    }
    struct epoll_event *events = malloc(sizeof(struct epoll_event) * 1024);
    double start = now();
    double from = start + warmup, until = from + seconds;
    long counted = 0;
    int measuring = 0;
    for (;;) {
        double t = now();
        if (!measuring && t >= from) {
            measuring = 1;
            counted = 0;
            cpu_of(server_pid, &u0, &s0);
        }
        if (t >= until) break;
        int k = epoll_wait(ep, events, 1024, 100);
        if (k < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait", -1);
        }
        for (int e = 0; e < k; e++) {
            int i = (int) events[e].data.u32;
            ssize_t r = read(fds[i], buf, size - got[i]);
            if (r <= 0) {
                if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
                if (r == 0) errno = ECONNRESET;
                die("read", i);
            }
            if (memcmp(buf, msg + got[i], (size_t) r) != 0) {
                fprintf(stderr, "echo_load: connection %d: echo differs from the message\n", i);
                return 1;
            }
            got[i] += (int) r;
            if (got[i] == size) {
                got[i] = 0;
                counted++;
                if (full_write(fds[i], msg, size) < 0) die("write", i);
            }
        }
    }
    double elapsed = now() - from;
    cpu_of(server_pid, &u1, &s1);
    printf("round_trips_per_second %.0f\n", counted / elapsed);
    if (server_pid > 0 && u0 >= 0 && u1 >= 0) printf("server_cpu_seconds %.2f %.2f\n", u1 - u0, s1 - s0);
    for (int i = 0; i < n; i++) close(fds[i]);
    return 0;
}
