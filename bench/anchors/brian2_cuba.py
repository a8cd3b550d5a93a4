"""The CUBA benchmark network in Brian2, for bench/run.py --only network (run with .venv-bench).

4000 excitatory + 1000 inhibitory leaky integrate-and-fire neurons (tau_m 20 ms, rest -49 mV, threshold
-50 mV, reset -60 mV, refractory 5 ms), every pair connected with probability 0.02, exponentially
decaying synaptic variables (5 ms excitatory, 10 ms inhibitory) jumping by 1.62 mV and -9 mV, dt 0.1 ms,
exact integration. Prints one JSON line: wall times (total, network construction, run) and mean rates.

With --model coba: the same network with conductance synapses (jumps of 6 and 67 nS, reversal 0 and -80 mV,
g_L 10 nS, rest -49 mV, exponential Euler), as in network-bench --model coba.

Usage: brian2_cuba.py [--mode runtime|standalone] [--model cuba|coba] [--duration MS] [--seed N] [--directory DIR]
"""
import argparse
import json
import os
import tempfile
import time

parser = argparse.ArgumentParser()
parser.add_argument("--mode", choices=["runtime", "standalone"], default="runtime")
parser.add_argument("--duration", type=float, default=1000.0)
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--directory", default=None, help="standalone project folder (a temporary one by default)")
parser.add_argument("--model", choices=["cuba", "coba"], default="cuba",
                    help="coba: the COBA network instead (conductances, exponential Euler; see network-bench)")
args = parser.parse_args()

start = time.perf_counter()
import brian2 as b2  # noqa: E402  (the import is part of what a user waits for, but timed apart)

imported = time.perf_counter()
if args.mode == "standalone":
    folder = args.directory or tempfile.mkdtemp(prefix="brian2-cuba-")
    b2.set_device("cpp_standalone", directory=folder, build_on_run=True)
b2.seed(args.seed)
b2.defaultclock.dt = 0.1 * b2.ms
if args.model == "cuba":
    namespace = {"tau_m": 20 * b2.ms, "tau_e": 5 * b2.ms, "tau_i": 10 * b2.ms,
                 "v_rest": -49 * b2.mV, "v_threshold": -50 * b2.mV, "v_reset": -60 * b2.mV}
    model = """
    dv/dt = (ge + gi - (v - v_rest)) / tau_m : volt (unless refractory)
    dge/dt = -ge / tau_e : volt
    dgi/dt = -gi / tau_i : volt
    """
    method, jump_e, jump_i = "exact", "ge += 1.62 * mV", "gi -= 9 * mV"
else:
    # Conductances of COBA (Vogels and Abbott 2005): C 200 pF, g_L 10 nS, reversal 0 and -80 mV; rest -49 mV.
    namespace = {"C": 200 * b2.pF, "g_l": 10 * b2.nS, "v_rest": -49 * b2.mV, "E_e": 0 * b2.mV, "E_i": -80 * b2.mV,
                 "tau_e": 5 * b2.ms, "tau_i": 10 * b2.ms, "v_threshold": -50 * b2.mV, "v_reset": -60 * b2.mV}
    model = """
    dv/dt = (g_l * (v_rest - v) + ge * (E_e - v) + gi * (E_i - v)) / C : volt (unless refractory)
    dge/dt = -ge / tau_e : siemens
    dgi/dt = -gi / tau_i : siemens
    """
    method, jump_e, jump_i = "exponential_euler", "ge += 6 * nS", "gi += 67 * nS"
neurons = b2.NeuronGroup(5000, model, threshold="v > v_threshold", reset="v = v_reset", refractory=5 * b2.ms,
                         method=method, namespace=namespace)
neurons.v = "v_reset + rand() * (v_threshold - v_reset)"
excitatory, inhibitory = neurons[:4000], neurons[4000:]
to_all_e = b2.Synapses(excitatory, neurons, on_pre=jump_e)
to_all_e.connect(p=0.02)
to_all_i = b2.Synapses(inhibitory, neurons, on_pre=jump_i)
to_all_i.connect(p=0.02)
spikes_e, spikes_i = b2.SpikeMonitor(excitatory), b2.SpikeMonitor(inhibitory)
network = b2.Network(neurons, to_all_e, to_all_i, spikes_e, spikes_i)
built = time.perf_counter()
network.run(args.duration * b2.ms)
finished = time.perf_counter()
seconds = args.duration / 1000
# The simulation alone: the standalone binary's own timing (without code generation and compilation);
# in runtime mode the run time (code objects are cached by then in Cython's cache after the first run).
simulation = getattr(b2.get_device(), "_last_run_time", None) if args.mode == "standalone" else None
print(json.dumps({
    "simulation_seconds": simulation if simulation is not None else finished - built,
    "mode": args.mode, "brian2": b2.__version__,
    "import_seconds": imported - start, "build_seconds": built - imported, "run_seconds": finished - built,
    "seconds": finished - imported,
    "rate_e": spikes_e.num_spikes / (4000 * seconds), "rate_i": spikes_i.num_spikes / (1000 * seconds),
    "synapses": int(len(to_all_e) + len(to_all_i)),
}))
