import Foundation
import PypetCore

/// A ``NeuronModel`` checked and converted to the engine's working units, with the per-step
/// propagators for one time step.
struct CompiledNeuronModel {
    let tau: Double, capacitance: Double, restingPotential: Double, threshold: Double, reset: Double
    let refractorySteps: Int
    let conductanceBased: Bool
    let tauExcitatory: Double, tauInhibitory: Double
    let reversalExcitatory: Double, reversalInhibitory: Double
    let adaptationIncrement: Double, tauAdaptation: Double
    let hasAdaptation: Bool
    let dt: Double

    /// exp(-dt/tau) of the membrane and the synaptic and adaptation variables.
    let membraneDecay: Double, excitatoryDecay: Double, inhibitoryDecay: Double, adaptationDecay: Double
    /// The exact response over one step of `V` to a unit of each exponentially decaying current
    /// (current-based model): `R tau_k / (tau_k - tau) (e^{-dt/tau_k} - e^{-dt/tau})`.
    let excitatoryGain: Double, inhibitoryGain: Double, adaptationGain: Double
    /// Whether spikes drive rise variables feeding the currents (a difference of exponentials).
    let hasRise: Bool
    /// The rise times (`ms`; 0 without rise) and `exp(-dt/tau_r)` of the rise variables.
    let tauExcitatoryRise: Double, tauInhibitoryRise: Double
    let excitatoryRiseDecay: Double, inhibitoryRiseDecay: Double
    /// What a unit of the rise variable adds over one step to the current,
    /// `tau_d / (tau_r - tau_d) (e^{-dt/tau_r} - e^{-dt/tau_d})`, and to `V`,
    /// `tau_d / (tau_r - tau_d) (gain(tau_r) - gain(tau_d))` (exact solution of the linear system).
    let excitatoryRiseToCurrent: Double, inhibitoryRiseToCurrent: Double
    let excitatoryRiseGain: Double, inhibitoryRiseGain: Double
    /// `R (1 - e^{-dt/tau})`: the response to a constant current.
    let biasGain: Double

    init(_ model: NeuronModel, dt: Double, name: String) throws(NetworkError) {
        func positive(_ q: Quantity, _ unit: PhysicalUnit, _ what: String) throws(NetworkError) -> Double {
            let value = try InternalUnits.scalar(q, unit, "\(name): \(what)")
            guard value > 0 else { throw NetworkError.model("\(what) is \(q); it must be positive", item: name) }
            return value
        }
        tau = try positive(model.membraneTimeConstant, .ms, "the membrane time constant")
        capacitance = try positive(model.capacitance, .pF, "the capacitance")
        restingPotential = try InternalUnits.scalar(model.restingPotential, .mV, "\(name): the resting potential")
        threshold = try InternalUnits.scalar(model.threshold, .mV, "\(name): the threshold")
        reset = try InternalUnits.scalar(model.reset, .mV, "\(name): the reset")
        guard threshold > reset else {
            throw NetworkError.model("the threshold (\(model.threshold)) must lie above the reset (\(model.reset))", item: name)
        }
        let refractory = try InternalUnits.scalar(model.refractoryPeriod, .ms, "\(name): the refractory period")
        guard refractory >= 0 else { throw NetworkError.model("the refractory period \(model.refractoryPeriod) is negative", item: name) }
        guard refractory / dt < Double(Int32.max) else {
            throw NetworkError.model("the refractory period \(model.refractoryPeriod) is too long for the time step", item: name)
        }
        refractorySteps = Int((refractory / dt).rounded())
        var riseE = 0.0, riseI = 0.0
        switch model.synapses {
        case .currentBased(let e, let i):
            conductanceBased = false
            tauExcitatory = try positive(e, .ms, "the excitatory decay")
            tauInhibitory = try positive(i, .ms, "the inhibitory decay")
            reversalExcitatory = 0
            reversalInhibitory = 0
        case .currentBasedDualExponential(let re, let e, let ri, let i):
            conductanceBased = false
            tauExcitatory = try positive(e, .ms, "the excitatory decay")
            tauInhibitory = try positive(i, .ms, "the inhibitory decay")
            riseE = try positive(re, .ms, "the excitatory rise time")
            riseI = try positive(ri, .ms, "the inhibitory rise time")
            // Equal times make the difference of exponentials vanish; keep them clearly apart.
            guard riseE < tauExcitatory * (1 - 1e-6) else {
                throw NetworkError.model("the excitatory rise time (\(re)) must be shorter than its decay (\(e))", item: name)
            }
            guard riseI < tauInhibitory * (1 - 1e-6) else {
                throw NetworkError.model("the inhibitory rise time (\(ri)) must be shorter than its decay (\(i))", item: name)
            }
            reversalExcitatory = 0
            reversalInhibitory = 0
        case .conductanceBased(let e, let i, let ee, let ei):
            conductanceBased = true
            tauExcitatory = try positive(e, .ms, "the excitatory decay")
            tauInhibitory = try positive(i, .ms, "the inhibitory decay")
            reversalExcitatory = try InternalUnits.scalar(ee, .mV, "\(name): the excitatory reversal potential")
            reversalInhibitory = try InternalUnits.scalar(ei, .mV, "\(name): the inhibitory reversal potential")
        }
        if let adaptation = model.adaptation {
            hasAdaptation = true
            adaptationIncrement = try InternalUnits.scalar(adaptation.increment, .pA, "\(name): the adaptation increment")
            tauAdaptation = try positive(adaptation.decay, .ms, "the adaptation decay")
        } else {
            hasAdaptation = false
            adaptationIncrement = 0
            tauAdaptation = 1
        }
        self.dt = dt
        membraneDecay = exp(-dt / tau)
        excitatoryDecay = exp(-dt / tauExcitatory)
        inhibitoryDecay = exp(-dt / tauInhibitory)
        adaptationDecay = exp(-dt / tauAdaptation)
        let membrane = tau
        let resistance = membrane / capacitance
        biasGain = resistance * -expm1(-dt / membrane)
        excitatoryGain = Self.gain(tauExcitatory, membrane: membrane, resistance: resistance, dt: dt)
        inhibitoryGain = Self.gain(tauInhibitory, membrane: membrane, resistance: resistance, dt: dt)
        adaptationGain = Self.gain(tauAdaptation, membrane: membrane, resistance: resistance, dt: dt)
        hasRise = model.synapses.hasRise
        tauExcitatoryRise = riseE
        tauInhibitoryRise = riseI
        if hasRise {
            excitatoryRiseDecay = exp(-dt / riseE)
            inhibitoryRiseDecay = exp(-dt / riseI)
            let shareE = tauExcitatory / (riseE - tauExcitatory), shareI = tauInhibitory / (riseI - tauInhibitory)
            excitatoryRiseToCurrent = shareE * (excitatoryRiseDecay - excitatoryDecay)
            inhibitoryRiseToCurrent = shareI * (inhibitoryRiseDecay - inhibitoryDecay)
            excitatoryRiseGain = shareE * (Self.gain(riseE, membrane: membrane, resistance: resistance, dt: dt) - excitatoryGain)
            inhibitoryRiseGain = shareI * (Self.gain(riseI, membrane: membrane, resistance: resistance, dt: dt) - inhibitoryGain)
        } else {
            excitatoryRiseDecay = 0
            inhibitoryRiseDecay = 0
            excitatoryRiseToCurrent = 0
            inhibitoryRiseToCurrent = 0
            excitatoryRiseGain = 0
            inhibitoryRiseGain = 0
        }
    }

    /// The exact response of the membrane over one step to a unit current decaying with `tauK`.
    private static func gain(_ tauK: Double, membrane tau: Double, resistance: Double, dt: Double) -> Double {
        if abs(tauK - tau) <= 1e-12 * tau { return resistance * (dt / tau) * exp(-dt / tau) }
        return resistance * tauK / (tauK - tau) * (exp(-dt / tauK) - exp(-dt / tau))
    }

    /// The leak conductance `C / tau` (nS).
    var leakConductance: Double { capacitance / tau }
}
