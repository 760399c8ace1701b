"""Storage that does not answer (object storage down, a lost mount): every operation that
would reach it fails; only building a URL, which needs no answer, works."""

from django.core.files.storage import FileSystemStorage


class Unreachable(FileSystemStorage):
    def _refuse(self, *args, **kwargs):
        raise OSError("Connection refused: the storage does not answer")

    _save = _open = exists = delete = size = listdir = _refuse


class RefusesWrites(FileSystemStorage):
    """Answers a look, then refuses the file itself (it fails between the two)."""

    def _save(self, name, content):
        raise OSError("Connection reset by peer: the upload did not complete")
