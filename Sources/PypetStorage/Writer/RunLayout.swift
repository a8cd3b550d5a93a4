/// How a finished file keeps the runs' results.
///
/// Every file has the results table `overview/results` (one row per run, one typed column per scalar
/// result) and the results index `overview/results_index` (one row per item of each run's small results).
/// The layouts differ in whether runs also get pypet's per-run groups.
public enum RunLayout: String, Sendable, Hashable, CaseIterable, Codable {
    /// pypet's layout: every run's results in its own groups (`results/runs/run_00000003/y`), as pypet
    /// writes them; `pypet.load_trajectory` reads every run. The default.
    case pypet
    /// The columnar layout for large sweeps: results that fit the results index (scalars, short strings,
    /// small arrays and dictionaries, directly in the run's group) live only in the index and the results
    /// table, without per-run groups; other results still get groups. swift-pypet loads both layouts to the
    /// same trajectory; `pypet export --pypet-layout` writes pypet's layout for pypet users.
    case columns
}
