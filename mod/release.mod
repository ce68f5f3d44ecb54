TITLE release: binomial quantal release with per-synapse Random123 streams

COMMENT
Quantal transmitter release (del Castillo & Katz 1954, J Physiol 124:560), placed in front of any
receptor point process of the package.

Model
-----
A presynaptic event (NetCon into this point process; its weight is ignored) gives each of
n_sites independent release sites one Bernoulli trial with probability Pr:

    n_rel = sum_{k=1..n_sites} [u_k < Pr],   u_k ~ U(0,1) from this instance's stream
    w_rel   = n_rel * q                              (uS, the summed quantal weight)

so n_rel ~ Binomial(n_sites, Pr), mean amplitude n_sites*Pr*q (the chapter's <I> = N Pr q) and
variance n_sites*Pr*(1-Pr)*q^2. Each released vesicle is forwarded as one event: net_event(t) is
called n_rel times, and every NetCon whose source is this point process delivers each event to
its target. With the forwarding NetCon weight equal to q (ei_models.neuron.forward does that),
a receptor (nmda, ampa, ...) receives n_rel events of weight q: a response n_rel*q. The
receptors stay unchanged; the eaat cleft point process takes the same events as vesicles
(weight 1 = one vesicle's glutamate).

Temperature: nothing to scale (no rate or time constant here; Pr is temperature-independent
as Kushmerick, Renden & von Gersdorff 2006, J Neurosci 26:1366, measured between 22-24 and
35-37 C at the calyx of Held), so release reads no celsius.

Randomness
----------
Each instance owns a Random123 stream (NMODL RANDOM, NEURON >= 9) with ids (seed, stream, 0),
reset to sequence 0 in INITIAL: the same (seed, stream) gives the same draws in every run,
independently of the number of threads or MPI ranks and of the order in which instances are
created. Give every synapse its own stream (the Python layer numbers them).

The ids are copied from the seed and stream parameters into the stream by the Python layer at
every finitialize, before the INITIAL blocks run (an FInitializeHandler that ei_models.loader.load
installs; it calls rng.set_ids(seed, stream, 0), the RANDOM variable's Python API). They are not
set here with random_setids: CoreNEURON cannot translate it (its Random123 streams have no setids)
and receives the ids with the rest of the model instead. INITIAL only rewinds the stream.

Pr is an ordinary RANGE parameter that may be changed during a run (e.g. by a presynaptic
GABA_B inhibition model). The defaults (N = 5, Pr = 0.3, q = 0.5 nS) are illustrative values in
the ranges of Dobrunz & Stevens 1997 (Neuron 18:995) and Jonas, Major & Sakmann 1993 (J Physiol
472:615).

Parameter defaults, units and bounds are those of ei_models/mechanisms/release.py, the single
source of truth; tests/test_parameter_tables.py checks this file against it.
ENDCOMMENT

NEURON {
    THREADSAFE
    POINT_PROCESS eim_release
    RANGE n_sites, Pr, q, seed, stream
    RANGE n_rel, w_rel
    RANDOM rng
}

UNITS {
    (uS) = (microsiemens)
}

PARAMETER {
    n_sites = 5 (1) <1, 1000>            : number of independent release sites N
    Pr = 0.3 (1) <0, 1>                  : release probability per site and spike
    q = 0.0005 (uS) <0, 1e9>             : quantal size (weight forwarded per vesicle)
    seed = 1 (1) <0, 4294967295>         : Random123 id 1
    stream = 0 (1) <0, 4294967295>       : Random123 id 2, one per synapse
}

ASSIGNED {
    n_rel (1)     : vesicles released by the last presynaptic event
    w_rel (uS)      : n_rel * q
}

INITIAL {
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    VERBATIM
#ifndef CORENEURON_BUILD
#define EI_GUARD(ok, ...) if (!(ok)) { char _ei_msg[512]; snprintf(_ei_msg, sizeof _ei_msg, __VA_ARGS__); hoc_execerror(_ei_msg, (char*) 0); }
    EI_GUARD(n_sites >= 1.0 && n_sites <= 1000.0, "ei_models release: n_sites = %g is outside its range [1, 1000]; set it within the range (ei_models.neuron.insert('release', ...) checks values before NEURON sees them)", n_sites)
    EI_GUARD(Pr >= 0.0 && Pr <= 1.0, "ei_models release: Pr = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('release', ...) checks values before NEURON sees them)", Pr)
    EI_GUARD(q >= 0.0 && q - q == 0, "ei_models release: q = %g uS is outside its range [0, inf) uS; set it within the range (ei_models.neuron.insert('release', ...) checks values before NEURON sees them)", q)
    EI_GUARD(seed >= 0.0 && seed <= 4294967295.0, "ei_models release: seed = %g is outside its range [0, 4294967295]; set it within the range (ei_models.neuron.insert('release', ...) checks values before NEURON sees them)", seed)
    EI_GUARD(stream >= 0.0 && stream <= 4294967295.0, "ei_models release: stream = %g is outside its range [0, 4294967295]; set it within the range (ei_models.neuron.insert('release', ...) checks values before NEURON sees them)", stream)
    EI_GUARD(n_sites == floor(n_sites), "ei_models release: n_sites = %g must be a whole number; change them (ei_models.neuron.insert('release', ...) checks values before NEURON sees them)", n_sites)
    EI_GUARD(seed == floor(seed), "ei_models release: seed = %g must be a whole number; change them (ei_models.neuron.insert('release', ...) checks values before NEURON sees them)", seed)
    EI_GUARD(stream == floor(stream), "ei_models release: stream = %g must be a whole number; change them (ei_models.neuron.insert('release', ...) checks values before NEURON sees them)", stream)
#undef EI_GUARD
#endif
    ENDVERBATIM
    : <<< generated guard
    : ids (seed, stream, 0) were set just before, see Randomness above
    random_setseq(rng, 0)
    n_rel = 0
    w_rel = 0
}

NET_RECEIVE(weight (1)) {
    LOCAL k
    n_rel = 0
    FROM k = 1 TO n_sites {
        if (random_uniform(rng) < Pr) {
            n_rel = n_rel + 1
        }
    }
    w_rel = n_rel * q
    FROM k = 1 TO n_rel {
        net_event(t)
    }
}
