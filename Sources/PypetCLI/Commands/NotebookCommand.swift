import ArgumentParser
import Foundation
import Pypet

struct NotebookCommand: FileCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Write a Jupyter notebook that analyses FILE with h5py (and pypet when installed): runs, convergence, parameters versus fitness, best individual.")

    @OptionGroup var source: FileOptions
    var file: String { source.file }
    var trajectory: String? { source.trajectory }

    @Option(name: .shortAndLong, help: "The notebook to write (.ipynb).")
    var output: String

    func run() throws {
        let folder = (output as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            throw CLIError("cannot write: the folder \(folder) does not exist", file: output)
        }
        let loaded = try TrajectoryFile(path: file, trajectory: trajectory).load(
            LoadOptions(parameters: .data, derivedParameters: .nothing, config: .nothing, results: .skeleton, withRunInformation: false))
        let relative = Self.relativePath(from: (output as NSString).deletingLastPathComponent, to: file)
        let figure = ((output as NSString).lastPathComponent as NSString).deletingPathExtension
        let notebook: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": ["kernelspec": ["display_name": "Python 3", "language": "python", "name": "python3"],
                         "language_info": ["name": "python"]],
            "cells": Self.cells(file: relative, trajectory: loaded.name, figure: figure),
        ]
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: notebook, options: [.prettyPrinted, .sortedKeys]) } catch {
            throw CLIError("cannot encode the notebook", because: error, file: output)
        }
        try OutputFile.write(data, to: output)
        print("wrote \(output) (analyses \(relative), trajectory \(loaded.name))")
    }

    static func cells(file: String, trajectory: String, figure: String) -> [[String: Any]] {
        func markdown(_ text: String) -> [String: Any] { ["cell_type": "markdown", "metadata": [:] as [String: Any], "source": text] }
        func code(_ text: String) -> [String: Any] {
            ["cell_type": "code", "metadata": [:] as [String: Any], "execution_count": NSNull(), "outputs": [] as [Any], "source": text]
        }
        let cells: [[String: Any]] = [
            markdown("# Analysis of `\(file)`\n\nTrajectory `\(trajectory)`, written by swift-pypet. This notebook reads the file with h5py (and with pypet when it is installed), shows the runs, the convergence of the optimization, the explored parameters against the fitness, and the best individual. Written by `pypet notebook`."),
            code("""
                import os
                import h5py
                import numpy as np
                import matplotlib
                matplotlib.use("Agg")
                import matplotlib.pyplot as plt

                FILE = \(Self.pythonString(file))
                TRAJECTORY = \(Self.pythonString(trajectory))
                FIGURES = \(Self.pythonString(figure))
                f = h5py.File(FILE, "r")
                traj = f[TRAJECTORY]
                print("groups:", list(traj.keys()))
                """),
            markdown("## Runs"),
            code("""
                runs = traj["overview/runs"][()]
                completed = int(runs["completed"].sum())
                print(f"{len(runs)} runs, {completed} completed")
                for row in runs[:10]:
                    print(row["idx"], row["name"].decode(), "completed" if row["completed"] else "not completed", row["parameter_summary"].decode())
                """),
            code("""
                try:
                    from pypet import load_trajectory
                    ptraj = load_trajectory(filename=FILE, name=TRAJECTORY, load_all=2, force=True)
                    print("pypet loads it:", len(ptraj), "runs, explored", list(ptraj.f_get_explored_parameters().keys()))
                except ImportError:
                    print("pypet is not installed; h5py alone is used")
                """),
            markdown("## Every run's scalar results as one table\n\n`overview/results`: one row per run, a column per scalar result item and the run's return value (`run_value`), read by pandas without opening any run's group."),
            code("""
                import pandas as pd
                if "results" in traj["overview"]:
                    table = pd.DataFrame(traj["overview/results"][()])
                    print(table.describe().T.to_string())
                else:
                    print("no results table in this file")
                """),
            markdown("## Explored parameters over the runs"),
            code("""
                explored = [name for name in traj["parameters"] if "explored_data" in traj["parameters"][name]]
                if explored:
                    fig, axes = plt.subplots(len(explored[:6]), 1, figsize=(7, 1.8 * len(explored[:6])), squeeze=False, sharex=True)
                    for ax, name in zip(axes[:, 0], explored[:6]):
                        values = traj["parameters"][name]["explored_data"]["data"]
                        ax.plot(values, ".", markersize=3)
                        ax.set_ylabel(name)
                    axes[-1, 0].set_xlabel("run")
                    fig.tight_layout()
                    fig.savefig(FIGURES + "_explored.png", dpi=80, bbox_inches="tight")
                    print("saved", FIGURES + "_explored.png")
                """),
            markdown("## Convergence (best and mean per generation)"),
            code("""
                generations = traj.get("results/generations")
                names = sorted(generations) if generations is not None else []
                if names:
                    stats = [generations[n]["statistics"][0] for n in names]
                    objective = [k[4:] for k in stats[0].dtype.names if k.startswith("min_")][0]
                    best = [s["min_" + objective] for s in stats]
                    mean = [s["mean_" + objective] for s in stats]
                    fig, ax = plt.subplots(figsize=(7, 4))
                    ax.plot(best, label="best")
                    ax.plot(mean, label="mean")
                    ax.set_xlabel("generation"); ax.set_ylabel(objective); ax.set_yscale("symlog"); ax.legend()
                    fig.savefig(FIGURES + "_convergence.png", dpi=80, bbox_inches="tight")
                    print("saved", FIGURES + "_convergence.png")
                else:
                    print("no recorded generations: not an optimization")
                """),
            markdown("## Explored parameters versus fitness"),
            code("""
                if names:
                    population = np.concatenate([generations[n]["population"][()] for n in names])
                    fitness = np.concatenate([generations[n]["fitness"][()] for n in names])[:, 0]
                    params = sorted(k for k in traj["parameters"].keys())
                    count = min(len(params), population.shape[1], 12)
                    columns = min(count, 4)
                    rows = (count + columns - 1) // columns
                    fig, axes = plt.subplots(rows, columns, figsize=(3 * columns, 2.6 * rows), squeeze=False)
                    for i in range(count):
                        ax = axes[i // columns][i % columns]
                        ax.scatter(population[:, i], fitness, s=4, alpha=0.5)
                        ax.set_xlabel(params[i] if i < len(params) else f"x{i}"); ax.set_ylabel("fitness")
                    fig.tight_layout()
                    fig.savefig(FIGURES + "_parameters.png", dpi=80, bbox_inches="tight")
                    print("saved", FIGURES + "_parameters.png")
                """),
            markdown("## Learning curves and pruning\n\nThe values runs reported with `run.report(step:value:)` (each run's `learning_curve` result); runs a pruner stopped early end in a cross."),
            code("""
                curves = []
                for bucket in traj["results"].values():
                    if not isinstance(bucket, h5py.Group) or not (bucket.name.endswith("/runs") or "/run_set_" in bucket.name):
                        continue
                    for run in bucket.values():
                        if isinstance(run, h5py.Group) and "learning_curve" in run:
                            curve = run["learning_curve"]
                            curves.append((curve["step"][()], curve["value"][()], "pruned_at_step" in curve))
                pruned = traj["overview/pruned_runs"][()] if "pruned_runs" in traj["overview"] else []
                print(f"{len(curves)} runs reported values; {len(pruned)} were pruned")
                if curves:
                    fig, ax = plt.subplots(figsize=(7, 4))
                    for steps, values, was_pruned in curves:
                        ax.plot(steps, values, color="tab:red" if was_pruned else "tab:blue", alpha=0.4, linewidth=0.8)
                        if was_pruned:
                            ax.plot(steps[-1:], values[-1:], "x", color="tab:red", markersize=4)
                    ax.set_xlabel("step"); ax.set_ylabel("reported value"); ax.set_yscale("log")
                    fig.savefig(FIGURES + "_curves.png", dpi=80, bbox_inches="tight")
                    print("saved", FIGURES + "_curves.png")
                """),
            markdown("## Best individual"),
            code("""
                if names:
                    last = generations[names[-1]]
                    print("best genome:", last["hall_of_fame"][0])
                    print("best fitness:", last["hall_of_fame_fitness"][0])
                f.close()
                """),
        ]
        // nbformat 4.5 cells carry ids.
        return cells.enumerated().map { index, cell in
            var cell = cell
            cell["id"] = "cell-\(index + 1)"
            return cell
        }
    }

    static func pythonString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `target` relative to `directory` (both made absolute), so the notebook runs next to the file.
    static func relativePath(from directory: String, to target: String) -> String {
        let base = URL(fileURLWithPath: directory.isEmpty ? "." : directory).standardizedFileURL.pathComponents
        let goal = URL(fileURLWithPath: target).standardizedFileURL.pathComponents
        var common = 0
        while common < min(base.count, goal.count), base[common] == goal[common] { common += 1 }
        let up = Array(repeating: "..", count: base.count - common)
        return (up + goal[common...]).joined(separator: "/")
    }
}
