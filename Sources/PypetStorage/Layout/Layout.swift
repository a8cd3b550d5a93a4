/// Names of pypet's HDF5 layout (see the project's docs/FILE-LAYOUT.md).
enum Layout {
    static let leaf = "SRVC_LEAF"
    static let className = "SRVC_INIT_CLASS_NAME"
    static let comment = "SRVC_INIT_COMMENT"
    static let annotated = "SRVC_ANNOTATED"
    static let annotationPrefix = "SRVC_AN_"
    static let store = "SRVC_STORE"
    static let dataCollection = "SRVC_DATA_COLL_TYPE"
    static let dataScalar = "SRVC_DATA_SCALAR_TYPE"
    /// swift-pypet's own additions, ignored by pypet.
    static let customType = "SWIFT_PYPET_CUSTOM_TYPE"
    static let shape = "SWIFT_PYPET_SHAPE"
    static let swiftKind = "SWIFT_PYPET_KIND"

    static func columnCollection(_ column: String) -> String { "SRVC_COLUMN_\(column)_COLL_TYPE" }
    static func columnScalar(_ column: String) -> String { "SRVC_COLUMN_\(column)_SCALAR_TYPE" }

    enum Collection {
        static let scalar = "COLL_SCALAR"
        static let list = "COLL_LIST"
        static let tuple = "COLL_TUPLE"
        static let ndarray = "COLL_NDARRAY"
        static let dict = "COLL_DICT"
    }

    enum Store {
        static let table = "TABLE"
        static let array = "ARRAY"
        static let carray = "CARRAY"
        static let dict = "DICT"
    }
}
