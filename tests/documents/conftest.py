import pytest


@pytest.fixture(autouse=True)
def document_media(settings, tmp_path, monkeypatch):
    """Each test stores its PDFs in its own directory (also for a real worker: via the environment)."""
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    monkeypatch.setenv("MEDIA_ROOT", str(media))
    return media


@pytest.fixture
def issued(world, django_capture_on_commit_callbacks):
    """Issue a document and run its rendering task (eagerly, as the worker would after commit)."""
    from .factories import issue

    def make(kind="supervision_notice", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            document = issue(world, kind, **kwargs)
        document.refresh_from_db()
        return document

    return make
