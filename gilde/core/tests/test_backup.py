"""`manage.py backup` writes a snapshot that `manage.py restore` puts back, on both databases."""

import pytest
from django.core.management import CommandError, call_command

from gilde.accounts.models import User
from gilde.core.testing import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_then_change_then_restore_gives_the_snapshot_back(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "photos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "photos" / "anke.jpg").write_bytes(b"\xff\xd8\xffphoto")
    make_user("Anke Dijkstra", email="anke@example.test")

    call_command("backup", output=str(tmp_path / "backup"))
    snapshots = sorted((tmp_path / "backup").iterdir())
    database = next(p for p in snapshots if p.suffix in (".sqlite3", ".dump"))
    media = next(p for p in snapshots if p.name.startswith("media-"))

    User.objects.filter(email="anke@example.test").update(name="Veranderd")
    make_user("Na de backup", email="later@example.test")
    (settings.MEDIA_ROOT / "photos" / "anke.jpg").unlink()

    call_command("restore", str(database), media=str(media), yes=True)

    assert User.objects.get(email="anke@example.test").name == "Anke Dijkstra"
    assert not User.objects.filter(email="later@example.test").exists()
    assert (settings.MEDIA_ROOT / "photos" / "anke.jpg").read_bytes() == b"\xff\xd8\xffphoto"


def test_an_unwritable_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(CommandError, match="Cannot write to"):
        call_command("backup", output=str(blocker / "backup"))


def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No snapshot"):
        call_command("restore", str(tmp_path / "nothing.sqlite3"), yes=True)
