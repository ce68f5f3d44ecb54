TITLE tsodyks_markram: short-term depression and facilitation (Tsodyks-Markram), deterministic or with a stochastic vesicle pool

COMMENT
Short-term plasticity placed in front of any receptor point process of the package, as
`release` is: a presynaptic event (NetCon into this point process; its weight is ignored) updates
the synapse's resources and sends one event, whose weight the mechanism sets, to the receptor.

Deterministic model (Tsodyks, Pawelzik & Markram 1998, Neural Comput 10:821; Markram, Wang &
Tsodyks 1998, PNAS 95:5323), solved exactly from event to event. With u the utilisation
(release probability) and x the available fraction of resources, between spikes

    du/dt = -u / tau_fac,        dx/dt = (1 - x) / tau_rec,

and at the n-th spike, h_n = t_n - t_(n-1) after the previous one (u_0 = 0, x_0 = 1):

    u_n = U + (1 - U) u_(n-1) exp(-h_n / tau_fac)           (facilitation; u_n = U if tau_fac = 0)
    x_n = 1 - (1 - x_(n-1) (1 - u_(n-1))) exp(-h_n / tau_rec)   (recovery of what was left)
    r_n = n_sites u_n x_n                                   (efficacy of the spike)

x_(n-1)(1 - u_(n-1)) is what the previous spike left. tau_fac = 0 means no facilitation (u is U at
every spike, the depression-only model of Tsodyks & Markram 1997, PNAS 94:719). This is the
update of NEST's tsodyks2_synapse, against which the validation (V16) checks it.

Stochastic model (Fuhrmann, Segev, Markram & Tsodyks 2002, J Neurophysiol 87:140; the
multi-vesicle form of the Blue Brain synapses): n_sites release sites, each holding at most one
vesicle. An empty site refills as a Poisson process of rate 1/tau_rec, so since the previous spike
it has refilled with probability 1 - exp(-h_n / tau_rec); at the spike each occupied site releases
with probability u_n (the same u_n as above). Each site is an independent two-state chain, so at
every spike n_rel ~ Binomial(n_sites, u_n x_n) with the deterministic x_n: mean r_n and variance
n_sites u_n x_n (1 - u_n x_n). The efficacy is r_n = n_rel (vesicles released).

Forwarding: one event per spike with r_n > 0, of weight w_base * r_n. The weight is written into
the forwarding NetCon's weight through the POINTER w_out just before net_event, so that any
receptor (conductance events in uS, transmitter pulses, eaat vesicle counts) receives the graded
efficacy in its own weight. ei_models.neuron.forward sets w_out, w_base (the weight of one
vesicle, or of the full resource when n_sites = 1) and linked = 1. Without forward() nothing is
written. The weight is read when the event is delivered, so the forwarding delay must be shorter
than the shortest interval between presynaptic spikes (forward() uses 0 ms by default; several
threads need at least dt). One instance forwards to one receptor; give an ampa + nmda pair two
instances with the same parameters (and, stochastic, the same seed and stream: identical draws).

Randomness (stochastic = 1 only): each instance owns a Random123 stream (NMODL RANDOM), ids
(seed, stream, 0), set from the seed and stream parameters by the Python layer at every
finitialize and rewound to sequence 0 in INITIAL, as in release.mod: bitwise the same draws for
any number of threads or MPI ranks. Draws per spike: one per empty site, then one per occupied
site.

Parameter defaults, units and bounds are those of ei_models/mechanisms/tsodyks_markram.py, the
single source of truth (presets: Markram et al. 1998; Gupta, Wang & Markram 2000, Science
287:273); tests/test_parameter_tables.py checks this file against it.
ENDCOMMENT

NEURON {
    THREADSAFE
    POINT_PROCESS eim_tsodyks_markram
    RANGE U, tau_rec, tau_fac, n_sites, stochastic, seed, stream
    RANGE u, x, r, n_rel, n_avail, t_last, w_base, linked
    POINTER w_out
    RANDOM rng
}

PARAMETER {
    U = 0.5 (1) <1e-9, 1>                : utilisation increment per spike (release probability at rest)
    tau_rec = 800 (ms) <1e-9, 1e9>       : recovery time constant of the resources
    tau_fac = 0 (ms) <0, 1e9>            : facilitation time constant (0: no facilitation)
    n_sites = 1 (1) <1, 1000>            : release sites (stochastic) / efficacy scale (deterministic)
    stochastic = 0 (1) <0, 1>            : 0 deterministic, 1 stochastic vesicle pool
    seed = 1 (1) <0, 4294967295>         : Random123 id 1
    stream = 0 (1) <0, 4294967295>       : Random123 id 2, one per synapse
}

ASSIGNED {
    u (1)          : utilisation at the last spike (after its increment)
    x (1)          : available fraction after the last spike
    r (1)          : efficacy of the last spike (n_sites u x, or vesicles released)
    n_rel (1)      : vesicles released by the last spike (stochastic)
    n_avail (1)    : occupied sites after the last spike (stochastic)
    t_last (ms)    : time of the last spike
    w_base (1)     : forwarded weight per unit efficacy (set by forward(), target's unit)
    linked (1)     : 1 once forward() has set w_out
    w_out (1)      : the forwarding NetCon's weight (POINTER)
}

INITIAL {
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    VERBATIM
#ifndef CORENEURON_BUILD
#define EI_GUARD(ok, ...) if (!(ok)) { char _ei_msg[512]; snprintf(_ei_msg, sizeof _ei_msg, __VA_ARGS__); hoc_execerror(_ei_msg, (char*) 0); }
    EI_GUARD(U > 0.0 && U <= 1.0, "ei_models tsodyks_markram: U = %g is outside its range (0, 1]; set it within the range (ei_models.neuron.insert('tsodyks_markram', ...) checks values before NEURON sees them)", U)
    EI_GUARD(tau_rec > 0.0 && tau_rec - tau_rec == 0, "ei_models tsodyks_markram: tau_rec = %g ms is outside its range (0, inf) ms; set it within the range (ei_models.neuron.insert('tsodyks_markram', ...) checks values before NEURON sees them)", tau_rec)
    EI_GUARD(tau_fac >= 0.0 && tau_fac - tau_fac == 0, "ei_models tsodyks_markram: tau_fac = %g ms is outside its range [0, inf) ms; set it within the range (ei_models.neuron.insert('tsodyks_markram', ...) checks values before NEURON sees them)", tau_fac)
    EI_GUARD(n_sites >= 1.0 && n_sites <= 1000.0, "ei_models tsodyks_markram: n_sites = %g is outside its range [1, 1000]; set it within the range (ei_models.neuron.insert('tsodyks_markram', ...) checks values before NEURON sees them)", n_sites)
    EI_GUARD(stochastic >= 0.0 && stochastic <= 1.0, "ei_models tsodyks_markram: stochastic = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('tsodyks_markram', ...) checks values before NEURON sees them)", stochastic)
    EI_GUARD(seed >= 0.0 && seed <= 4294967295.0, "ei_models tsodyks_markram: seed = %g is outside its range [0, 4294967295]; set it within the range (ei_models.neuron.insert('tsodyks_markram', ...) checks values before NEURON sees them)", seed)
    EI_GUARD(stream >= 0.0 && stream <= 4294967295.0, "ei_models tsodyks_markram: stream = %g is outside its range [0, 4294967295]; set it within the range (ei_models.neuron.insert('tsodyks_markram', ...) checks values before NEURON sees them)", stream)
    EI_GUARD(stochastic == 0 || stochastic == 1, "ei_models tsodyks_markram: stochastic = %g must be 0 or 1; change them (ei_models.neuron.insert('tsodyks_markram', ...) checks values before NEURON sees them)", stochastic)
    EI_GUARD(n_sites == floor(n_sites), "ei_models tsodyks_markram: n_sites = %g must be a whole number; change them (ei_models.neuron.insert('tsodyks_markram', ...) checks values before NEURON sees them)", n_sites)
    EI_GUARD(seed == floor(seed), "ei_models tsodyks_markram: seed = %g must be a whole number; change them (ei_models.neuron.insert('tsodyks_markram', ...) checks values before NEURON sees them)", seed)
    EI_GUARD(stream == floor(stream), "ei_models tsodyks_markram: stream = %g must be a whole number; change them (ei_models.neuron.insert('tsodyks_markram', ...) checks values before NEURON sees them)", stream)
#undef EI_GUARD
#endif
    ENDVERBATIM
    : <<< generated guard
    : ids (seed, stream, 0) were set just before (see Randomness above)
    random_setseq(rng, 0)
    u = 0
    x = 1
    r = 0
    n_rel = 0
    n_avail = n_sites
    t_last = 0
}

NET_RECEIVE(weight (1)) {
    LOCAL h, k, p_refill, n_empty, x_pre
    h = t - t_last
    t_last = t
    if (tau_fac > 0) {
        u = U + (1 - U) * u * exp(-h / tau_fac)
    } else {
        u = U
    }
    if (stochastic > 0.5) {
        p_refill = 1 - exp(-h / tau_rec)
        n_empty = n_sites - n_avail
        FROM k = 1 TO n_empty {
            if (random_uniform(rng) < p_refill) {
                n_avail = n_avail + 1
            }
        }
        n_rel = 0
        FROM k = 1 TO n_avail {
            if (random_uniform(rng) < u) {
                n_rel = n_rel + 1
            }
        }
        n_avail = n_avail - n_rel
        x = n_avail / n_sites
        r = n_rel
    } else {
        x_pre = 1 - (1 - x) * exp(-h / tau_rec)
        r = n_sites * u * x_pre
        x = x_pre * (1 - u)
    }
    if (r > 0) {
        if (linked > 0.5) {
            w_out = w_base * r
        }
        net_event(t)
    }
}
