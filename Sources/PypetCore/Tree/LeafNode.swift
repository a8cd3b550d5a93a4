/// A leaf of the tree: a ``Parameter`` or a ``ResultNode``.
public class LeafNode: Node {
    override init(name: String, comment: String) {
        super.init(name: name, comment: comment)
    }
}
