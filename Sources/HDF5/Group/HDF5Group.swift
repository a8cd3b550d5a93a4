internal import CHDF5

/// A group: a node of the file's tree holding links to groups, datasets and tables.
///
/// Paths given to a group's methods are relative to it (`a/b/c`) unless they start with `/`.
public final class HDF5Group: HDF5Object {
    override init(handle: Handle, file: HDF5File, path: String) {
        super.init(handle: handle, file: file, path: path)
    }

    // MARK: Groups

    /// Creates a group, with any missing intermediate groups (`H5Gcreate2`). An existing object at
    /// `path` throws ``HDF5Error/Code/alreadyExists``.
    @discardableResult
    public func createGroup(_ path: String) throws(HDF5Error) -> HDF5Group {
        try perform("H5Gcreate2", writing: true) { (context) throws(HDF5Error) -> HDF5Group in
            try validate(path, context, "H5Gcreate2")
            let id = H5Gcreate2(handle.id, path, try Self.intermediateGroupList(context), chdf5_P_DEFAULT(), chdf5_P_DEFAULT())
            if id < 0 { try diagnoseFailedCreation(path, context, "H5Gcreate2") }
            let group = try context.handle(id, .group, "H5Gcreate2", owner: file)
            return HDF5Group(handle: group, file: file, path: childPath(path))
        }
    }

    /// Opens an existing group (`H5Gopen2`), following soft links. A missing path throws
    /// ``HDF5Error/Code/notFound``; a path naming a dataset throws ``HDF5Error/Code/typeMismatch``.
    public func openGroup(_ path: String) throws(HDF5Error) -> HDF5Group {
        try perform("H5Gopen2") { (context) throws(HDF5Error) -> HDF5Group in
            let id = try open(path, is: H5I_GROUP, "group", context, "H5Gopen2") { H5Gopen2(handle.id, path, chdf5_P_DEFAULT()) }
            return HDF5Group(handle: Handle(id, .group, file: file), file: file, path: childPath(path))
        }
    }

    /// Opens the group at `path`, creating it (and intermediate groups) when missing.
    @discardableResult
    public func requireGroup(_ path: String) throws(HDF5Error) -> HDF5Group {
        if try contains(path) { return try openGroup(path) }
        return try createGroup(path)
    }

    // MARK: Links

    /// Whether an object exists at `path` (every component is a link that resolves; a dangling soft link
    /// counts as missing).
    public func contains(_ path: String) throws(HDF5Error) -> Bool {
        try perform("H5Lexists") { (context) throws(HDF5Error) -> Bool in
            guard try linkExists(path, context) else { return false }
            return resolves(path)
        }
    }

    /// The names of the links in this group, in name order (`H5Literate`).
    public func linkNames() throws(HDF5Error) -> [String] {
        try perform("H5Literate") { (context) throws(HDF5Error) -> [String] in
            final class Names { var list: [String] = [] }
            let names = Names()
            var index: hsize_t = 0
            let status = withExtendedLifetime(names) {
                H5Literate(handle.id, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, context in
                    guard let name, let context else { return 0 }
                    Unmanaged<Names>.fromOpaque(context).takeUnretainedValue().list.append(String(cString: name))
                    return 0
                }, Unmanaged.passUnretained(names).toOpaque())
            }
            try context.check(status, "H5Literate")
            return names.list
        }
    }

    /// The number of links in the group at `path` (this group for `"."`), read from the group's
    /// header without opening it (`H5Gget_info_by_name`).
    public func linkCount(ofGroup path: String) throws(HDF5Error) -> Int {
        try perform("H5Gget_info_by_name") { (context) throws(HDF5Error) -> Int in
            var info = H5G_info_t()
            try context.check(H5Gget_info_by_name(handle.id, path, &info, chdf5_P_DEFAULT()), "H5Gget_info_by_name")
            return Int(info.nlinks)
        }
    }

    /// What the link `path` points to, or nil if there is no such link.
    public func linkKind(_ path: String) throws(HDF5Error) -> HDF5LinkKind? {
        try perform("H5Lget_info") { (context) throws(HDF5Error) -> HDF5LinkKind? in
            guard try linkExists(path, context) else { return nil }
            var info = H5L_info_t()
            try context.check(H5Lget_info(handle.id, path, &info, chdf5_P_DEFAULT()), "H5Lget_info")
            switch info.type {
            case H5L_TYPE_SOFT:
                let target = try softLinkValue(path, size: Int(info.u.val_size), context)
                return .softLink(target: target, dangling: !resolves(path))
            case H5L_TYPE_EXTERNAL:
                return .externalLink
            default:
                switch objectType(path) {
                case H5I_GROUP: return .group
                case H5I_DATASET: return .dataset
                case H5I_DATATYPE: return .namedDatatype
                default: return nil
                }
            }
        }
    }

    /// Creates a soft link named `path` pointing at `target` (`H5Lcreate_soft`). The target need not
    /// exist yet. Intermediate groups of `path` are created.
    public func createSoftLink(_ path: String, to target: String) throws(HDF5Error) {
        try perform("H5Lcreate_soft", writing: true) { (context) throws(HDF5Error) in
            try validate(path, context, "H5Lcreate_soft")
            guard !target.isEmpty else {
                throw context.error(.invalidArgument, "empty link target", operation: "H5Lcreate_soft")
            }
            guard try !linkExists(path, context) else {
                throw context.error(.alreadyExists, "'\(path)' exists", operation: "H5Lcreate_soft")
            }
            try context.check(
                H5Lcreate_soft(target, handle.id, path, try Self.intermediateGroupList(context), chdf5_P_DEFAULT()),
                "H5Lcreate_soft")
        }
    }

    /// Copies the object `source` of `group` (possibly in another file), with everything below it and its
    /// attributes, to `path` in this group (`H5Ocopy`; intermediate groups are created). An existing
    /// `path` throws ``HDF5Error/Code/alreadyExists``; a missing source ``HDF5Error/Code/notFound``.
    public func copy(_ source: String, of group: HDF5Group, to path: String) throws(HDF5Error) {
        try perform("H5Ocopy", writing: true) { (context) throws(HDF5Error) in
            try validate(path, context, "H5Ocopy")
            try group.file.ensureOpen(group.context, "H5Ocopy")
            let status = H5Ocopy(group.handle.id, source, handle.id, path, chdf5_P_DEFAULT(), try Self.intermediateGroupList(context))
            guard status < 0 else { return }
            let failure = HDF5Error.library("H5Ocopy", file: context.file, path: context.path)
            if (try? linkExists(path, context)) == true {
                throw context.error(.alreadyExists, "'\(path)' exists", operation: "H5Ocopy")
            }
            if (try? group.linkExists(source, group.context)) != true {
                throw group.context.error(.notFound, "no object '\(source)' in '\(group.path)'", operation: "H5Ocopy")
            }
            throw failure
        }
    }

    /// Removes the link `path` (`H5Ldelete`). The object it pointed to disappears when no other link
    /// points to it (its space is reused by libhdf5 but the file does not shrink).
    public func removeLink(_ path: String) throws(HDF5Error) {
        try perform("H5Ldelete", writing: true) { (context) throws(HDF5Error) in
            guard try linkExists(path, context) else {
                throw context.error(.notFound, "no link '\(path)'", operation: "H5Ldelete")
            }
            try context.check(H5Ldelete(handle.id, path, chdf5_P_DEFAULT()), "H5Ldelete")
        }
    }

    // MARK: Internal helpers

    /// Whether every component of `path` exists as a link (H5Lexists must be asked one level at a time).
    func linkExists(_ path: String, _ context: ErrorContext) throws(HDF5Error) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        var prefix = path.hasPrefix("/") ? "/" : ""
        for (index, component) in components.enumerated() {
            prefix += (prefix.isEmpty || prefix == "/") ? String(component) : "/" + component
            guard try context.truth(H5Lexists(handle.id, prefix, chdf5_P_DEFAULT()), "H5Lexists") else { return false }
            // H5Lexists is only valid below a component that resolves to a group.
            if index < components.count - 1, objectType(prefix) != H5I_GROUP {
                return false
            }
        }
        return !components.isEmpty || path.hasPrefix("/")
    }

    /// Whether the link `path` (known to exist) resolves to an object; false for a dangling soft link.
    func resolves(_ path: String) -> Bool {
        let answer = H5Oexists_by_name(handle.id, path, chdf5_P_DEFAULT())
        if answer < 0 { H5Eclear2(chdf5_E_DEFAULT()) }
        return answer > 0
    }

    /// The identifier type of the object at `path`, or `H5I_BADID` when it does not resolve.
    func objectType(_ path: String) -> H5I_type_t {
        guard resolves(path) else { return H5I_BADID }
        let object = H5Oopen(handle.id, path, chdf5_P_DEFAULT())
        guard object >= 0 else {
            H5Eclear2(chdf5_E_DEFAULT())
            return H5I_BADID
        }
        defer { _ = H5Oclose(object) }
        return H5Iget_type(object)
    }

    /// Opens an object with `opener` (the fast path: one call); when that fails, finds out why and throws
    /// ``HDF5Error/Code/notFound`` or ``HDF5Error/Code/typeMismatch``.
    func open(
        _ path: String, is type: H5I_type_t, _ description: String, _ context: ErrorContext, _ operation: String,
        _ opener: () -> hid_t
    ) throws(HDF5Error) -> hid_t {
        if !path.isEmpty, !path.hasPrefix("."), !path.contains("//") {
            let id = opener()
            if id >= 0 {
                if H5Iget_type(id) == type { return id }
                _ = H5Oclose(id)
            } else {
                H5Eclear2(chdf5_E_DEFAULT())
            }
        }
        try requireObject(path, is: type, description, context, operation)
        let id = opener()
        guard id >= 0 else { throw HDF5Error.library(operation, file: context.file, path: childPath(path)) }
        return id
    }

    /// The links of this group with their kinds, in name order, in one pass (`H5Literate`, with
    /// `H5Oget_info_by_name2` for hard links).
    public func links() throws(HDF5Error) -> [(name: String, kind: HDF5LinkKind)] {
        try perform("H5Literate") { (context) throws(HDF5Error) -> [(name: String, kind: HDF5LinkKind)] in
            final class Collected { var entries: [(String, H5L_type_t)] = [] }
            let collected = Collected()
            var index: hsize_t = 0
            let status = withExtendedLifetime(collected) {
                H5Literate(handle.id, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, info, context in
                    guard let name, let info, let context else { return 0 }
                    Unmanaged<Collected>.fromOpaque(context).takeUnretainedValue().entries.append((String(cString: name), info.pointee.type))
                    return 0
                }, Unmanaged.passUnretained(collected).toOpaque())
            }
            try context.check(status, "H5Literate")
            var result: [(name: String, kind: HDF5LinkKind)] = []
            for (name, type) in collected.entries {
                switch type {
                case H5L_TYPE_HARD:
                    var info = H5O_info_t()
                    try context.check(H5Oget_info_by_name2(handle.id, name, &info, UInt32(H5O_INFO_BASIC), chdf5_P_DEFAULT()), "H5Oget_info_by_name2")
                    switch info.type {
                    case H5O_TYPE_GROUP: result.append((name, .group))
                    case H5O_TYPE_DATASET: result.append((name, .dataset))
                    case H5O_TYPE_NAMED_DATATYPE: result.append((name, .namedDatatype))
                    default: continue
                    }
                case H5L_TYPE_SOFT:
                    var info = H5L_info_t()
                    try context.check(H5Lget_info(handle.id, name, &info, chdf5_P_DEFAULT()), "H5Lget_info")
                    let target = try softLinkValue(name, size: Int(info.u.val_size), context)
                    result.append((name, .softLink(target: target, dangling: !resolves(name))))
                case H5L_TYPE_EXTERNAL:
                    result.append((name, .externalLink))
                default:
                    continue
                }
            }
            return result
        }
    }

    /// Throws ``HDF5Error/Code/notFound`` unless `path` resolves to an object of identifier type `type`.
    func requireObject(
        _ path: String, is type: H5I_type_t, _ description: String, _ context: ErrorContext, _ operation: String
    ) throws(HDF5Error) {
        let target = ErrorContext(file: context.file, path: childPath(path))
        guard !path.isEmpty, try linkExists(path, context), resolves(path) else {
            throw target.error(.notFound, "no object '\(path)' in '\(self.path)'", operation: operation)
        }
        guard objectType(path) == type else {
            throw target.error(.typeMismatch, "'\(path)' is not a \(description)", operation: operation)
        }
    }

    func validate(_ path: String, _ context: ErrorContext, _ operation: String) throws(HDF5Error) {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        let trimmed = path.hasPrefix("/") ? components.dropFirst() : components[...]
        guard !path.isEmpty, !trimmed.isEmpty, trimmed.allSatisfy({ !$0.isEmpty && $0 != "." }) else {
            throw context.error(.invalidArgument, "invalid object path '\(path)'", operation: operation)
        }
    }

    private func softLinkValue(_ path: String, size: Int, _ context: ErrorContext) throws(HDF5Error) -> String {
        var buffer = [CChar](repeating: 0, count: max(1, size + 1))
        try context.check(H5Lget_val(handle.id, path, &buffer, buffer.count, chdf5_P_DEFAULT()), "H5Lget_val")
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The shared link creation list (intermediate groups, UTF-8 names); owned by ``TypeCache``.
    static func intermediateGroupList(_ context: ErrorContext) throws(HDF5Error) -> hid_t {
        guard let list = TypeCache.intermediateLinkList() else { throw HDF5Error.library("H5Pcreate", file: context.file, path: context.path) }
        return list
    }

    /// Called after a create call failed: throws ``HDF5Error/Code/alreadyExists`` when the reason is an
    /// existing link at `path` (creation is tried first, so the common case costs one library call).
    func diagnoseFailedCreation(_ path: String, _ context: ErrorContext, _ operation: String) throws(HDF5Error) {
        let failure = HDF5Error.library(operation, file: context.file, path: context.path)
        if (try? linkExists(path, context)) == true {
            throw context.error(.alreadyExists, "'\(path)' exists", operation: operation)
        }
        throw failure
    }
}
