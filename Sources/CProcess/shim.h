// CProcess: the C side of the environment's worker processes.
//
// Header-only. Wraps the POSIX calls Swift cannot import as they are: glibc's
// posix_spawn_file_actions_addclosefrom_np (declared only with _GNU_SOURCE), and setrlimit/setpriority
// whose resource and "which" arguments are enums of a different type in Swift's Glibc overlay.
#ifndef SWIFT_PYPET_CPROCESS_SHIM_H
#define SWIFT_PYPET_CPROCESS_SHIM_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

// glibc >= 2.34 provides it; the declaration is hidden unless _GNU_SOURCE was defined first.
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);

// Also GNU: a pipe whose ends close on exec from the start (no window for another spawn to inherit them).
extern int pipe2(int pipefd[2], int flags);

/// A pipe with both ends close-on-exec.
static inline int cprocess_pipe(int descriptors[2]) { return pipe2(descriptors, O_CLOEXEC); }

/// Closes every descriptor from `from` upward in the child (so a worker inherits none of the parent's
/// files, locks or pipes besides the ones dup2'ed below `from`).
static inline int cprocess_spawn_closefrom(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

/// Limits this process's data segment (heap and private mappings) to `bytes`.
static inline int cprocess_limit_data(unsigned long long bytes) {
    struct rlimit limit = { (rlim_t)bytes, (rlim_t)bytes };
    return setrlimit(RLIMIT_DATA, &limit);
}

/// Sets this process's niceness.
static inline int cprocess_set_niceness(int niceness) {
    return setpriority(PRIO_PROCESS, 0, niceness);
}

/// The signal that ended a child, or 0 when it exited.
static inline int cprocess_termsig(int status) { return WIFSIGNALED(status) ? WTERMSIG(status) : 0; }
/// The exit status of a child that exited, or -1.
static inline int cprocess_exitstatus(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

#endif
