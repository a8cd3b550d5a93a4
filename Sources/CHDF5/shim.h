// CHDF5: the C side of swift-pypet's HDF5 layer.
//
// Header-only, getters only: libhdf5 exposes many constants as macros that expand to
// `(H5OPEN H5T_NATIVE_DOUBLE_g)` or `(hid_t)0`, which Swift cannot import. Each getter below
// returns one of them. The `H5OPEN` inside the macros also guarantees the library is initialised
// before a `_g` global is read (before `H5open()` they hold -1).
#ifndef SWIFT_PYPET_CHDF5_SHIM_H
#define SWIFT_PYPET_CHDF5_SHIM_H

#include <hdf5.h>
#include <zlib.h>

// Property lists and defaults
static inline hid_t chdf5_P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t chdf5_E_DEFAULT(void) { return H5E_DEFAULT; }
static inline hid_t chdf5_S_ALL(void) { return H5S_ALL; }
static inline hid_t chdf5_P_FILE_CREATE(void) { return H5P_FILE_CREATE; }
static inline hid_t chdf5_P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t chdf5_P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t chdf5_P_LINK_CREATE(void) { return H5P_LINK_CREATE; }
static inline hid_t chdf5_P_DATASET_XFER(void) { return H5P_DATASET_XFER; }

// File access flags
static inline unsigned chdf5_F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned chdf5_F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline unsigned chdf5_F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned chdf5_F_ACC_EXCL(void) { return H5F_ACC_EXCL; }

// Dataspace and datatype sizes
static inline hsize_t chdf5_S_UNLIMITED(void) { return H5S_UNLIMITED; }
static inline size_t chdf5_T_VARIABLE(void) { return H5T_VARIABLE; }

// Native (memory) types
static inline hid_t chdf5_T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t chdf5_T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t chdf5_T_NATIVE_INT8(void) { return H5T_NATIVE_INT8; }
static inline hid_t chdf5_T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t chdf5_T_NATIVE_INT16(void) { return H5T_NATIVE_INT16; }
static inline hid_t chdf5_T_NATIVE_UINT16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t chdf5_T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t chdf5_T_NATIVE_UINT32(void) { return H5T_NATIVE_UINT32; }
static inline hid_t chdf5_T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t chdf5_T_NATIVE_UINT64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t chdf5_T_NATIVE_B8(void) { return H5T_NATIVE_B8; }

// Standard (file) types, little-endian, as h5py, PyTables and pypet write them
static inline hid_t chdf5_T_IEEE_F64LE(void) { return H5T_IEEE_F64LE; }
static inline hid_t chdf5_T_IEEE_F32LE(void) { return H5T_IEEE_F32LE; }
static inline hid_t chdf5_T_STD_I8LE(void) { return H5T_STD_I8LE; }
static inline hid_t chdf5_T_STD_U8LE(void) { return H5T_STD_U8LE; }
static inline hid_t chdf5_T_STD_I16LE(void) { return H5T_STD_I16LE; }
static inline hid_t chdf5_T_STD_U16LE(void) { return H5T_STD_U16LE; }
static inline hid_t chdf5_T_STD_I32LE(void) { return H5T_STD_I32LE; }
static inline hid_t chdf5_T_STD_U32LE(void) { return H5T_STD_U32LE; }
static inline hid_t chdf5_T_STD_I64LE(void) { return H5T_STD_I64LE; }
static inline hid_t chdf5_T_STD_U64LE(void) { return H5T_STD_U64LE; }
static inline hid_t chdf5_T_STD_B8LE(void) { return H5T_STD_B8LE; }
static inline hid_t chdf5_T_C_S1(void) { return H5T_C_S1; }

// Raw deflate (the zlib libhdf5 links for its deflate filter), for zip members of numpy's .npz files.
// Inflates `input` into exactly `output_length` bytes; 0 on success, -1 when the stream is corrupt,
// shorter or longer than that.
static inline int chdf5_inflate_raw(const unsigned char *input, size_t input_length,
                                    unsigned char *output, size_t output_length) {
    z_stream stream = {0};
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return -1;
    stream.next_in = (unsigned char *)input;
    stream.avail_in = (uInt)input_length;
    stream.next_out = output;
    stream.avail_out = (uInt)output_length;
    int status = inflate(&stream, Z_FINISH);
    size_t produced = output_length - stream.avail_out;
    inflateEnd(&stream);
    return (status == Z_STREAM_END && produced == output_length) ? 0 : -1;
}

#endif
