"""Shunting inhibition: a GABA_A conductance reversing at the resting potential cancels an EPSP
without moving the membrane potential by itself (NEURON).

A passive single compartment rests at -65 mV. An AMPA EPSP is evoked alone and together with a
GABA_A conductance (``gabaa_syn`` with ``erev=-65`` mV and no HCO3- permeability, so that it
reverses exactly at rest) of growing size. GABA alone leaves the potential at rest (no driving
force), yet it divides the EPSP: the inhibition is a shunt, a larger conductance that the
excitatory current must charge (Koch, Poggio & Torre 1983, PNAS 80:2799; Staley & Mody 1992,
J Neurophysiol 68:197). For a slow, weak EPSP the amplitude falls roughly as
g_rest / (g_rest + g_GABA).

    python examples/shunting.py             # prints a table, and a JSON line with the numbers
"""

import json

from neuron import h

from ei_models import neuron as ein

h.load_file("stdrun.hoc")

V_REST = -65.0  # mV
G_PAS = 1e-4    # S/cm2: input conductance of the 20 x 20 um compartment, 1.26 nS


def trial(g_gaba_ns: float, epsp: bool = True, trace: bool = False) -> dict:
    """The EPSP (AMPA, 1 nS peak at t = 50 ms) with a GABA_A conductance of ``g_gaba_ns`` nS peak
    arriving at the same time: peak depolarization from rest (mV), the lowest potential, and
    with ``trace`` the time (ms) and potential (mV) traces."""
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("pas")
    soma.g_pas, soma.e_pas = G_PAS, V_REST
    stim = h.NetStim()
    stim.number, stim.start = 1, 50
    keep = [soma, stim]
    if epsp:
        ampa = ein.insert("ampa", soma(0.5))
        keep += [ampa, ampa.connect(stim, weight=0.001)]                 # uS: 1 nS peak
    if g_gaba_ns > 0:
        gaba = ein.insert("gabaa_syn", soma(0.5), erev=V_REST, p_hco3=0, tau_decay=20)
        keep += [gaba, gaba.connect(stim, weight=g_gaba_ns * 1e-3)]
    tv, v = h.Vector().record(h._ref_t), h.Vector().record(soma(0.5)._ref_v)
    h.finitialize(V_REST)
    h.continuerun(200)
    out = {"depolarization_mV": max(v) - V_REST, "lowest_mV": min(v)}
    if trace:
        out.update(t=list(tv), v=list(v))
    return out


def main(g_gaba_ns=(0, 1, 2, 5, 10, 20)):
    rows = []
    for g in g_gaba_ns:
        rows.append({"g_gaba_nS": g, "epsp": trial(g), "gaba_alone": trial(g, epsp=False) if g else None})
    base = rows[0]["epsp"]["depolarization_mV"]
    print(" g_GABA | EPSP       relative | GABA alone: max - rest, lowest")
    for r in rows:
        r["relative"] = r["epsp"]["depolarization_mV"] / base
        alone = r["gaba_alone"]
        tail = "" if alone is None else f"{alone['depolarization_mV']:+.2e} mV, {alone['lowest_mV']:.4f} mV"
        print(f"{r['g_gaba_nS']:5.0f} nS | {r['epsp']['depolarization_mV']:6.3f} mV {r['relative']:6.3f} | {tail}")
    print(json.dumps(rows))
    return rows


if __name__ == "__main__":
    main()
