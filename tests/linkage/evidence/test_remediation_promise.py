"""The remediation's promise checked the contract's way: the plan applied to the records by
the test's own hand, as the contract defines each change, and linked again."""

from __future__ import annotations

import copy

from linkage.evidence.exposure import exposures
from linkage.evidence.linking import link_profiles
from linkage.records import Profile
from linkage.urls import normalise_url


def contract_applied(profile: Profile, field: str, action: str, value: str | None) -> Profile:
    """One change applied as the contract defines it, by this test's own hand (not the
    tool's ``apply_change``): ``remove`` empties the field, or with ``value`` takes out that
    one link or phrase; ``replace`` of a display name shows a new, unrelated one."""
    out = copy.deepcopy(profile)
    if (field, action) == ("display_name", "replace"):  # "a new, unrelated value"
        out.display_name = value or "Kestrel Hollow"  # a name a reader might make up
        return out
    if action != "remove":
        raise AssertionError(f"the demo's plan now has a '{action}' of {field}: apply it here")
    if field == "links" and value is not None:
        key = normalise_url(value)
        out.links = [u for u in out.links if normalise_url(u) != key]
        out.verified_links = [u for u in out.verified_links if normalise_url(u) != key]
    elif field in ("links", "posts"):
        setattr(out, field, [])
    elif value is None:
        setattr(out, field, None)
    else:
        raise AssertionError(f"a phrase removed from {field}: apply it here")
    return out


def test_the_demos_plan_followed_as_written_reaches_its_promise():
    """The plan measured a name emptied and advised "Show a different name on …", whose
    contract meaning is a new, unrelated name: a reader who showed one left a chain of 7.8
    bits where the plan promised 5.5. The change is now advised as what was measured, the
    name removed, and followed as written the plan keeps its promise."""
    from tests.demo_runs import morag

    analysis = morag()
    plan = analysis.remediation.to_dict()
    records = {profile.id: profile for profile in analysis.profiles}
    for change in plan["changes"]:
        account = records[change["account"]]
        records[account.id] = contract_applied(
            account, change["field"], change["action"], change["value"]
        )
    after = list(records.values())
    links = link_profiles(after, prior=analysis.prior, chains=True)
    worst = max(e.bits for e in exposures(after, links, analysis.prior))
    assert worst <= plan["after_bits"] + 1e-6
    assert ("display_name", "remove") in [(c["field"], c["action"]) for c in plan["changes"]]
