"""Association policy: the settings an association decides where the guidelines are silent.

Neither document says how long a rating counts, how many "not enough information" answers void
it, the exam's pass mark or how long to wait before a retake. Those values are the association's
policy: data like the rest, but kept apart from what the guidelines state, under each
requirement's ``association_policy`` mapping (in the fixtures they are written once, at the top
of ``rules.yaml``). Readers of the rules get them merged into the requirement's settings, so the
engine and the pages read ``params["max_age_days"]`` as before; the guideline pages describe them
separately, under "Association policy".
"""

POLICY = "association_policy"

# The settings that are association policy wherever they appear, per (stage, requirement).
POLICY_KEYS = {
    ("application", "references"): ("max_not_enough_information", "max_age_days"),
    ("application", "exam"): ("pass_mark_percent", "retake_wait_days"),
}


def policy_of(stage, key, params):
    """The requirement's association policy values, wherever in its settings they are written."""
    params = params or {}
    values = {name: params[name] for name in POLICY_KEYS.get((stage, key), ()) if name in params}
    values.update(params.get(POLICY) or {})
    return values


def merged(params):
    """The requirement's settings with its association policy values merged in (as the engine reads them)."""
    params = params or {}
    if not params.get(POLICY):
        return params
    return {**{name: value for name, value in params.items() if name != POLICY}, **params[POLICY]}


def guideline_params(stage, key, params):
    """The requirement's settings without any association policy value: what the guidelines state."""
    params = params or {}
    policy = set(POLICY_KEYS.get((stage, key), ())) | {POLICY}
    return {name: value for name, value in params.items() if name not in policy}


def separated(stage, key, params):
    """The requirement's settings with its association policy values moved under `association_policy`."""
    policy = policy_of(stage, key, params)
    rest = guideline_params(stage, key, params)
    return {**rest, POLICY: policy} if policy else rest


def merged_stages(rules):
    """A rules dict (as `evaluate` takes it) with every requirement's policy merged in."""
    for stage in ("application", "renewal"):
        if isinstance(rules.get(stage), dict):
            rules[stage] = {key: merged(params) for key, params in rules[stage].items()}
    return rules
