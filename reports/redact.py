"""The redacted analysis record: the same figures, with accounts named only by persona and platform."""

from __future__ import annotations

import dataclasses
from typing import Any

from linkage.evidence.analysis import Analysis
from reports.labels import account_labels, redacted_detail, shared_sides

#: what a redacted output says of an account that could not be read: not why (suspended,
#: deleted, made private say something of the person), which the full report gives
NOT_READ = "not read"


def shared_status(status: Any) -> str:
    """An account's status as a redacted output gives it: ``ok``, its kind when read in part
    (``partial``), or :data:`NOT_READ`."""
    if status.complete:
        return "ok"
    return status.label if status.ok else NOT_READ


def shared_analysis(analysis: Analysis) -> Analysis:
    """``analysis`` with each side named as a redacted output names it (:func:`shared_sides`):
    every redacted output starts from this, so a side's own label reaches none of them."""
    sides = shared_sides(p.persona for p in analysis.profiles)
    if all(shared == persona for persona, shared in sides.items()):
        return analysis
    profiles = [
        dataclasses.replace(p, persona=sides[p.persona]) if p.persona else p
        for p in analysis.profiles
    ]
    return dataclasses.replace(analysis, profiles=profiles)


def redacted_view(analysis: Analysis, redact: bool) -> tuple[Analysis, dict[str, str]]:
    """What an output starts from, and its account labels: redacted, ``analysis`` with its sides
    named as a redacted output names them (:func:`shared_analysis`) and the redacted labels
    ("Personal account A (Mastodon)"), in that order, so that no side's own label reaches the
    labels; else ``analysis`` as it is and the accounts' handles."""
    if redact:
        analysis = shared_analysis(analysis)
    return analysis, account_labels(analysis.profiles, redact=redact)


def write_redacted_json(analysis: Analysis, path: Any) -> None:
    """The redacted analysis (:func:`redacted_dict`) as an owner-only JSON file."""
    import json

    from linkage.record_files import open_private

    with open_private(path) as out:
        json.dump(redacted_dict(analysis), out, ensure_ascii=False, indent=2)


def redacted_dict(analysis: Analysis) -> dict[str, Any]:
    """``analysis.to_dict()`` with every collected string replaced by a neutral label."""
    analysis, labels = redacted_view(analysis, True)
    data = analysis.to_dict()

    def name(pid: str) -> str:
        return labels.get(pid, "an account")

    for account, profile in zip(data["accounts"], analysis.profiles, strict=True):
        account["id"] = name(account["id"])
        if not profile.status.complete:  # a reason may quote collected text, or tell of them
            account["status"] = shared_status(profile.status)
    data["unseen"] = [name(i) for i in data.get("unseen", [])]
    for duplicate in data.get("duplicates", []):
        duplicate["id"] = name(duplicate["id"])
    for link in data["links"]:
        link["a"], link["b"] = name(link["a"]), name(link["b"])
        if "via" in link:
            link["via"] = [name(i) for i in link["via"]]
        for e in link["evidence"]:
            e["detail"] = redacted_detail(e["signal"], e.get("match_weight"))
            e.pop("values", None)
    data["identities"] = [[name(i) for i in group] for group in data["identities"]]
    for exp in data["exposure"]:
        exp["from"], exp["to"] = name(exp["from"]), name(exp["to"])
        exp["chain"] = [name(i) for i in exp["chain"]]
        for step in exp["steps"]:
            step["a"], step["b"] = name(step["a"]), name(step["b"])
    if data.get("remediation"):
        plan = data["remediation"]
        plan["unmeasured"] = [name(i) for i in plan.get("unmeasured", [])]
        for change in plan["changes"]:
            change["account"] = name(change["account"])
            change["value"] = None
            change["explanation"] = None
            if change.get("chain"):
                change["chain"] = [name(i) for i in change["chain"]]
            for other in change.get("together_with", []):
                other["account"], other["value"] = name(other["account"]), None
    return data
