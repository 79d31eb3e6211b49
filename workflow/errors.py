"""Domain errors raised by the workflow services.

Views turn them into a message for the user; the API's exception handler turns them
into the status codes of api.md (403 for a move the user may never make, 409 for a move
the object's current state no longer allows). Bad input is Django's ValidationError (400).
"""


class WorkflowError(Exception):
    status_code = 400
    code = "workflow_error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ActionNotPermitted(WorkflowError):
    """The user's role or organisation may not take this action on this object."""

    status_code = 403
    code = "not_permitted"


class InvalidState(WorkflowError):
    """The object is no longer in a state that allows the action (someone moved it first)."""

    status_code = 409
    code = "invalid_state"
