from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Jurisdiction:
    """Paths from a model to the divisions and organisations that give access to it.

    Declared on a model as ``jurisdiction = Jurisdiction(divisions=(...), parties=(...))`` and read by
    `organizations.scoping.visible_to`. Kept apart from scoping.py so models can import it freely.
    The model also declares ``scope_keys = ScopeKeysField()``: the keys these paths give, kept on the
    row (organizations/scope_keys.py) so that scoping is one indexed condition.

    `subject` names a generic foreign key whose object's access the row shares (a document is seen
    by whoever sees its case); `subject_parties_unless(row)` true keeps only the subject's
    supervisory (division) access: internal papers its parties must not see. `internal_divisions`
    narrows that further to the areas of these paths and above: an internal paper goes *up* (a 请示
    to the government), so it is read by the bodies over its issuer, not by every supervisory body
    below it that sees the subject (the 司法所 that filed a dispute sees the dispute, not the
    coordinating body's 请示 about it).
    """

    divisions: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    subject: str = ""
    subject_parties_unless: Callable | None = None
    internal_divisions: tuple[str, ...] = ()
