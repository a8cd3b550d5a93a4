internal import CHDF5
import Synchronization

/// Immutable datatypes and dataspaces used over and over (string attributes of every length, the scalar
/// dataspace), created once per process and never closed. Built types are locked (`H5Tlock`), so no
/// caller can change them.
enum TypeCache {
    private static let strings = Mutex<[Int: hid_t]>([:])
    private static let scalar = Mutex<hid_t>(-1)
    private static let linkCreation = Mutex<hid_t>(-1)
    private static let transfers = Mutex<[Int: hid_t]>([:])

    /// A locked fixed-length UTF-8 string type of `length` bytes, or nil if libhdf5 refused to build it.
    static func utf8String(length: Int) -> hid_t? {
        strings.withLock { cache -> hid_t? in
            if let cached = cache[length] { return cached }
            let type = H5Tcopy(chdf5_T_C_S1())
            guard type >= 0 else { return nil }
            guard H5Tset_size(type, max(1, length)) >= 0, H5Tset_strpad(type, H5T_STR_NULLTERM) >= 0,
                H5Tset_cset(type, H5T_CSET_UTF8) >= 0, H5Tlock(type) >= 0
            else {
                _ = H5Tclose(type)
                return nil
            }
            cache[length] = type
            return type
        }
    }

    /// A data transfer property list whose type-conversion buffer holds `bytes` (rounded up to a power
    /// of two, at least 16 KiB), or the default list (1 MiB buffers) for larger transfers. libhdf5
    /// allocates and zeroes its conversion and background buffers on every read or write that converts,
    /// so the default 1 MiB made each small table write cost two megabytes of `memset` and page faults.
    static func transferList(bytes: Int) -> hid_t {
        let limit = 1 << 20
        guard bytes < limit else { return chdf5_P_DEFAULT() }
        var size = 1 << 14
        while size < bytes { size <<= 1 }
        return transfers.withLock { cache -> hid_t in
            if let cached = cache[size] { return cached }
            let list = H5Pcreate(chdf5_P_DATASET_XFER())
            guard list >= 0 else { return chdf5_P_DEFAULT() }
            guard H5Pset_buffer(list, size, nil, nil) >= 0 else {
                _ = H5Pclose(list)
                return chdf5_P_DEFAULT()
            }
            cache[size] = list
            return list
        }
    }

    /// The transfer list for `elements` elements read or written as `memoryType` from or to a dataset
    /// stored as `fileType`: the buffer holds every element in the larger of the two types. The types
    /// are the caller's (no extra libhdf5 call per transfer).
    static func transferList(elements: Int, memoryType: hid_t, fileType: hid_t) -> hid_t {
        transferList(elements: elements, elementSize: max(H5Tget_size(memoryType), H5Tget_size(fileType)))
    }

    /// The transfer list for `elements` elements of at most `elementSize` bytes each.
    static func transferList(elements: Int, elementSize: Int) -> hid_t {
        guard elementSize > 0 else { return chdf5_P_DEFAULT() }
        let (bytes, overflow) = elements.multipliedReportingOverflow(by: elementSize)
        return overflow ? chdf5_P_DEFAULT() : transferList(bytes: bytes)
    }

    /// The scalar dataspace, or nil if libhdf5 refused to build it.
    static func scalarSpace() -> hid_t? {
        scalar.withLock { space -> hid_t? in
            if space >= 0 { return space }
            let created = H5Screate(H5S_SCALAR)
            guard created >= 0 else { return nil }
            space = created
            return created
        }
    }

    /// The link creation property list used for every new link: intermediate groups are created and
    /// link names are tagged UTF-8. Nil if libhdf5 refused to build it. Never modified after creation.
    static func intermediateLinkList() -> hid_t? {
        linkCreation.withLock { list -> hid_t? in
            if list >= 0 { return list }
            let created = H5Pcreate(chdf5_P_LINK_CREATE())
            guard created >= 0 else { return nil }
            guard H5Pset_create_intermediate_group(created, 1) >= 0, H5Pset_char_encoding(created, H5T_CSET_UTF8) >= 0 else {
                _ = H5Pclose(created)
                return nil
            }
            list = created
            return created
        }
    }
}
