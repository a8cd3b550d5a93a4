/// What an environment does with the git repository the program runs in (pypet's `git_repository`,
/// `git_message` and `git_fail`): it always records the commit, the branch and whether the working tree
/// is dirty; a dirty tree (uncommitted changes to tracked files, or untracked files) can also be refused or
/// committed before anything runs, so every result can be traced to the exact code that made it.
public struct GitPolicy: Sendable, Hashable {
    /// What happens when the working tree has changes.
    public enum OnDirty: Sendable, Hashable {
        /// Record that it is dirty (with a hash of the changes) and go on.
        case record
        /// Throw ``EnvironmentError/Code/dirtyRepository`` naming the changed files.
        case refuse
        /// Commit every change (`git add -A`, then `git commit -m message`) and record the new commit.
        case commit(message: String)
    }

    /// The repository (any folder inside it); nil: the current directory.
    public var repository: String?
    /// What a dirty tree does.
    public var onDirty: OnDirty

    /// A policy for `repository` (the current directory when nil).
    public init(repository: String? = nil, onDirty: OnDirty = .record) {
        self.repository = repository
        self.onDirty = onDirty
    }
}
