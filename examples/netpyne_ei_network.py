"""A small NetPyNE E/I network with the ei_models synapses: 20 excitatory and 5 inhibitory
Hodgkin-Huxley cells, AMPA + NMDA from E, the synaptic GABA_A receptor (gabaa_gamma2) from I,
Poisson background onto AMPA.

    python examples/netpyne_ei_network.py              # chloride from ei_models (10/120 mM)
    python examples/netpyne_ei_network.py --no-chloride # NEURON's cli = clo = 1 mM: E_Cl = 0 mV

Without the chloride settings GABA_A reverses at 0 mV and the "inhibitory" cells excite: the
network fires far faster. Prints the mean rates (Hz) of both populations.
"""

import argparse
import json

from netpyne import sim, specs

from ei_models import netpyne as einp


def build(chloride: bool = True, seed: int = 1):
    net = specs.NetParams()
    soma = {"geom": {"L": 20.0, "diam": 20.0, "Ra": 100.0, "cm": 1.0},
            "mechs": {"hh": {"gnabar": 0.12, "gkbar": 0.036, "gl": 0.0003, "el": -65.0}}}
    if chloride:
        soma["ions"] = einp.ions()
    net.cellParams["E"] = {"conds": {"cellType": "E"}, "secs": {"soma": soma}}
    net.cellParams["I"] = {"conds": {"cellType": "I"}, "secs": {"soma": json.loads(json.dumps(soma))}}
    net.popParams["E"] = {"cellType": "E", "numCells": 20}
    net.popParams["I"] = {"cellType": "I", "numCells": 5}

    net.synMechParams["AMPA"] = einp.syn_mech("ampa")
    net.synMechParams["NMDA"] = einp.syn_mech("nmda", subtype="GluN2A", mg=1.0)
    net.synMechParams["GABAA"] = einp.syn_mech("gabaa_gamma2", gmax=0.005)  # uS, all receptors open

    net.stimSourceParams["bkg"] = {"type": "NetStim", "rate": 40, "noise": 1.0}
    net.stimTargetParams["bkg->all"] = {"source": "bkg", "conds": {"cellType": ["E", "I"]},
                                        "weight": 0.002, "delay": 1, "synMech": "AMPA"}
    net.connParams["E->all"] = {"preConds": {"pop": "E"}, "postConds": {"pop": ["E", "I"]}, "probability": 0.2,
                                "weight": [0.0005, 0.0003], "delay": 2, "synMech": ["AMPA", "NMDA"]}
    net.connParams["I->all"] = {"preConds": {"pop": "I"}, "postConds": {"pop": ["E", "I"]}, "probability": 0.5,
                                "weight": 1.0, "delay": 1, "synMech": "GABAA"}  # gabaa_gamma2: weight scales the GABA pulse (1 = one release)

    cfg = specs.SimConfig()
    cfg.duration, cfg.dt, cfg.verbose = 1000.0, 0.025, False
    # 22 C, a slice-recording temperature: the synapses' kinetics follow celsius by their Q10
    # (at NEURON's default 6.3 C they would run 3-12x slower than at their reference temperatures),
    # and these squid HH cells (hh's own Q10 of 3 from 6.3 C) still fire, which they do not at 37 C.
    # The background weight (2 nS) is what drives them at 22 C (1.5 nS did at 6.3 C, before the Q10s)
    cfg.hParams = {"celsius": 22.0, "v_init": -65.0}
    cfg.seeds = {"conn": seed, "stim": seed, "loc": seed}
    cfg.recordStep = 1.0
    cfg.printPopAvgRates = False
    cfg.printRunTime = False
    cfg.saveJson = cfg.savePickle = False
    return net, cfg


def run(chloride: bool = True) -> dict:
    net, cfg = build(chloride)
    sim.create(netParams=net, simConfig=cfg, output=False)
    sim.simulate()
    spikes = list(zip(sim.allSimData["spkt"], sim.allSimData["spkid"]))
    gids = {pop: set(p.cellGids) for pop, p in sim.net.pops.items()}
    rates = {pop: sum(1 for _, g in spikes if int(g) in ids) / len(ids) / (cfg.duration / 1000.0)
             for pop, ids in gids.items()}
    cell = sim.net.cells[0]
    seg = cell.secs["soma"]["hObj"](0.5)
    return {"rate_E_Hz": rates["E"], "rate_I_Hz": rates["I"], "cli_mM": seg.cli, "clo_mM": seg.clo}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-chloride", action="store_true", help="leave NEURON's 1/1 mM chloride (E_Cl = 0 mV)")
    out = run(chloride=not ap.parse_args().no_chloride)
    print(json.dumps(out))
