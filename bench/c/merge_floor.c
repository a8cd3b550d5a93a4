/* The floor of writing pypet's per-run groups once, in libhdf5 itself (the merge's work per run in the
 * pypet layout): N runs in buckets of 1000 (`run_set_00000/run_00000000`), per run a run group, a result
 * group `y` with SRVC_INIT_CLASS_NAME and SRVC_LEAF, a scalar dataset `y` with SRVC_STORE,
 * SRVC_DATA_COLL_TYPE and SRVC_DATA_SCALAR_TYPE, all in one file (HDF5 1.8 objects).
 *
 *   gcc -O2 bench/c/merge_floor.c -o /tmp/merge_floor $(pkg-config --cflags --libs hdf5)
 *   /tmp/merge_floor 100000 0     # as written by swift-pypet
 *   /tmp/merge_floor 100000 1     # a 64-128 MB metadata cache instead of libhdf5's adaptive default
 *   /tmp/merge_floor 100000 2     # without the five attributes (what the groups and datasets alone cost)
 *   /tmp/merge_floor 100000 4     # shared object header messages for attributes, types and dataspaces
 */
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

static void string_attribute(hid_t object, const char *name, const char *value, hid_t space) {
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, strlen(value) + 1);
    H5Tset_cset(type, H5T_CSET_UTF8);
    hid_t attribute = H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(attribute, type, value);
    H5Aclose(attribute);
    H5Tclose(type);
}

int main(int argc, char **argv) {
    int runs = argc > 1 ? atoi(argv[1]) : 100000, mode = argc > 2 ? atoi(argv[2]) : 0;
    hid_t access = H5Pcreate(H5P_FILE_ACCESS), creation = H5Pcreate(H5P_FILE_CREATE);
    H5Pset_libver_bounds(access, H5F_LIBVER_V18, H5F_LIBVER_V18);
    if (mode & 1) {
        H5AC_cache_config_t config;
        config.version = H5AC__CURR_CACHE_CONFIG_VERSION;
        H5Pget_mdc_config(access, &config);
        config.set_initial_size = 1; config.initial_size = 64 << 20; config.min_size = 32 << 20; config.max_size = 128 << 20;
        config.incr_mode = H5C_incr__off; config.decr_mode = H5C_decr__off; config.flash_incr_mode = H5C_flash_incr__off;
        H5Pset_mdc_config(access, &config);
    }
    if (mode & 4) {
        H5Pset_shared_mesg_nindexes(creation, 1);
        H5Pset_shared_mesg_index(creation, 0, H5O_SHMESG_ATTR_FLAG | H5O_SHMESG_DTYPE_FLAG | H5O_SHMESG_SDSPACE_FLAG, 16);
    }
    hid_t file = H5Fcreate("/tmp/merge_floor.h5", H5F_ACC_TRUNC, creation, access);
    hid_t scalar = H5Screate(H5S_SCALAR), bitfield = H5Tcopy(H5T_STD_B8LE);
    double start = now();
    hid_t base = H5Gcreate2(file, "results", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), bucket = -1;
    for (int index = 0; index < runs; index++) {
        char name[64];
        if (index % 1000 == 0) {
            if (bucket >= 0) H5Gclose(bucket);
            sprintf(name, "run_set_%05d", index / 1000);
            bucket = H5Gcreate2(base, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        }
        sprintf(name, "run_%08d", index);
        hid_t run = H5Gcreate2(bucket, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        hid_t leaf = H5Gcreate2(run, "y", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        double value = index * 0.5;
        hid_t dataset = H5Dcreate2(leaf, "y", H5T_IEEE_F64LE, scalar, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value);
        if (!(mode & 2)) {
            unsigned char one = 1;
            string_attribute(leaf, "SRVC_INIT_CLASS_NAME", "Result", scalar);
            hid_t flag = H5Acreate2(leaf, "SRVC_LEAF", bitfield, scalar, H5P_DEFAULT, H5P_DEFAULT);
            H5Awrite(flag, bitfield, &one);
            H5Aclose(flag);
            string_attribute(dataset, "SRVC_STORE", "ARRAY", scalar);
            string_attribute(dataset, "SRVC_DATA_COLL_TYPE", "COLL_SCALAR", scalar);
            string_attribute(dataset, "SRVC_DATA_SCALAR_TYPE", "float", scalar);
        }
        H5Dclose(dataset);
        H5Gclose(leaf);
        H5Gclose(run);
    }
    H5Gclose(bucket);
    H5Gclose(base);
    H5Fclose(file);
    printf("mode %d: %.1f us per run (%d runs)\n", mode, (now() - start) / runs * 1e6, runs);
    return 0;
}
