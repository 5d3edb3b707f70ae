"""The documentation stays true: every setting is documented, and the repository stands alone."""

import re

from django.conf import settings

ENV_READ = re.compile(
    r"""(?:env\w*|secret|environ\.get|environ\[)\(?\s*["']([A-Z][A-Z0-9_]{2,})["']"""
)


def test_every_environment_variable_the_settings_read_is_in_the_deploy_guide():
    source = (settings.BASE_DIR / "gilde" / "settings.py").read_text()
    names = set(ENV_READ.findall(source))
    assert {"SECRET_KEY", "TASK_BACKEND", "REDIS_URL", "DEFAULT_FROM_EMAIL"} <= names
    guide = (settings.BASE_DIR / "docs" / "deploy.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in guide)
    assert not missing, f"docs/deploy.md does not describe: {missing}"


def test_readme_and_docs_do_not_send_readers_outside_the_repository():
    files = [settings.BASE_DIR / "README.md", *(settings.BASE_DIR / "docs").glob("*.md")]
    outside = [
        f.name for f in files if "../shared" in f.read_text() or "DESIGN.md" in f.read_text()
    ]
    assert not outside, f"These point outside the repository: {outside}"
