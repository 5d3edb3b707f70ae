from django.db import migrations


def open_accounts(apps, schema_editor):
    """Every active member and coordinator gets the account new memberships get."""
    Membership = apps.get_model("networks", "Membership")
    Account = apps.get_model("exchange", "Account")
    have = set(Account.objects.values_list("membership_id", flat=True))
    Account.objects.bulk_create(
        Account(network_id=m.network_id, membership_id=m.pk, kind="member")
        for m in Membership.objects.filter(status="active", role__in=["member", "coordinator"])
        if m.pk not in have
    )


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]

    operations = [migrations.RunPython(open_accounts, migrations.RunPython.noop)]
