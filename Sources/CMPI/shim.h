// CMPI: the C side of swift-pypet's MPI executor (OpenMPI from Debian's libopenmpi-dev).
//
// Header-only. MPI's handles (MPI_COMM_WORLD, MPI_BYTE) and wildcards are macros Swift cannot import;
// these functions wrap the few calls the executor makes, always on MPI_COMM_WORLD with bytes.
#ifndef SWIFT_PYPET_CMPI_SHIM_H
#define SWIFT_PYPET_CMPI_SHIM_H

#include <mpi.h>
#include <stdlib.h>

/// Initializes MPI for calls from one thread at a time (any thread); returns the level provided or -1.
static inline int cmpi_init(void) {
    int provided = 0;
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS) return -1;
    return provided;
}
static inline int cmpi_thread_serialized(void) { return MPI_THREAD_SERIALIZED; }
static inline int cmpi_is_initialized(void) { int flag = 0; MPI_Initialized(&flag); return flag; }
static inline int cmpi_is_finalized(void) { int flag = 0; MPI_Finalized(&flag); return flag; }
static inline int cmpi_finalize(void) { return MPI_Finalize(); }
static inline void cmpi_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); }

static inline int cmpi_rank(void) { int rank = -1; MPI_Comm_rank(MPI_COMM_WORLD, &rank); return rank; }
static inline int cmpi_size(void) { int size = 0; MPI_Comm_size(MPI_COMM_WORLD, &size); return size; }

/// Sends `count` bytes to rank `destination` with `tag`.
static inline int cmpi_send(const void *bytes, int count, int destination, int tag) {
    return MPI_Send(bytes, count, MPI_BYTE, destination, tag, MPI_COMM_WORLD);
}

/// Whether a message from any rank waits; if so its source, tag and size in bytes.
static inline int cmpi_iprobe_any(int *source, int *tag, int *count) {
    int flag = 0;
    MPI_Status status;
    if (MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status) != MPI_SUCCESS) return -1;
    if (!flag) return 0;
    *source = status.MPI_SOURCE;
    *tag = status.MPI_TAG;
    MPI_Get_count(&status, MPI_BYTE, count);
    return 1;
}

/// Waits for a message from `source`; its tag and size in bytes.
static inline int cmpi_probe(int source, int *tag, int *count) {
    MPI_Status status;
    if (MPI_Probe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &status) != MPI_SUCCESS) return -1;
    *tag = status.MPI_TAG;
    MPI_Get_count(&status, MPI_BYTE, count);
    return 0;
}

/// Receives the message of `count` bytes with `tag` from `source`.
static inline int cmpi_receive(void *bytes, int count, int source, int tag) {
    MPI_Status status;
    return MPI_Recv(bytes, count, MPI_BYTE, source, tag, MPI_COMM_WORLD, &status);
}

#endif
