/// What a link in a group points to.
public enum HDF5LinkKind: Sendable, Hashable {
    /// A group.
    case group
    /// A dataset (including compound datasets, which ``HDF5Group/openTable(_:)`` opens as tables).
    case dataset
    /// A named (committed) datatype.
    case namedDatatype
    /// A soft link, with its target path. `dangling` is true when the target does not exist.
    case softLink(target: String, dangling: Bool)
    /// An external link (to another file).
    case externalLink
}
