/* The floor of pypet's per-run layout in libhdf5 itself, without swift-pypet: writes N runs storing one
 * float each (per run: a run group, a result group with two attributes, a scalar dataset with three
 * attributes; HDF5 1.8 objects, 100 runs per file as in sealed parts), then reads every value back from a
 * file written by `pypet-bench store` with the fewest calls (with and without the attributes a loader needs).
 *
 *   gcc -O2 bench/c/layout_floor.c -o /tmp/layout_floor $(pkg-config --cflags --libs hdf5)
 *   .build/release/pypet-bench store --runs 10000 --file /tmp/store.h5
 *   /tmp/layout_floor /tmp/store.h5 10000
 */
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

static void write_attribute(hid_t object, const char *name, const char *value) {
    hid_t type = H5Tcopy(H5T_C_S1); H5Tset_size(type, strlen(value)); H5Tset_cset(type, H5T_CSET_UTF8);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attribute = H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(attribute, type, value);
    H5Aclose(attribute); H5Sclose(space); H5Tclose(type);
}

static void read_attribute(hid_t object, const char *name) {
    char buffer[64];
    hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
    hid_t type = H5Aget_type(attribute);
    if (H5Tget_size(type) < sizeof buffer) H5Aread(attribute, type, buffer);
    H5Tclose(type); H5Aclose(attribute);
}

static int with_attributes = 1;

static herr_t read_run(hid_t runs, const char *name, const H5L_info_t *info, void *sum) {
    (void)info;
    hid_t run = H5Gopen2(runs, name, H5P_DEFAULT), result = H5Gopen2(run, "y", H5P_DEFAULT);
    if (with_attributes) { read_attribute(result, "SRVC_INIT_CLASS_NAME"); read_attribute(result, "SRVC_LEAF"); }
    hid_t dataset = H5Dopen2(result, "y", H5P_DEFAULT);
    if (with_attributes) {
        read_attribute(dataset, "SRVC_DATA_COLL_TYPE"); read_attribute(dataset, "SRVC_DATA_SCALAR_TYPE"); read_attribute(dataset, "SRVC_STORE");
    }
    double value = 0;
    H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value);
    *(double *)sum += value;
    H5Dclose(dataset); H5Gclose(result); H5Gclose(run);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: layout_floor STORE_FILE RUNS\n"); return 2; }
    int runs = atoi(argv[2]), per_part = 100;
    double start = now();
    for (int part = 0; part < runs / per_part; part++) {
        char path[64]; snprintf(path, sizeof path, "/tmp/layout_floor_part.h5");
        hid_t access = H5Pcreate(H5P_FILE_ACCESS); H5Pset_libver_bounds(access, H5F_LIBVER_V18, H5F_LIBVER_V18);
        hid_t file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, access);
        hid_t links = H5Pcreate(H5P_LINK_CREATE); H5Pset_create_intermediate_group(links, 1);
        hid_t group = H5Gcreate2(file, "bench/results/runs", links, H5P_DEFAULT, H5P_DEFAULT);
        for (int i = 0; i < per_part; i++) {
            char name[32]; snprintf(name, sizeof name, "run_%08d", part * per_part + i);
            hid_t run = H5Gcreate2(group, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            hid_t result = H5Gcreate2(run, "y", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            write_attribute(result, "SRVC_INIT_CLASS_NAME", "Result");
            hid_t space = H5Screate(H5S_SCALAR); double value = i;
            hid_t dataset = H5Dcreate2(result, "y", H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value);
            write_attribute(dataset, "SRVC_STORE", "ARRAY"); write_attribute(dataset, "SRVC_DATA_COLL_TYPE", "SCALAR");
            write_attribute(dataset, "SRVC_DATA_SCALAR_TYPE", "float"); write_attribute(result, "SRVC_LEAF", "1");
            H5Dclose(dataset); H5Sclose(space); H5Gclose(result); H5Gclose(run);
        }
        H5Gclose(group); H5Pclose(links); H5Fclose(file); H5Pclose(access);
    }
    printf("write: %.1f us per run (parts of %d runs)\n", (now() - start) / runs * 1e6, per_part);
    for (with_attributes = 1; with_attributes >= 0; with_attributes--) {
        start = now();
        hid_t file = H5Fopen(argv[1], H5F_ACC_RDONLY, H5P_DEFAULT);
        hid_t group = H5Gopen2(file, "/bench/results/runs", H5P_DEFAULT);
        double sum = 0;
        H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, NULL, read_run, &sum);
        H5Gclose(group); H5Fclose(file);
        printf("read every value%s: %.3f s\n", with_attributes ? " with the loader's attributes" : " without attributes", now() - start);
    }
    return 0;
}
