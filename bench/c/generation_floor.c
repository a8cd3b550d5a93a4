/* The floor of one optimizer generation sealed in its own part file, in libhdf5 itself, without
 * swift-pypet: create a file (HDF5 1.8 objects), a generation group with 15 datasets of 100 x 10 doubles
 * (populations, fitness, run indices, ...) and two 20 KB strings (the optimizer's and the driver's JSON),
 * close it, rename it. The layout seals a part at the end of every generation, so this bounds how many
 * generations per second any writer of that layout reaches.
 *
 *   gcc -O2 bench/c/generation_floor.c -o /tmp/generation_floor $(pkg-config --cflags --libs hdf5)
 *   /tmp/generation_floor
 */
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
int main(void) {
    int n = 500; double pop[1000] = {0}; char *json = malloc(20000); memset(json, 'a', 19999); json[19999] = 0;
    double start = now();
    for (int g = 0; g < n; g++) {
        hid_t fapl = H5Pcreate(H5P_FILE_ACCESS); H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V18);
        hid_t file = H5Fcreate("/tmp/generation_floor.h5.tmp", H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
        hid_t lcpl = H5Pcreate(H5P_LINK_CREATE); H5Pset_create_intermediate_group(lcpl, 1);
        hid_t group = H5Gcreate2(file, "ga/results/generations/gen_00001", lcpl, H5P_DEFAULT, H5P_DEFAULT);
        for (int d = 0; d < 15; d++) {
            char name[16]; snprintf(name, sizeof name, "d%d", d);
            hsize_t dims[2] = {100, 10};
            hid_t space = H5Screate_simple(2, dims, NULL);
            hid_t set = H5Dcreate2(group, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, pop);
            H5Dclose(set); H5Sclose(space);
        }
        for (int d = 0; d < 2; d++) {
            hid_t type = H5Tcopy(H5T_C_S1); H5Tset_size(type, 20000);
            hid_t space = H5Screate(H5S_SCALAR);
            hid_t set = H5Dcreate2(group, d ? "optimizer_json" : "driver_json", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, json);
            H5Dclose(set); H5Sclose(space); H5Tclose(type);
        }
        H5Gclose(group); H5Pclose(lcpl); H5Fclose(file); H5Pclose(fapl);
        rename("/tmp/generation_floor.h5.tmp", "/tmp/generation_floor.h5");
    }
    printf("one generation record sealed in its own part: %.0f us\n", (now() - start) / n * 1e6);
}
