"""The evidence model: which pairs to compare, how their evidence combines into one
probability per pair, how accounts join into identities, how exposed each persona is to
another, and which few changes would break the chains.

The modules, in the order a run uses them:

* :mod:`~linkage.evidence.weights` — priors and the combination of match weights;
* :mod:`~linkage.evidence.candidates` — which pairs of a large input are scored;
* :mod:`~linkage.evidence.scorer` — the one scorer: every signal on a pair;
* :mod:`~linkage.evidence.learning` — signals that learn from the input's sure pairs;
* :mod:`~linkage.evidence.groups` — an account judged against a person's other accounts;
* :mod:`~linkage.evidence.chains` — evidence through other accounts;
* :mod:`~linkage.evidence.linking` — the whole model, one probability per pair;
* :mod:`~linkage.evidence.exposure` — identities and exposure chains between personas;
* :mod:`~linkage.evidence.changes` — the changes advice can name: cost, effect, wording;
* :mod:`~linkage.evidence.remediation` — the fewest changes that break the chains;
* :mod:`~linkage.evidence.waterfall` — a pair's evidence as a record every view draws;
* :mod:`~linkage.evidence.analysis` — the analysis record the reports read.

Nothing here reaches the network.
"""
