/* The floor of `make bench-crawl`: the least work that writes the crawler's output durably, the way
 * ArticleWriter does it, with nothing else (no network, no parsing, no JSON, no SQLite).
 *
 *     floor_writer DIR MANIFEST [BATCH]
 *
 * MANIFEST has one "NAME SIZE" line per file (the crawler's own file names and sizes from an earlier
 * crawl). DIR must exist and be empty. For each batch of BATCH files (default 2000, CrawlEngine's
 * maxBatchArticles):
 *   1. create `.tmp-NAME.part` (O_EXCL | O_NOFOLLOW, 0644) in DIR, write SIZE bytes, close;
 *   2. one syncfs(2) of DIR's file system;
 *   3. renameat2(RENAME_NOREPLACE) every temp to NAME, in order;
 *   4. fsync(2) of DIR.
 * Prints "files bytes seconds" on stdout: the seconds cover steps 1-4 only, not reading the manifest.
 * Exit 0 on success, 1 on any failed call (with the call and errno on stderr), 2 on bad arguments.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#endif

struct entry {
    char *name;
    size_t size;
};

static int fail(const char *call, const char *name) {
    fprintf(stderr, "floor_writer: %s %s: %s\n", call, name ? name : "", strerror(errno));
    return 1;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: floor_writer DIR MANIFEST [BATCH]\n");
        return 2;
    }
    long batch = argc == 4 ? atol(argv[3]) : 2000;
    if (batch < 1) {
        fprintf(stderr, "floor_writer: BATCH must be >= 1\n");
        return 2;
    }
    FILE *m = fopen(argv[2], "r");
    if (!m) return fail("fopen", argv[2]);
    size_t count = 0, capacity = 1024, largest = 0;
    struct entry *entries = malloc(capacity * sizeof *entries);
    char line[4096];
    while (fgets(line, sizeof line, m)) {
        char *space = strrchr(line, ' ');
        if (!space) continue;
        *space = 0;
        if (count == capacity) {
            capacity *= 2;
            entries = realloc(entries, capacity * sizeof *entries);
        }
        entries[count].name = strdup(line);
        entries[count].size = strtoul(space + 1, NULL, 10);
        if (entries[count].size > largest) largest = entries[count].size;
        count++;
    }
    fclose(m);
    char *data = malloc(largest + 1);
    memset(data, 'x', largest + 1);

    int dir = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return fail("open", argv[1]);
    char temp[4200];
    unsigned long long bytes = 0;
    double t0 = now();
    for (size_t first = 0; first < count; first += batch) {
        size_t end = first + batch < count ? first + batch : count;
        for (size_t i = first; i < end; i++) {
            snprintf(temp, sizeof temp, ".tmp-%s.part", entries[i].name);
            int fd = openat(dir, temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
            if (fd < 0) return fail("openat", temp);
            size_t written = 0;
            while (written < entries[i].size) {
                ssize_t n = write(fd, data + written, entries[i].size - written);
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) return fail("write", temp);
                written += (size_t)n;
            }
            if (close(fd) != 0) return fail("close", temp);
            bytes += written;
        }
        if (syncfs(dir) != 0) return fail("syncfs", argv[1]);
        for (size_t i = first; i < end; i++) {
            snprintf(temp, sizeof temp, ".tmp-%s.part", entries[i].name);
            if (syscall(SYS_renameat2, dir, temp, dir, entries[i].name, RENAME_NOREPLACE) != 0)
                return fail("renameat2", temp);
        }
        if (fsync(dir) != 0) return fail("fsync", argv[1]);
    }
    double seconds = now() - t0;
    printf("%zu %llu %.6f\n", count, bytes, seconds);
    return 0;
}
