internal import CHDF5

extension HDF5Object {
    /// Writes an attribute, replacing any attribute of that name (`H5Acreate2`, `H5Awrite`).
    ///
    /// Strings are stored as fixed-length UTF-8 of exactly their byte count (`H5T_STR_NULLTERM`, as
    /// PyTables writes them); integers as i64; doubles as f64;
    /// booleans as an 8-bit bitfield; complex numbers as `{r, i}`; arrays as one-dimensional attributes.
    public func setAttribute(_ name: String, _ value: HDF5Value) throws(HDF5Error) {
        try perform("H5Acreate2", writing: true) { (context) throws(HDF5Error) in
            guard !name.isEmpty else {
                throw context.error(.invalidArgument, "empty attribute name", operation: "H5Acreate2")
            }
            let encoded = try AttributeEncoding(value, context: context)
            let space: TypeRef
            if encoded.shape.isEmpty, let scalar = TypeCache.scalarSpace() {
                space = .predefined(scalar)
            } else {
                space = .owned(try Dataspace.create(shape: encoded.shape, context: context))
            }
            // Creation is tried first: on a new object (the common case) that is one lookup, not two.
            var id = H5Acreate2(handle.id, name, encoded.fileType.id, space.id, chdf5_P_DEFAULT(), chdf5_P_DEFAULT())
            if id < 0 {
                let failure = HDF5Error.library("H5Acreate2", file: context.file, path: context.path)
                guard try context.truth(H5Aexists(handle.id, name), "H5Aexists") else { throw failure }
                try context.check(H5Adelete(handle.id, name), "H5Adelete")
                id = H5Acreate2(handle.id, name, encoded.fileType.id, space.id, chdf5_P_DEFAULT(), chdf5_P_DEFAULT())
            }
            let attribute = try context.handle(id, .attribute, "H5Acreate2", owner: file)
            let status = encoded.bytes.withUnsafeBytes { H5Awrite(attribute.id, encoded.memoryType.id, $0.baseAddress) }
            try context.check(status, "H5Awrite")
        }
    }

    /// Reads an attribute (`H5Aread`) written by this module or by other tools.
    ///
    /// Integers of any width come back as ``HDF5Value/int(_:)``, floats as ``HDF5Value/double(_:)``,
    /// bitfields and boolean enums as ``HDF5Value/bool(_:)``, fixed or variable, ASCII or UTF-8 strings as
    /// ``HDF5Value/string(_:)``; attributes with a non-scalar dataspace come back as the array cases.
    /// A missing attribute throws ``HDF5Error/Code/notFound``; a type this module cannot represent throws
    /// ``HDF5Error/Code/unsupportedType``.
    public func attribute(_ name: String) throws(HDF5Error) -> HDF5Value {
        try perform("H5Aread") { (context) throws(HDF5Error) -> HDF5Value in
            let id = H5Aopen(handle.id, name, chdf5_P_DEFAULT())
            guard id >= 0 else {
                H5Eclear2(chdf5_E_DEFAULT())
                guard try context.truth(H5Aexists(handle.id, name), "H5Aexists") else {
                    throw context.error(.notFound, "no attribute '\(name)'", operation: "H5Aopen")
                }
                throw HDF5Error.library("H5Aopen", file: context.file, path: context.path)
            }
            let attribute = Handle(id, .attribute, file: file)
            return try withExtendedLifetime(attribute) { () throws(HDF5Error) -> HDF5Value in
                try AttributeDecoding.read(attribute.id, name: name, context: context)
            }
        }
    }

    /// Whether an attribute exists (`H5Aexists`).
    public func hasAttribute(_ name: String) throws(HDF5Error) -> Bool {
        try perform("H5Aexists") { (context) throws(HDF5Error) -> Bool in
            try context.truth(H5Aexists(handle.id, name), "H5Aexists")
        }
    }

    /// The names of all attributes, in creation-index or name order as libhdf5 lists them (`H5Aiterate2`).
    public func attributeNames() throws(HDF5Error) -> [String] {
        try perform("H5Aiterate2") { (context) throws(HDF5Error) -> [String] in
            final class Names { var list: [String] = [] }
            let names = Names()
            var index: hsize_t = 0
            let status = withExtendedLifetime(names) {
                H5Aiterate2(handle.id, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, context in
                    guard let name, let context else { return 0 }
                    Unmanaged<Names>.fromOpaque(context).takeUnretainedValue().list.append(String(cString: name))
                    return 0
                }, Unmanaged.passUnretained(names).toOpaque())
            }
            try context.check(status, "H5Aiterate2")
            return names.list
        }
    }

    /// All attributes by name.
    public func attributes() throws(HDF5Error) -> [String: HDF5Value] {
        var result: [String: HDF5Value] = [:]
        for name in try attributeNames() {
            result[name] = try attribute(name)
        }
        return result
    }

    /// Deletes an attribute (`H5Adelete`); a missing one throws ``HDF5Error/Code/notFound``.
    public func removeAttribute(_ name: String) throws(HDF5Error) {
        try perform("H5Adelete", writing: true) { (context) throws(HDF5Error) in
            guard try context.truth(H5Aexists(handle.id, name), "H5Aexists") else {
                throw context.error(.notFound, "no attribute '\(name)'", operation: "H5Adelete")
            }
            try context.check(H5Adelete(handle.id, name), "H5Adelete")
        }
    }

    // MARK: Typed conveniences

    /// Reads a string attribute; any other kind throws ``HDF5Error/Code/typeMismatch``.
    public func stringAttribute(_ name: String) throws(HDF5Error) -> String {
        try typedAttribute(name, "string") { $0.stringValue }
    }

    /// Reads an integer attribute; any other kind throws ``HDF5Error/Code/typeMismatch``.
    public func intAttribute(_ name: String) throws(HDF5Error) -> Int64 {
        try typedAttribute(name, "int") { $0.intValue }
    }

    /// Reads a double attribute (integers are not converted); any other kind throws
    /// ``HDF5Error/Code/typeMismatch``.
    public func doubleAttribute(_ name: String) throws(HDF5Error) -> Double {
        try typedAttribute(name, "double") { $0.doubleValue }
    }

    /// Reads a boolean attribute; any other kind throws ``HDF5Error/Code/typeMismatch``.
    public func boolAttribute(_ name: String) throws(HDF5Error) -> Bool {
        try typedAttribute(name, "bool") { $0.boolValue }
    }

    private func typedAttribute<T>(
        _ name: String, _ kind: String, _ extract: (HDF5Value) -> T?
    ) throws(HDF5Error) -> T {
        let value = try attribute(name)
        guard let typed = extract(value) else {
            throw context.error(
                .typeMismatch, "attribute '\(name)' holds \(value.kindName), not \(kind)", operation: "H5Aread")
        }
        return typed
    }
}
