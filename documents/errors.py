"""Errors of the rendering pipeline, shared by rendering, storage, services and the task."""


class TransientRenderError(Exception):
    """A failure worth retrying with backoff (disk, a subprocess, a lost connection)."""
