internal import CHDF5

/// A datatype identifier that is either one of libhdf5's predefined types (never closed) or an owned one.
struct TypeRef {
    let id: hid_t
    private let owner: Handle?

    static func predefined(_ id: hid_t) -> TypeRef { TypeRef(id: id, owner: nil) }
    static func owned(_ handle: Handle) -> TypeRef { TypeRef(id: handle.id, owner: handle) }
}
