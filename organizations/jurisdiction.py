from dataclasses import dataclass


@dataclass(frozen=True)
class Jurisdiction:
    """Paths from a model to the divisions and organisations that give access to it.

    Declared on a model as ``jurisdiction = Jurisdiction(divisions=(...), parties=(...))`` and read by
    `organizations.scoping.visible_to`. Kept apart from scoping.py so models can import it freely.
    """

    divisions: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
